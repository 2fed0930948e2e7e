package main

import "testing"

func TestCheckHealth(t *testing.T) {
	c := &client{brokers: map[int]*broker{1: {id: 1}}}
	stop := make(chan struct{})
	defer close(stop)
	t.Run("keeps checking", func(t *testing.T) {
		go func() {
			for {
				select {
				case <-stop:
					return
				default:
					c.checkHealth()
				}
			}
		}()
	})
	t.Run("drops broken brokers", func(t *testing.T) {
		for i := range 1000 {
			c.brokers[i] = &broker{id: i, broken: i%2 == 0}
		}
	})
}
