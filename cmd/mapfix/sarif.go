package main

import (
	"bytes"
	"fmt"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/mapfix/mapfix/detect"
	"github.com/mapfix/mapfix/internal/load"
	"github.com/mapfix/mapfix/internal/sarif"
	"github.com/mapfix/mapfix/pipeline"
	"github.com/mapfix/mapfix/rewrite"
)

// The -sarif output of check is a SARIF 2.1.0 log with one run and one
// rule, for code-scanning tools (GitHub code scanning first):
//
//   - Each finding is a result of the rule mapfix/shared-map. Its level
//     follows the confidence: error for observed and certain, warning for
//     likely, note for possible. Its message is the sentence of the text
//     output, then the smaller fix and the reasons it is not rewritable,
//     as the text output prints them.
//   - The primary location is the map's declaration; the related locations
//     are every access given as evidence ("write in the goroutine started
//     at x.go:3:2") and every reason the map is not rewritable.
//   - File URIs are relative to the root of the module of the working
//     directory (uriBaseId %SRCROOT%, which originalUriBaseIds maps to that
//     directory); a file of the standard library known from export data
//     ("$GOROOT/src/...") is relative to the uriBaseId GOROOT, and any other
//     file outside the root is an absolute file URI. A map declared outside
//     the root is reported at its first access inside it, with its
//     declaration as a related location, since code scanning shows alerts
//     only in files of the repository. Positions in
//     messages are written the same way, relative to that root, so they
//     match the URIs. Regions are the physical positions in the files
//     (//line directives are not applied), columns in UTF-16 code units.
//   - partialFingerprints carry the finding ID (pkgpath.Var, ...), which
//     does not change when lines move; code scanning matches alerts across
//     runs by it.
//   - properties carry the finding's id, kind, type, confidence and
//     whether mapfix rewrite can rewrite it; with -profile, also
//     profile_share, the finding's share of the profile (0 to 1), which
//     is also the result's rank (0 to 100), so that tools that sort by
//     rank show the hottest map first.

// sharedMapRule is the one rule mapfix reports.
var sharedMapRule = sarif.ReportingDescriptor{
	ID:   "mapfix/shared-map",
	Name: "SharedMap",
	ShortDescription: &sarif.MultiformatMessage{
		Text: "Map shared between goroutines without a lock",
	},
	FullDescription: &sarif.MultiformatMessage{
		Text: "A map is accessed by goroutines that may run at the same time, at least one of them writes it, " +
			"and no common lock guards these accesses. Go maps are not safe for concurrent use: the program " +
			"has a data race, and the runtime may stop it with \"fatal error: concurrent map writes\".",
	},
	Help: &sarif.MultiformatMessage{
		Text: "Hold one sync.Mutex (or sync.RWMutex) around every access of the map, or run " +
			"\"mapfix rewrite -w\" to replace the map with a generated sharded concurrent map that keeps " +
			"the same behaviour. The related locations show the conflicting accesses and the goroutines " +
			"they run in. Confidence: observed (seen in a go test -race log), certain (conflicting accesses " +
			"from goroutines the program starts), likely (HTTP handlers or registered callbacks), possible " +
			"(-exported: an exported function writes a package map with no lock). The level is error for " +
			"observed and certain, warning for likely, note for possible.",
		Markdown: "Hold one `sync.Mutex` (or `sync.RWMutex`) around every access of the map, or run " +
			"`mapfix rewrite -w` to replace the map with a generated sharded concurrent map that keeps " +
			"the same behaviour. The related locations show the conflicting accesses and the goroutines " +
			"they run in.\n\n" +
			"| confidence | meaning | level |\n|---|---|---|\n" +
			"| observed | seen in a `go test -race` log | error |\n" +
			"| certain | conflicting accesses from goroutines the program starts | error |\n" +
			"| likely | HTTP handlers or registered callbacks | warning |\n" +
			"| possible | `-exported`: an exported function writes a package map with no lock | note |\n",
	},
	DefaultConfiguration: &sarif.ReportingConfiguration{Level: sarif.LevelError},
	Properties:           sarif.PropertyBag{"tags": []string{"concurrency", "correctness", "data-race"}},
}

// informationURI is where mapfix is documented.
const informationURI = "https://github.com/mapfix/mapfix"

// fingerprintKey names mapfix's partial fingerprint; the version suffix
// lets a later mapfix change what it hashes without mixing the two.
const fingerprintKey = "mapfixFindingId/v1"

