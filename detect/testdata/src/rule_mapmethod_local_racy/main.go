// A named map type's methods on a local map: the janitor goroutine sweeps
// through the receiver while main grants, with no lock. The accesses are
// all in the methods, reached through their receiver.
//
// want shared "corpus/src/rule_mapmethod_local_racy.main.leases"
// verified: go run -race reports DATA RACE
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
	leases := make(Leases)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for tick := range 100 {
			leases.Sweep(tick)
		}
	}()
	for i := range 200 {
		leases.Grant(fmt.Sprint("lease-", i), 50+i%3*1000)
	}
	wg.Wait()
	fmt.Println(len(leases) > 0)
}
