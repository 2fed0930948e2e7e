//go:build unix

package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestInterruptedWrite sends SIGINT to a real mapfix rewrite -w of a
// module of 200 files, at several moments from early in the load to the
// middle of the write, as Ctrl-C does (to the whole process group). After
// each, the module must be exactly as it was or exactly as the full
// rewrite leaves it (the README's second guarantee of rewrite -w: no
// half-written file, and no mix of old
// and new files, which would not build), with no temporary file left, and
// it must build.
func TestInterruptedWrite(t *testing.T) {
	if testing.Short() {
		t.Skip("builds mapfix and rewrites a large module several times")
	}
	// It runs a mapfix binary and touches no global of this package, so
	// it can run beside the scripts.
	t.Parallel()
	t0 := time.Now()
	tmp := t.TempDir()
	bin := buildMapfix(t)
	src := filepath.Join(tmp, "src")
	writeTree(t, src, bigModule(8, 25))
	old := readTree(t, src)

	// The full rewrite, uninterrupted: the new form of every file, and how
	// long a run takes.
	ref := copyTree(t, src, filepath.Join(tmp, "ref"))
	start := time.Now()
	if out, err := mapfixCmd(bin, ref).CombinedOutput(); err != nil {
		t.Fatalf("mapfix rewrite -w: %v\n%s", err, lastLines(out, 5))
	}
	full := time.Since(start)
	t.Logf("full run %v (%v into the test)", full.Round(time.Millisecond), time.Since(t0).Round(time.Millisecond))
	rewritten := readTree(t, ref)
	if len(rewritten) <= len(old) {
		t.Fatalf("the rewrite added no files (%d before, %d after)", len(old), len(rewritten))
	}
	goBuild(t, src)
	goBuild(t, ref)

	// Triggers: fixed fractions of a full run (mostly in the load and the
	// type-checking of the result), the moment the first temporary file
	// appears (the write has begun) and the moment the first file has
	// been replaced (the renames have begun).
	first := filepath.Join("p0", "f0.go")
	firstOld, err := os.ReadFile(filepath.Join(src, first))
	if err != nil {
		t.Fatal(err)
	}
	type trigger struct {
		name string
		wait func(dir string, done <-chan struct{}) bool // false: the run ended first
	}
	var triggers []trigger
	for _, frac := range []float64{0.1, 0.3} {
		d := time.Duration(frac * float64(full))
		triggers = append(triggers, trigger{fmt.Sprintf("after %v", d.Round(time.Millisecond)), func(string, <-chan struct{}) bool {
			time.Sleep(d)
			return true
		}})
	}
	triggers = append(triggers,
		trigger{"first temporary file", func(dir string, done <-chan struct{}) bool {
			return pollUntil(done, func() bool { return hasTemp(filepath.Join(dir, "p0")) })
		}},
		trigger{"first rename", func(dir string, done <-chan struct{}) bool {
			return pollUntil(done, func() bool {
				b, err := os.ReadFile(filepath.Join(dir, first))
				return err == nil && !bytes.Equal(b, firstOld)
			})
		}},
	)

	for i, tr := range triggers {
		dir := copyTree(t, src, filepath.Join(tmp, fmt.Sprint("run", i)))
		cmd := mapfixCmd(bin, dir)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		waitErr := make(chan error, 1)
		go func() { waitErr <- cmd.Wait(); close(done) }()
		sent := tr.wait(dir, done)
		if sent {
			// The process group: mapfix and the go commands it runs.
			syscall.Kill(-cmd.Process.Pid, syscall.SIGINT)
		}
		err := <-waitErr

		// mapfix either finished (the signal came too late, or during the
		// renames), or stopped: killed by the signal, stopped the write
		// itself, or failed because a go command it ran was interrupted.
		// Whichever, the tree must be all new or all old accordingly.
		var outcome string
		var exit *exec.ExitError
		switch {
		case err == nil:
			outcome = "finished"
		case !errors.As(err, &exit):
			t.Fatalf("%s: %v", tr.name, err)
		case exit.Sys().(syscall.WaitStatus).Signaled():
			outcome = "was killed"
		case strings.Contains(stderr.String(), "interrupted before any file was replaced"):
			outcome = "stopped the write"
		default:
			outcome = fmt.Sprintf("failed (exit %d: %s)", exit.ExitCode(), lastLines(stderr.Bytes(), 1))
		}
		got := readTree(t, dir)
		switch {
		case equalTrees(got, old):
			if outcome == "finished" {
				t.Errorf("%s: mapfix exited 0 and wrote nothing", tr.name)
			}
		case equalTrees(got, rewritten):
			// Killed with everything written: the signal came during the
			// renames, was held, and was delivered once they were done.
			if outcome != "finished" && outcome != "was killed" {
				t.Errorf("%s: mapfix %s, but the rewrite was written", tr.name, outcome)
			}
		default:
			t.Errorf("%s (%s): the module is neither as it was nor fully rewritten:\n%s", tr.name, outcome, treeDiff(got, old, rewritten))
			continue
		}
		goBuild(t, dir)
		t.Logf("%s: signal sent %v, mapfix %s (%v into the test)", tr.name, sent, outcome, time.Since(t0).Round(time.Millisecond))
	}
}

// bigModule returns a module of pkgs packages of files files each, every
// file with a map of its own that goroutines write.
func bigModule(pkgs, files int) map[string]string {
	m := map[string]string{"go.mod": "module example.com/big\n\ngo 1.26\n"}
	for p := range pkgs {
		for f := range files {
			m[fmt.Sprintf("p%d/f%d.go", p, f)] = fmt.Sprintf(`package p%[1]d

import "sync"

var m%[2]d = map[int]int{}

// F%[2]d races on m%[2]d.
func F%[2]d() {
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m%[2]d[i]++
		}()
	}
	wg.Wait()
}
`, p, f)
		}
	}
	return m
}

func mapfixCmd(bin, dir string) *exec.Cmd {
	cmd := exec.Command(bin, "rewrite", "-w", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	return cmd
}

func goBuild(t *testing.T, dir string) {
	t.Helper()
	cmd := exec.Command("go", "build", "./...")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("go build ./... in %s: %v\n%s", filepath.Base(dir), err, lastLines(out, 10))
	}
}

// pollUntil calls cond until it is true (and returns true) or done is
// closed (and returns false).
func pollUntil(done <-chan struct{}, cond func() bool) bool {
	for {
		if cond() {
			return true
		}
		select {
		case <-done:
			return false
		default:
			time.Sleep(50 * time.Microsecond)
		}
	}
}

// hasTemp reports whether dir holds one of mapfix's temporary files.
func hasTemp(dir string) bool {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".mapfix-") {
			return true
		}
	}
	return false
}

func copyTree(t *testing.T, from, to string) string {
	t.Helper()
	err := filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return to
}

// treeDiff lists the files of got that are neither their old nor their
// new form, and those missing or extra.
func treeDiff(got, old, new map[string]string) string {
	var b strings.Builder
	nOld, nNew := 0, 0
	for name, g := range got {
		switch {
		case g == old[name] && g == new[name]:
		case g == old[name]:
			nOld++
		case g == new[name]:
			nNew++
		default:
			fmt.Fprintf(&b, "  %s: neither old nor new\n", name)
		}
	}
	for name := range new {
		if _, ok := got[name]; !ok {
			fmt.Fprintf(&b, "  %s: missing\n", name)
		}
	}
	fmt.Fprintf(&b, "  %d files old, %d new", nOld, nNew)
	return b.String()
}

func lastLines(b []byte, n int) string {
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
