// Per-goroutine shards published into a slice: goroutine i makes its own
// shard with newShard, counts status codes in it, and only then stores it
// in shards[i]; main merges the shards after wg.Wait. The shards' maps
// are one field class, but no shard is used by two goroutines at once.
//
// want none
// verified: go run -race reports no race (3 runs)
package main

import (
	"fmt"
	"sync"
)

type shard struct {
	byCode map[int]int
}

func newShard() *shard { return &shard{byCode: map[int]int{}} }

func main() {
	const n = 4
	codes := []int{200, 200, 404, 500, 200, 301}
	shards := make([]*shard, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			s := newShard()
			for j := range 3000 {
				s.byCode[codes[(i+j)%len(codes)]]++
			}
			shards[i] = s
		})
	}
	wg.Wait()
	total := map[int]int{}
	for _, s := range shards {
		for code, c := range s.byCode {
			total[code] += c
		}
	}
	fmt.Println(total[200])
}
