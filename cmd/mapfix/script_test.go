package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain runs the tests. The scripts do not run the test binary as
// mapfix, as testscript can: see buildMapfix.
func TestMain(m *testing.M) {
	os.Exit(m.Run())
}

// buildMapfix builds the mapfix command into a temporary folder and
// returns its path. It is built without the race detector even when the
// tests run under it: the scripts run mapfix a few hundred times, and a
// race-instrumented mapfix type-checks each module several times slower
// (with -race, the scripts took 143 s of CPU with the test binary as
// mapfix against 55 s without). The race detector still watches the same
// code in the tests that call run in-process (changed, interrupt,
// progress) and in pipeline's golden cases.
func buildMapfix(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "mapfix")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// goEnv holds the caller's go caches, read once.
var goEnv = func() map[string]string {
	out, err := exec.Command("go", "env", "GOCACHE", "GOMODCACHE", "GOPATH", "GOPROXY").Output()
	if err != nil {
		panic(err)
	}
	vals := strings.Split(strings.TrimSpace(string(out)), "\n")
	env := make(map[string]string)
	for i, k := range []string{"GOCACHE", "GOMODCACHE", "GOPATH", "GOPROXY"} {
		if i < len(vals) {
			env[k] = vals[i]
		}
	}
	return env
}()

// TestScript runs the end-to-end scripts in testdata/script: exit codes,
// output, and what is (and is not) written, as a user sees them.
func TestScript(t *testing.T) {
	// The scripts run a mapfix binary, so they touch no global of this
	// package: they can run beside the other tests that do not.
	t.Parallel()
	bin := filepath.Dir(buildMapfix(t))
	testscript.Run(t, testscript.Params{
		Dir:       "testdata/script",
		Cmds:      scriptCmds,
		Condition: scriptCondition,
		Setup: func(env *testscript.Env) error {
			// The scripts run go build and go vet on rewritten modules:
			// share the caller's caches so they stay fast.
			for k, v := range goEnv {
				env.Setenv(k, v)
			}
			env.Setenv("GOTOOLCHAIN", "local")
			env.Setenv("PATH", bin+string(filepath.ListSeparator)+env.Getenv("PATH"))
			// The root of this checkout, for scripts that use mapfix the
			// way a user's module does (a replace directive, go get -tool)
			// or copy files from it (scripts/pre-commit).
			root, err := filepath.Abs(filepath.Join("..", ".."))
			if err != nil {
				return err
			}
			env.Setenv("MAPFIX_ROOT", root)
			return nil
		},
	})
}
