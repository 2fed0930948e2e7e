// The twin of rule_testbinary with the goroutines in the registry's own
// test: its unlocked read races with them in that test binary.
//
// want shared "corpus/src/rule_testbinary_racy/registry.Registry.clusters"
// want suggestion "corpus/src/rule_testbinary_racy/registry.Registry.clusters" "hold r.mu (Lock) at src/rule_testbinary_racy/registry/registry_test.go:16:5, as 1 other access does"
// expect: finding in the test only
// verified: go test -race ./registry reports DATA RACE
package main

import (
	"fmt"

	"corpus/src/rule_testbinary_racy/registry"
)

func main() {
	r := registry.New()
	r.Add("a")
	fmt.Println("done")
}
