package htmlreport_test

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/mapfix/mapfix/internal/htmlreport"
	"github.com/mapfix/mapfix/internal/htmlreport/htmltest"
)

// hostile is text a user's code can put on the page (a struct tag in a map
// type, a comment on a source line, a file name): it must show as text.
const hostile = `</code></script><script>alert("x")</script><img src=x onerror=alert(1)> & "q" 'a' javascript:alert(1) <!--`

func loc(text, path string) htmlreport.Loc {
	return htmlreport.Loc{Text: text, Href: htmlreport.FileURL(path), Source: "m[k] = v // " + hostile}
}

// page builds n findings, the first of them full of hostile strings, with
// every kind of fix, and one root per three findings plus the spawning
// context.
func page(n int) *htmlreport.Page {
	p := &htmlreport.Page{Title: "mapfix check " + hostile, Dir: "/tmp/" + hostile, Version: "v0.1.0",
		Warnings: []string{hostile}, Errors: []string{hostile}, Suppressed: 2, Below: 1}
	levels := htmlreport.Confidences
	for i := range n {
		f := htmlreport.Finding{
			ID:         fmt.Sprintf("example.com/p%d.Cache.m", i),
			Name:       "m",
			Kind:       "field",
			Type:       "map[string]int",
			Package:    fmt.Sprintf("example.com/p%d", i),
			Confidence: levels[i%len(levels)],
			Decl:       loc(fmt.Sprintf("p%d/a.go:3:2", i), fmt.Sprintf("/src/p%d/a.go", i)),
		}
		f.Message = "field m (" + f.Type + ") is shared between goroutines without a lock [" + f.Confidence + "]"
		root := i / 3
		if i == 0 {
			f.ID += hostile
			f.Type = "map[string]struct{X int \"json:\\\"" + hostile + "\\\"\"}"
			f.Message += hostile
			f.Decl = loc("a.go:1:1"+hostile, "/src/"+hostile+".go")
			f.Guard = hostile
			f.Notes = []htmlreport.Reason{{At: loc("a.go:2:2", "/src/a.go"), Msg: hostile}}
		}
		f.Accesses = []htmlreport.Access{
			{At: loc("a.go:10:2", "/src/a.go"), Op: "write", Root: root, Lock: htmlreport.LockMissing, LockName: "c.mu", Unsafe: hostile, Via: hostile},
			{At: loc("a.go:12:2", "/src/a.go"), Op: "read", Root: -1, Lock: htmlreport.LockHeld, Held: []string{"c.mu", "d.rw (read)"}, Log: hostile},
		}
		switch i % 3 {
		case 0:
			f.Fix = htmlreport.Fix{Kind: "lock", Lock: "c.mu", Sites: []htmlreport.LockSite{{At: loc("a.go:10:2", "/src/a.go"), Stmt: hostile, Lock: "d.mu", Read: true}}}
		case 1:
			f.Fix = htmlreport.Fix{Kind: "shardedmap", Why: hostile}
		case 2:
			f.Fix = htmlreport.Fix{Kind: "none", Refused: []htmlreport.Reason{{At: loc("a.go:20:2", "/src/a.go"), Msg: hostile}}}
		}
		p.Findings = append(p.Findings, f)
	}
	for r := 0; r*3 < n; r++ {
		root := htmlreport.Root{At: loc(fmt.Sprintf("main.go:%d:2", r+1), "/src/main.go"), Label: "main.go"}
		for i := r * 3; i < n && i < r*3+3; i++ {
			root.Maps = append(root.Maps, htmlreport.RootMap{Finding: i, Name: "m" + hostile, Confidence: p.Findings[i].Confidence,
				Ops: []htmlreport.RootOp{{Op: "write", At: loc("a.go:10:2", "/src/a.go")}}})
		}
		p.Roots = append(p.Roots, root)
	}
	p.Roots = append(p.Roots, htmlreport.Root{Label: "the spawning context " + hostile})
	return p
}

func render(t *testing.T, p *htmlreport.Page) ([]byte, *htmltest.Node) {
	t.Helper()
	var buf bytes.Buffer
	if err := htmlreport.Write(&buf, p); err != nil {
		t.Fatal(err)
	}
	doc, err := htmltest.Parse(buf.Bytes())
	if err != nil {
		t.Fatalf("%v\n%s", err, buf.Bytes())
	}
	for _, problem := range htmltest.Problems(doc) {
		t.Errorf("the page is not self-contained: %s", problem)
	}
	return buf.Bytes(), doc
}

