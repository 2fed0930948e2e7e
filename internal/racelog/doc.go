// Package racelog reads the evidence of concurrent map use that a Go
// program leaves in its output, so that mapfix's -race-log flag can turn
// it into findings of confidence "observed".
//
// # What it reads
//
// Two kinds of report, anywhere in a text file, among any other output
// (test output, "--- FAIL", "testing.go:NNNN: race detected during
// execution of test", "exit status 66", log lines). Lines may end in LF or
// CRLF. Report lines must not carry a prefix of their own (a timestamp
// added by a CI system, say).
//
//   - Race detector reports, as printed by programs built with -race
//     (go test -race, go run -race): a "WARNING: DATA RACE" line, then an
//     access ("Write at 0x... by goroutine 7:", "Previous read at ... by
//     main goroutine:") with its stack, another access with its stack,
//     the "Goroutine N (running) created at:" stacks, which are skipped,
//     and a "==================" line.
//
//   - Crash dumps of the map's own concurrency check, which fires with or
//     without -race: "fatal error: concurrent map writes", "... read and
//     map write", "... iteration and map write", "... clone and map
//     write", followed by "goroutine N [running]:" and its stack. Only
//     that first goroutine is read: it is the one that hit the check.
//     Under GOTRACEBACK=all or system the runtime then prints the other
//     goroutines, but they are wherever the scheduler stopped them (the
//     other writer is typically somewhere inside its loop, not in the map
//     access), so they are not evidence and are ignored.
//
// The output of go test -json (test2json events, one JSON object a line)
// is read too: the Output of the events is put back together per package
// and read as above.
//
// # Which races are on maps
//
// A race report counts as a map race when an access's stack starts in a
// runtime map function and no access without one is a write. The second
// condition is needed because the runtime also reports, from inside
// mapaccess1, mapassign or mapdelete, races on the key that the caller
// passed by address (delete(m, k) while another goroutine assigns k):
// that race is on k, which user code writes, while user code never writes
// a map's header itself. An access without a runtime map frame in a map
// race is an inline read of the header, as len(m) compiles to; its Op is
// "read".
//
// Races on the slots of a map (m[k] = v racing with a range that reads
// the value) are reported on the slot's address with user frames only.
// Often the same two accesses also race on the map's header, which the
// runtime reports as a map race, but not always (a range that reads a
// value after the writer's insert has finished races only on the slot).
// By its stacks such a report cannot be told apart from a race on any
// other memory, so it goes, with races on plain variables, into
// Log.Unattributed, for a caller that knows which source lines access
// maps.
//
// # Runtime frame names
//
// Go 1.24 replaced the map implementation (package internal/runtime/maps,
// "Swiss tables") but kept the runtime entry points' names. Go 1.26
// prints, in race reports, as the innermost frame of each access:
//
//	m[k] = v                 runtime.mapassign, mapassign_fast32, _fast64, _faststr
//	                         and, for pointer keys, _fast64ptr (_fast32ptr on 32-bit)
//	v := m[k], v, ok := m[k] runtime.mapaccess1, mapaccess2 and their _fast32,
//	                         _fast64, _faststr variants
//	m[k]++, m[k] += v        both: mapaccess1* to read, then mapassign* to write
//	delete(m, k)             runtime.mapdelete, mapdelete_fast32, _fast64, _faststr
//	for range m              runtime.mapIterStart (and mapIterNext)
//	clear(m)                 runtime.mapclear
//	len(m)                   no frame: the read is inline in user code
//	maps.Clone(m)            nothing: the clone is not instrumented
//
// Calls through reflect show the runtime function under its reflect name
// (reflect.mapassign_faststr0 above runtime.mapassign_faststr,
// reflect.mapaccess_faststr, reflect.maplen for json.Marshal(m), and
// reflect.mapassign0, mapdelete, mapclear, mapIterStart, ...).
//
// Crash dumps at the default GOTRACEBACK hide frames whose names start
// with "runtime.", so a dump shows
// internal/runtime/maps.fatal, sometimes one method of
// internal/runtime/maps ((*Map).Delete, (*Map).Clear, (*Iter).Next,
// (*Map).Clone) and then user code; Op comes from that method where there
// is one and from the message otherwise. Names of the map implementation
// before Go 1.24 (runtime.mapiterinit, mapiternext, mapaccess1_fat, ...)
// are recognised by the same name patterns, but only Go 1.26 output has
// been checked; the logs under testdata are real Go 1.26 output, and
// testdata/capture.sh makes them again.
//
// # Sites
//
// Access.Site is the frame that mapfix can point at: the first frame
// that is neither runtime, internal, reflect, sync, maps or iter code, nor
// a compiler-generated wrapper, nor a file of the Go installation that
// wrote the log (found from the paths of its runtime frames; under
// -trimpath, where paths are import paths, only files of the packages just
// named are recognised), so that maps.Copy(m, src), json.Marshal(m) and
// range over maps.Keys(m) are reported at the user's call. Frame paths are
// kept as printed: absolute, or "module/path/file.go" under -trimpath.
package racelog
