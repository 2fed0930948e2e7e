package e2e_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
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

// knownMiss matches the corpus line that declares a shared map the
// detector is known to miss (see detect/detect_test.go).
var knownMiss = regexp.MustCompile(`(?m)^// known miss "`)

// TestRaceLogCorpus runs every corpus program that races under the race
// detector, feeds its real log to -race-log, and requires observed
// findings, each on a map the case declares shared: the log and the
// analysis must agree on which maps race.
func TestRaceLogCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs every racy corpus program under -race")
	}
	t.Parallel()
	corpus, err := filepath.Abs("../../detect/testdata")
	if err != nil {
		t.Fatal(err)
	}
	mains, err := filepath.Glob(filepath.Join(corpus, "src", "*", "main.go"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []*racyCase
	for _, main := range mains {
		src, err := os.ReadFile(main)
		if err != nil {
			t.Fatal(err)
		}
		if !verifiedRace.Match(src) || knownMiss.Match(src) {
			// A known miss: the detector's class model does not see
			// these accesses (the case says why); the log cannot land
			// on them either.
			continue
		}
		c := &racyCase{name: filepath.Base(filepath.Dir(main)), want: make(map[string]bool), none: wantNone.Match(src)}
		for _, m := range wantShared.FindAllSubmatch(src, -1) {
			c.want[string(m[1])] = true
		}
		cases = append(cases, c)
	}
	if len(cases) == 0 {
		t.Fatal("no racy corpus case found")
	}

	// One build and one load for all the programs: built and checked one
	// by one, the cases cost a link and a go list each, minutes in all.
	bin := t.TempDir() + string(filepath.Separator)
	build := exec.Command("go", "build", "-race", "-o", bin)
	for _, c := range cases {
		build.Args = append(build.Args, "./src/"+c.name)
	}
	build.Dir = corpus
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build -race: %v\n%s", err, out)
	}
	// The programs mostly sleep, to let their goroutines meet: more of
	// them run at once than there are cores.
	var (
		wg  sync.WaitGroup
		sem = make(chan struct{}, 4*runtime.GOMAXPROCS(0))
	)
	for _, c := range cases {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			c.log, c.err = raceLog(corpus, filepath.Join(bin, c.name))
		})
	}
	wg.Wait()

	// The logs laid end to end are one log, as go test ./... writes for
	// many packages: each report names its own program's files.
	var all bytes.Buffer
	var patterns []string
	for _, c := range cases {
		if c.log != nil {
			all.Write(c.log)
			all.WriteString("\n")
			patterns = append(patterns, "./src/"+c.name)
		}
	}
	logFile := filepath.Join(t.TempDir(), "race.log")
	if err := os.WriteFile(logFile, all.Bytes(), 0o666); err != nil {
		t.Fatal(err)
	}
	observed := make(map[string][]string) // case name -> observed finding IDs
	if len(patterns) > 0 {
		r, err := pipeline.Check(pipeline.Config{
			Load:    load.Config{Dir: corpus, Patterns: patterns},
			RaceLog: logFile,
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range r.Findings {
			if f.Confidence == detect.Observed {
				name, _, _ := strings.Cut(strings.TrimPrefix(f.ID, "corpus/src/"), ".")
				name, _, _ = strings.Cut(name, "/")
				observed[name] = append(observed[name], f.ID)
			}
		}
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			switch {
			case c.err != nil:
				t.Fatal(c.err)
			case c.log == nil:
				t.Skip("the race detector did not see the race in this run")
			}
			for _, id := range observed[c.name] {
				if !c.want[id] {
					t.Errorf("the log makes %s observed, which the case does not declare shared", id)
				}
			}
			if len(observed[c.name]) == 0 && !c.none {
				t.Errorf("no observed finding from a log with a race:\n%s", c.log)
			}
		})
	}
}

// racyCase is a corpus program that races: the shared maps its header
// declares, and what one run of it under the race detector wrote.
type racyCase struct {
	name string
	want map[string]bool
	none bool // the case declares no shared map: the race is a dependency's
	log  []byte
	err  error
}

// raceLog runs a program built with -race and returns its stderr, or nil
// when no race was reported. The runtime's own check may win the race to
// report it (fatal error: concurrent map writes, more often on a loaded
// machine): that crash is a log mapfix reads too.
func raceLog(dir, program string) ([]byte, error) {
	cmd := exec.Command(program)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	if !strings.Contains(stderr.String(), "WARNING: DATA RACE") && !strings.Contains(stderr.String(), "fatal error: concurrent map") {
		if err != nil {
			return nil, fmt.Errorf("%s: %v\n%s", filepath.Base(program), err, stderr.Bytes())
		}
		return nil, nil
	}
	return stderr.Bytes(), nil
}
