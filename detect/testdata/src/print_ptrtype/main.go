// Debug logging that names a connection pool by address and type while a
// worker fills its map: %p prints the pointer and %T the type, and
// neither reads a field of the pool, let alone the map.
//
// want none
// verified: go run -race reports no race (3 runs)
package main

import (
	"fmt"
	"io"
	"sync"
)

type connPool struct {
	addr  string
	conns map[int]string
}

func main() {
	var debug io.Writer = io.Discard // os.Stderr with -debug
	p := &connPool{addr: "db:5432", conns: map[int]string{}}
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := range 3000 {
			p.conns[i%64] = fmt.Sprint("conn", i)
		}
	})
	wg.Go(func() {
		for range 3000 {
			fmt.Fprintf(debug, "pool %p (%T) map at %p\n", p, p, p.conns)
		}
	})
	wg.Wait()
	fmt.Println(len(p.conns))
}
