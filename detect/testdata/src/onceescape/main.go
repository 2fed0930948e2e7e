// A function passed to once.Do that also runs on its own goroutine does
// not hold the Once there: its write races with the one inside the Do.
//
// want shared "corpus/src/onceescape.m"
// verified: go run -race reports DATA RACE (fill under Do and fill alone)
package main

import "sync"

var (
	once sync.Once
	m    = map[int]int{}
)

func fill() { m[1] = 1 }

func main() {
	var wg sync.WaitGroup
	wg.Go(func() { once.Do(fill) })
	wg.Go(fill)
	wg.Wait()
}
