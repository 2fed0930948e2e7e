package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the test binary run as the mapfix command inside scripts.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"mapfix": func() { os.Exit(run(os.Args, os.Stdout, os.Stderr)) },
	})
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
