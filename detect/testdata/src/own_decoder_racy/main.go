// The config of own_decoder, but overridden after it was published: a
// goroutine applies overrides to the decoded map while the workers read
// it.
//
// want shared "corpus/src/own_decoder_racy.config.values"
// verified: go run -race reports DATA RACE
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

// override changes a setting in place.
func (c *config) override(key, value string) {
	c.values[key] = value
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
	wg.Go(func() {
		for i := range 2000 {
			cfg.override("retries", fmt.Sprint(i%5))
		}
	})
	wg.Wait()
	fmt.Println(cfg.get("retries", "1"))
}
