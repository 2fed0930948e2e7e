// go s.loop() writes a field that another method reads from main.
//
// want shared "corpus/src/methodvalue.server.m"
// verified: go run -race reports DATA RACE
package main

import "fmt"

type server struct {
	m    map[string]int
	done chan bool
}

func (s *server) loop() {
	for i := 0; i < 1000; i++ {
		s.m["x"]++
	}
	close(s.done)
}

func (s *server) get(k string) int { return s.m[k] }

func main() {
	s := &server{m: map[string]int{}, done: make(chan bool)}
	go s.loop()
	n := 0
	for i := 0; i < 1000; i++ {
		n += s.get("x")
	}
	<-s.done
	fmt.Println(n >= 0)
}
