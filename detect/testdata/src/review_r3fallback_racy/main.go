// Request options are values; WithHeader copies the header map before it
// adds to it. A zero Options falls back to the package defaults -- and the
// write then lands in the shared default map.
//
// want shared "corpus/src/review_r3fallback_racy.defaultHeaders"
// verified: go run -race reports DATA RACE (a review case)
package main

import (
	"fmt"
	"maps"
	"sync"
)

var defaultHeaders = map[string]string{"User-Agent": "mapfix-demo/1"}

type Options struct {
	Headers map[string]string
}

func (o Options) WithHeader(k, v string) Options {
	o.Headers = maps.Clone(o.Headers)
	if o.Headers == nil {
		o.Headers = defaultHeaders
	}
	o.Headers[k] = v
	return o
}

func main() {
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 500 {
				_ = Options{}.WithHeader(fmt.Sprint("X-Req-", i), fmt.Sprint(j))
			}
		}()
	}
	wg.Wait()
	fmt.Println(len(defaultHeaders))
}
