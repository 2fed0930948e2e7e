// A config decoder: parseConfig makes a map, fills it from the text, and
// returns it; main stores it in the config that the workers share, and
// from then on it is only read.
//
// want none
// verified: go run -race reports no race (3 runs)
package main

import (
	"bufio"
	"fmt"
	"strings"
	"sync"
)

const configText = `
# service settings
region = eu-west
timeout = 30s
retries = 3
`

type config struct {
	name   string
	values map[string]string
}

func parseConfig(text string) (map[string]string, error) {
	values := make(map[string]string)
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			return nil, fmt.Errorf("config line %q: no '='", line)
		}
		values[strings.TrimSpace(k)] = strings.TrimSpace(v)
	}
	return values, sc.Err()
}

func (c *config) get(key, def string) string {
	if v, ok := c.values[key]; ok {
		return v
	}
	return def
}

func main() {
	values, err := parseConfig(configText)
	if err != nil {
		panic(err)
	}
	cfg := &config{name: "svc", values: values}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 2000 {
				_ = cfg.get("region", "us") + cfg.get("timeout", "10s")
			}
		})
	}
	wg.Wait()
	fmt.Println(cfg.get("retries", "1"))
}
