// The host counts of lockform_iife with one lock forgotten: the local
// closure record is called without mu, racing with the function literal
// that holds it.
//
// want shared "corpus/src/lockform_iife_racy.main.byHost"
// want suggestion "corpus/src/lockform_iife_racy.main.byHost" "hold mu (Lock) at src/lockform_iife_racy/main.go:20:3, as 2 other accesses do"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"strings"
	"sync"
)

func main() {
	var mu sync.Mutex
	byHost := map[string]int{}
	record := func(host string) {
		byHost[host]++
	}
	logs := []string{"a.example GET /", "b.example GET /x", "a.example POST /y"}
	var wg sync.WaitGroup
	for w := range 3 {
		wg.Go(func() {
			for i := range 2000 {
				host, _, _ := strings.Cut(logs[(w+i)%len(logs)], " ")
				func() {
					mu.Lock()
					defer mu.Unlock()
					if byHost[host] >= 500 {
						delete(byHost, host) // a new window for a busy host
					}
				}()
				record(host) // forgot mu
			}
		})
	}
	wg.Wait()
	fmt.Println(len(byHost) <= 3)
}
