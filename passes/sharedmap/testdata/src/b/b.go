// Package b has functions that access the maps they are passed; its facts
// are what package a's analysis sees of them.
package b

import (
	"sync"

	"c"
)

var mu sync.Mutex

// Put writes its map parameter with no lock held.
func Put(m map[string]int, k string) { // want Put:"write m"
	m[k]++
}

// Set writes it too.
func Set(m map[string]int, k string, v int) { // want Set:"write m"
	m[k] = v
}

// Get reads it.
func Get(m map[string]int, k string) int { // want Get:"read m"
	return m[k]
}

// Locked writes it under a lock of its own, so it exports no fact.
func Locked(m map[string]int, k string) {
	mu.Lock()
	m[k]++
	mu.Unlock()
}

// Dump ranges over it.
func Dump(m map[string]int) (n int) { // want Dump:"range m"
	for range m {
		n++
	}
	return n
}

// Via passes it on to Put: a fact computed in this package.
func Via(m map[string]int) { // want Via:"write m"
	Put(m, "via")
}

// Relay passes it on to c.Inc: a fact computed from c's fact.
func Relay(m map[string]int) { // want Relay:"write m"
	c.Inc(m, "relay")
}

// Fill writes it on a goroutine it does not wait for.
func Fill(m map[string]int) { // want Fill:"write m in a goroutine"
	go func() {
		m["filled"] = 1
	}()
}

// Spread writes it on several goroutines at once: a race of its own,
// reported here, and a fact for its callers.
func Spread(m map[string]int) { // want Spread:"write m in goroutines" `param m \(map\[string\]int\) is shared between goroutines without a lock \[certain\]`
	for range 4 {
		go inc(m)
	}
}

func inc(m map[string]int) { // want inc:"write m"
	m["spread"]++
}

// Waited writes it on a goroutine it waits for: to its caller that is an
// ordinary write.
func Waited(m map[string]int) { // want Waited:"write m"
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		m["waited"] = 1
	}()
	wg.Wait()
}

// Store holds a map that its methods write.
type Store struct {
	M map[string]int
}

// Add writes the receiver's map.
func (s *Store) Add(k string) { // want Add:"write s.M"
	s.M[k]++
}

// RelayBoth passes its map to c.Both: both of c.Both's accesses, the
// synchronous one and the one on its goroutine, become RelayBoth's.
func RelayBoth(m map[string]int) { // want RelayBoth:"write m; write m in a goroutine"
	c.Both(m)
}
