// The limits of order_beforecall, but run also lets a goroutine raise a
// limit while the workers read them: that write is in a goroutine that
// run starts, not before run is called.
//
// want shared "corpus/src/order_beforecall_racy.limits"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"os"
	"sync"
)

var limits = map[string]int{}

func loadDefaults() {
	limits["upload"] = 10 << 20
	limits["requests"] = 100
}

func applyFlags(args []string) {
	for _, a := range args {
		limits[a] *= 2
	}
}

func allowed(kind string, n int) bool {
	return n <= limits[kind]
}

func run(workers int) int {
	var wg sync.WaitGroup
	ok := make([]int, workers)
	for w := range workers {
		wg.Go(func() {
			for i := range 2000 {
				if allowed("requests", i%150) {
					ok[w]++
				}
			}
		})
	}
	wg.Go(func() {
		for i := range 2000 {
			limits["requests"] = 100 + i%10
		}
	})
	wg.Wait()
	return ok[0]
}

func main() {
	loadDefaults()
	applyFlags(os.Args[1:])
	fmt.Println(run(4))
}
