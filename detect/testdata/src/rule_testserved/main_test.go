package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestCases(t *testing.T) {
	cases := make(map[string]string)
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		body, ok := cases[r.Header.Get("Case")]
		if !ok {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		io.WriteString(w, body)
	})
	server := httptest.NewServer(mux)
	defer server.Close()
	for _, name := range []string{"a", "b", "c"} {
		cases[name] = greeting(name)
	}
	for name, want := range map[string]string{"a": "hello, a", "b": "hello, b"} {
		t.Run(name, func(t *testing.T) {
			req, _ := http.NewRequest("GET", server.URL, nil)
			req.Header.Set("Case", name)
			resp, err := server.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			got, _ := io.ReadAll(resp.Body)
			if string(got) != want {
				t.Errorf("got %q, want %q", got, want)
			}
		})
	}
}
