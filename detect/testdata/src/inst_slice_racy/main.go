// The shards of inst_slice, but made once, before the goroutines: every
// goroutine counts in shards[0]'s map, which they all share.
//
// want shared "corpus/src/inst_slice_racy.shard.byCode"
// known miss "corpus/src/inst_slice_racy.shard.byCode" "an element picked by a per-iteration index is taken as each goroutine's own, even when two indexes meet"
// verified: go run -race reports DATA RACE
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
	shards[0] = newShard()
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			s := shards[0]
			for j := range 3000 {
				s.byCode[codes[(i+j)%len(codes)]]++
			}
		})
	}
	wg.Wait()
	total := map[int]int{}
	for _, s := range shards[:1] {
		for code, c := range s.byCode {
			total[code] += c
		}
	}
	fmt.Println(total[200])
}
