// A batcher hands each batch to a flusher and reuses the map once the
// flusher acknowledges it (or gives up when the context ends).
//
// want none
// verified: go run -race reports no race (5 runs; a second review's case)
package main

import (
	"context"
	"fmt"
	"log"
	"sort"
	"time"
)

type batcher struct {
	cur  map[string]int
	out  chan map[string]int
	ack  chan struct{}
	sent int
}

func (b *batcher) add(ctx context.Context, k string) error {
	b.cur[k]++
	if len(b.cur) < 5 {
		return nil
	}
	b.out <- b.cur
	if err := b.waitAck(ctx); err != nil {
		return err
	}
	clear(b.cur) // the flusher is done with it
	b.sent++
	return nil
}

// waitAck waits for the flusher to acknowledge the batch, logging when it
// is slow.
func (b *batcher) waitAck(ctx context.Context) error {
	slow := time.NewTicker(time.Second)
	defer slow.Stop()
	for {
		select {
		case <-b.ack:
			return nil
		case <-slow.C:
			log.Printf("flusher slow: batch %d not acknowledged", b.sent)
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

type flusher struct {
	totals map[string]int
	ack    chan struct{}
	done   chan struct{}
}

func (f *flusher) run(in <-chan map[string]int) {
	defer close(f.done)
	for batch := range in {
		for k, n := range batch {
			f.totals[k] += n
		}
		f.ack <- struct{}{}
	}
}

func main() {
	ctx := context.Background()
	ch := make(chan map[string]int)
	ack := make(chan struct{})
	f := &flusher{totals: map[string]int{}, ack: ack, done: make(chan struct{})}
	go f.run(ch)
	b := &batcher{cur: map[string]int{}, out: ch, ack: ack}
	for i := range 20000 {
		if err := b.add(ctx, fmt.Sprint("k", i%11)); err != nil {
			panic(err)
		}
	}
	close(ch)
	<-f.done
	keys := make([]string, 0, len(f.totals))
	for k := range f.totals {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Println(len(keys), b.sent)
}
