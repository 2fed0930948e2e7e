// Command mapfix-vet is mapfix's shared-map analyzer (package
// passes/sharedmap) as a go vet tool:
//
//	go install github.com/mapfix/mapfix/cmd/mapfix-vet@latest
//	go vet -vettool=$(which mapfix-vet) ./...
//
// go vet runs it on each package, its dependencies first so that their
// facts (summaries of what each function does to the maps it is passed)
// reach the packages that call them, and caches the results per package.
// The usual flags of a vet tool apply (-json, -c=N for context lines);
// mapfix-vet help lists them.
package main

import (
	"github.com/mapfix/mapfix/passes/sharedmap"
	"golang.org/x/tools/go/analysis/unitchecker"
)

func main() { unitchecker.Main(sharedmap.Analyzer) }
