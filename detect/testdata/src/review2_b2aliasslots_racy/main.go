// Jobs are processed one goroutine per job; each goroutine is handed the
// state of its job's tenant, looked up once before the fan-out. Two jobs
// of one tenant get the same *tenantState in their slots, so their
// goroutines write one map at once.
//
// want shared "corpus/src/review2_b2aliasslots_racy.tenantState.usage"
// known miss "corpus/src/review2_b2aliasslots_racy.tenantState.usage" "found only at possible confidence: distinct elements of a slice of pointers that point at one value; a distinct element is not shown to hold the same map"
// verified: go run -race reports DATA RACE (a second review's case)
package main

import (
	"fmt"
	"sync"
)

type job struct {
	tenant string
	key    string
}

type tenantState struct {
	name  string
	usage map[string]int
}

func main() {
	byTenant := map[string]*tenantState{
		"acme":   {name: "acme", usage: map[string]int{}},
		"globex": {name: "globex", usage: map[string]int{}},
	}
	var jobs []job
	for i := range 8 {
		t := "acme"
		if i%3 == 0 {
			t = "globex"
		}
		jobs = append(jobs, job{tenant: t, key: fmt.Sprint("obj", i)})
	}
	states := make([]*tenantState, len(jobs))
	for i, j := range jobs {
		states[i] = byTenant[j.tenant]
	}
	var wg sync.WaitGroup
	for i := range jobs {
		wg.Add(1)
		go func(st *tenantState, j job) {
			defer wg.Done()
			for n := range 1000 {
				st.usage[fmt.Sprint(j.key, "/", n%len(states))]++
			}
		}(states[i], jobs[i])
	}
	wg.Wait()
	for _, st := range byTenant {
		fmt.Println(st.name, len(st.usage))
	}
}
