package fuzzgen

import (
	"bytes"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"
)

// TestGenerate checks what the fuzz target relies on: any input gives a
// module whose package type-checks, and the same input gives the same
// files.
func TestGenerate(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	inputs := [][]byte{nil, {0}, bytes.Repeat([]byte{0xff}, 64)}
	for range 60 {
		data := make([]byte, rng.IntN(500))
		for i := range data {
			data[i] = byte(rng.UintN(256))
		}
		inputs = append(inputs, data)
	}
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "gc", nil)
	maps := 0
	for _, data := range inputs {
		files, err := Generate(data)
		if err != nil {
			t.Fatal(err)
		}
		again, err := Generate(data)
		if err != nil {
			t.Fatal(err)
		}
		if len(again) != len(files) {
			t.Fatalf("Generate(%x) is not deterministic", data)
		}
		for name, src := range files {
			if !bytes.Equal(again[name], src) {
				t.Fatalf("Generate(%x) is not deterministic: %s differs", data, name)
			}
		}
		if !strings.Contains(string(files["go.mod"]), "module "+Module+"\n") {
			t.Fatalf("go.mod: %s", files["go.mod"])
		}
		var names []string
		for name := range files {
			if strings.HasSuffix(name, ".go") {
				names = append(names, name)
			}
		}
		sort.Strings(names)
		var syntax []*ast.File
		for _, name := range names {
			f, err := parser.ParseFile(fset, name, files[name], parser.ParseComments)
			if err != nil {
				t.Fatal(err)
			}
			syntax = append(syntax, f)
		}
		conf := types.Config{Importer: imp, GoVersion: "go1.26"}
		if _, err := conf.Check(Module, fset, syntax, nil); err != nil {
			t.Fatalf("Generate(%x) does not type-check: %v\n%s", data, err, files["main.go"])
		}
		maps += strings.Count(string(files["main.go"]), "map[")
	}
	if maps == 0 {
		t.Fatal("no program declares a map")
	}
}