// writeSARIF prints r as a SARIF log.
func writeSARIF(w io.Writer, r *pipeline.Report) error {
	s := &sarifWriter{prog: r.Prog, root: moduleRoot(r.Prog.Dir)}
	run := sarif.Run{
		Tool: sarif.Tool{Driver: sarif.ToolComponent{
			Name:           "mapfix",
			Version:        version(),
			InformationURI: informationURI,
			Rules:          []sarif.ReportingDescriptor{sharedMapRule},
		}},
		OriginalURIBaseIDs: map[string]sarif.ArtifactLocation{
			sarif.SrcRoot: {URI: sarif.FileURI(strings.TrimSuffix(filepath.ToSlash(s.root), "/") + "/")},
		},
		Results:     []sarif.Result{},
		ColumnKind:  sarif.ColumnKindUTF16,
		Invocations: []sarif.Invocation{{ExecutionSuccessful: r.LoadErr == nil}},
	}
	if r.LoadErr != nil {
		// Packages that did not load or type-check were not checked.
		for _, line := range strings.Split(r.LoadErr.Error(), "\n") {
			run.Invocations[0].ToolExecutionNotifications = append(run.Invocations[0].ToolExecutionNotifications,
				sarif.Notification{Level: "error", Message: sarif.Message{Text: line}})
		}
	}
	seen := make(map[string]int) // finding ID -> how many results had it
	for _, f := range r.Findings {
		res := s.result(f, r.Rewrite.Refused[f.Class])
		if share, ok := r.Shares[f]; ok {
			profileSARIF(&res, share)
		}
		// Finding IDs are unique in practice; should two ever collide
		// (shadowed locals of one function), number the later ones so
		// that code scanning does not merge their alerts.
		if n := seen[f.ID]; n > 0 {
			res.PartialFingerprints[fingerprintKey] = fmt.Sprintf("%s#%d", f.ID, n+1)
		}
		seen[f.ID]++
		run.Results = append(run.Results, res)
	}
	return sarif.NewLog(run).Encode(w)
}

// sarifWriter turns findings into results, with positions relative to
// root.
type sarifWriter struct {
	prog *load.Program
	root string
}

func (s *sarifWriter) result(f *detect.Finding, refused []rewrite.Note) sarif.Result {
	var msg strings.Builder
	msg.WriteString(f.Message())
	if f.Suggestion != "" {
		msg.WriteString("\nsmaller fix: " + f.Suggestion)
	}
	for _, n := range refused {
		fmt.Fprintf(&msg, "\nnot rewritable: %s: %s", s.rel(n.Pos), n.Msg)
	}
	// Code scanning shows an alert only at a file of the repository: a map
	// declared elsewhere (a field of a type from the standard library) is
	// reported at its first access inside the module, and its declaration
	// becomes a related location.
	at := f.Pos
	if !s.inRoot(at) {
		for _, e := range f.Evidence {
			if s.inRoot(e.Pos) {
				at = e.Pos
				break
			}
		}
	}
	primary := sarif.Location{
		PhysicalLocation: s.physical(at, f.Name),
		LogicalLocations: []sarif.LogicalLocation{{
			Name:               f.Name,
			FullyQualifiedName: f.ID,
			Kind:               logicalKind(f.Kind),
		}},
	}
	res := sarif.Result{
		RuleID:              sharedMapRule.ID,
		RuleIndex:           0,
		Level:               level(f.Confidence),
		Message:             sarif.Message{Text: msg.String()},
		Locations:           []sarif.Location{primary},
		PartialFingerprints: map[string]string{fingerprintKey: f.ID},
		Properties: sarif.PropertyBag{
			"id":         f.ID,
			"kind":       f.Kind,
			"type":       f.Type,
			"confidence": string(f.Confidence),
			"rewritable": len(refused) == 0,
		},
	}
	type key struct {
		pos token.Pos
		msg string
	}
	done := make(map[key]bool)
	add := func(pos token.Pos, text string) {
		if done[key{pos, text}] {
			return
		}
		done[key{pos, text}] = true
		phys := s.physical(pos, "")
		if phys == nil {
			// A reason without a position is about the map as a whole.
			phys = s.physical(f.Pos, "")
		}
		res.RelatedLocations = append(res.RelatedLocations, sarif.Location{
			ID:               len(res.RelatedLocations) + 1,
			PhysicalLocation: phys,
			Message:          &sarif.Message{Text: text},
		})
	}
	if at != f.Pos {
		add(f.Pos, fmt.Sprintf("declaration of %s", f.Name))
	}
	for _, e := range f.Evidence {
		add(e.Pos, evidenceText(e, s.rel))
	}
	for _, n := range refused {
		add(n.Pos, "not rewritable: "+n.Msg)
	}
	return res
}

