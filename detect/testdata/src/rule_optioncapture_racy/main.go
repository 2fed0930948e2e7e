// The asynchronous call of rule_optioncapture, but the goroutine clones
// the headers only when it adds a token: calls without one set their part
// on the caller's map, all at once.
//
// want shared "corpus/src/rule_optioncapture_racy.Options.headers"
// verified: go run -race reports DATA RACE (10 of 10 runs)
package main

import (
	"fmt"
	"maps"
	"strconv"
)

// Options are the headers of one call.
type Options struct {
	token   string
	headers map[string]string
}

// Set adds a header.
func (o *Options) Set(k, v string) {
	if o.headers == nil {
		o.headers = map[string]string{}
	}
	o.headers[k] = v
}

func render(o Options) int {
	n := 0
	for k, v := range o.headers {
		n += len(k) + len(v)
	}
	return n
}

// Fetch runs one call on its own goroutine.
func Fetch(part int, opts Options) <-chan int {
	done := make(chan int, 1)
	go func() {
		if opts.token != "" {
			opts.headers = maps.Clone(opts.headers)
			opts.Set("Authorization", "Bearer "+opts.token)
		}
		opts.Set("Part", strconv.Itoa(part))
		done <- render(opts)
	}()
	return done
}

func main() {
	var opts Options
	opts.Set("Accept", "*/*")
	var results []<-chan int
	for i := range 32 {
		results = append(results, Fetch(i, opts))
	}
	total := 0
	for _, r := range results {
		total += <-r
	}
	fmt.Println(total > 0, render(opts))
}
