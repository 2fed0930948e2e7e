// Package plugins keeps a package-wide registry of plugin factories.
//
// want shared "corpus/src/review_r2parallel_racy.registry"
// verified: go test -race reports DATA RACE (a review case)
package plugins

import "strings"

var registry = map[string]func() string{}

// Register adds a plugin factory.
func Register(name string, f func() string) {
	registry[strings.ToLower(name)] = f
}

// Names counts the registered plugins whose name has prefix.
func Count(prefix string) int {
	n := 0
	for name := range registry {
		if strings.HasPrefix(name, prefix) {
			n++
		}
	}
	return n
}
