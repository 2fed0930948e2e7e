package pipeline_test

import (
	"flag"
	"os"
	"testing"

	"github.com/mapfix/mapfix/pipeline/pipelinetest"
)

// TestMain runs more parallel tests at a time than there are cores,
// unless -parallel says how many: this package's parallel subtests spend
// most of their time waiting on the go command, which loads and
// type-checks their modules.
func TestMain(m *testing.M) {
	flag.Parse()
	pipelinetest.WideParallel()
	os.Exit(m.Run())
}
