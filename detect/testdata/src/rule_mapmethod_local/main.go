// The twin of rule_mapmethod_local_racy: every method call holds main's
// mutex, and the last sweep comes after wg.Wait.
//
// want none
// verified: go run -race reports no race
package main

import (
	"fmt"
	"sync"
)

// Leases maps a lease to the tick it expires at.
type Leases map[string]int

// Grant gives name a lease until the tick.
func (l Leases) Grant(name string, until int) { l[name] = until }

// Sweep drops the leases expired at now.
func (l Leases) Sweep(now int) {
	for name, until := range l {
		if until <= now {
			delete(l, name)
		}
	}
}

func main() {
	var mu sync.Mutex
	leases := make(Leases)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for tick := range 100 {
			mu.Lock()
			leases.Sweep(tick)
			mu.Unlock()
		}
	}()
	for i := range 200 {
		mu.Lock()
		leases.Grant(fmt.Sprint("lease-", i), 50+i%3*1000)
		mu.Unlock()
	}
	wg.Wait()
	leases.Sweep(100)
	fmt.Println(len(leases))
}
