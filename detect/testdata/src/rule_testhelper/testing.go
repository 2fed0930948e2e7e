package main

import "fmt"

// newTestCluster starts size nodes and tells each of the others; only the
// tests call it.
func newTestCluster(size int) []*node {
	var nodes []*node
	for range size {
		nodes = append(nodes, newNode())
	}
	for _, n := range nodes {
		n.Start()
		for i := range nodes {
			n.AddPeer(fmt.Sprint("n", i))
		}
	}
	return nodes
}
