package sessions

import (
	"fmt"
	"testing"
	"time"
)

// TestPutInBackground fills the table from a loader goroutine while the
// test waits for it.
func TestPutInBackground(t *testing.T) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 5000 {
			Put(fmt.Sprint("s-", i), "u", time.Microsecond)
		}
	}()
	<-done
	if _, ok := Lookup("s-4999"); !ok {
		t.Log("already expired")
	}
}
