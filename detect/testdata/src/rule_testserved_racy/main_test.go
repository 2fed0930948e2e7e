package main

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

func TestServe(t *testing.T) {
	s := &server{served: make(map[string]int)}
	ts := httptest.NewServer(s.mux())
	defer ts.Close()
	var wg sync.WaitGroup
	for _, name := range []string{"a", "b", "c", "d"} {
		wg.Go(func() {
			for range 100 {
				req, _ := http.NewRequest("GET", ts.URL, nil)
				req.Header.Set("Case", name)
				resp, err := ts.Client().Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				resp.Body.Close()
			}
		})
	}
	wg.Wait()
}
