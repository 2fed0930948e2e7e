package detect

import "strings"

// testSupport reports whether the package at path is test support: an
// element of its import path names tests (test, testutil, e2e: see
// testElems), as acceptance harnesses and fixtures are laid out
// (alertmanager's test/testutils). Its exported API is not a library's,
// callable by anyone at any time, but what tests call. The path alone
// decides, so that the analyzer, which sees one package and not its
// importers, agrees with check.
func testSupport(path string) bool {
	for _, elem := range strings.Split(path, "/") {
		if testElems[strings.ToLower(elem)] {
			return true
		}
	}
	return false
}

// testElems are the import path elements that name test code.
var testElems = map[string]bool{
	"test": true, "tests": true, "testing": true, "testutil": true, "testutils": true,
	"testhelper": true, "testhelpers": true, "testkit": true, "e2e": true,
}
