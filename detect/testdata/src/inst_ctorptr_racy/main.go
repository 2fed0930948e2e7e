// The request scopes of inst_ctorptr, but handle reuses one scope made at
// start-up for every request, so the goroutines set and read the same
// variables map.
//
// want shared "corpus/src/inst_ctorptr_racy.requestScope.vars"
// known miss "corpus/src/inst_ctorptr_racy.requestScope.vars" "the scope reaches the goroutines only through a package variable read in a function they call; no goroutine holds it directly, so the pair is possible"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"strings"
	"sync"
)

type requestScope struct {
	id   int
	vars map[string]string
}

func newScope(id int) *requestScope {
	return &requestScope{id: id, vars: map[string]string{"id": fmt.Sprint(id)}}
}

func (s *requestScope) set(k, v string) { s.vars[k] = v }

// expand replaces $name with the scope's variables.
func expand(s *requestScope, tmpl string) string {
	return strings.NewReplacer("$id", s.vars["id"], "$user", s.vars["user"]).Replace(tmpl)
}

var shared = newScope(0)

func handle(id int, user string) string {
	s := shared
	s.set("id", fmt.Sprint(id))
	s.set("user", user)
	return expand(s, "request $id by $user")
}

func main() {
	out := make([]string, 4)
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			for j := range 1000 {
				out[i] = handle(i*1000+j, fmt.Sprint("u", j%7))
			}
		})
	}
	wg.Wait()
	fmt.Println(out[0] != "")
}
