package pipeline_test

import (
	"flag"
	"os"
	"runtime"
	"strconv"
	"testing"
)

// TestMain runs more parallel tests at a time than there are cores,
// unless -parallel says how many. This package's parallel subtests spend
// most of their time waiting on the go command, which loads and
// type-checks their modules: with GOMAXPROCS of them at a time (the
// default), the cores stood half idle.
func TestMain(m *testing.M) {
	flag.Parse()
	given := false
	flag.Visit(func(f *flag.Flag) {
		if f.Name == "test.parallel" {
			given = true
		}
	})
	if !given {
		if err := flag.Set("test.parallel", strconv.Itoa(4*runtime.GOMAXPROCS(0))); err != nil {
			panic(err) // the testing package always defines the flag
		}
	}
	os.Exit(m.Run())
}
