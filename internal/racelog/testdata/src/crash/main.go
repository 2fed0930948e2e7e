// Command crash makes the runtime kill the process with a concurrent map
// fault. Its argument picks which: writes, read, iter, delete, clear, clone.
// Run it without -race: the race detector would report the race first.
package main

import (
	"fmt"
	"maps"
	"os"
	"strconv"
)

var m = map[string]int{}

func writeLoop() {
	for i := 0; ; i++ {
		m[strconv.Itoa(i%100)] = i
	}
}

func readLoop() {
	for i := 0; ; i++ {
		_ = m[strconv.Itoa(i%100)]
	}
}

func rangeLoop() {
	for {
		for k := range m {
			_ = k
		}
	}
}

func deleteLoop() {
	for i := 0; ; i++ {
		delete(m, strconv.Itoa(i%100))
	}
}

func clearLoop() {
	for {
		clear(m)
	}
}

func cloneLoop() {
	for {
		_ = maps.Clone(m)
	}
}

func main() {
	for i := range 100 {
		m[strconv.Itoa(i)] = i
	}
	switch os.Args[1] {
	case "writes":
		go writeLoop()
		writeLoop()
	case "read":
		go writeLoop()
		readLoop()
	case "iter":
		go writeLoop()
		rangeLoop()
	case "delete":
		go deleteLoop()
		writeLoop()
	case "clear":
		go writeLoop()
		clearLoop()
	case "clone":
		go writeLoop()
		cloneLoop()
	default:
		fmt.Fprintln(os.Stderr, "unknown scenario", os.Args[1])
		os.Exit(2)
	}
}
