// Copy-on-write maps written after they are published: register adds to
// the map it loads from the atomic instead of to a copy, and reset goes on
// writing the fresh map it has just stored, while lookups read the
// published map straight from the atomic on other goroutines. register
// and reset run on one goroutine each, in two phases, so their writes
// conflict only with those reads. The findings are on the classes
// written (register's m, reset's fresh); the reads have no class.
//
// want shared "corpus/src/cowwrite.register.m"
// want shared "corpus/src/cowwrite.reset.fresh"
// verified: go run -race reports DATA RACE: the write in register (line
// 26) against the read in lookup (line 36) in every run, and the write
// after the Store in reset (line 32) against it in two runs of three
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

var current atomic.Pointer[map[string]int]

func register(name string, port int) {
	m := *current.Load()
	m[name] = port
}

func reset() {
	fresh := map[string]int{"default": 0}
	current.Store(&fresh)
	fresh["reset"] = 1
}

func lookup(name string) int {
	return (*current.Load())[name]
}

// readers starts four goroutines that look names up.
func readers(wg *sync.WaitGroup) {
	for i := range 4 {
		wg.Go(func() {
			for j := range 100 {
				_ = lookup(fmt.Sprint(i, j))
			}
		})
	}
}

func main() {
	m := map[string]int{}
	current.Store(&m)
	// Two phases, each a writer and four readers: register's writes, then
	// reset's.
	var wg sync.WaitGroup
	wg.Go(func() {
		for j := range 100 {
			register(fmt.Sprint(j), j)
		}
	})
	readers(&wg)
	wg.Wait()
	wg.Go(func() {
		for range 100 {
			reset()
		}
	})
	readers(&wg)
	wg.Wait()
	fmt.Println(len(*current.Load()))
}
