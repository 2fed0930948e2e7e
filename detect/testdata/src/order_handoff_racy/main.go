// The pipeline of order_handoff, but the parser keeps a record after
// sending it: it stamps the parse time into the map the enricher now
// owns.
//
// want shared "corpus/src/order_handoff_racy.parse.rec"
// verified: go run -race reports DATA RACE
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
		rec["parsed"] = "now" // written after the hand-off
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
