// Package detect decides which map classes (see internal/mapclass) are
// shared between goroutines without a common lock, and explains why.
//
// The analysis has four main parts:
//
//   - callgraph.go builds a static call graph over every loaded file:
//     function and method declarations, function literals, static calls
//     (typeutil.StaticCallee), calls through interfaces (every
//     implementation among the loaded packages) and functions used as
//     values, which are assumed to be called synchronously by the code that
//     mentions them; a function value sent on a channel is called by the
//     event loop that receives it when one goroutine alone does
//     (evalloop.go), else it runs on the receivers as a pool
//     (funcvalues.go).
//   - roots.go finds the concurrency roots (go statements, errgroup and
//     WaitGroup Go, time/context AfterFunc, net/http handler registrations
//     and ServeHTTP methods, gRPC service registrations, parallel
//     subtests) and computes for every
//     function the contexts it may run in: the roots whose reach includes
//     it, the "outer" context (reachable from an entry point without
//     crossing a root) and the init context (package initialisation).
//   - locks.go computes an intraprocedural lockset at every statement, and
//     lets a function whose every static call site holds a lock inherit it.
//     once.go treats a sync.Once the same way: the function passed to Do
//     holds it exclusively, the code after a Do (or after a call of a
//     getter that starts with one) holds it shared, so lazy initialisation
//     is ordered before the reads that go through the Do.
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
// Two kinds of access do not appear among a class's uses and are added:
// print.go finds fmt and encoding/json calls that print or marshal a value
// holding a map field (reads of the field's class, following each
// package's rules on pointers, unexported fields and String/MarshalJSON
// methods), and published.go groups the local classes that load a map
// from, or store it into, the same sync/atomic Pointer or Value, so that a
// write into a published map conflicts with the reads of the others.
//
// Field classes are per type, so instance.go drops the accesses of a field
// map reached from a struct value that is confined to one activation of
// the function that makes it (made there, and never stored, sent,
// returned, copied whole or captured by a goroutine, down any chain of
// calls): two such accesses on one value run in one goroutine, and no
// other goroutine reaches the value. Only classes whose maps stay in
// their fields (fields and parameters, filled from make or a literal)
// qualify.
//
// When the lock most accesses hold is missing at the conflicting accesses,
// and it already guards at least as many accesses as it misses, the
// finding suggests holding it there (Finding.Suggestion).
//
// gRPC services are recognised by the shape of the registration that
// protoc-gen-go-grpc generates, not by import path, since the generated
// package is the user's: a function Register<Name>Server(s, impl) whose
// first parameter is a ServiceRegistrar or *Server of a package whose path
// ends in "grpc" and whose second is an interface. Every method of that
// interface on the type passed (every loaded implementation, when an
// interface value is passed) is a root that, like an HTTP handler, runs
// once per request: confidence likely.
//
// Choices the design (docs/design.md, docs/detection.md) leaves open:
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
//     every conflicting pair involves an HTTP handler, a gRPC method or a
//     callback registration (AfterFunc), and "possible" for the -exported
//     check.
//   - Writes to fields of map elements (m[k].f = v, m[k].n++) read the map
//     and write the element: they are not writes of the map.
//   - A map returned by a method (x.table()) is taken to be reached from
//     the method's receiver when locks are compared, so the caller's
//     x.mu (or x's Once, through a getter) covers it.
package detect

// Known limits (each a source of false positives or misses):
//
//   - Field classes are per type, not per instance, except for values
//     instance.go proves confined: a struct that every goroutine makes for
//     itself still conflicts with itself when it is taken from a pool,
//     handed to a function value or a body that is not loaded, or when its
//     map is first copied into a local (m := s.m; if m == nil {...}). This
//     is the main source of false positives on large code bases.
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
//     mutex are not recognised.
//   - Published maps are followed only from a Load to the variable or
//     result it is assigned to (and what that class joins), and from a
//     variable passed to Store; a map stored from a field, or loaded into
//     one, is analysed as that field's class. A map that reaches an atomic
//     any other way (a pointer dereference, a channel) is taken to be fresh
//     wherever a local holds it.
//   - A Once orders only the accesses after a Do in the same block (or
//     after a call of a gate, a function that starts with a Do), and the
//     function passed to Do when nothing else refers to it.
//   - Printing follows fmt and encoding/json on the static type: a value
//     printed through an interface, or a map reached through a map's
//     values, is not seen.