func TestFindingsShown(t *testing.T) {
	for _, n := range []int{1, 7, 300} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			p := page(n)
			raw, doc := render(t, p)
			details := doc.All(func(n *htmltest.Node) bool { return n.Name == "details" && n.HasClass("finding") })
			if len(details) != n {
				t.Fatalf("%d findings on the page, want %d", len(details), n)
			}
			for i, f := range p.Findings {
				d := details[i]
				if d.Attr["data-id"] != f.ID {
					t.Errorf("finding %d: data-id %q, want %q", i, d.Attr["data-id"], f.ID)
				}
				if !d.HasClass(f.Confidence) {
					t.Errorf("finding %d: class %q lacks its confidence %q", i, d.Attr["class"], f.Confidence)
				}
				sum := d.All(func(n *htmltest.Node) bool { return n.Name == "summary" })
				if len(sum) != 1 || !strings.Contains(sum[0].Text(), f.ID) || !strings.Contains(sum[0].Text(), f.Confidence) {
					t.Errorf("finding %d: the summary line does not name %q and its confidence", i, f.ID)
				}
				text := d.Text()
				switch f.Fix.Kind {
				case "lock":
					if !strings.Contains(text, "Hold c.mu around") || !strings.Contains(text, "RLock") {
						t.Errorf("finding %d: the lock fix is not shown: %s", i, text)
					}
				case "shardedmap":
					if !strings.Contains(text, "sharded map") || !strings.Contains(text, "Not the lock: "+hostile) {
						t.Errorf("finding %d: the sharded map and why not the lock are not shown: %s", i, text)
					}
				case "none":
					if !strings.Contains(text, "Not rewritable:") || !strings.Contains(text, hostile) {
						t.Errorf("finding %d: the refusal is not shown: %s", i, text)
					}
				}
				if !strings.Contains(text, "without c.mu") || !strings.Contains(text, "holds c.mu, d.rw (read)") {
					t.Errorf("finding %d: the locks at the accesses are not shown", i)
				}
			}
			// Above a screenful the findings and the goroutines' table
			// start closed, so the page stays a list; below, open.
			open := details[0].Attr["open"] != ""
			want := n <= 40
			if open != want {
				t.Errorf("with %d findings open=%v, want %v", n, open, want)
			}
			rootsBox := doc.All(func(n *htmltest.Node) bool { return n.Attr["id"] == "roots" })
			if len(rootsBox) != 1 || (rootsBox[0].Attr["open"] != "") != want {
				t.Errorf("with %d findings the goroutines' table is not open=%v", n, want)
			}
			// Every link into the page lands on an element.
			ids := map[string]bool{}
			for _, e := range doc.All(func(n *htmltest.Node) bool { return n.Attr["id"] != "" }) {
				ids[e.Attr["id"]] = true
			}
			for _, a := range doc.All(func(n *htmltest.Node) bool { return strings.HasPrefix(n.Attr["href"], "#") }) {
				if !ids[a.Attr["href"][1:]] {
					t.Errorf("link %s leads nowhere", a.Attr["href"])
				}
			}
			// Every root is a row, and lists its maps.
			rows := doc.All(func(n *htmltest.Node) bool { return n.Name == "tr" && strings.HasPrefix(n.Attr["id"], "root-") })
			if len(rows) != len(p.Roots) {
				t.Errorf("%d roots shown, want %d", len(rows), len(p.Roots))
			}
			if len(raw) > 12000+n*6000 {
				t.Errorf("%d bytes for %d findings: the page grows faster than its findings", len(raw), n)
			}
		})
	}
}

// TestEscaping: what the code under check says shows as text, and never
// becomes markup, a script or a link.
func TestEscaping(t *testing.T) {
	raw, doc := render(t, page(3))
	if bytes.Contains(raw, []byte("<script>alert")) || bytes.Contains(raw, []byte("<img")) {
		t.Errorf("hostile text is in the page as markup")
	}
	scripts := doc.All(func(n *htmltest.Node) bool { return n.Name == "script" })
	if len(scripts) != 1 || strings.Contains(scripts[0].Text(), "alert") {
		t.Errorf("want the page's own script only, got %d scripts", len(scripts))
	}
	// The hostile text is shown intact, once per place it was put.
	text := doc.Text()
	if got := strings.Count(text, hostile); got < 10 {
		t.Errorf("hostile text shown %d times, want it everywhere it was put (10 or more)", got)
	}
	titles := doc.All(func(n *htmltest.Node) bool { return n.Name == "title" })
	if len(titles) != 1 || titles[0].Text() != "mapfix check "+hostile {
		t.Errorf("title: %v", titles)
	}
}

