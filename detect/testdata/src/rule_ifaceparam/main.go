// Metric sources fill the map they are given. main gathers a snapshot
// into its own local map by calling diskSource.Collect directly, while a
// poller goroutine calls Collect through the Source interface on the map
// it was started with: the parameter is written for two different maps,
// and neither goroutine sees the other's.
//
// want none
// verified: go run -race reports no race (15 runs)
package main

import (
	"fmt"
)

// Source adds its current readings to into.
type Source interface {
	Collect(into map[string]float64)
}

type diskSource struct{ mount string }

// Collect records the usage of the mount.
func (d diskSource) Collect(into map[string]float64) {
	into[d.mount+".used"] += 1
	into[d.mount+".free"] = 100 - into[d.mount+".used"]
}

type loadSource struct{}

func (loadSource) Collect(into map[string]float64) { into["load1"] += 0.5 }

// poll collects the sources into readings, a map of its own.
func poll(sources []Source, readings map[string]float64, rounds int, out chan<- int) {
	for range rounds {
		for _, s := range sources {
			s.Collect(readings)
		}
	}
	out <- len(readings)
}

func main() {
	disk := diskSource{mount: "/var"}
	out := make(chan int)
	go poll([]Source{disk, loadSource{}}, map[string]float64{}, 1000, out)

	snapshot := map[string]float64{}
	for range 1000 {
		disk.Collect(snapshot)
		snapshot["polls"]++
	}
	fmt.Println(len(snapshot), <-out)
}
