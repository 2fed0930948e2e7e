// Printing a struct with fmt, or marshalling it with encoding/json, reads
// the maps it holds: a reporter goroutine prints the stats while a worker
// writes its counts, and a handler marshals the report while another
// goroutine fills its totals. Neither print names the map.
//
// want shared "corpus/src/printstruct.stats.counts"
// want shared "corpus/src/printstruct.Report.Totals"
// verified: go run -race reports DATA RACE (write of counts against fmt's
// read in Println; write of Totals against json.Marshal's read)
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"sync"
)

type stats struct {
	name   string
	counts map[string]int
}

// Report is served as JSON.
type Report struct {
	Title  string         `json:"title"`
	Totals map[string]int `json:"totals"`
}

func main() {
	s := &stats{name: "words", counts: map[string]int{}}
	r := Report{Title: "daily", Totals: map[string]int{}}
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := range 200 {
			s.counts[fmt.Sprint(i%7)]++
		}
	})
	wg.Go(func() {
		for range 20 {
			fmt.Fprintln(io.Discard, s)
		}
	})
	wg.Go(func() {
		for i := range 200 {
			r.Totals[fmt.Sprint(i%5)] += i
		}
	})
	wg.Go(func() {
		for range 20 {
			if _, err := json.Marshal(r); err != nil {
				panic(err)
			}
		}
	})
	wg.Wait()
}
