// Package load loads the packages mapfix works on: type-checked syntax for
// the packages the patterns match, export data for their dependencies, and
// the facts the later stages need about each file (which module it belongs
// to, whether mapfix may write it, which Go version it is compiled at).
package load
