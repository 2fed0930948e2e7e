package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// hotModule has two maps shared without a lock (both are read with len
// from a goroutine that holds no lock), one of which its test hammers from
// two goroutines while the other is written twice. cold comes first in
// the file, so without a profile it is reported first.
var hotModule = map[string]string{
	"go.mod": "module example.com/hot\n\ngo 1.26\n",
	"hot.go": `package hot

import (
	"sync"
	"time"
)

var mu sync.Mutex

// coldMu is cold's own lock, taken once a Work call: under mu, the other
// goroutine's hammering would make its Lock line wait, and a loaded
// machine's few samples could then put cold above 1% of the profile.
var coldMu sync.Mutex

var cold = map[string]int{}

var hot = map[int]int{}

// Work hammers hot under mu and then writes cold once, under coldMu.
func Work(n int) {
	for i := 0; i < n; i++ {
		mu.Lock()
		hot[i%4096] += i
		_ = hot[(i*7)%4096]
		mu.Unlock()
	}
	coldMu.Lock()
	cold["runs"]++
	coldMu.Unlock()
}

// Sizes reads both maps without the lock: the race mapfix reports. len
// of a map is one load, so the test does not crash on it.
func Sizes() (int, int) { return len(hot), len(cold) }

// Start runs Work on two goroutines for about d, enough for a hundred or
// more samples of the CPU profile; the channel is closed when both end.
// The package starts them itself: a race that only a test's goroutines
// witness on a package that locks is not reported by default.
func Start(d time.Duration) <-chan struct{} {
	start := time.Now()
	done := make(chan struct{})
	var wg sync.WaitGroup
	for g := 0; g < 2; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Since(start) < d {
				Work(200000)
			}
		}()
	}
	go func() {
		wg.Wait()
		close(done)
	}()
	return done
}

// Run reads the sizes while Start's goroutines run: the package's own
// code witnesses the race (a test that did this itself would only give
// possible, on a package that locks).
func Run(d time.Duration) {
	done := Start(d)
	Sizes()
	<-done
}
`,
	"hot_test.go": `package hot

import (
	"testing"
	"time"
)

// TestWork runs the workers for a second.
func TestWork(t *testing.T) {
	Run(time.Second)
}
`,
}

// TestProfileRanksHotMap records a real CPU profile of a program with a
// known hot map (go test -cpuprofile), then checks that check -profile
// gives the hot map the larger share, prints it first, carries the share
// in the JSON and SARIF outputs, and that rewrite -profile makes only the
// cold map small.
func TestProfileRanksHotMap(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a test binary to record its profile")
	}
	dir := t.TempDir()
	writeTree(t, dir, hotModule)
	cmd := exec.Command("go", "test", "-count=1", "-cpuprofile", "cpu.pprof", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOTOOLCHAIN=local", "GOFLAGS=")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go test -cpuprofile: %v\n%s", err, out)
	}
	prof := filepath.Join(dir, "cpu.pprof")

	var lastStderr string
	mapfix := func(args ...string) string {
		t.Helper()
		var stdout, stderr bytes.Buffer
		code := run(append([]string{"mapfix"}, args...), &stdout, &stderr)
		if code > exitFound {
			t.Fatalf("mapfix %s: exit %d\n%s", strings.Join(args, " "), code, stderr.String())
		}
		lastStderr = stderr.String()
		return stdout.String()
	}
	order := regexp.MustCompile(`(?m)^hot\.go:\d+:\d+: var (\w+) `)
	names := func(out string) []string {
		var ns []string
		for _, m := range order.FindAllStringSubmatch(out, -1) {
			ns = append(ns, m[1])
		}
		return ns
	}

	// Without a profile: the usual order, by position.
	plain := mapfix("check", "-C", dir, "./...")
	if got := strings.Join(names(plain), ","); got != "cold,hot" {
		t.Fatalf("check: findings %s; want cold,hot\n%s", got, plain)
	}
	if strings.Contains(plain, "profile:") {
		t.Errorf("check without -profile prints a share:\n%s", plain)
	}

	text := mapfix("check", "-C", dir, "-profile", prof, "./...")
	if got := strings.Join(names(text), ","); got != "hot,cold" {
		t.Errorf("check -profile: findings %s; want hot,cold (by share)\n%s", got, text)
	}
	if n := strings.Count(text, "\tprofile: "); n != 2 {
		t.Errorf("check -profile printed %d shares; want 2\n%s", n, text)
	}

	var out struct {
		Findings []struct {
			Name         string   `json:"name"`
			ProfileShare *float64 `json:"profile_share"`
		} `json:"findings"`
	}
	js := mapfix("check", "-C", dir, "-json", "-profile", prof, "./...")
	if err := json.Unmarshal([]byte(js), &out); err != nil {
		t.Fatalf("check -json: %v\n%s", err, js)
	}
	shares := make(map[string]float64)
	for _, f := range out.Findings {
		if f.ProfileShare == nil {
			t.Fatalf("check -json -profile: %s has no profile_share\n%s", f.Name, js)
		}
		shares[f.Name] = *f.ProfileShare
	}
	t.Logf("shares: hot %.3f, cold %.3f", shares["hot"], shares["cold"])
	if !(shares["hot"] > shares["cold"]) {
		t.Errorf("hot's share %v is not above cold's %v\n%s", shares["hot"], shares["cold"], text)
	}
	// The loop is all map operations and locks: the hot map has most of
	// the profile, the cold one next to nothing.
	if shares["hot"] < 0.2 || shares["cold"] > 0.01 {
		t.Errorf("shares hot %v, cold %v; want hot above 0.2 and cold at most 0.01", shares["hot"], shares["cold"])
	}

	var log struct {
		Runs []struct {
			Results []struct {
				Rank       *float64       `json:"rank"`
				Properties map[string]any `json:"properties"`
			} `json:"results"`
		} `json:"runs"`
	}
	sr := mapfix("check", "-C", dir, "-sarif", "-profile", prof, "./...")
	if err := json.Unmarshal([]byte(sr), &log); err != nil || len(log.Runs) != 1 {
		t.Fatalf("check -sarif: %v\n%s", err, sr)
	}
	for _, res := range log.Runs[0].Results {
		id, _ := res.Properties["id"].(string)
		name := id[strings.LastIndexByte(id, '.')+1:]
		share, ok := res.Properties["profile_share"].(float64)
		if !ok || res.Rank == nil || share != shares[name] || *res.Rank != 100*shares[name] || *res.Rank > 100 {
			t.Errorf("check -sarif: %s has profile_share %v and rank %v; want %v and %v", id, res.Properties["profile_share"], res.Rank, shares[name], 100*shares[name])
		}
	}

	diff := mapfix("rewrite", "-C", dir, "-fix", "shardedmap", "-profile", prof, "./...")
	for _, want := range []string{
		"+var cold = shardedmap.NewSmall[string, int]()",
		"+var hot = shardedmap.New[int, int]()",
	} {
		if !strings.Contains(diff, want) {
			t.Errorf("rewrite -profile: no line %q in the diff:\n%s", want, firstLines(diff, 40))
		}
	}
	// It says which map it made small, and why.
	small := regexp.MustCompile(`(?m)^hot\.go:15:5: .*made with NewSmall.*$`)
	if n := strings.Count(lastStderr, "made with NewSmall"); n != 1 || !small.MatchString(lastStderr) {
		t.Errorf("rewrite -profile: want one NewSmall note, on cold (hot.go:15:5); stderr:\n%s", lastStderr)
	}
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}
