package main

import (
	"bytes"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mapfix/mapfix/internal/htmlreport/htmltest"
	"golang.org/x/tools/txtar"
)

// checkJSON is what the page is compared with: check's -json output.
type checkJSON struct {
	Findings []jsonFinding `json:"findings"`
}

// runCheck runs mapfix check in dir and returns its stdout and exit code.
func runCheck(t *testing.T, dir string, args ...string) (string, int) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(append([]string{"mapfix", "check", "-C", dir}, args...), &stdout, &stderr)
	if code > 1 {
		t.Fatalf("mapfix check %v: exit %d\n%s", args, code, stderr.String())
	}
	return stdout.String(), code
}

// pageOf runs check -html in dir and checks what must hold of every page:
// the other outputs and the exit code are as without -html, and the page
// parses and loads nothing from elsewhere.
func pageOf(t *testing.T, dir string, confidence string) (*htmltest.Node, checkJSON) {
	t.Helper()
	args := []string{"-confidence", confidence, "./..."}
	text, code := runCheck(t, dir, args...)
	js, jsCode := runCheck(t, dir, append([]string{"-json"}, args...)...)
	var want checkJSON
	if err := json.Unmarshal([]byte(js), &want); err != nil {
		t.Fatal(err)
	}
	name := "page " + t.Name()[strings.LastIndex(t.Name(), "/")+1:] + ".html"
	gotText, gotCode := runCheck(t, dir, append([]string{"-html", name}, args...)...)
	if gotText != text || gotCode != code {
		t.Errorf("with -html, exit %d and stdout\n%s\nwant exit %d and\n%s", gotCode, gotText, code, text)
	}
	gotJS, gotJSCode := runCheck(t, dir, append([]string{"-json", "-html", "other.html"}, args...)...)
	if gotJS != js || gotJSCode != jsCode {
		t.Errorf("-json with -html differs from -json alone")
	}
	// A relative name is taken from the -C directory.
	raw, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := htmltest.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range htmltest.Problems(doc) {
		t.Errorf("the page is not self-contained: %s", p)
	}
	linksExist(t, doc, dir)
	// Written elsewhere, the links lead to the same files.
	away := filepath.Join(t.TempDir(), "reports", "a page.html")
	if err := os.MkdirAll(filepath.Dir(away), 0o777); err != nil {
		t.Fatal(err)
	}
	runCheck(t, dir, append([]string{"-html", away}, args...)...)
	raw, err = os.ReadFile(away)
	if err != nil {
		t.Fatal(err)
	}
	awayDoc, err := htmltest.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	linksExist(t, awayDoc, filepath.Dir(away))
	return doc, want
}

// linksExist checks that each link of a page in dir to a file, taken as a
// browser would, names a file that exists, and that some link does.
func linksExist(t *testing.T, doc *htmltest.Node, dir string) {
	t.Helper()
	base := &url.URL{Scheme: "file", Path: filepath.ToSlash(dir) + "/"}
	n := 0
	for _, a := range doc.All(func(n *htmltest.Node) bool { return n.Attr["href"] != "" && !strings.HasPrefix(n.Attr["href"], "#") }) {
		u, err := base.Parse(a.Attr["href"])
		if err != nil || u.Scheme != "file" {
			t.Errorf("link %q: %v", a.Attr["href"], err)
			continue
		}
		if _, err := os.Stat(filepath.FromSlash(u.Path)); err != nil {
			t.Errorf("link %q (%s) from %s: %v", a.Attr["href"], a.Text(), dir, err)
		}
		n++
	}
	if n == 0 && len(doc.All(func(n *htmltest.Node) bool { return n.HasClass("finding") })) > 0 {
		t.Errorf("no link to a file")
	}
}

// findingsMatch checks that each finding of the JSON output is on the
// page, in order, with its confidence, every access of its evidence, and
// the goroutine each runs in as a row of the roots' table.
func findingsMatch(t *testing.T, doc *htmltest.Node, want checkJSON) map[string]*htmltest.Node {
	t.Helper()
	details := doc.All(func(n *htmltest.Node) bool { return n.Name == "details" && n.HasClass("finding") })
	if len(details) != len(want.Findings) {
		t.Fatalf("%d findings on the page, want %d", len(details), len(want.Findings))
	}
	roots := map[string]bool{}
	for _, tr := range doc.All(func(n *htmltest.Node) bool { return n.Name == "tr" && strings.HasPrefix(n.Attr["id"], "root-") }) {
		roots[strings.TrimSpace(tr.Children[0].Text())] = true
	}
	byID := map[string]*htmltest.Node{}
	for i, f := range want.Findings {
		d := details[i]
		byID[f.ID] = d
		if d.Attr["data-id"] != f.ID || !d.HasClass(f.Confidence) {
			t.Errorf("finding %d: id %q class %q, want %q %q", i, d.Attr["data-id"], d.Attr["class"], f.ID, f.Confidence)
		}
		text := d.Text()
		for _, e := range f.Evidence {
			if !strings.Contains(text, e.Pos) {
				t.Errorf("%s: access %s not shown", f.ID, e.Pos)
			}
			if e.Goroutine != "" && !roots[e.Goroutine] {
				t.Errorf("%s: the goroutine started at %s is not among the roots %v", f.ID, e.Goroutine, roots)
			}
		}
	}
	return byID
}

