// Command notmap races, but never on a map's own memory: once on an int,
// and once on a key that the runtime reads, from inside mapdelete, while
// another goroutine writes it. Neither is a map race.
package main

import "sync"

func race(f, g func()) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		f()
	}()
	g()
	wg.Wait()
}

var key [4]int // big enough that mapdelete takes it by address

func main() {
	n := 0
	race(func() { n++ }, func() { n++ })

	m := map[[4]int]int{}
	race(func() { key = [4]int{1, 2, 3, 4} }, func() { delete(m, key) })
}
