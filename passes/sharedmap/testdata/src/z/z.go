// Package z passes a parameter to b: the class of m is named after
// b.Put's parameter (its file sorts first), so the finding moves to the
// first declaration in this package.
package z

import "b"

// Local writes m from a goroutine and from the caller, both through b.
func Local(m map[string]int) { // want Local:"write m; write m in a goroutine" `param m \(map\[string\]int\) is shared between goroutines without a lock \[certain\]`
	go b.Put(m, "a")
	b.Put(m, "b")
}
