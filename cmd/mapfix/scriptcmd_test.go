package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"

	"github.com/rogpeppe/go-internal/testscript"
)

// scriptCmds are the commands the scripts have beyond testscript's own.
var scriptCmds = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	// exitcode N program [args...] runs program as exec does and fails
	// unless it exits with status N: "! exec" only says "not 0", and
	// mapfix's exit codes give 1 (findings, changes) and 2 (errors)
	// different meanings.
	"exitcode": func(ts *testscript.TestScript, neg bool, args []string) {
		if neg {
			ts.Fatalf("unsupported: ! exitcode")
		}
		if len(args) < 2 {
			ts.Fatalf("usage: exitcode N program [args...]")
		}
		want, err := strconv.Atoi(args[0])
		if err != nil {
			ts.Fatalf("exitcode: bad status %q", args[0])
		}
		err = ts.Exec(args[1], args[2:]...)
		got := 0
		var exit *exec.ExitError
		switch {
		case errors.As(err, &exit):
			got = exit.ExitCode()
		case err != nil:
			ts.Fatalf("exitcode: %v", err)
		}
		if got != want {
			ts.Fatalf("%s exited with status %d, want %d", args[1], got, want)
		}
	},
}

// scriptCondition adds conditions to the scripts:
// [root] when the tests run as root, where file modes do not stop reads
// or writes, so a script that relies on them must skip.
func scriptCondition(cond string) (bool, error) {
	switch cond {
	case "root":
		return os.Geteuid() == 0, nil
	}
	return false, fmt.Errorf("unknown condition %q", cond)
}
