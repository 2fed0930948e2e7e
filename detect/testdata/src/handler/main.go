// Every request runs ServeHTTP on its own goroutine.
//
// want shared "corpus/src/handler.counter.hits"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
)

type counter struct {
	hits map[string]int
}

func (c *counter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.hits[r.URL.Path]++
	fmt.Fprintln(w, "ok")
}

func main() {
	c := &counter{hits: map[string]int{}}
	srv := httptest.NewServer(c)
	defer srv.Close()
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				resp, err := http.Get(srv.URL + "/a")
				if err == nil {
					resp.Body.Close()
				}
			}
		}()
	}
	wg.Wait()
}