// TestHTMLExamples renders the bundled examples.
func TestHTMLExamples(t *testing.T) {
	dir, err := filepath.Abs("../../examples")
	if err != nil {
		t.Fatal(err)
	}
	// The page is written into the examples: write it into a copy.
	tmp := t.TempDir()
	if err := os.CopyFS(tmp, os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}
	doc, want := pageOf(t, tmp, "possible")
	if len(want.Findings) < 5 {
		t.Fatalf("the examples have %d findings, want 5 or more", len(want.Findings))
	}
	byID := findingsMatch(t, doc, want)
	hits := byID["example.com/mapfixexamples/webcache.hits"]
	if hits == nil || !strings.Contains(hits.Text(), "hits[path]++") || !strings.Contains(hits.Text(), "sharded map") {
		t.Errorf("webcache.hits does not show its code and its fix")
	}
}

// TestHTMLFixes renders a module with one finding of each kind of fix.
func TestHTMLFixes(t *testing.T) {
	ar, err := txtar.ParseFile("testdata/html/page.txtar")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range ar.Files {
		if err := os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o666); err != nil {
			t.Fatal(err)
		}
	}
	doc, want := pageOf(t, dir, "likely")
	byID := findingsMatch(t, doc, want)
	text := func(id string) string {
		d := byID["example.com/page."+id]
		if d == nil {
			t.Fatalf("no finding %s", id)
		}
		return strings.Join(strings.Fields(d.Text()), " ")
	}
	for id, wants := range map[string][]string{
		// The lock fix: where, and which accesses hold the lock.
		"Cache.data": {"Hold c.mu around: main.go:28:2: delete(c.data, k)", "c.mu is held at 2 of the 3 accesses",
			"main.go:17:2 c.data[k] = v write main.go:72:3 holds c.mu", "main.go:28:9 delete(c.data, k) delete main.go:72:3 without c.mu"},
		// The sharded map, and why not the lock.
		"Index.keys": {"Make it a sharded map", "Not the lock: x.mu cannot be taken here: x.mu would be held while it calls Index.size",
			"without x.mu cannot take it here"},
		"hits": {"Make it a sharded map", "hits[k]++ // </td><script>alert(2)</script>"},
		// Refused: the reasons.
		"seen": {"No fix is made.", "Not rewritable: main.go:86:53: it is passed to reflect.ValueOf"},
		// Markup in the type and the code is text.
		"tagged": {`struct{N int "json:\"</code></script><script>alert(1)</script>\""}`},
	} {
		got := text(id)
		for _, w := range wants {
			if !strings.Contains(got, w) {
				t.Errorf("%s: the page does not say %q; it says:\n%s", id, w, got)
			}
		}
	}
	if n := len(doc.All(func(n *htmltest.Node) bool { return n.Name == "script" })); n != 1 {
		t.Errorf("%d scripts on the page, want only its own", n)
	}
	// One goroutine starts at main.go:72:3 and reaches all five maps.
	rows := doc.All(func(n *htmltest.Node) bool { return n.Name == "tr" && strings.HasPrefix(n.Attr["id"], "root-") })
	if len(rows) != 1 || len(rows[0].All(func(n *htmltest.Node) bool { return n.Name == "li" })) != 5 {
		t.Errorf("want one goroutine reaching 5 maps, got %d roots", len(rows))
	}
}

// TestHTMLNoFindings: a module without shared maps gets a page that says so,
// and exit 0.
func TestHTMLNoFindings(t *testing.T) {
	dir := t.TempDir()
	for name, src := range map[string]string{
		"go.mod":  "module example.com/quiet\n\ngo 1.26\n",
		"main.go": "package main\n\nvar m = map[string]int{}\n\nfunc main() { m[\"a\"]++ }\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	doc, want := pageOf(t, dir, "possible")
	if len(want.Findings) != 0 {
		t.Fatalf("want no findings, got %d", len(want.Findings))
	}
	if !strings.Contains(doc.Text(), "No map is shared between goroutines without a lock.") {
		t.Errorf("the page does not say that nothing was found")
	}
}

// TestHTMLUnwritable: a page that cannot be written is an error, exit 2.
func TestHTMLUnwritable(t *testing.T) {
	dir, err := filepath.Abs("../../examples")
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	code := run([]string{"mapfix", "check", "-C", dir, "-html", filepath.Join(t.TempDir(), "no", "such", "dir", "p.html"), "./..."}, &stdout, &stderr)
	if code != exitFailure || !strings.Contains(stderr.String(), "writing the page") {
		t.Errorf("exit %d, stderr %q; want exit %d and the reason", code, stderr.String(), exitFailure)
	}
}
