// One goroutine only.
//
// want none
// verified: go run -race reports no race
package main

import "fmt"

var cache = map[string]int{}

func get(k string) int {
	if v, ok := cache[k]; ok {
		return v
	}
	cache[k] = len(k)
	return cache[k]
}

func main() {
	for _, k := range []string{"a", "bb", "a"} {
		fmt.Println(get(k))
	}
	delete(cache, "a")
	clear(cache)
}