// physical returns the SARIF location of pos, or nil when pos is unknown.
// When name is the identifier found at pos, the region spans it.
func (s *sarifWriter) physical(pos token.Pos, name string) *sarif.PhysicalLocation {
	p := s.prog.Fset.PositionFor(pos, false)
	if !p.IsValid() {
		return nil
	}
	region := &sarif.Region{StartLine: p.Line, StartColumn: p.Column}
	if f := s.prog.FileOf(pos); f != nil && f.Src != nil {
		// Go counts columns in bytes, SARIF in UTF-16 code units.
		start := p.Offset - (p.Column - 1)
		if start >= 0 && p.Offset <= len(f.Src) {
			line := f.Src[start:]
			region.StartColumn = sarif.Column(line[:p.Column-1])
			if name != "" && bytes.HasPrefix(line[p.Column-1:], []byte(name)) {
				region.EndColumn = sarif.Column(line[:p.Column-1+len(name)])
			}
		}
	}
	return &sarif.PhysicalLocation{ArtifactLocation: s.artifact(p.Filename), Region: region}
}

// goroot is the uriBaseId of files of the Go distribution: positions read
// from export data name them "$GOROOT/src/...". The run leaves it to the
// consumer to resolve, as SARIF allows.
const goroot = "GOROOT"

// artifact locates a file: relative to the module root when inside it,
// relative to GOROOT for the standard library as export data names it,
// and by absolute file URI otherwise.
func (s *sarifWriter) artifact(filename string) sarif.ArtifactLocation {
	if rel, ok := s.relPath(filename); ok {
		return sarif.ArtifactLocation{URI: sarif.RelativeURI(rel), URIBaseID: sarif.SrcRoot}
	}
	slash := filepath.ToSlash(filename)
	if rest, ok := strings.CutPrefix(slash, "$GOROOT/"); ok {
		return sarif.ArtifactLocation{URI: sarif.RelativeURI(rest), URIBaseID: goroot}
	}
	if filepath.IsAbs(filename) {
		return sarif.ArtifactLocation{URI: sarif.FileURI(slash)}
	}
	return sarif.ArtifactLocation{URI: sarif.RelativeURI(slash)}
}

// inRoot reports whether pos is in a file inside the module root.
func (s *sarifWriter) inRoot(pos token.Pos) bool {
	p := s.prog.Fset.PositionFor(pos, false)
	_, ok := s.relPath(p.Filename)
	return p.IsValid() && ok
}

// rel formats pos as go vet does (file:line:column, byte columns), with
// the file relative to the module root when inside it.
func (s *sarifWriter) rel(pos token.Pos) string {
	p := s.prog.Fset.PositionFor(pos, false)
	if !p.IsValid() {
		return "-"
	}
	name := filepath.ToSlash(p.Filename)
	if rel, ok := s.relPath(p.Filename); ok {
		name = rel
	}
	return fmt.Sprintf("%s:%d:%d", name, p.Line, p.Column)
}

// relPath returns filename relative to the root, slash-separated, and
// whether it is inside the root.
func (s *sarifWriter) relPath(filename string) (string, bool) {
	rel, err := filepath.Rel(s.root, filename)
	if err != nil || !filepath.IsLocal(rel) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// moduleRoot returns the directory of the go.mod that governs dir, as the
// go command finds it, or dir itself when there is none (load has already
// refused to work outside a module, so that does not happen in practice).
func moduleRoot(dir string) string {
	for d := dir; ; {
		if fi, err := os.Stat(filepath.Join(d, "go.mod")); err == nil && !fi.IsDir() {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return dir
		}
		d = parent
	}
}

// level maps a confidence to a SARIF level: a race seen or certain is an
// error, a likely one a warning, a possible one (from -exported, which
// assumes concurrent callers) a note.
func level(c detect.Confidence) string {
	switch c {
	case detect.Observed, detect.Certain:
		return sarif.LevelError
	case detect.Likely:
		return sarif.LevelWarning
	}
	return sarif.LevelNote
}

// logicalKind maps a finding kind to SARIF's well-known logical location
// kinds.
func logicalKind(kind string) string {
	switch kind {
	case "field":
		return "member"
	case "param":
		return "parameter"
	}
	return "variable"
}
