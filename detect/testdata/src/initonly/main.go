// Written only by the package initialiser and init; goroutines read.
//
// want none
// verified: go run -race reports no race
package main

import (
	"fmt"
	"sync"
)

var codes = map[string]int{"ok": 200}

func init() {
	codes["missing"] = 404
	delete(codes, "gone")
}

func main() {
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = codes["ok"]
			for k := range codes {
				_ = k
			}
		}()
	}
	fmt.Println(len(codes))
	wg.Wait()
}
