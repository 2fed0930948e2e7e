// Builtins run on their own goroutines: the dispatcher retires old
// entries with go delete(d.pending, id) and drops the whole window with
// go clear(d.pending), while the loop keeps adding entries.
//
// want shared "corpus/src/miss_godelete.dispatcher.pending"
// verified: go run -race reports DATA RACE
package main

import "fmt"

type dispatcher struct {
	pending map[int]string
	window  int
}

func (d *dispatcher) run(n int) int {
	sent := 0
	for id := range n {
		d.pending[id] = fmt.Sprint("req", id)
		sent++
		if id >= d.window {
			go delete(d.pending, id-d.window)
		}
		if id%1000 == 999 {
			go clear(d.pending)
		}
	}
	return sent
}

func main() {
	d := &dispatcher{pending: map[int]string{}, window: 16}
	fmt.Println(d.run(3000))
}
