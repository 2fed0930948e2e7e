// The shard workers of inst_gomethod, but main sums the stats while the
// workers still run: it reads each worker's map as that worker fills it.
//
// want shared "corpus/src/inst_gomethod_racy.shardWorker.stats"
// verified: go run -race reports DATA RACE
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
	total := 0
	for _, w := range workers { // progress, before the Wait
		for _, n := range w.stats {
			total += n
		}
	}
	wg.Wait()
	fmt.Println(total >= 0)
}
