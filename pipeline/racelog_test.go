package pipeline_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/mapfix/mapfix/detect"
	"github.com/mapfix/mapfix/internal/load"
	"github.com/mapfix/mapfix/pipeline"
)

// wantShared, wantNone and verifiedRace read the header of a detection
// corpus case.
var (
	wantShared = regexp.MustCompile(`(?m)^// want shared "([^"]+)"`)
	// A racy case that declares no shared map races on a map mapfix
	// leaves alone by design (a dependency's): the log must not make it
	// a finding either.
	wantNone     = regexp.MustCompile(`(?m)^// want none$`)
	verifiedRace = regexp.MustCompile(`(?m)^// verified: go run -race reports DATA RACE`)
)

// TestRaceLogCorpus runs every corpus program that races under the race
// detector, feeds its real log to -race-log, and requires observed
// findings, each on a map the case declares shared: the log and the
// analysis must agree on which maps race.
// knownMiss matches the corpus line that declares a shared map the
// detector is known to miss (see detect/detect_test.go).
var knownMiss = regexp.MustCompile(`(?m)^// known miss "`)

func TestRaceLogCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs every racy corpus program under -race")
	}
	t.Parallel()
	corpus, err := filepath.Abs("../detect/testdata")
	if err != nil {
		t.Fatal(err)
	}
	mains, err := filepath.Glob(filepath.Join(corpus, "src", "*", "main.go"))
	if err != nil {
		t.Fatal(err)
	}
	ran := 0
	for _, main := range mains {
		src, err := os.ReadFile(main)
		if err != nil {
			t.Fatal(err)
		}
		if !verifiedRace.Match(src) {
			continue
		}
		want := make(map[string]bool)
		for _, m := range wantShared.FindAllSubmatch(src, -1) {
			want[string(m[1])] = true
		}
		name := filepath.Base(filepath.Dir(main))
		if knownMiss.Match(src) {
			// The detector's class model does not see these accesses
			// (the case says why); the log cannot land on them either.
			continue
		}
		ran++
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			log := raceLog(t, corpus, "./src/"+name)
			if log == nil {
				t.Skip("the race detector did not see the race in this run")
			}
			logFile := filepath.Join(t.TempDir(), "race.log")
			if err := os.WriteFile(logFile, log, 0o666); err != nil {
				t.Fatal(err)
			}
			r, err := pipeline.Check(pipeline.Config{
				Load:    load.Config{Dir: corpus, Patterns: []string{"./src/" + name}},
				RaceLog: logFile,
			})
			if err != nil {
				t.Fatal(err)
			}
			observed := 0
			for _, f := range r.Findings {
				if f.Confidence != detect.Observed {
					continue
				}
				observed++
				if !want[f.ID] {
					t.Errorf("the log makes %s observed, which the case does not declare shared", f.ID)
				}
			}
			if observed == 0 && !wantNone.Match(src) {
				t.Errorf("no observed finding from a log with a race; warnings: %q", r.Warnings)
			}
		})
	}
	if ran == 0 {
		t.Fatal("no racy corpus case found")
	}
}

// raceLog runs a package under the race detector and returns its stderr,
// or nil when no race was reported. The runtime's own check may win the
// race to report it (fatal error: concurrent map writes, more often on a
// loaded machine): that crash is a log mapfix reads too.
func raceLog(t *testing.T, dir, pkg string) []byte {
	cmd := exec.Command("go", "run", "-race", pkg)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.Stdout = nil
	err := cmd.Run()
	if !strings.Contains(stderr.String(), "WARNING: DATA RACE") && !strings.Contains(stderr.String(), "fatal error: concurrent map") {
		if err != nil {
			t.Fatalf("go run -race %s: %v\n%s", pkg, err, stderr.Bytes())
		}
		return nil
	}
	return stderr.Bytes()
}
