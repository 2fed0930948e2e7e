// Every access holds db.mu but Reset, which clears the map unlocked.
//
// want shared "corpus/src/unlockedpath.db.rows"
// want suggestion "corpus/src/unlockedpath.db.rows" "hold d.mu (Lock) at src/unlockedpath/main.go:43:8, as 4 other accesses do"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"sync"
)

type db struct {
	mu   sync.Mutex
	rows map[string]string
}

func (d *db) Set(k, v string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.rows[k] = v
}

func (d *db) Get(k string) string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.rows[k]
}

func (d *db) Delete(k string) {
	d.mu.Lock()
	delete(d.rows, k)
	d.mu.Unlock()
}

func (d *db) Len() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.rows)
}

func (d *db) Reset() {
	clear(d.rows)
}

func main() {
	d := &db{rows: map[string]string{}}
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 100; j++ {
				k := fmt.Sprint(i, j)
				d.Set(k, k)
				_ = d.Get(k)
				d.Delete(k)
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for j := 0; j < 100; j++ {
			d.Reset()
		}
	}()
	wg.Wait()
	fmt.Println(d.Len())
}
