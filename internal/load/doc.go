// Package load loads the packages mapfix works on: type-checked syntax for
// the packages the patterns match, export data for their dependencies, and
// the facts the later stages need about each file (which module it belongs
// to, whether mapfix may write it, which Go version it is compiled at).
//
// At the root of a go.work workspace, which is in no module, the go
// command rejects ./...; Load reads a relative "dir/..." pattern whose
// directory is outside every workspace module as the workspace modules
// below dir. A file that imports "C" is type-checked as cmd/cgo rewrote it
// but named by the user's file, and is never writable.
package load
