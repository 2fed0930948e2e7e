package main

import (
	"fmt"
	"path/filepath"
	"strings"

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
			&cli.BoolFlag{Name: "w", Usage: "write the rewritten files (all or nothing)"},
			&cli.BoolFlag{Name: "l", Usage: "list the files that would change"},
			&cli.BoolFlag{Name: "d", Usage: "print a unified diff (the default)"},
		),
		OnUsageError: func(c *cli.Context, err error, _ bool) error { return usageError(c, err) },
		Action:       rewriteAction,
	}
}

// testHookBeforeWrite runs between planning a -w rewrite and writing it;
// tests use it to change files on disk in that window.
var testHookBeforeWrite = func() {}

func rewriteAction(c *cli.Context) error {
	cfg, err := config(c)
	if err != nil {
		return err
	}
	r, err := withProgress(c, cfg, pipeline.Rewrite)
	if err != nil {
		return err
	}
	stderr := c.App.ErrWriter
	warn(c, r)
	report(c, r)
	switch {
	case c.Bool("w"):
		testHookBeforeWrite()
		if err := apply.Write(r.Files); err != nil {
			return err
		}
		for _, f := range r.Files {
			fmt.Fprintf(stderr, "mapfix: wrote %s\n", relPath(r.Prog.Dir, f.Path))
		}
		if len(r.Rewrite.Refused) > 0 {
			return exitCode(exitFound)
		}
		return nil
	case c.Bool("l"):
		for _, f := range r.Files {
			fmt.Fprintln(c.App.Writer, relPath(r.Prog.Dir, f.Path))
		}
	default:
		color := useColor(c.App.Writer)
		for _, f := range r.Files {
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
	}
	if len(r.Files) > 0 {
		return exitCode(exitFound)
	}
	return nil
}

// report prints, on stderr, what was not rewritten and why, and what was
// rewritten with a caveat.
func report(c *cli.Context, r *pipeline.Report) {
	w := c.App.ErrWriter
	for _, f := range r.Findings {
		for _, n := range r.Rewrite.Refused[f.Class] {
			fmt.Fprintf(w, "%s: %s not rewritten: %s\n", r.Prog.Rel(n.Pos), f.Name, n.Msg)
		}
		for _, n := range r.Rewrite.Notes[f.Class] {
			fmt.Fprintf(w, "%s: %s: %s\n", r.Prog.Rel(n.Pos), f.Name, n.Msg)
		}
	}
	for _, ch := range r.Rewrite.Changes {
		if ch.Reformatted {
			fmt.Fprintf(w, "mapfix: %s was not gofmt-formatted; the rewritten file is\n", relPath(r.Prog.Dir, ch.Path))
		}
	}
}

// relPath returns path relative to the working directory (-C) when it is
// below it, as go vet prints positions.
func relPath(wd, path string) string {
	if rel, err := filepath.Rel(wd, path); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	return path
}
