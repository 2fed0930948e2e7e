// A three-stage pipeline that hands each record's field map from stage to
// stage over channels: the parser fills it, the enricher adds to it, the
// writer reads it, and each stage lets go of a map when it sends it on.
//
// want none
// verified: go run -race reports no race (3 runs)
package main

import (
	"fmt"
	"strings"
	"sync"
)

func parse(lines []string, out chan<- map[string]string) {
	for _, line := range lines {
		rec := map[string]string{}
		for _, kv := range strings.Fields(line) {
			k, v, _ := strings.Cut(kv, "=")
			rec[k] = v
		}
		out <- rec
	}
	close(out)
}

func enrich(in <-chan map[string]string, out chan<- map[string]string) {
	for rec := range in {
		rec["region"] = "eu"
		if rec["user"] == "" {
			rec["user"] = "anonymous"
		}
		out <- rec
	}
	close(out)
}

func main() {
	var lines []string
	for i := range 500 {
		lines = append(lines, fmt.Sprintf("id=%d user=u%d path=/x", i, i%3))
	}
	parsed := make(chan map[string]string)
	enriched := make(chan map[string]string)
	var wg sync.WaitGroup
	wg.Go(func() { parse(lines, parsed) })
	wg.Go(func() { enrich(parsed, enriched) })
	n := 0
	for rec := range enriched {
		n += len(rec["region"])
	}
	wg.Wait()
	fmt.Println(n)
}
