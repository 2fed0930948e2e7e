// The debug logging of print_ptrtype, but with %v: fmt prints the pool's
// fields, so it ranges over the map while the worker fills it.
//
// want shared "corpus/src/print_ptrtype_racy.connPool.conns"
// verified: go run -race reports DATA RACE
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
			fmt.Fprintf(debug, "pool %v\n", p)
		}
	})
	wg.Wait()
	fmt.Println(len(p.conns))
}
