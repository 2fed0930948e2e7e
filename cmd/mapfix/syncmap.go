package main

import (
	"fmt"

	"github.com/mapfix/mapfix/internal/apply"
	"github.com/mapfix/mapfix/pipeline"
	"github.com/urfave/cli/v2"
)

// syncMapAction is rewrite -syncmap: it migrates sync.Maps to the
// generated Map[K, V] and does nothing else, so that a reviewer sees one
// kind of change at a time. Its output and exit codes are rewrite's: a
// diff (exit 1 when there is one), -l, or -w (exit 1 when some sync.Map
// was left as it was, with the reasons on stderr).
func syncMapAction(c *cli.Context) (err error) {
	// These choose among shared-map findings, which the migration does
	// not look at: taking them silently would suggest they do something.
	for _, name := range []string{"only", "confidence", "race-log", "exported", "profile", "fix", "strict"} {
		if c.IsSet(name) {
			return usageError(c, fmt.Errorf("-syncmap migrates every sync.Map it can and takes no -%s (run rewrite without -syncmap for the shared maps)", name))
		}
	}
	cfg, err := config(c)
	if err != nil {
		return err
	}
	// The progress line is rewrite's (typed to its report); the
	// migration runs without one.
	r, err := pipeline.MigrateSyncMaps(cfg)
	if err != nil {
		return err
	}
	stderr := c.App.ErrWriter
	if r.LoadErr != nil {
		fmt.Fprintf(stderr, "mapfix: these packages did not type-check before the migration, so they were left as they are (the errors are in the code, not from mapfix):\n%v\n", r.LoadErr)
		defer func() {
			if err == nil || err == exitCode(exitFound) {
				err = exitCode(exitFailure)
			}
		}()
	}
	refused := 0
	for _, m := range r.Result.Maps {
		for _, n := range m.Refusals {
			fmt.Fprintf(stderr, "%s: sync.Map %s not migrated: %s\n", r.Prog.Rel(n.Pos), m.Name, n.Msg)
		}
		for _, n := range m.Notes {
			fmt.Fprintf(stderr, "%s: sync.Map %s: %s\n", r.Prog.Rel(n.Pos), m.Name, n.Msg)
		}
		if len(m.Refusals) > 0 {
			refused++
		}
	}
	if n := len(r.Result.Maps); n > 0 {
		fmt.Fprintf(stderr, "mapfix: sync.Maps migrated: %d, left as they were: %d\n", n-refused, refused)
	}
	switch {
	case c.Bool("w"):
		if err := apply.Write(r.Files); err != nil {
			return err
		}
		for _, f := range r.Files {
			fmt.Fprintf(stderr, "mapfix: wrote %s\n", relPath(r.Prog.Dir, f.Path))
		}
		if refused > 0 {
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
