package pipeline_test

import (
	"go/importer"
	"go/token"
	"go/version"
	"strconv"
	"strings"
	"testing"

	"github.com/mapfix/mapfix/rewrite"
)

// TestGeneratedGoVersion keeps rewrite.GeneratedGoVersion true: the
// generated package type-checks at that Go version and not at the one
// before, so mapfix refuses exactly the modules where it would not compile.
func TestGeneratedGoVersion(t *testing.T) {
	v := "go" + rewrite.GeneratedGoVersion
	if !version.IsValid(v) {
		t.Fatalf("GeneratedGoVersion %q is not a Go version", rewrite.GeneratedGoVersion)
	}
	check := func(v string) error {
		fset := token.NewFileSet()
		_, err := checkTemplate(fset, importer.ForCompiler(fset, "gc", nil), "example.com/m/internal/shardedmap", v)
		return err
	}
	if err := check(v); err != nil {
		t.Errorf("the generated package does not type-check at %s: %v", v, err)
	}
	minor, err := strconv.Atoi(strings.TrimPrefix(version.Lang(v), "go1."))
	if err != nil || minor < 1 {
		t.Fatalf("cannot take the version before %s", v)
	}
	prev := "go1." + strconv.Itoa(minor-1)
	if err := check(prev); err == nil {
		t.Errorf("the generated package type-checks at %s too: lower GeneratedGoVersion", prev)
	}
}
