// Options passed by value to an asynchronous call: the goroutine's
// literal captures the options and clones their headers before it sets
// its own, so every request writes a map of its own while the caller
// goes on using its options.
//
// want none
// verified: go run -race reports no race (10 runs)
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
		opts.headers = maps.Clone(opts.headers)
		if opts.token != "" {
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
