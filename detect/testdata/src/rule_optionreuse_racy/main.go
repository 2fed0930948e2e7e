// The options of rule_optionclone, but the caller keeps using its
// options value after handing it to a request: the request's goroutine
// sets a header on the caller's map (a copy of the struct shares it)
// while the caller prints the headers.
//
// want shared "corpus/src/rule_optionreuse_racy.Options.headers"
// verified: go run -race reports DATA RACE (10 of 10 runs)
package main

import (
	"fmt"
	"maps"
	"sort"
	"strings"
	"sync"
)

// Options holds the headers of one request.
type Options struct {
	Workers int
	headers map[string]string
}

// Set adds a header.
func (o *Options) Set(k, v string) {
	if o.headers == nil {
		o.headers = make(map[string]string)
	}
	o.headers[k] = v
}

// SetRange asks for part of the object.
func (o *Options) SetRange(from, to int) {
	o.Set("Range", fmt.Sprintf("bytes=%d-%d", from, to))
}

// Header renders the headers in a stable order.
func (o Options) Header() string {
	keys := make([]string, 0, len(o.headers))
	for k := range o.headers {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%s=%s;", k, o.headers[k])
	}
	return b.String()
}

func fetchChunk(opts Options, i int) string {
	opts.headers = maps.Clone(opts.headers)
	opts.SetRange(i*10, i*10+9)
	return opts.Header()
}

func fetchParallel(opts Options, etag string) []string {
	opts.headers = maps.Clone(opts.headers)
	opts.Set("If-Match", etag)
	out := make([]string, opts.Workers)
	var wg sync.WaitGroup
	for i := range opts.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = fetchChunk(opts, i)
		}()
	}
	wg.Wait()
	return out
}

// Get starts the request and returns where its result arrives.
func Get(opts Options) <-chan []string {
	res := make(chan []string, 1)
	first := opts.Header()
	go func() {
		if opts.Workers > 1 {
			res <- fetchParallel(opts, "etag-1")
			return
		}
		opts.Set("If-None-Match", first)
		res <- []string{opts.Header()}
	}()
	return res
}

func main() {
	one := Options{Workers: 1}
	one.Set("Auth", "k1")
	a := Get(one)
	for range 100 {
		_ = one.Header()
	}
	fmt.Println(<-a)
}
