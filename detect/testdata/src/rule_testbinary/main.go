// A registry's test reads its map without the lock, and this program adds
// to a registry from goroutines under the lock. The two never run in one
// process: the test binary of registry does not link this program.
//
// want none
// verified: go run -race and go test -race ./registry report no race
package main

import (
	"fmt"
	"sync"

	"corpus/src/rule_testbinary/registry"
)

var clusters = registry.New()

func main() {
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() { clusters.Add(fmt.Sprint(i % 2)) })
	}
	wg.Wait()
	fmt.Println("done")
}
