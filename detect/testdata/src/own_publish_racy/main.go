// The price tables of own_publish, but written after publishing: the
// builder sends each batch to the workers and then keeps a batch's prices
// up to date while they read them, and keeps changing the discounts the
// running workers read.
//
// want shared "corpus/src/own_publish_racy.batch.prices"
// want shared "corpus/src/own_publish_racy.main.discounts"
// known miss "corpus/src/own_publish_racy.batch.prices" "the write after publication is in a function the receiving goroutines do not reach from what they hold, so the pair is possible"
// verified: go run -race reports DATA RACE (on both maps)
package main

import (
	"fmt"
	"sync"
)

type batch struct {
	id     int
	prices map[string]int
	items  []string
}

func loadBatch(id int) *batch {
	b := &batch{id: id, prices: map[string]int{}}
	for i := range 20 {
		sku := fmt.Sprint("sku", i)
		b.prices[sku] = 100 + i*id
		b.items = append(b.items, sku)
	}
	return b
}

func main() {
	discounts := map[string]int{}
	for i := range 20 {
		discounts[fmt.Sprint("sku", i)] = i % 3
	}
	batches := make(chan *batch)
	totals := make([]int, 3)
	var wg sync.WaitGroup
	for w := range 3 {
		wg.Go(func() {
			for b := range batches {
				for _, sku := range b.items {
					totals[w] += b.prices[sku] - discounts[sku]
				}
			}
		})
	}
	for id := range 300 {
		b := loadBatch(id)
		batches <- b
		b.prices["sku0"]++ // written after the send
		discounts[fmt.Sprint("sku", id%20)] = id % 4
	}
	close(batches)
	wg.Wait()
	fmt.Println(totals[0]+totals[1]+totals[2] > 0)
}
