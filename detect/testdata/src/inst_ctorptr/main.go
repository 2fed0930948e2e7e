// One field class, many instances: each request goroutine makes its own
// *requestScope with newScope, sets variables through a method and reads
// them in a helper that takes the scope as a parameter.
//
// want none
// verified: go run -race reports no race (3 runs)
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

func handle(id int, user string) string {
	s := newScope(id)
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
