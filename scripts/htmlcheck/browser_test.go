package htmlcheck

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

var screenshot = flag.String("screenshot", "", "also save a PNG of the examples' page to `file`")

// root is the repository root, where mapfix's module is.
const root = "../.."

// findChrome returns the browser to drive, or "" when there is none.
func findChrome() string {
	if p := os.Getenv("CHROME"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

var (
	buildOnce sync.Once
	mapfix    string
	buildErr  error
)

// buildMapfix builds the command from this checkout, once per run.
func buildMapfix(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "htmlcheck")
		if err != nil {
			buildErr = err
			return
		}
		mapfix = filepath.Join(dir, "mapfix")
		cmd := exec.Command("go", "build", "-o", mapfix, "./cmd/mapfix")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build ./cmd/mapfix: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return mapfix
}

// finding is what the test needs of check -json's findings.
type finding struct {
	ID         string `json:"id"`
	Confidence string `json:"confidence"`
}

// check runs mapfix check -html on the module in dir and returns the
// page's path and the findings -json lists.
func check(t *testing.T, dir string) (string, []finding) {
	t.Helper()
	bin := buildMapfix(t)
	pagePath := filepath.Join(t.TempDir(), "page.html")
	args := []string{"check", "-C", dir, "-confidence", "possible"}
	out, err := exec.Command(bin, append(args, "-json", "-html", pagePath, "./...")...).Output()
	if code := exitCode(err); code != 0 && code != 1 {
		t.Fatalf("mapfix check: %v", err)
	}
	var got struct{ Findings []finding }
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("mapfix check -json: %v\n%s", err, out)
	}
	return pagePath, got.Findings
}

func exitCode(err error) int {
	if err == nil {
		return 0
	}
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	return -1
}

// browser is one headless page and what it reported: console errors,
// uncaught exceptions, requests for anything but the page, and dialogs.
type browser struct {
	ctx      context.Context
	mu       sync.Mutex
	problems []string
}

func (b *browser) report(format string, args ...any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.problems = append(b.problems, fmt.Sprintf(format, args...))
}

func (b *browser) Problems() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.problems...)
}

func newBrowser(t *testing.T) *browser {
	t.Helper()
	chrome := findChrome()
	if chrome == "" {
		t.Skip("no Chromium found (apt-get install chromium, or set CHROME): the page is not checked in a browser")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome),
		chromedp.NoSandbox, // CI runs as root, where Chromium's sandbox does not start
		chromedp.DisableGPU,
		chromedp.WindowSize(1280, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancel(); cancelAlloc() })
	b := &browser{ctx: ctx}
	// Console errors and warnings, uncaught exceptions, and the
	// browser's own errors (a content security policy violation, a failed
	// load) are all messages of the console.
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return // the test is over
			}
			switch m.Type {
			case chromedp.ConsoleError, chromedp.ConsoleWarning, chromedp.ConsoleException:
				b.report("console %s", m)
			}
		}
	}()
	err := chromedp.Listen(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			if !strings.HasPrefix(ev.Request.URL, "file://") {
				b.report("request for %s", ev.Request.URL)
			}
		case *page.EventJavascriptDialogOpening:
			b.report("a dialog opened: %q", ev.Message)
			// Not from the listener, which must not wait on the browser.
			go chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{}) //nolint:errcheck // the test fails anyway
		}
	})
	if err != nil {
		t.Fatalf("starting %s: %v", chrome, err)
	}
	return b
}

// visibleJS returns, of the finding IDs given, those whose finding is not
// shown: no element with that data-id, hidden, of no size, or whose one-line
// summary does not name it.
const visibleJS = `(function (ids) {
  var missing = [];
  ids.forEach(function (id) {
    var el = Array.prototype.find.call(document.querySelectorAll("details.finding"), function (d) { return d.dataset.id === id; });
    var sum = el && el.querySelector("summary");
    var r = sum && sum.getBoundingClientRect();
    if (!el || !el.checkVisibility() || !sum.checkVisibility() || r.width === 0 || r.height === 0 || sum.textContent.indexOf(id) < 0) {
      missing.push(id);
    }
  });
  return missing;
})(%s)`

