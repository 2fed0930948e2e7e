// The metric sources of rule_ifaceparam, but the poller goroutine is
// handed main's snapshot map and calls diskSource.Collect on it directly:
// the goroutine and main both fill the same map through the parameter,
// and main also counts its polls in it. (main polls only the disk source:
// a race report on loadSource's Collect would name that method's
// parameter, which the interface call keeps apart from snapshot.)
//
// want shared "corpus/src/rule_ifaceparam_racy.main.snapshot"
// verified: go run -race reports DATA RACE (10 of 10 runs)
package main

import (
	"fmt"
	"sync"
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

func main() {
	disk := diskSource{mount: "/var"}
	var sources []Source = []Source{disk}
	snapshot := map[string]float64{}
	var wg sync.WaitGroup
	wg.Go(func() {
		for range 1000 {
			disk.Collect(snapshot) // main's map, not one of its own
		}
	})
	for range 1000 {
		for _, s := range sources {
			s.Collect(snapshot)
		}
		snapshot["polls"]++
	}
	wg.Wait()
	fmt.Println(len(snapshot))
}
