package stats

import (
	"os"
	"testing"
	"time"
)

// TestMain starts a heartbeat that counts ticks for the whole run, as the
// service does in production.
func TestMain(m *testing.M) {
	stop := make(chan struct{})
	go func() {
		for {
			select {
			case <-stop:
				return
			default:
				Inc("heartbeat")
				time.Sleep(10 * time.Microsecond)
			}
		}
	}()
	code := m.Run()
	close(stop)
	os.Exit(code)
}

func TestIncFromWorker(t *testing.T) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range 5000 {
			Inc("job")
		}
	}()
	<-done
	if Get("job") != 5000 {
		t.Fatal("lost counts")
	}
}