// shown returns, of the findings, the IDs the page does not show.
func (b *browser) hidden(t *testing.T, fs []finding) []string {
	t.Helper()
	ids := []string{}
	for _, f := range fs {
		ids = append(ids, f.ID)
	}
	js, err := json.Marshal(ids)
	if err != nil {
		t.Fatal(err)
	}
	missing, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](fmt.Sprintf(visibleJS, js)))
	if err != nil {
		t.Fatal(err)
	}
	return missing
}

// load opens the page and waits for its script to have run.
func (b *browser) load(t *testing.T, path string) {
	t.Helper()
	u := "file://" + filepath.ToSlash(path)
	if err := chromedp.Do(b.ctx, chromedp.Navigate(u), chromedp.WaitVisible(chromedp.CSS("#findings, .empty"))); err != nil {
		t.Fatalf("loading %s: %v", u, err)
	}
}

func (b *browser) noProblems(t *testing.T) {
	t.Helper()
	// Let late console messages arrive.
	_ = chromedp.Do(b.ctx, chromedp.Sleep(200*time.Millisecond))
	for _, p := range b.Problems() {
		t.Errorf("%s", p)
	}
}

// TestExamples opens the page of the bundled examples: no console error,
// every finding shown, and the filters hide and show what they say.
func TestExamples(t *testing.T) {
	b := newBrowser(t)
	dir, err := filepath.Abs(filepath.Join(root, "examples"))
	if err != nil {
		t.Fatal(err)
	}
	pagePath, fs := check(t, dir)
	if len(fs) < 5 {
		t.Fatalf("the examples have %d findings, want 5 or more", len(fs))
	}
	b.load(t, pagePath)
	if missing := b.hidden(t, fs); len(missing) > 0 {
		t.Errorf("findings not shown: %v", missing)
	}

	// Unticking a confidence hides its findings and only those.
	var likely, other []finding
	for _, f := range fs {
		if f.Confidence == "likely" {
			likely = append(likely, f)
		} else {
			other = append(other, f)
		}
	}
	if len(likely) == 0 || len(other) == 0 {
		t.Fatalf("want findings likely and not: %v", fs)
	}
	if err := chromedp.Do(b.ctx, chromedp.Click(chromedp.CSS(`input[data-level="likely"]`))); err != nil {
		t.Fatal(err)
	}
	if got := b.hidden(t, likely); len(got) != len(likely) {
		t.Errorf("with likely unticked, %d of %d likely findings are still shown", len(likely)-len(got), len(likely))
	}
	if got := b.hidden(t, other); len(got) > 0 {
		t.Errorf("with likely unticked, these others are hidden: %v", got)
	}
	shown, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS("#shown")))
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("%d of %d shown", len(other), len(fs)); shown != want {
		t.Errorf("the count says %q, want %q", shown, want)
	}
	if err := chromedp.Do(b.ctx, chromedp.Click(chromedp.CSS(`input[data-level="likely"]`))); err != nil {
		t.Fatal(err)
	}
	// Typing a map's name keeps only the findings that mention it.
	if err := chromedp.Do(b.ctx, chromedp.SendKeys(chromedp.CSS("#q"), "byDigit")); err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		got := b.hidden(t, []finding{f})
		if want := !strings.HasSuffix(f.ID, ".byDigit"); (len(got) > 0) != want {
			t.Errorf("searching byDigit: %s hidden=%v, want %v", f.ID, len(got) > 0, want)
		}
	}
	if err := chromedp.Do(b.ctx, chromedp.Evaluate[chromedp.Void](`(function (q) { q.value = ""; q.dispatchEvent(new Event("input")); })(document.getElementById("q"))`)); err != nil {
		t.Fatal(err)
	}
	if missing := b.hidden(t, fs); len(missing) > 0 {
		t.Errorf("findings not shown after clearing the filter: %v", missing)
	}
	b.noProblems(t)

	if *screenshot != "" {
		// What a reader sees first: the summary, the goroutines and the
		// first findings.
		if err := chromedp.Do(b.ctx, chromedp.EmulateViewport(1100, 1000)); err != nil {
			t.Fatal(err)
		}
		png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(*screenshot, png, 0o666); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s (%d bytes)", *screenshot, len(png))
	}
}

