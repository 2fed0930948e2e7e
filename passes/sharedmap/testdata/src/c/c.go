// Package c is the bottom of a chain of calls: a calls b, b calls c.
package c

// Inc writes its map parameter.
func Inc(m map[string]int, k string) { // want Inc:"write m"
	m[k]++
}

// Both writes its map parameter and starts a goroutine that writes it.
func Both(m map[string]int) { // want Both:"write m; write m in a goroutine"
	m["now"] = 1
	go func() {
		m["later"] = 1
	}()
}
