// Two goroutines write the header map of one request through a local
// copy of it. The race is real, but the map lives in net/http's
// Request.Header: a declaration the user cannot change, so mapfix never
// reports it (the fix belongs to the code that shares the request).
//
// want none
// verified: go run -race reports DATA RACE (the writes of h[k] in the two
// goroutines), which mapfix leaves alone by design
package main

import (
	"fmt"
	"net/http"
	"sync"
)

func tag(req *http.Request, k string) {
	h := req.Header
	h[k] = []string{"1"}
}

func main() {
	req, _ := http.NewRequest("GET", "http://example.com", nil)
	var wg sync.WaitGroup
	for i := range 2 {
		wg.Go(func() {
			for j := range 100 {
				tag(req, fmt.Sprint("X-", i, j))
			}
		})
	}
	wg.Wait()
	fmt.Println(len(req.Header))
}
