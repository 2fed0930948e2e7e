// Printing through a wrapper of fmt reads the map: debugf passes its
// arguments on to log.Printf, so a reporter goroutine that calls
// debugf("%v", s) reads s.counts while a worker writes it, and one that
// calls note(totals) reads totals.
//
// want shared "corpus/src/printwrapper.stats.counts"
// want shared "corpus/src/printwrapper.totals"
// verified: go run -race reports DATA RACE (write of counts against the
// read in log.Printf; write of totals against the read in fmt.Fprintln)
package main

import (
	"fmt"
	"io"
	"log"
	"sync"
)

type stats struct {
	name   string
	counts map[string]int
}

// discard drops what it is given; unlike io.Discard, log does not see
// that it drops everything, so it still formats.
type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

var logger = log.New(discard{}, "", 0)

func debugf(format string, args ...any) { logger.Printf(format, args...) }

func note(args ...any) { fmt.Fprintln(io.Discard, args...) }

var totals = map[string]int{}

func main() {
	s := &stats{name: "words", counts: map[string]int{}}
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := range 200 {
			s.counts[fmt.Sprint(i%7)]++
			totals[fmt.Sprint(i%3)] += i
		}
	})
	wg.Go(func() {
		for range 20 {
			debugf("stats %v", s)
			note(totals)
		}
	})
	wg.Wait()
}
