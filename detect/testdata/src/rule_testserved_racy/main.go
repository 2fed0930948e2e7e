// The handler of rule_testserved moved into production code, which counts
// the cases it serves in a table with no lock: main's server runs it on a
// goroutine per request, and the test sends requests from several
// goroutines at once. A handler production code registers keeps its
// level.
//
// want shared "corpus/src/rule_testserved_racy.server.served"
// verified: go test -race reports DATA RACE (10 of 10 runs)
package main

import (
	"fmt"
	"io"
	"net/http"
)

type server struct {
	served map[string]int
}

func (s *server) mux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		name := r.Header.Get("Case")
		s.served[name]++
		io.WriteString(w, "hello, "+name)
	})
	return mux
}

func main() {
	s := &server{served: make(map[string]int)}
	if len(s.served) > 0 {
		http.ListenAndServe("localhost:0", s.mux())
	}
	fmt.Println("not serving")
}
