// Lazy initialisation with sync.Once: the map is filled inside once.Do,
// and every reader calls the same once.Do first, so the writes happen
// once, before any read. Four shapes: a package Once with a named
// function (codes), a Once field with a literal reached from the receiver
// (catalog.items), a getter that goes through the Do before returning the
// map (units), and a method getter whose Do runs a method value on the
// same receiver (catalog.names).
//
// want none
// verified: go run -race reports no race
package main

import (
	"fmt"
	"sync"
)

var (
	codesOnce sync.Once
	codes     map[string]int
)

func loadCodes() {
	codes = make(map[string]int)
	for i, c := range []string{"ok", "not found", "error"} {
		codes[c] = i
	}
}

func code(name string) int {
	codesOnce.Do(loadCodes)
	return codes[name]
}

type catalog struct {
	once  sync.Once
	items map[int]string

	namesOnce sync.Once
	names     map[string]int
}

func (c *catalog) loadNames() {
	c.names = map[string]int{}
	for i := range 10 {
		c.names[fmt.Sprint("item", i)] = i
	}
}

func (c *catalog) nameTable() map[string]int {
	c.namesOnce.Do(c.loadNames)
	return c.names
}

func (c *catalog) item(id int) string {
	c.once.Do(func() {
		c.items = map[int]string{}
		for i := range 10 {
			c.items[i] = fmt.Sprint("item", i)
		}
	})
	return c.items[id]
}

var (
	unitsOnce sync.Once
	units     map[string]float64
)

func unitTable() map[string]float64 {
	unitsOnce.Do(func() {
		units = map[string]float64{"km": 1000, "m": 1}
		units["cm"] = 0.01
	})
	return units
}

func main() {
	c := &catalog{}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			_ = code("ok")
			_ = c.item(i)
			_ = c.nameTable()["item1"]
			for range c.nameTable() {
			}
			_ = unitTable()["km"]
			t := unitTable()
			_ = t["m"]
		})
	}
	wg.Wait()
}
