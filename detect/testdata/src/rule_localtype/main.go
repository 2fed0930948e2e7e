// A health checker declares its probe type inside main, next to the table
// of hosts it checks. Each iteration of the loop makes its own probe
// value, with its own status map, and starts a goroutine that fills and
// ranges over it: the field of the local type belongs to one goroutine
// per value.
//
// want none
// verified: go run -race reports no race (15 runs)
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
		p := &probe{host: h, status: map[int]int{}}
		wg.Go(func() {
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
