// The checker of rule_signalwait, but it reads the count right after
// handing over the event, before the consumer's signal: the consumer may
// still be writing the map.
//
// want shared "corpus/src/rule_signalwait_racy.main.hits"
// want suggestion "corpus/src/rule_signalwait_racy.main.hits" "hold mu (Lock) at src/rule_signalwait_racy/main.go:37:8, as 1 other access does"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"os"
	"sync"
	"time"
)

type event struct {
	key  string
	hits int
}

func main() {
	events := make(chan event)
	hits := make(map[string]int)
	var mu sync.Mutex
	counted := make(chan struct{})
	go func() {
		for e := range events {
			mu.Lock()
			hits[e.key] += e.hits
			mu.Unlock()
			counted <- struct{}{}
		}
	}()
	send := func(key string) int {
		events <- event{key: key, hits: 2}
		n := hits[key]
		select {
		case <-counted:
		case <-time.After(3 * time.Second):
			fmt.Println("timeout")
			os.Exit(1)
		}
		return n
	}
	for i := range 20 {
		key := fmt.Sprint("k", i%3)
		fmt.Println(key, send(key))
	}
	close(events)
}
