package detect

import (
	"go/ast"

	"github.com/mapfix/mapfix/internal/mapclass"
)

// Guard is the smaller fix of a finding: a lock that a majority of the
// class's accesses already hold, and the accesses that race without it.
// Holding the lock at those sites makes the map race-free without
// changing its type, which is what a maintainer would write by hand.
type Guard struct {
	// Lock names the lock as the code at the first site would, e.g. "s.mu".
	Lock string
	// RW is set when the lock is a sync.RWMutex: a site whose accesses
	// only read may take RLock.
	RW bool
	// Held counts the class's accesses that hold the lock, Total all of
	// its accesses.
	Held, Total int
	// Sites are the accesses that conflict without the lock, in file
	// order. Several may share one statement.
	Sites []GuardSite
}

// GuardSite is one access that does not hold the guard.
type GuardSite struct {
	// Use is the access (its Expr, Node, File and enclosing Stack).
	Use *mapclass.Use
	// Write is set when the access writes the map.
	Write bool
	// Stmt is the smallest statement enclosing the access, the one the
	// fix wraps in Lock and Unlock. It belongs to Use.File's syntax.
	Stmt ast.Stmt
	// Lock is the lock expression as valid at Stmt, e.g. "c.mu".
	Lock string
	// Unsafe says why taking the lock around Stmt would be wrong (it
	// would deadlock or block under the lock); empty when it is safe.
	Unsafe string
}

// Fixable reports whether every site can take the lock.
func (g *Guard) Fixable() bool {
	if g == nil || len(g.Sites) == 0 {
		return false
	}
	for _, s := range g.Sites {
		if s.Unsafe != "" {
			return false
		}
	}
	return true
}
