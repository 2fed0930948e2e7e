// Package lib hands on main's refresh.
package lib

import _ "unsafe" // for go:linkname

// Refresh is main's refresh.
//
//go:linkname Refresh main.refresh
func Refresh(k int)
