package main

import (
	"os"
	"runtime/debug"
	"strings"

	"github.com/mapfix/mapfix/internal/load"
	"github.com/mapfix/mapfix/pipeline"
	"github.com/urfave/cli/v2"
)

// baseVersion is the version written into generated files when the binary
// carries no module version of its own (built from a checkout).
const baseVersion = "v0.1.0"

// version returns the module version mapfix was built at. Built from a
// checkout it is baseVersion: as the main module the go command reports
// "(devel)", and as a dependency replaced by a directory (a user's
// go.mod with "replace github.com/mapfix/mapfix => ../mapfix", then
// go tool mapfix) it reports the placeholder
// v0.0.0-00010101000000-000000000000, which must not end up in generated
// files.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return baseVersion
	}
	m := &bi.Main
	if m.Replace != nil {
		if m.Replace.Version == "" {
			return baseVersion // replaced by a directory
		}
		m = m.Replace
	}
	if v := m.Version; v != "" && v != "(devel)" {
		return v
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
		&cli.StringFlag{Name: "confidence", Usage: "the least sure findings to act on: observed, certain, likely or possible (check: likely, or possible with -exported; rewrite: certain; -only names findings whatever their `level`)"},
		&cli.StringFlag{Name: "race-log", Usage: "also report the maps that race in `file`, the output of go test -race or a concurrent map crash (confidence observed)"},
		&cli.BoolFlag{Name: "exported", Usage: "also report package maps that exported functions of a library write with no lock (confidence possible)"},
		&cli.StringFlag{Name: "profile", Usage: "rank findings by their share of `file`, a CPU, mutex or block profile (go test -cpuprofile); rewrite makes the maps it shows cold with few shards"},
	}
}

// config turns the flags into a driver configuration.
func config(c *cli.Context) (pipeline.Config, error) {
	patterns := c.Args().Slice()
	if len(patterns) == 0 {
		// Like go vet: the package in the current directory. go generate
		// runs each directive in the directory of the package that holds
		// it (the one GOPACKAGE names), so under go generate this is that
		// package and nothing else; GOPACKAGE itself need not be read.
		patterns = []string{"."}
	}
	cfg := pipeline.Config{
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
	cfg.RaceLog = c.String("race-log")
	cfg.Profile = c.String("profile")
	cfg.API = c.Bool("api")
	// Only rewrite has -fix; check shows the fix auto chooses.
	fix, err := pipeline.ParseFix(c.String("fix"))
	if err != nil {
		return cfg, usageError(c, err)
	}
	cfg.Fix = fix
	if v := c.String("confidence"); v != "" {
		conf, err := pipeline.ParseConfidence(v)
		if err != nil {
			return cfg, usageError(c, err)
		}
		cfg.Confidence = conf
	}
	return cfg, nil
}
