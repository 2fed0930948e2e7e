//go:build race

package lib

import _ "unsafe" // for go:linkname

//go:linkname refresh main.refresh
func refresh(k int)

func init() { Hook = refresh }
