package main

import (
	"fmt"
	"os"
	"runtime/debug"
	"strings"

	"github.com/mapfix/mapfix/internal/driver"
	"github.com/mapfix/mapfix/internal/load"
	"github.com/urfave/cli/v2"
)

// baseVersion is the version written into generated files when the binary
// carries no module version of its own (built from a checkout).
const baseVersion = "v0.1.0"

// version returns the module version mapfix was built at.
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		if v := bi.Main.Version; v != "" && v != "(devel)" {
			return v
		}
	}
	return baseVersion
}

// commonFlags are the flags check and rewrite share, spelled as the go
// command spells them where they overlap.
func commonFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "C", Usage: "change to `dir` before doing anything"},
		&cli.StringFlag{Name: "tags", Usage: "comma-separated build `tags`"},
		&cli.BoolFlag{Name: "test", Value: true, Usage: "load test files with their packages"},
		&cli.StringFlag{Name: "only", Usage: "act only on these finding `IDs` (comma-separated)"},
		&cli.StringFlag{Name: "pkg", Usage: "use the shardedmap-compatible package at `importpath` instead of generating one"},
		&cli.StringFlag{Name: "race-log", Usage: "read `file` of go test -race output (not supported yet)"},
		&cli.BoolFlag{Name: "exported", Usage: "also report package maps that exported functions of a library write with no lock (confidence possible)"},
	}
}

// config turns the flags into a driver configuration.
func config(c *cli.Context) (driver.Config, error) {
	patterns := c.Args().Slice()
	if len(patterns) == 0 {
		// Under go generate, and by default like go vet: the package in
		// the current directory.
		patterns = []string{"."}
	}
	cfg := driver.Config{
		Load: load.Config{
			Dir:      c.String("C"),
			Tests:    c.Bool("test"),
			Patterns: patterns,
			Env:      os.Environ(),
		},
		PkgPath:  c.String("pkg"),
		Exported: c.Bool("exported"),
		Version:  version(),
	}
	if tags := c.String("tags"); tags != "" {
		cfg.Load.Tags = strings.Split(tags, ",")
	}
	if ids := c.String("only"); ids != "" {
		cfg.Only = strings.Split(ids, ",")
	}
	if c.String("race-log") != "" {
		return cfg, fmt.Errorf("-race-log is not supported by this version of mapfix yet")
	}
	return cfg, nil
}
