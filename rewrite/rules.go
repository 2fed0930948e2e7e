package rewrite

import (
	"go/ast"

	"github.com/mapfix/mapfix/internal/mapclass"
)

// The rewrite rules come in families, one file each, holding both the
// planner that recognises a shape on go/ast and the edit that rewrites it
// on the dst tree:
//
//	decls.go     a declaration's map type, make and map literals
//	index.go     m[k], v, ok := m[k], m[k] = v, delete, clear, len
//	update.go    m[k]++, m[k] op= x, m[k] = f(m[k]): one Update
//	assign.go    several targets, select cases and range clauses that
//	             assign elements: temporaries, then Store
//	range.go     range m: range m.All() or m.Keys()
//	mapsfuncs.go maps.Keys(m) ...: m.Keys() ...
//	checkact.go  a test of an entry and a write of it: LoadOrStore or
//	             Compute, else a note that they are two operations now
//
// Each family has one planner per kind of use it handles, which tries its
// shapes in order, so a new rule in a family goes into its file alone,
// with its golden case in testdata/golden; a new family adds its file and
// its planners to the table below.

// planner plans one use of a class when the use has the shape of its rule,
// and reports whether it took the use: planned it, refused it, or found it
// planned already. The planners after it are not tried then.
type planner func(p *classPlan, u *mapclass.Use) bool

// rules sends each kind of use to the planners that may rewrite it, in the
// order they are tried: shapes that span several operations first, the
// plain operation last.
var rules = map[mapclass.Op][]planner{
	mapclass.Make: {(*classPlan).planMake}, // decls.go
	mapclass.Read: {
		(*classPlan).planMapsCall, // mapsfuncs.go
		elemOnly("read"),
		(*classPlan).checkActRead,  // checkact.go
		(*classPlan).planIndexRead, // index.go
	},
	mapclass.Write: {
		elemOnly("write"),
		(*classPlan).assignWrite, // assign.go
		(*classPlan).updateWrite, // update.go
		(*classPlan).planStore,   // index.go
		(*classPlan).refuseWrite,
	},
	mapclass.Delete: {
		plannedAlready,
		(*classPlan).checkActDelete, // checkact.go
		(*classPlan).planDelete,     // index.go
	},
	mapclass.Clear: {(*classPlan).planClear}, // index.go
	mapclass.Len:   {(*classPlan).planLen},   // index.go
	mapclass.Range: {(*classPlan).planRange}, // range.go
}

// planUse decides what happens to one use.
func (p *classPlan) planUse(u *mapclass.Use) {
	for _, plan := range rules[u.Op] {
		if plan(p, u) {
			return
		}
	}
}

// plannedAlready takes a use that an action planned from another use
// holds already (a read that an Update planned from its write takes in).
func plannedAlready(p *classPlan, u *mapclass.Use) bool {
	_, done := p.actions[u.Node]
	return done
}

// elemOnly takes a read or write that is not of an element, m[k], which
// only the rules before it know (a call of package maps), and refuses it;
// and one planned already.
func elemOnly(what string) planner {
	return func(p *classPlan, u *mapclass.Use) bool {
		if _, ok := u.Node.(*ast.IndexExpr); !ok {
			p.refuse(u.Pos(), "a %s mapfix does not know how to rewrite", what)
			return true
		}
		return plannedAlready(p, u)
	}
}
