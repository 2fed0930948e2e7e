// Limits are loaded, and adjusted from the command line, before run is
// called; run starts the workers, which only read them. The writes are in
// other functions than the go statements, but every call of them comes
// before the call of the function that starts the goroutines.
//
// want none
// verified: go run -race reports no race (3 runs)
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
	wg.Wait()
	return ok[0]
}

func main() {
	loadDefaults()
	applyFlags(os.Args[1:])
	fmt.Println(run(4))
}
