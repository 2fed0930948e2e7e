// Prints that do not read a map concurrently with its writer: prints of
// the map and of the struct holding it under the same lock as the writes;
// json.Marshal of a struct whose map field is unexported, which
// encoding/json skips; and fmt of a type with a String method that does
// not touch the map.
//
// want none
// verified: go run -race reports no race
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"sync"
)

// statsMu guards every stats value. It is not a field: fmt would print
// the mutex's state, racing with Lock.
var statsMu sync.Mutex

type stats struct {
	counts map[string]int
}

type report struct {
	Title string `json:"title"`
	cache map[string]int
}

type labels struct {
	name string
	byID map[int]string
}

func (l *labels) String() string { return "labels " + l.name }

func main() {
	s := &stats{counts: map[string]int{}}
	r := &report{Title: "daily", cache: map[string]int{}}
	l := &labels{name: "x", byID: map[int]string{}}
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := range 200 {
			statsMu.Lock()
			s.counts[fmt.Sprint(i%7)]++
			statsMu.Unlock()
			r.cache[fmt.Sprint(i%5)] = i
			l.byID[i] = fmt.Sprint(i)
		}
	})
	wg.Go(func() {
		for range 20 {
			statsMu.Lock()
			fmt.Fprintln(io.Discard, s.counts)
			fmt.Fprintf(io.Discard, "%v\n", s)
			statsMu.Unlock()
			if _, err := json.Marshal(r); err != nil {
				panic(err)
			}
			fmt.Fprintln(io.Discard, l)
		}
	})
	wg.Wait()
}
