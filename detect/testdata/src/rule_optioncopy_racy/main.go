// The call options of rule_optioncopy with a shallow clone: the copy
// shares the caller's headers, so each call's goroutine sets its attempt
// header on the map the caller goes on changing.
//
// want shared "corpus/src/rule_optioncopy_racy.Options.headers"
// verified: go run -race reports DATA RACE (10 of 10 runs)
package main

import (
	"fmt"
	"strconv"
)

// Options are the headers of one call.
type Options struct {
	retries int
	headers map[string]string
}

// SetHeader sets one header.
func (o *Options) SetHeader(k, v string) { o.headers[k] = v }

func (o Options) clone() Options {
	c := o
	return c
}

func encode(o Options) int {
	n := 0
	for k, v := range o.headers {
		n += len(k) + len(v)
	}
	return n + o.retries
}

// Go runs one call on its own goroutine.
func Go(opts Options) <-chan int {
	opts = opts.clone()
	out := make(chan int, 1)
	go func() {
		n := 0
		for attempt := 0; attempt <= opts.retries; attempt++ {
			opts.SetHeader("attempt", strconv.Itoa(attempt))
			n = encode(opts)
		}
		out <- n
	}()
	return out
}

func main() {
	opts := Options{retries: 2, headers: map[string]string{"agent": "x/1"}}
	var pending []<-chan int
	for i := range 100 {
		opts.SetHeader("id", strconv.Itoa(i))
		pending = append(pending, Go(opts))
	}
	total := 0
	for _, p := range pending {
		total += <-p
	}
	fmt.Println(total > 0)
}
