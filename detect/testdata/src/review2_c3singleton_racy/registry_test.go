package codecs

import (
	"fmt"
	"sync"
	"testing"
)

func TestAudio(t *testing.T) {
	t.Parallel()
	r := Default()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := range 2000 {
			r.Register(fmt.Sprint("audio/", i), i)
		}
	}()
	wg.Wait()
}

func TestVideo(t *testing.T) {
	t.Parallel()
	r := Default()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := range 2000 {
			r.Register(fmt.Sprint("video/", i), i)
		}
	}()
	wg.Wait()
}
