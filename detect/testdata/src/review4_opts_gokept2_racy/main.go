// The options are cloned, then handed by value to a goroutine (go show(opts,
// ...)), then written: a go statement's argument is not a helper that
// keeps the copy. (Fourth review.)
//
// want shared "corpus/src/review4_opts_gokept2_racy.Options.headers"
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
	for k, v := range o.headers {
		n += len(k) + len(v)
	}
	_ = n
}

func process(opts Options) {
	opts.headers = maps.Clone(opts.headers)
	var wg sync.WaitGroup
	wg.Add(1)
	go show(opts, &wg)
	opts.headers["Range"] = "bytes=0-9"
	wg.Wait()
}

func main() {
	process(Options{Workers: 1, headers: map[string]string{"a": "b"}})
	fmt.Println("done")
}
