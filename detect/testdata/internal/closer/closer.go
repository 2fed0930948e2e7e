// Package closer is a stand-in for a dependency's goroutine closer (such
// as ristretto's z.Closer): the corpus loads it without its code, as a
// real dependency is loaded.
package closer

import "sync"

// Closer tells goroutines to stop and waits for them.
type Closer struct {
	stop chan struct{}
	wg   sync.WaitGroup
}

// New returns a Closer that waits for n goroutines.
func New(n int) *Closer {
	c := &Closer{stop: make(chan struct{})}
	c.wg.Add(n)
	return c
}

// Done marks one goroutine finished.
func (c *Closer) Done() { c.wg.Done() }

// Stopping is closed when the goroutines should stop.
func (c *Closer) Stopping() <-chan struct{} { return c.stop }

// Signal tells the goroutines to stop.
func (c *Closer) Signal() { close(c.stop) }

// SignalAndWait tells the goroutines to stop and waits until they did.
func (c *Closer) SignalAndWait() {
	c.Signal()
	c.wg.Wait()
}