func TestFileURL(t *testing.T) {
	for _, path := range []string{"/src/a.go", "/tmp/a b/#?%.go", "/tmp/" + hostile + ".go"} {
		u := string(htmlreport.FileURL(path))
		parsed, err := url.Parse(u)
		if err != nil || parsed.Scheme != "file" || parsed.Path != path || parsed.RawQuery != "" || parsed.Fragment != "" {
			t.Errorf("FileURL(%q) = %q: want a file URL of that path", path, u)
		}
		if strings.ContainsAny(u, "<>\"' ") {
			t.Errorf("FileURL(%q) = %q: not escaped", path, u)
		}
	}
	if u := htmlreport.FileURL("a.go"); u != "" {
		t.Errorf("FileURL of a relative path = %q, want none", u)
	}
}

func TestNoFindings(t *testing.T) {
	_, doc := render(t, &htmlreport.Page{Title: "mapfix check ./...", Dir: "/src", Version: "v0.1.0"})
	text := doc.Text()
	if !strings.Contains(text, "No map is shared between goroutines without a lock.") {
		t.Errorf("an empty page does not say so: %s", text)
	}
	if n := len(doc.All(func(n *htmltest.Node) bool { return n.Name == "details" || n.Name == "table" })); n != 0 {
		t.Errorf("an empty page has %d tables or findings", n)
	}
}

// TestManyReasons: a map refused for many reasons shows a few and keeps
// the others one click away, so one finding does not fill the page.
func TestManyReasons(t *testing.T) {
	p := page(1)
	f := &p.Findings[0]
	f.Fix = htmlreport.Fix{Kind: "none"}
	for i := range 12 {
		f.Fix.Refused = append(f.Fix.Refused, htmlreport.Reason{At: loc(fmt.Sprintf("a.go:%d:1", i+1), "/src/a.go"), Msg: fmt.Sprintf("reason %d", i+1)})
	}
	_, doc := render(t, p)
	box := doc.All(func(n *htmltest.Node) bool {
		return n.HasClass("refused") && strings.Contains(n.Text(), "Not rewritable")
	})
	if len(box) != 1 {
		t.Fatalf("%d boxes of reasons", len(box))
	}
	more := box[0].All(func(n *htmltest.Node) bool { return n.Name == "details" })
	if len(more) != 1 || more[0].Attr["open"] != "" {
		t.Fatalf("want one closed details for the other reasons, got %d", len(more))
	}
	sum := more[0].All(func(n *htmltest.Node) bool { return n.Name == "summary" })
	if len(sum) != 1 || sum[0].Text() != "7 more reasons" {
		t.Errorf("summary %v", sum)
	}
	shown := strings.Replace(box[0].Text(), more[0].Text(), "", 1)
	for i := 1; i <= 12; i++ {
		reason := fmt.Sprintf("a.go:%d:1: reason %d", i, i)
		if got, want := strings.Contains(shown, reason), i <= 5; got != want {
			t.Errorf("%q shown before the click: %v, want %v", reason, got, want)
		}
		if !strings.Contains(box[0].Text(), reason) {
			t.Errorf("%q missing", reason)
		}
	}
}

func TestFileHref(t *testing.T) {
	for _, c := range []struct{ dir, path, want string }{
		{"/src/m", "/src/m/a.go", "a.go"},
		{"/src/m", "/src/m/p/a b#?.go", "p/a%20b%23%3F.go"},
		{"/tmp/reports", "/src/m/a.go", "../../src/m/a.go"},
		{"/src/m", "/src/m/a:b.go", "./a:b.go"},
		{"", "/src/m/a.go", "file:///src/m/a.go"},
	} {
		got := string(htmlreport.FileHref(c.dir, c.path))
		if got != c.want {
			t.Errorf("FileHref(%q, %q) = %q, want %q", c.dir, c.path, got, c.want)
		}
		base := &url.URL{Scheme: "file", Path: c.dir + "/"}
		if u, err := base.Parse(got); err != nil || u.Scheme != "file" || u.Path != c.path {
			t.Errorf("FileHref(%q, %q) = %q leads to %v (%v)", c.dir, c.path, got, u, err)
		}
	}
}
