package counter

import (
	"sync"
	"testing"
)

func TestAddAll(t *testing.T) {
	c := New()
	c.AddAll([]string{"a", "b", "a"})
	if got := c.Count("a"); got != 2 {
		t.Errorf("Count(a) = %d, want 2", got)
	}
}

func TestForget(t *testing.T) {
	c := New()
	c.Add("x")
	var wg sync.WaitGroup
	wg.Go(func() { c.Forget("x") })
	t.Logf("count while forgetting: %d", c.Count("x"))
	wg.Wait()
}

func TestSequential(t *testing.T) {
	c := New()
	c.Add("y")
	if c.Count("y") != 1 {
		t.Fatal("lost a word")
	}
}
