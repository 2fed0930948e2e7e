// Each exporter is configured from a template struct. Copying the struct
// copies the Labels map header, not the map: every &exporters[i] is an
// element of its own, but all of them write the template's one map.
//
// want shared "corpus/src/review2_b3copiedtemplate_racy.exporter.labels"
// known miss "corpus/src/review2_b3copiedtemplate_racy.exporter.labels" "found only at possible confidence: elements copied from one template share its map; a distinct element is not shown to hold the same map"
// verified: go run -race reports DATA RACE (a second review's case)
package main

import (
	"fmt"
	"sync"
)

type exporter struct {
	name   string
	labels map[string]string
	sent   int
}

func main() {
	template := exporter{labels: map[string]string{"env": "prod"}}
	exporters := make([]exporter, 4)
	for i := range exporters {
		exporters[i] = template
		exporters[i].name = fmt.Sprint("exp", i)
	}
	var wg sync.WaitGroup
	for i := range exporters {
		wg.Add(1)
		go func(e *exporter) {
			defer wg.Done()
			for n := range 1000 {
				e.labels["worker"] = e.name
				e.labels[fmt.Sprint("batch", n%len(exporters))] = "ok"
				e.sent++
			}
		}(&exporters[i])
	}
	wg.Wait()
	for _, e := range exporters {
		fmt.Println(e.name, e.sent, len(e.labels))
	}
}
