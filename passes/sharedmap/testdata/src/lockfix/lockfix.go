// Package lockfix has maps whose other accesses hold a lock: the
// suggested fix takes it where it is missing.
package lockfix

import "sync"

// Cache holds mu at every access but Forget's.
type Cache struct {
	mu   sync.RWMutex
	data map[string]int // want `field data \(map\[string\]int\) is shared between goroutines without a lock \[certain\]`
}

func (c *Cache) Put(k string, v int) {
	c.mu.Lock()
	c.data[k] = v
	c.mu.Unlock()
}

func (c *Cache) Get(k string) int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.data[k]
}

// Forget drops k.
func (c *Cache) Forget(k string) { // want Forget:"delete c.data"
	// the lock was forgotten here
	delete(c.data, k)
}

// Peek reads without the lock: a read lock is enough.
func (c *Cache) Peek(k string) bool { // want Peek:"read c.data"
	_, ok := c.data[k]
	return ok
}

// Index holds mu at every access but Mark's, where it cannot be taken:
// size takes it too. No fix is suggested.
type Index struct {
	mu   sync.Mutex
	keys map[string]int // want `field keys \(map\[string\]int\) is shared`
}

func (x *Index) size() int {
	x.mu.Lock()
	defer x.mu.Unlock()
	return len(x.keys)
}

func (x *Index) Add(k string) {
	x.mu.Lock()
	x.keys[k]++
	x.mu.Unlock()
}

func (x *Index) Mark(k string) { // want Mark:"write x.keys"
	x.keys[k] = x.size()
}

func Run() {
	c := &Cache{data: map[string]int{}}
	x := &Index{keys: map[string]int{}}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			c.Put("a", 1)
			c.Forget("a")
			c.Peek("a")
			_ = c.Get("a")
			x.Add("a")
			x.Mark("b")
		})
	}
	wg.Wait()
}
