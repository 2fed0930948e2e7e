// A codec registry filled during package initialisation: register is
// called only from init functions, and the request goroutines only look
// codecs up.
//
// want none
// verified: go run -race reports no race (3 runs)
package main

import (
	"fmt"
	"strings"
	"sync"
)

type codec struct {
	name   string
	encode func(string) string
}

var codecs = map[string]codec{}

func register(c codec) {
	if _, dup := codecs[c.name]; dup {
		panic("codec registered twice: " + c.name)
	}
	codecs[c.name] = c
}

func init() {
	register(codec{name: "upper", encode: strings.ToUpper})
	register(codec{name: "lower", encode: strings.ToLower})
}

func init() {
	register(codec{name: "trim", encode: strings.TrimSpace})
}

func encode(name, s string) (string, error) {
	c, ok := codecs[name]
	if !ok {
		return "", fmt.Errorf("no codec %q", name)
	}
	return c.encode(s), nil
}

func main() {
	names := []string{"upper", "lower", "trim", "zip"}
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			for j := range 2000 {
				_, _ = encode(names[(i+j)%len(names)], " Hello ")
			}
		})
	}
	wg.Wait()
	fmt.Println(len(codecs))
}
