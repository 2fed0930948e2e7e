// A store printed twice in one call while a goroutine writes its map: each
// argument reads the map, through fmt's reflection, with no lock. (The
// case also keeps the evidence order stable: the two printed arguments
// are taken in order.)
//
// want shared "corpus/src/print_twoargs_racy.store.m"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"sync"
)

type store struct {
	m map[string]int
}

func main() {
	s := &store{m: map[string]int{}}
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := range 20000 {
			s.m[fmt.Sprint(i%10)]++
		}
	})
	for range 2000 {
		_ = fmt.Sprintf("%v %v", s, *s)
	}
	wg.Wait()
}
