// sync.Once does not order a reader that skips the Do: stats reads the
// table directly while another goroutine may be filling it inside the Do.
//
// want shared "corpus/src/onceskip.table"
// verified: go run -race reports DATA RACE (write in fill, read in stats)
package main

import (
	"fmt"
	"sync"
)

var (
	once  sync.Once
	table = map[int]int{}
)

func fill() {
	for i := range 100 {
		table[i] = i * i
	}
}

func square(i int) int {
	once.Do(fill)
	return table[i]
}

func stats() int {
	n := 0
	for _, v := range table {
		n += v
	}
	return n
}

func main() {
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() { _ = square(i) })
	}
	wg.Go(func() { fmt.Println(stats()) })
	wg.Wait()
}
