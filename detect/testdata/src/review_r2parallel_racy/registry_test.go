package plugins

import (
	"fmt"
	"testing"
)

// Both tests run in parallel; each registers its plugins from a loader
// goroutine, as the real plugin loader does.

func TestRegisterAudio(t *testing.T) {
	t.Parallel()
	done := make(chan int)
	go func() {
		for i := range 3000 {
			Register(fmt.Sprint("audio", i), func() string { return "a" })
		}
		done <- Count("audio")
	}()
	if n := <-done; n < 3000 {
		t.Fatalf("got %d", n)
	}
}

func TestRegisterVideo(t *testing.T) {
	t.Parallel()
	done := make(chan int)
	go func() {
		for i := range 3000 {
			Register(fmt.Sprint("video", i), func() string { return "v" })
		}
		done <- Count("video")
	}()
	if n := <-done; n < 3000 {
		t.Fatalf("got %d", n)
	}
}
