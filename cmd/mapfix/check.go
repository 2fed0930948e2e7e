package main

import (
	"encoding/json"
	"fmt"
	"go/token"
	"io"
	"strings"

	"github.com/mapfix/mapfix/detect"
	"github.com/mapfix/mapfix/pipeline"
	"github.com/mapfix/mapfix/rewrite"
	"github.com/urfave/cli/v2"
)

func checkCommand() *cli.Command {
	return &cli.Command{
		Name:      "check",
		Usage:     "list maps shared between goroutines without a lock",
		ArgsUsage: "[packages]",
		Flags: append(commonFlags(),
			&cli.BoolFlag{Name: "json", Usage: "print findings as one JSON object"},
			&cli.BoolFlag{Name: "sarif", Usage: "print findings as a SARIF 2.1.0 log (for code scanning)"},
			&cli.StringFlag{Name: "html", Usage: "also write the findings as one self-contained HTML page to `file` (goroutines, the maps they reach, locks, fixes)"},
		),
		OnUsageError: func(c *cli.Context, err error, _ bool) error { return usageError(c, err) },
		Action: func(c *cli.Context) error {
			if c.Bool("json") && c.Bool("sarif") {
				return usageError(c, fmt.Errorf("-json and -sarif cannot be used together"))
			}
			cfg, err := config(c)
			if err != nil {
				return err
			}
			// Packages that do not type-check are errors (exit 2), but
			// the others are still checked and reported.
			cfg.Load.KeepGoing = true
			r, err := withProgress(c, cfg, pipeline.Check)
			if err != nil {
				return err
			}
			warn(c, r)
			switch {
			case c.Bool("json"):
				if err := writeJSON(c.App.Writer, r); err != nil {
					return err
				}
			case c.Bool("sarif"):
				if err := writeSARIF(c.App.Writer, r); err != nil {
					return err
				}
			default:
				writeText(c.App.Writer, r)
			}
			if name := c.String("html"); name != "" {
				title := strings.TrimSpace("mapfix check " + strings.Join(c.Args().Slice(), " "))
				if err := writeHTML(name, cfg.Load.Dir, title, r); err != nil {
					return err
				}
			}
			if r.LoadErr != nil {
				return r.LoadErr
			}
			if len(r.Findings) > 0 {
				return exitCode(exitFound)
			}
			return nil
		},
	}
}

// writeText prints findings the way go vet prints diagnostics, each
// followed by its ID and the details, indented.
func writeText(w io.Writer, r *pipeline.Report) {
	for _, f := range r.ByShare(r.Findings) {
		fmt.Fprintf(w, "%s: %s\n", r.Prog.Rel(f.Pos), f.Message())
		// The ID is what -only and //mapfix:ignore take.
		fmt.Fprintf(w, "\tid: %s\n", f.ID)
		if s, ok := r.Shares[f]; ok {
			fmt.Fprintf(w, "\tprofile: %s\n", shareText(s))
		}
		for _, e := range f.Evidence {
			fmt.Fprintf(w, "\t%s: %s\n", r.Prog.Rel(e.Pos), evidenceText(e, r.Prog.Rel))
		}
		if f.Suggestion != "" {
			fmt.Fprintf(w, "\tsmaller fix: %s\n", f.Suggestion)
		}
		if fix := r.Fixes[f]; fix != nil {
			fmt.Fprintf(w, "\tfix: %s\n", fixText(r, fix))
		}
		for _, n := range r.Rewrite.Refused[f.Class] {
			fmt.Fprintf(w, "\tnot rewritable: %s: %s\n", r.Prog.Rel(n.Pos), n.Msg)
		}
	}
}

// fixText says which fix rewrite -fix=auto makes: "hold s.mu at a.go:12:2,
// b.go:30:2", "shardedmap", or "none".
func fixText(r *pipeline.Report, fix *pipeline.Fix) string {
	switch fix.Kind {
	case pipeline.FixLock:
		var at []string
		for _, s := range fix.Sites() {
			where := r.Prog.Rel(s.Pos)
			switch {
			case s.Lock != fix.Lock.Lock && s.Read:
				where += " (" + s.Lock + ", RLock)"
			case s.Lock != fix.Lock.Lock:
				where += " (" + s.Lock + ")"
			case s.Read:
				where += " (RLock)"
			}
			at = append(at, where)
		}
		return fmt.Sprintf("hold %s at %s", fix.Lock.Lock, strings.Join(at, ", "))
	case pipeline.FixShardedMap:
		if fix.NoLock != nil {
			return "shardedmap (not the lock: " + fix.NoLock.Msg + ")"
		}
		return "shardedmap"
	}
	return "none"
}

// evidenceText says what an access does and, when it runs in a goroutine,
// where that goroutine starts; rel formats positions.
func evidenceText(e detect.Evidence, rel func(token.Pos) string) string {
	s := e.Op
	if e.Goroutine.IsValid() {
		s += " in the goroutine started at " + rel(e.Goroutine)
	}
	if e.Log != "" {
		s += ", seen racing in " + e.Log
	}
	return s
}

// warn prints the run's warnings on stderr.
func warn(c *cli.Context, r *pipeline.Report) {
	for _, w := range r.Warnings {
		fmt.Fprintf(c.App.ErrWriter, "mapfix: warning: %s\n", w)
	}
}

