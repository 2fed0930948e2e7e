// Package sharedmap defines an Analyzer that reports maps shared between
// goroutines without a lock.
//
// # Analyzer sharedmap
//
// sharedmap: report maps shared between goroutines without a lock
//
// A Go map is not safe for concurrent use: two goroutines writing it, or
// one writing while another reads, is a data race that may crash the
// program with "fatal error: concurrent map writes". This analyzer runs
// mapfix's detection (the map classes of internal/mapclass and the
// goroutine, lock and ordering analysis of package detect) on each package
// and reports every map class that two goroutines may access at the same
// time, at least one of them writing, with no common lock held:
//
//	cache.go:12:5: var cache (map[string]int) is shared between goroutines without a lock [certain]
//		cache.go:20:3: write in the goroutine started at cache.go:18:2
//		cache.go:25:9: read
//
// The message is the one `mapfix check` prints; the evidence (the
// conflicting accesses, and the goroutine each runs on) comes as related
// information, and the confidence (certain or likely) ends the message.
// `mapfix rewrite` turns a reported map into a concurrency-safe sharded
// map.
//
// # Suggested fix
//
// Where a lock is held at most of a map's accesses and can be taken at
// every other one without deadlocking or blocking (package lockfix says
// how it is placed), the diagnostic carries a suggested fix that takes
// it there: Lock and Unlock around each statement that goes without it,
// RLock for reads of a sync.RWMutex. go fix -fixtool=mapfix-vet applies
// it. The sharded-map rewrite is not a suggested fix: it changes the
// map's type in every package that uses it, and is mapfix rewrite's.
//
// # Facts
//
// A driver such as go vet analyses one package at a time, so a call into
// an imported package has no body to follow. For every function and
// method, the analyzer exports a fact summarising what it does, with no
// lock held, to the maps its parameters and receiver reach (directly, or
// through struct fields): which it reads, writes or ranges over, and which
// it hands to goroutines it starts and does not wait for. In an importing
// package, a call of that function counts as those accesses of the
// argument's map at the call: in the caller's goroutine and under the
// caller's locks for the synchronous ones, on a new goroutine for the
// others. Summaries compose: a function that passes its parameter on to a
// summarised function inherits that function's accesses. Package detect's
// summary.go lists what a summary does not carry.
//
// A second fact marks printing wrappers (a function whose final ...any
// goes whole to fmt, log, testing or log/slog, see package printing), so
// that a map printed through another package's wrapper is a read there.
//
// # Differences from mapfix check
//
// mapfix check loads every matched package from source and analyses them
// together; the analyzer sees one package and the facts of its imports.
// So the analyzer does not report a map of package p that only importers
// of p share between goroutines (p's analysis cannot see them), and a map
// found in this package whose class is named after a parameter of another
// package is reported at its first declaration in this package instead.
// Packages of the standard library are not analysed (they export no facts).
// Findings on maps declared in generated files are dropped, as mapfix
// check drops them. The -exported check (confidence "possible") and the
// rewritability of each finding are only in mapfix check.
package sharedmap
