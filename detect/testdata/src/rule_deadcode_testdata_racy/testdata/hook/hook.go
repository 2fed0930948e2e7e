// Package hook pulls main's unexported function into lib.Hook. It lives
// under testdata, which ./... never loads.
package hook

import (
	_ "unsafe" // for go:linkname

	"corpus/src/rule_deadcode_testdata_racy/lib"
)

//go:linkname pull main.rehashHook
func pull(k int)

func init() { lib.Hook = pull }
