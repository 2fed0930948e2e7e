// The lookups of rule_freshtuple, but the helper keeps the map it made in
// the client to reuse it and returns that one on later calls: the lookup
// goroutines write and read one map.
//
// want shared "corpus/src/rule_freshtuple_racy.client.last"
// verified: go run -race reports DATA RACE
package main

import (
	"errors"
	"fmt"
)

type client struct {
	base int
	last map[string]map[int]int
}

// deadlines fills the client's map of topic -> partition -> deadline, or
// fails.
func (c *client) deadlines(topics []string) (map[string]map[int]int, error) {
	out := c.last
	for i, t := range topics {
		if t == "" {
			return nil, errors.New("empty topic")
		}
		if out[t] == nil {
			out[t] = make(map[int]int)
		}
		out[t][i] = c.base + i
	}
	return out, nil
}

// request builds a request line from the deadlines.
func (c *client) request(topics []string, deadlines map[string]map[int]int) string {
	s := ""
	for i, t := range topics {
		s += fmt.Sprint(t, deadlines[t][i], ";")
	}
	return s
}

// lookup runs on a goroutine of its own for each broker.
func (c *client) lookup(topics []string, results chan<- string) {
	deadlines, err := c.deadlines(topics)
	if err != nil {
		results <- err.Error()
		return
	}
	results <- c.request(topics, deadlines)
}

func main() {
	c := &client{base: 100, last: make(map[string]map[int]int)}
	brokers := [][]string{{"a", "b"}, {"c"}, {"d", "e", "f"}}
	results := make(chan string, len(brokers))
	for _, topics := range brokers {
		go c.lookup(topics, results)
	}
	for range brokers {
		fmt.Println(<-results)
	}
}
