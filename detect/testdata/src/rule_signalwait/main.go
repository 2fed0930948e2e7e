// An event consumer counts hits under a lock and signals each one it
// counted. The checker sends an event through a helper that waits for the
// signal (or gives up after a timeout) and only then reads the count
// without the lock: the consumer is idle until the next event.
//
// want none
// verified: go run -race reports no race (10 runs)
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
	send := func(key string) {
		events <- event{key: key, hits: 2}
		select {
		case <-counted:
		case <-time.After(3 * time.Second):
			fmt.Println("timeout")
			os.Exit(1)
		}
	}
	check := func(key string) {
		send(key)
		fmt.Println(key, hits[key])
	}
	for i := range 20 {
		check(fmt.Sprint("k", i%3))
	}
	close(events)
}
