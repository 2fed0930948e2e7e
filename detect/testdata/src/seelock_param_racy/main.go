// The inventory of seelock_param with one lock forgotten: the supplier
// calls restock without inv.mu, so the helper that takes the inventory as
// a parameter runs unlocked there and races with Order and Return.
//
// want shared "corpus/src/seelock_param_racy.inventory.stock"
// want suggestion "corpus/src/seelock_param_racy.inventory.stock" "hold inv.mu (Lock) at src/seelock_param_racy/main.go:51:4, as 3 other accesses do"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"sync"
)

type inventory struct {
	mu    sync.Mutex
	stock map[string]int
}

// reserve takes n items of sku if there are enough; inv.mu must be held.
func reserve(inv *inventory, sku string, n int) bool {
	if inv.stock[sku] < n {
		return false
	}
	inv.stock[sku] -= n
	return true
}

// restock adds n items of sku; inv.mu must be held.
func restock(inv *inventory, sku string, n int) {
	inv.stock[sku] += n
}

// Order reserves items for an order.
func (inv *inventory) Order(sku string, n int) bool {
	inv.mu.Lock()
	defer inv.mu.Unlock()
	return reserve(inv, sku, n)
}

// Return puts the items of a cancelled order back.
func (inv *inventory) Return(sku string, n int) {
	inv.mu.Lock()
	restock(inv, sku, n)
	inv.mu.Unlock()
}

func supplier(inv *inventory, skus []string) {
	for range 2000 {
		for _, sku := range skus {
			restock(inv, sku, 1) // forgot inv.mu
		}
	}
}

func main() {
	skus := []string{"apple", "pear", "plum"}
	inv := &inventory{stock: map[string]int{}}
	var wg sync.WaitGroup
	wg.Go(func() { supplier(inv, skus) })
	for i := range 3 {
		wg.Go(func() {
			for j := range 2000 {
				sku := skus[(i+j)%len(skus)]
				if inv.Order(sku, 2) && j%3 == 0 {
					inv.Return(sku, 1)
				}
			}
		})
	}
	wg.Wait()
	inv.mu.Lock()
	fmt.Println(len(inv.stock))
	inv.mu.Unlock()
}
