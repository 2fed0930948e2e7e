// Each worker registers its own counts map on a buffered channel when it
// starts and fills it as it goes; main merges the maps only after every
// worker is done.
//
// want none
// verified: go run -race reports no race (5 runs; a second review's case)
package main

import (
	"fmt"
	"strings"
	"sync"
)

func count(words []string, shards chan<- map[string]int, wg *sync.WaitGroup) {
	defer wg.Done()
	counts := make(map[string]int)
	shards <- counts // register the shard; main reads it after wg.Wait
	for _, w := range words {
		counts[strings.ToLower(w)]++
	}
}

func main() {
	text := strings.Repeat("the quick brown fox jumps over the lazy dog The End ", 2000)
	words := strings.Fields(text)
	const workers = 4
	shards := make(chan map[string]int, workers)
	var wg sync.WaitGroup
	per := len(words) / workers
	for i := range workers {
		wg.Add(1)
		go count(words[i*per:(i+1)*per], shards, &wg)
	}
	wg.Wait()
	close(shards)
	total := make(map[string]int)
	for shard := range shards {
		for w, n := range shard {
			total[w] += n
		}
	}
	fmt.Println(len(total), total["the"])
}
