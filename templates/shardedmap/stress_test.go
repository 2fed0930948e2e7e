//go:build race

package shardedmap

// This file is not written into users' modules (templates.ShardedMap ships
// race_test.go only): here the race stress test runs long enough to matter,
// while a user's go test -race runs the short version.
func init() {
	raceStressIters = 2000
}
