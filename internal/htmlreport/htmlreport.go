// Package htmlreport renders check's findings as one self-contained HTML
// page: the goroutine roots, the maps each reaches, the accesses with the
// locks known at them, each finding coloured by how sure it is, and the
// fix. The page loads nothing (its styles and its small filter script are
// inline, and its content security policy forbids any fetch), so it can be
// mailed, attached to a CI run or opened from a disk with no network.
//
// The package knows nothing of the pipeline: the command fills a Page
// with strings and positions already formatted, so the page's layout and
// its escaping can be tested on any content.
package htmlreport

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"net/url"
	"path/filepath"
	"strings"
)

// Page is everything the page shows.
type Page struct {
	// Title names the run, e.g. "mapfix check ./...".
	Title string
	// Dir is the directory positions are relative to.
	Dir string
	// Version is mapfix's version.
	Version  string
	Findings []Finding
	// Roots are the goroutine starts the findings' accesses run under,
	// in file order, then the spawning context (main, tests, exported
	// functions) when an access runs there.
	Roots []Root
	// Suppressed counts the findings //mapfix:ignore dropped, Below those
	// left out for being less sure than asked.
	Suppressed, Below int
	// Errors are the packages that could not be checked; Warnings the
	// run's other warnings.
	Errors, Warnings []string
}

// Loc is a position: the text shown (file:line:col relative to Page.Dir),
// the link to the file, and the source line there, if known.
type Loc struct {
	Text string
	// Href links to the file (see FileHref); empty for no link.
	Href template.URL
	// Source is the line of code at the position, trimmed; empty when the
	// file was not loaded.
	Source string
}

// Finding is one shared map.
type Finding struct {
	ID         string
	Message    string
	Name, Kind string
	Type       string
	Package    string
	Confidence string // observed, certain, likely or possible
	Decl       Loc
	// InTests marks a race only the tests make.
	InTests  bool
	Accesses []Access
	// Guard describes the lock most accesses hold; empty when none does.
	Guard string
	Fix   Fix
	// Notes are what the rewrite says of the map: which fix it gets and
	// why, caveats of the sharded map.
	Notes []Reason
}

// Access is one access of the evidence.
type Access struct {
	At Loc
	Op string // read, write, delete, range ...
	// Root is the index in Page.Roots of the goroutine the access runs
	// under, or -1 when that is not known (an access a race log showed).
	Root int
	// Via names the callee, known only by its summary, that accesses the
	// map when called here.
	Via string
	// Log is where a race log showed the access.
	Log string
	// Held names the locks held at the access, as their Lock calls
	// write them.
	Held []string
	// Lock is LockMissing when the access goes without LockName, the lock
	// most accesses of the map hold; LockUnknown when a race log showed
	// the access and the locks are not known; LockHeld otherwise.
	Lock     LockState
	LockName string
	// Unsafe says why the missing lock cannot be taken here.
	Unsafe string
}

// LockState is what the page knows of a lock at an access.
type LockState string

// The lock states.
const (
	LockUnknown LockState = ""
	LockHeld    LockState = "held"
	LockMissing LockState = "missing"
)

// Fix is the fix rewrite -fix=auto makes.
type Fix struct {
	Kind string // "lock", "shardedmap" or "none"
	// Lock is the lock the lock fix takes, Sites where.
	Lock  string
	Sites []LockSite
	// Why says why the sharded map and not the lock, when there is a lock.
	Why string
	// Refused are the reasons the map cannot be rewritten.
	Refused []Reason
}

// LockSite is one statement the lock fix holds the lock around.
type LockSite struct {
	At   Loc
	Stmt string
	Lock string // as named at the statement
	Read bool   // RLock
}

// Reason is a message about a position.
type Reason struct {
	At  Loc
	Msg string
}

// Root is a goroutine start.
type Root struct {
	// At is the go statement (or the registering call); zero for the
	// spawning context.
	At    Loc
	Label string
	// Maps are the findings with accesses under this root.
	Maps []RootMap
}

// RootMap is one map a root reaches.
type RootMap struct {
	Finding    int // index in Page.Findings
	Name       string
	Confidence string
	Ops        []RootOp
}

// RootOp is one access of a map under a root.
type RootOp struct {
	Op string
	At Loc
}

// FileURL is the file:// URL of an absolute path, for Loc.Href; empty
// for a path that is not absolute.
func FileURL(path string) template.URL {
	if !filepath.IsAbs(path) {
		return ""
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(path)}
	// The URL is built here from a path, with the file scheme, and
	// percent-escaped by url.URL: it is safe where html/template would
	// refuse a scheme it does not know.
	return template.URL(u.String())
}

// FileHref is the link from a page in the directory pageDir to the file
// at path, for Loc.Href: a relative URL, so that the page and the code can
// move together (a CI artifact, a copy of the checkout) and the links stay
// short, or FileURL where no relative path leads there (another volume).
func FileHref(pageDir, path string) template.URL {
	if !filepath.IsAbs(pageDir) || !filepath.IsAbs(path) {
		return FileURL(path)
	}
	rel, err := filepath.Rel(pageDir, path)
	if err != nil || filepath.IsAbs(rel) {
		return FileURL(path)
	}
	segs := strings.Split(filepath.ToSlash(rel), "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	u := strings.Join(segs, "/")
	if strings.Contains(segs[0], ":") {
		u = "./" + u // "a:b.go" would read as a URL scheme
	}
	// A relative path of escaped segments: it cannot carry a scheme.
	return template.URL(u)
}

//go:embed page.html.tmpl
var pageText string

var pageTmpl = template.Must(template.New("page").Funcs(template.FuncMap{
	"count":  countConfidence,
	"levels": func() []string { return Confidences },
	// Up to this many findings the page opens them all; above, each is
	// one line until clicked, so the page stays a list one can scan.
	"open": func(fs []Finding) bool { return len(fs) <= 40 },
	// A map refused for many reasons shows the first few; the others
	// are one click away.
	// Past maxReasons (a named map type used in hundreds of places) the
	// page only counts them: -json lists them all.
	"first": func(rs []Reason) []Reason { return rs[:min(len(rs), shownReasons)] },
	"rest":  func(rs []Reason) []Reason { return rs[min(len(rs), shownReasons):min(len(rs), maxReasons)] },
	"over":  func(rs []Reason) int { return max(len(rs)-maxReasons, 0) },
	"plural": func(n int, one, many string) string {
		if n == 1 {
			return fmt.Sprintf("%d %s", n, one)
		}
		return fmt.Sprintf("%d %s", n, many)
	},
}).Parse(pageText))

// shownReasons is how many reasons for refusing a map are shown before
// a "more" that opens the others.
const shownReasons = 5

// maxReasons is how many reasons for refusing a map the page holds.
const maxReasons = 50

// Confidences are the levels, most sure first, as the page orders them.
var Confidences = []string{"observed", "certain", "likely", "possible"}

func countConfidence(fs []Finding, level string) int {
	n := 0
	for _, f := range fs {
		if f.Confidence == level {
			n++
		}
	}
	return n
}

// Write renders p to w.
func Write(w io.Writer, p *Page) error {
	var buf bytes.Buffer
	if err := pageTmpl.Execute(&buf, p); err != nil {
		return fmt.Errorf("rendering the page: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}
