// A health checker declares its probe type inside main, next to the table
// of hosts it checks. Each goroutine of the loop makes its own probe value
// with its own status map, fills it and ranges over it: the field of the
// local type belongs to one goroutine per value.
//
// want none
// verified: go run -race reports no race (5 runs)
package main

import (
	"fmt"
	"sync"
)

func main() {
	type probe struct {
		host   string
		status map[int]int // HTTP status -> responses
	}
	hosts := []string{"api.internal", "db.internal", "cache.internal"}
	failures := make([]int, len(hosts))
	var wg sync.WaitGroup
	for i, h := range hosts {
		wg.Go(func() {
			p := probe{host: h, status: map[int]int{}}
			for j := range 1000 {
				code := 200
				if (j+len(p.host))%17 == 0 {
					code = 503
				}
				p.status[code]++
			}
			for code, n := range p.status {
				if code >= 500 {
					failures[i] += n
				}
			}
		})
	}
	wg.Wait()
	fmt.Println(failures)
}