// jsonFinding is one finding in the -json output, whose shape the README
// documents.
type jsonFinding struct {
	ID         string       `json:"id"`
	Package    string       `json:"package"`
	Name       string       `json:"name"`
	Kind       string       `json:"kind"`
	Pos        string       `json:"pos"`
	Type       string       `json:"type"`
	Confidence string       `json:"confidence"`
	Rewritable bool         `json:"rewritable"`
	Reasons    []jsonReason `json:"reasons"`
	// Notes are caveats of a rewritable finding's rewrite, such as a
	// check-then-act that is no longer one operation on the map.
	Notes      []jsonReason   `json:"notes,omitempty"`
	Evidence   []jsonEvidence `json:"evidence"`
	Suggestion string         `json:"suggestion,omitempty"`
	// InTests marks a race only tests make: the production code holds
	// its lock, the fix (Suggestion) goes in the tests.
	InTests bool `json:"in_tests,omitempty"`
	// Fix is the fix rewrite -fix=auto makes.
	Fix *jsonFix `json:"fix,omitempty"`
	// ProfileShare, with -profile, is the share of the profile's weight
	// in map operations at the accesses and lock waits around them.
	ProfileShare *float64 `json:"profile_share,omitempty"`
}

// jsonFix is a finding's fix: kind "lock" with the lock and the
// statements to hold it around, "shardedmap", or "none". Unsafe lists the
// accesses where the lock most accesses hold cannot be taken, and why.
type jsonFix struct {
	Kind   string         `json:"kind"`
	Lock   string         `json:"lock,omitempty"`
	Sites  []jsonLockSite `json:"sites,omitempty"`
	Unsafe []jsonReason   `json:"unsafe,omitempty"`
}

type jsonLockSite struct {
	Pos  string `json:"pos"`
	Stmt string `json:"stmt"`
	Lock string `json:"lock"` // as named at the statement
	Read bool   `json:"read"` // RLock
}

type jsonReason struct {
	Pos     string `json:"pos"`
	Message string `json:"message"`
}

type jsonEvidence struct {
	Pos       string `json:"pos"`
	Op        string `json:"op"`
	Goroutine string `json:"goroutine,omitempty"`
	Log       string `json:"log,omitempty"` // where a race log showed it: "race.log:12"
	// Held names the locks held at the access, as the Lock calls write them.
	Held []string `json:"held,omitempty"`
}

func writeJSON(w io.Writer, r *pipeline.Report) error {
	out := struct {
		Findings []jsonFinding `json:"findings"`
		// Suppressed counts the findings //mapfix:ignore dropped.
		Suppressed int `json:"suppressed"`
		// Errors says which packages could not be checked (they do not
		// load or type-check); the findings cover the others, and a
		// finding's rewritability does not account for them.
		Errors []string `json:"errors,omitempty"`
	}{Findings: []jsonFinding{}, Suppressed: r.Suppressed}
	if r.LoadErr != nil {
		out.Errors = strings.Split(r.LoadErr.Error(), "\n")
	}
	for _, f := range r.ByShare(r.Findings) {
		refused := r.Rewrite.Refused[f.Class]
		jf := jsonFinding{
			ID: f.ID, Package: f.Package, Name: f.Name, Kind: f.Kind,
			Pos: r.Prog.Rel(f.Pos), Type: f.Type, Confidence: string(f.Confidence),
			Rewritable: len(refused) == 0,
			Reasons:    reasons(r, refused),
			Notes:      notes(r, r.Rewrite.Notes[f.Class]),
			Evidence:   []jsonEvidence{},
			Suggestion: f.Suggestion,
			InTests:    f.InTests,
		}
		jf.Fix = fixJSON(r, f)
		if s, ok := r.Shares[f]; ok {
			share := s.Sum()
			jf.ProfileShare = &share
		}
		for _, e := range f.Evidence {
			je := jsonEvidence{Pos: r.Prog.Rel(e.Pos), Op: e.Op, Log: e.Log, Held: e.Held}
			if e.Goroutine.IsValid() {
				je.Goroutine = r.Prog.Rel(e.Goroutine)
			}
			jf.Evidence = append(jf.Evidence, je)
		}
		out.Findings = append(out.Findings, jf)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func reasons(r *pipeline.Report, notes []rewrite.Note) []jsonReason {
	out := []jsonReason{}
	for _, n := range notes {
		out = append(out, jsonReason{Pos: r.Prog.Rel(n.Pos), Message: n.Msg})
	}
	return out
}

// notes lists the caveats of a rewrite, or nil when there are none.
func notes(r *pipeline.Report, ns []rewrite.Note) []jsonReason {
	if len(ns) == 0 {
		return nil
	}
	return reasons(r, ns)
}

// fixJSON is the fix of f in the -json output.
func fixJSON(r *pipeline.Report, f *detect.Finding) *jsonFix {
	fix := r.Fixes[f]
	if fix == nil {
		return nil
	}
	jf := &jsonFix{Kind: string(fix.Kind)}
	if fix.Lock != nil {
		jf.Lock = fix.Lock.Lock
		for _, s := range fix.Sites() {
			jf.Sites = append(jf.Sites, jsonLockSite{Pos: r.Prog.Rel(s.Pos), Stmt: s.Stmt, Lock: s.Lock, Read: s.Read})
		}
	}
	if f.Guard != nil {
		for _, s := range f.Guard.Sites {
			if s.Unsafe != "" {
				jf.Unsafe = append(jf.Unsafe, jsonReason{Pos: r.Prog.Rel(s.Use.Pos()), Message: s.Unsafe})
			}
		}
	}
	if len(jf.Unsafe) == 0 && fix.NoLock != nil {
		// A site the lock fix itself cannot edit (a goto out of it, a
		// file mapfix may not change).
		jf.Unsafe = append(jf.Unsafe, jsonReason{Pos: r.Prog.Rel(fix.NoLock.Pos), Message: fix.NoLock.Msg})
	}
	return jf
}
