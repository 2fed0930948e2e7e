package shardedmap

import "fmt"

// Format implements fmt.Formatter: a *Map prints exactly as the plain map
// m.Clone() prints, for every verb, flag, width and precision, also when it
// is an exported field of a struct or an element of a slice. A nil *Map
// prints as a nil map (map[] with %v, map[K]V(nil) with %#v). fmt handles
// %T and %p itself without calling Format: they print the type *Map[K,V]
// and the pointer.
func (m *Map[K, V]) Format(s fmt.State, verb rune) {
	fmt.Fprintf(s, fmt.FormatString(s, verb), m.Clone())
}
