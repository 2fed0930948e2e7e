// Package e2e holds end-to-end tests of mapfix over the project's
// corpora: the golden rewrites of testdata/golden (each case rewritten,
// compared with its expected files, built and run under the race
// detector) and the race logs of the detect corpus's racy programs (read
// back with -race-log). The package has no code of its own; its tests
// are apart from the pipeline package's so that go test runs the two
// sets side by side, each within its own time limit.
package e2e
