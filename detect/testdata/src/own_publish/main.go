// Price tables published by their builder: loadBatch makes a batch's price
// map and fills it before the batch is sent to the pricing workers; the
// discount map is filled before the closures that read it are started.
// Nobody writes either map after publishing it.
//
// want none
// verified: go run -race reports no race (3 runs)
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
	}
	close(batches)
	wg.Wait()
	fmt.Println(totals[0]+totals[1]+totals[2] > 0)
}
