package e2e_test

import (
	"flag"
	"os"
	"testing"

	"github.com/mapfix/mapfix/pipeline/pipelinetest"
)

// TestMain runs more parallel tests at a time than there are cores,
// unless -parallel says how many: this package's parallel subtests spend
// most of their time waiting on the go command and on the race-enabled
// programs they run, each of which sleeps a second before it exits (the
// race detector's atexit_sleep_ms, there so that goroutines still running
// can report their races).
func TestMain(m *testing.M) {
	flag.Parse()
	pipelinetest.WideParallel()
	os.Exit(m.Run())
}
