// The options are cloned, then handed by value to a goroutine, then written
// in a loop: the goroutine ranges over the clone the loop writes. (Fourth
// review: the window of a copy's own map must start at the clone, not at
// the loop.)
//
// want shared "corpus/src/review4_opts_gokept_racy.Options.headers"
// verified: go run -race reports DATA RACE (5 of 5 runs, by the reviewer; 3 of 3 here)
package main

import (
	"fmt"
	"maps"
	"sync"
)

type Options struct {
	Workers int
	headers map[string]string
}

func show(o Options, wg *sync.WaitGroup) {
	defer wg.Done()
	n := 0
	for range 200 {
		for k := range o.headers {
			n += len(k)
		}
	}
	_ = n
}

func process(opts Options) {
	opts.headers = maps.Clone(opts.headers)
	var wg sync.WaitGroup
	wg.Add(1)
	go show(opts, &wg)
	for i := range 500 {
		opts.headers[fmt.Sprint("k", i%20)] = "v"
	}
	wg.Wait()
}

func main() {
	process(Options{Workers: 1, headers: map[string]string{"a": "b"}})
	fmt.Println("done")
}
