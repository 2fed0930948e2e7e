// Each lookup goroutine asks a helper for a map of deadlines; the helper
// makes the map itself and returns it with an error (nil, err on
// failure), and the goroutine hands it to a second helper that reads it.
// Every goroutine works on the map its own call made.
//
// want none
// verified: go run -race reports no race (10 runs)
package main

import (
	"errors"
	"fmt"
)

type client struct{ base int }

// deadlines makes a map of topic -> partition -> deadline, or fails.
func (c *client) deadlines(topics []string) (map[string]map[int]int, error) {
	var out map[string]map[int]int
	for i, t := range topics {
		if t == "" {
			return nil, errors.New("empty topic")
		}
		if out == nil {
			out = make(map[string]map[int]int)
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
	c := &client{base: 100}
	brokers := [][]string{{"a", "b"}, {"c"}, {"d", "e", "f"}}
	results := make(chan string, len(brokers))
	for _, topics := range brokers {
		go c.lookup(topics, results)
	}
	for range brokers {
		fmt.Println(<-results)
	}
}
