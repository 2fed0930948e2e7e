// One field class, many instances, each run by go w.run(): every loop
// iteration makes a new shard worker and starts its run method, which
// fills the worker's own stats map; main reads the maps only after
// wg.Wait.
//
// want none
// verified: go run -race reports no race (3 runs)
package main

import (
	"fmt"
	"sync"
)

type shardWorker struct {
	id    int
	stats map[string]int
}

func newShardWorker(id int) *shardWorker {
	return &shardWorker{id: id, stats: make(map[string]int)}
}

func (w *shardWorker) run(keys []string, wg *sync.WaitGroup) {
	defer wg.Done()
	for i, k := range keys {
		if i%4 == w.id {
			w.stats[k]++
		}
	}
}

func main() {
	var keys []string
	for i := range 4000 {
		keys = append(keys, fmt.Sprint("k", i%37))
	}
	var workers []*shardWorker
	var wg sync.WaitGroup
	for id := range 4 {
		w := newShardWorker(id)
		workers = append(workers, w)
		wg.Add(1)
		go w.run(keys, &wg)
	}
	wg.Wait()
	total := 0
	for _, w := range workers {
		for _, n := range w.stats {
			total += n
		}
	}
	fmt.Println(total)
}
