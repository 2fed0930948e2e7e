package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/mapfix/mapfix/internal/apply"
	"github.com/mapfix/mapfix/internal/diff"
	"github.com/mapfix/mapfix/pipeline"
	"github.com/urfave/cli/v2"
)

func rewriteCommand() *cli.Command {
	return &cli.Command{
		Name:      "rewrite",
		Usage:     "rewrite shared maps into *shardedmap.Map; prints a diff unless -w",
		ArgsUsage: "[packages]",
		Flags: append(commonFlags(),
			// Only rewrite has -pkg: it names the package the rewritten
			// code calls, and check writes no code. check judges
			// rewritability against the generated package, the default.
			&cli.StringFlag{Name: "pkg", Usage: "use the shardedmap-compatible package at `importpath` instead of generating one"},
			&cli.BoolFlag{Name: "api", Usage: "also rewrite maps in the exported API of importable packages (needs -pkg with a package their importers can import)"},
			&cli.StringFlag{Name: "fix", Value: "auto", Usage: "the `kind` of fix: lock (take the lock most accesses already hold where it is missing), shardedmap (rewrite the map into a sharded map), or auto (the lock where it can be taken, else the sharded map)"},
			&cli.BoolFlag{Name: "w", Usage: "write the rewritten files (all or nothing)"},
			&cli.BoolFlag{Name: "l", Usage: "list the files that would change"},
			&cli.BoolFlag{Name: "d", Usage: "print a unified diff (the default)"},
			&cli.BoolFlag{Name: "syncmap", Usage: "migrate sync.Maps whose keys and values each have one type to the generated Map[K, V], and nothing else"},
			&cli.BoolFlag{Name: "strict", Usage: "under go generate, exit 1 when -w leaves shared maps that could not be rewritten (as it always does elsewhere)"},
		),
		OnUsageError: func(c *cli.Context, err error, _ bool) error { return usageError(c, err) },
		Action:       rewriteAction,
	}
}

// testHookBeforeWrite runs between planning a -w rewrite and writing it;
// tests use it to change files on disk in that window.
var testHookBeforeWrite = func() {}

func rewriteAction(c *cli.Context) (err error) {
	if c.Bool("syncmap") {
		return syncMapAction(c)
	}
	cfg, err := config(c)
	if err != nil {
		return err
	}
	r, err := withProgress(c, cfg, pipeline.Rewrite)
	if err != nil {
		return err
	}
	stderr := c.App.ErrWriter
	if r.LoadErr != nil {
		// Errors of the user's own code: the packages that compile are
		// still rewritten, and the run fails with those errors.
		fmt.Fprintf(stderr, "mapfix: these packages did not type-check before the rewrite, so they were left as they are (the errors are in the code, not from mapfix):\n%v\n", r.LoadErr)
		defer func() {
			if err == nil || err == exitCode(exitFound) {
				err = exitCode(exitFailure)
			}
		}()
	}
	// Under go generate a map that cannot be rewritten is no reason to
	// fail the generate step on every run: -w writes what it can, and
	// the rest are warnings (-strict makes them a failure again).
	lenient := c.Bool("w") && underGenerate() && !c.Bool("strict")
	warn(c, r)
	report(c, r, lenient)
	switch {
	case c.Bool("w"):
		testHookBeforeWrite()
		if err := apply.Write(r.Files); err != nil {
			return err
		}
		for _, f := range r.Files {
			fmt.Fprintf(stderr, "mapfix: wrote %s\n", relPath(r.Prog.Dir, f.Path))
		}
		if n := len(r.Rewrite.Refused); n > 0 {
			if lenient {
				left := "1 shared map was left as it was"
				if n > 1 {
					left = fmt.Sprintf("%d shared maps were left as they were", n)
				}
				fmt.Fprintf(stderr, "mapfix: warning: %s (exit 0 under go generate; -strict makes it exit 1)\n", left)
				return nil
			}
			return exitCode(exitFound)
		}
		return nil
	default:
		if err := showChanges(c, r.Prog.Dir, r.Files); err != nil {
			return err
		}
	}
	if len(r.Files) > 0 {
		return exitCode(exitFound)
	}
	return nil
}

// showChanges prints the files a run would change: their names with -l,
// else a unified diff of each, relative to its module root and coloured
// on a terminal.
func showChanges(c *cli.Context, dir string, files []apply.File) error {
	if c.Bool("l") {
		for _, f := range files {
			fmt.Fprintln(c.App.Writer, relPath(dir, f.Path))
		}
		return nil
	}
	color := useColor(c.App.Writer)
	for _, f := range files {
		rel, err := filepath.Rel(f.Root, f.Path)
		if err != nil {
			return err
		}
		d := diff.Unified(filepath.ToSlash(rel), f.Old, f.New)
		if color {
			d = diff.Color(d)
		}
		fmt.Fprint(c.App.Writer, d)
	}
	return nil
}

// report prints, on stderr, what was not rewritten and why, and what was
// rewritten with a caveat. asWarnings marks what was not rewritten as
// warnings (under go generate).
func report(c *cli.Context, r *pipeline.Report, asWarnings bool) {
	w := c.App.ErrWriter
	warning := ""
	if asWarnings {
		warning = "warning: "
	}
	for _, f := range r.Findings {
		for _, n := range r.Rewrite.Refused[f.Class] {
			fmt.Fprintf(w, "%s: %s%s not rewritten: %s\n", r.Prog.Rel(n.Pos), warning, f.Name, n.Msg)
		}
		for _, n := range r.Rewrite.Notes[f.Class] {
			fmt.Fprintf(w, "%s: %s: %s\n", r.Prog.Rel(n.Pos), f.Name, n.Msg)
		}
	}
	for _, ch := range r.Rewrite.Changes {
		if ch.Reformatted {
			fmt.Fprintf(w, "mapfix: %s was not gofmt-formatted; the rewritten file is gofmt-formatted, so the change also includes gofmt's edits\n", relPath(r.Prog.Dir, ch.Path))
		}
	}
}

// relPath returns path relative to the working directory (-C), with ../
// where it lies outside it: every path mapfix prints is relative to where
// the user ran it, so that "wrote" lines of one run read alike (the
// generated package may lie above the directory of the package rewritten).
func relPath(wd, path string) string {
	if rel, err := filepath.Rel(wd, path); err == nil {
		return filepath.ToSlash(rel)
	}
	return path
}

// underGenerate reports whether mapfix runs as a go generate directive,
// which sets GOFILE for it.
func underGenerate() bool {
	return os.Getenv("GOFILE") != ""
}