// TestEveryFix opens the page of a module with one finding of each kind
// of fix and markup in its map types and code: every finding is shown,
// and the markup runs nothing (no dialog, no script error).
func TestEveryFix(t *testing.T) {
	b := newBrowser(t)
	dir := t.TempDir()
	if err := extractTxtar(filepath.Join(root, "cmd/mapfix/testdata/html/page.txtar"), dir); err != nil {
		t.Fatal(err)
	}
	pagePath, fs := check(t, dir)
	if len(fs) < 5 {
		t.Fatalf("%d findings, want 5 or more", len(fs))
	}
	b.load(t, pagePath)
	if missing := b.hidden(t, fs); len(missing) > 0 {
		t.Errorf("findings not shown: %v", missing)
	}
	scripts, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.scripts.length`))
	if err != nil {
		t.Fatal(err)
	}
	if scripts != 1 {
		t.Errorf("%d scripts in the page, want its own only", scripts)
	}
	// A link to a finding opens it, closed or not.
	if err := chromedp.Do(b.ctx,
		chromedp.Evaluate[chromedp.Void](`document.querySelectorAll("details.finding").forEach(function (d) { d.open = false; })`),
		chromedp.Click(chromedp.CSS(`#roots a[href="#f-0"]`)),
	); err != nil {
		t.Fatal(err)
	}
	// The page opens it on the hashchange event, after the click returns.
	wctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	if err := chromedp.Do(wctx, chromedp.WaitVisible(chromedp.CSS("#f-0 dl.facts"))); err != nil {
		t.Errorf("following a link to a closed finding does not open it: %v", err)
	}
	// And a link from an access to its goroutine opens the table of
	// goroutines (closed on a page of many findings).
	if err := chromedp.Do(wctx,
		chromedp.Evaluate[chromedp.Void](`document.getElementById("roots").open = false`),
		chromedp.Click(chromedp.CSS(`#f-0 a[href^="#root-"]`)),
		chromedp.WaitVisible(chromedp.CSS("#roots table")),
	); err != nil {
		t.Errorf("following a link to a goroutine does not open their table: %v", err)
	}
	b.noProblems(t)
}

// TestNoFindings: a page with nothing found loads cleanly and says so.
func TestNoFindings(t *testing.T) {
	b := newBrowser(t)
	dir := t.TempDir()
	for name, src := range map[string]string{
		"go.mod":  "module example.com/quiet\n\ngo 1.26\n",
		"main.go": "package main\n\nvar m = map[string]int{}\n\nfunc main() { m[\"a\"]++ }\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	pagePath, fs := check(t, dir)
	if len(fs) != 0 {
		t.Fatalf("want no findings, got %v", fs)
	}
	b.load(t, pagePath)
	text, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(".empty")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "No map is shared") {
		t.Errorf("the empty page says %q", text)
	}
	b.noProblems(t)
}

// extractTxtar writes the files of a txtar archive into dir. (The
// archive format is three lines of code; x/tools is not worth a
// dependency here.)
func extractTxtar(name, dir string) error {
	data, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	marker := regexp.MustCompile(`(?m)^-- (.+) --$\n`)
	locs := marker.FindAllSubmatchIndex(data, -1)
	for i, l := range locs {
		end := len(data)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		file := filepath.Join(dir, filepath.FromSlash(string(data[l[2]:l[3]])))
		if err := os.MkdirAll(filepath.Dir(file), 0o777); err != nil {
			return err
		}
		if err := os.WriteFile(file, data[l[1]:end], 0o666); err != nil {
			return err
		}
	}
	if len(locs) == 0 {
		return fmt.Errorf("%s: no files", name)
	}
	return nil
}
