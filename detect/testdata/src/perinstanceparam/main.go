// The map of a value made in main is handed to a function that writes it
// on a goroutine, while main writes it too: passing it on is an escape,
// so the field is not per instance.
//
// want shared "corpus/src/perinstanceparam.T.m"
// verified: go run -race reports DATA RACE (the goroutine in fill and main)
package main

import "sync"

type T struct{ m map[int]int }

func fill(wg *sync.WaitGroup, m map[int]int) {
	wg.Go(func() { m[1] = 1 })
}

func main() {
	var wg sync.WaitGroup
	x := &T{}
	x.m = make(map[int]int)
	fill(&wg, x.m)
	x.m[2] = 2
	wg.Wait()
}
