// Package detect decides which map classes (see internal/mapclass) are
// shared between goroutines without a common lock, and explains why.
//
// The analysis has four parts, one file each:
//
//   - callgraph.go builds a static call graph over every loaded file:
//     function and method declarations, function literals, static calls
//     (typeutil.StaticCallee), calls through interfaces (every
//     implementation among the loaded packages) and functions used as
//     values, which are assumed to be called synchronously by the code that
//     mentions them.
//   - roots.go finds the concurrency roots (go statements, errgroup and
//     WaitGroup Go, time/context AfterFunc, net/http handler registrations
//     and ServeHTTP methods, parallel subtests) and computes for every
//     function the contexts it may run in: the roots whose reach includes
//     it, the "outer" context (reachable from an entry point without
//     crossing a root) and the init context (package initialisation).
//   - locks.go computes an intraprocedural lockset at every statement, and
//     lets a function whose every static call site holds a lock inherit it.
//   - happens.go orders accesses against goroutine starts and waits: an
//     access before the go statement that starts a goroutine, or after a
//     wg.Wait, errgroup Wait or channel receive that follows it, cannot run
//     at the same time as that goroutine. An access in another function is
//     ordered when it is ordered at every call site of that function (so a
//     load() called before the first go statement counts as before it).
//     Parallel subtests are ordered after everything their parent test
//     does.
//
// detect.go puts them together: a class is shared when a write and another
// access (or the same write in another instance of a goroutine started in
// a loop) may run in different contexts at the same time with no common
// lock held. Classes whose declarations are all locals, parameters and
// results are analysed relative to the map instance (local.go): the map is
// only shared when a goroutine captures it or receives it as an argument.
//
// Choices where SPEC §4 and §9 are silent:
//
//   - A class named by a function result (no variable, field, local or
//     parameter joins it) is reported with kind "local" and the result's
//     name, or "result" for an unnamed result.
//   - A field of an anonymous struct or of a type declared inside a
//     function is named after the nearest enclosing declaration
//     (pkg.Decl.field).
//   - Accesses in init functions and package-level initialisers run before
//     main and conflict with nothing; goroutines started from init are not
//     ordered against them.
//   - A goroutine started in a loop conflicts with itself; evidence then
//     shows the one access once, under that go statement.
//   - Confidence is "certain" when a conflicting pair comes from go
//     statements, errgroup/WaitGroup Go or parallel subtests, "likely" when
//     every conflicting pair involves an HTTP handler or a callback
//     registration (AfterFunc), and "possible" for the -exported check.
package detect

// Known limits (each a source of false positives or misses):
//
//   - Field classes are per type, not per instance: a struct that every
//     goroutine makes for itself (a per-worker scratch map in a field)
//     still conflicts with itself when the goroutine is started in a loop.
//     This is the main source of false positives on large code bases.
//   - A wait is not matched to the goroutines it waits for: any wg.Wait,
//     errgroup Wait or (non-looping, non-select) channel receive after a
//     go statement orders what follows it against that goroutine.
//   - A function value that is stored and called later is assumed to run
//     synchronously where it is mentioned; calls through function-typed
//     variables and fields are not followed.
//   - A lock is identified syntactically: two accesses share a lock when
//     it is the same package variable, the same captured variable, or the
//     same field path from the variable the map itself is reached from.
//     A lock held in a caller reaches a callee only when every static call
//     site of the callee holds it; clones that share a map but get a fresh
//     mutex are not recognised; copy-on-write maps published through
//     atomic.Pointer are not recognised.
