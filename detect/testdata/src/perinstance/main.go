// Struct values with a map field that every goroutine makes for itself:
// the field class is one for the type, but no value is seen by two
// goroutines. A parser made by a constructor and used through methods and
// a helper; a scanner held by value; a request state made with new.
//
// want none
// verified: go run -race reports no race
package main

import (
	"fmt"
	"strings"
	"sync"
)

type parser struct {
	depth map[string]int
	words []string
}

func newParser() *parser {
	p := &parser{depth: make(map[string]int)}
	return p
}

func (p *parser) parse(s string) int {
	for _, w := range strings.Fields(s) {
		p.enter(w)
	}
	return countDeep(p)
}

func (p *parser) enter(w string) {
	p.depth[w]++
	p.words = append(p.words, w)
}

func countDeep(p *parser) int {
	n := 0
	for _, d := range p.depth {
		if d > 1 {
			n++
		}
	}
	return n
}

type scanner struct {
	seen map[rune]bool
}

func (s *scanner) scan(text string) int {
	for _, r := range text {
		s.seen[r] = true
	}
	return len(s.seen)
}

type state struct {
	params map[string]string
}

func handle(id int) string {
	st := new(state)
	st.params = map[string]string{}
	st.params["id"] = fmt.Sprint(id)
	return st.params["id"]
}

func main() {
	var wg sync.WaitGroup
	results := make([]int, 8)
	for i := range 8 {
		wg.Go(func() {
			p := newParser()
			results[i] = p.parse("a b a c b a")
			var s scanner
			s.seen = map[rune]bool{}
			results[i] += s.scan("hello")
			_ = handle(i)
		})
	}
	wg.Wait()
	fmt.Println(results)
}
