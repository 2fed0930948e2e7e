// A handler registered with ServeMux.HandleFunc runs once per request,
// each on its own goroutine.
//
// want shared "corpus/src/handlefunc.visits"
// verified: go run -race reports DATA RACE
package main

import (
	"net/http"
	"net/http/httptest"
	"sync"
)

var visits = map[string]int{}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		visits[r.URL.Path]++
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				if resp, err := http.Get(srv.URL + "/x"); err == nil {
					resp.Body.Close()
				}
			}
		}()
	}
	wg.Wait()
}
