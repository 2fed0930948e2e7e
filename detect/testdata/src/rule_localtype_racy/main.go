// The health checker of rule_localtype, but one probe value is made
// before the loop and every goroutine records its responses in that
// probe's status map: the field of the type declared in main is written
// by all the goroutines at once.
//
// want shared "corpus/src/rule_localtype_racy.main.status"
// verified: go run -race reports DATA RACE (10 of 10 runs)
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
	p := &probe{host: "all", status: map[int]int{}}
	var wg sync.WaitGroup
	for i, h := range hosts {
		wg.Go(func() {
			for j := range 1000 {
				code := 200
				if (j+len(h))%17 == 0 {
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
