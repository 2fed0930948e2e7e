package main

import "testing"

func TestCluster(t *testing.T) {
	nodes := newTestCluster(3)
	for _, n := range nodes {
		n.Stop()
	}
}
