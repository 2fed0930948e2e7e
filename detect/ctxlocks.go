package detect

import (
	"go/token"
)

// Locks per goroutine. A helper called both before any goroutine starts
// (with no lock) and, on the goroutines, only with the owner's lock held
// (nats.go's addURLToPool) inherits no lock from its callers as a whole:
// not every call site holds it. Asked per context, it does: every caller
// that runs on that goroutine holds the lock. So a pair of accesses found
// unguarded is asked again, per pair of contexts, with the locks their
// callers hold in those contexts.

// ctxKey names a function in a context.
type ctxKey struct {
	fn *funcNode
	x  ctx
}

// ctxLocks memoises entryIn.
type ctxLocks struct {
	entry map[ctxKey][]lockRef
	busy  map[ctxKey]bool
	runs  map[*funcNode]map[ctx]bool
	keys  map[accessCtx][]string
}

// accessCtx names an access in a context.
type accessCtx struct {
	x  *access
	cx ctx
}

// maxCtxDepth bounds the callers followed upward for one access.
const maxCtxDepth = 8

// keysIn returns the lock keys of x when it runs in context cx: its own
// keys, with the locks that every caller running in cx holds on the way.
func (a *analysis) keysIn(x *access, cx ctx) []string {
	if x.fn == nil || cx == initCtx || x.spawned || x.foreign {
		return x.keys
	}
	cl := a.ctxLocks()
	k := accessCtx{x, cx}
	if keys, ok := cl.keys[k]; ok {
		return keys
	}
	keys := x.keys
	if extra := a.entryIn(x.fn, cx, 0); len(extra) > 0 {
		held := append(append([]lockRef(nil), x.held...), extra...)
		keys = a.g.accessKeys(x.use.File.Package.TypesInfo, x.use.Expr, held, x.write)
	}
	cl.keys[k] = keys
	return keys
}

// runsIn reports whether fn may run in context x.
func (a *analysis) runsIn(fn *funcNode, x ctx) bool {
	cl := a.ctxLocks()
	set := cl.runs[fn]
	if set == nil {
		set = make(map[ctx]bool)
		for _, c := range a.cx.of[fn] {
			set[c] = true
		}
		cl.runs[fn] = set
	}
	return set[x]
}

func (a *analysis) ctxLocks() *ctxLocks {
	if a.cl == nil {
		a.cl = &ctxLocks{entry: make(map[ctxKey][]lockRef), busy: make(map[ctxKey]bool), runs: make(map[*funcNode]map[ctx]bool), keys: make(map[accessCtx][]string)}
	}
	return a.cl
}

// entryIn returns the locks fn holds on entry in context x beyond those
// it holds from all its callers: the locks held at every call site whose
// caller runs in x. A goroutine's own function, a function called
// through a value or from outside the loaded code, and one no caller in
// x reaches get none.
func (a *analysis) entryIn(fn *funcNode, x ctx, depth int) []lockRef {
	cl := a.ctxLocks()
	k := ctxKey{fn, x}
	if l, ok := cl.entry[k]; ok {
		return l
	}
	if cl.busy[k] || depth > maxCtxDepth {
		return nil
	}
	if fn.valueRef || (fn.entry && x == outerCtx) || fn.isInit || len(fn.callers) == 0 {
		cl.entry[k] = nil
		return nil
	}
	for _, r := range fn.rootOf {
		if ctx(r.id) == x {
			cl.entry[k] = nil // the goroutine starts here, holding nothing
			return nil
		}
	}
	cl.busy[k] = true
	defer delete(cl.busy, k)
	local := a.g.isLocalFunc(fn)
	if fn.obj == nil && !local {
		cl.entry[k] = nil // a literal run through a value: its callers are not its call sites
		return nil
	}
	var common []lockRef
	first := true
	for _, cs := range fn.callers {
		if cs.caller == nil || cs.call == nil {
			cl.entry[k] = nil
			return nil
		}
		if !a.callerIn(cs, x) {
			continue
		}
		held := append(a.heldAtIn(cs.caller, cs.pos, x, depth+1), a.locks.deferHeld[cs.call]...)
		if local {
			held = capturedLocks(fn, held)
		} else {
			held = a.locks.translate(cs, fn, held)
		}
		if first {
			common, first = held, false
		} else {
			common = a.g.keys.intersect(common, held)
		}
		if len(common) == 0 {
			break
		}
	}
	cl.entry[k] = common
	return common
}

// heldAtIn returns the locks held at pos in fn when it runs in x.
func (a *analysis) heldAtIn(fn *funcNode, pos token.Pos, x ctx, depth int) []lockRef {
	held := a.locks.heldAt(fn, pos)
	return append(held, a.entryIn(fn, x, depth)...)
}

// afterStart is the pseudo-context of the code that started root r, from
// its go statement on: the spawner after it, and what that code calls.
// An access in the starting context races with r only when made there.
func afterStart(r *root) ctx { return ctx(-100 - r.id) }

func isAfterStart(x ctx) bool { return x <= -100 }

// callerIn reports whether call site cs runs in context x.
func (a *analysis) callerIn(cs callSite, x ctx) bool {
	if !isAfterStart(x) {
		return a.runsIn(cs.caller, x)
	}
	r := a.g.roots[-100-int(x)]
	if a.spawnReach[r][cs.caller] {
		return true
	}
	for _, fr := range a.frontier(r) {
		if fr.fn == cs.caller && (cs.pos > fr.pos || fr.fn.sameLoop(cs.pos, fr.pos, nil)) {
			return true
		}
	}
	return false
}

// lockedAfterStart reports whether the pair's access in the starting
// context, counted only where the code that started the other side's
// goroutine makes it, shares a lock with the goroutine's access. The
// starting context may still reach the map some other way (an exported
// function called at any time), so the pair is possible, not certain.
func (a *analysis) lockedAfterStart(cf conflict) bool {
	outer, in, r := cf.a, cf.b, cf.cb
	if cf.cb < 0 {
		outer, in, r = cf.b, cf.a, cf.ca
	}
	if r < 0 || (cf.ca >= 0 && cf.cb >= 0) || cf.ca == initCtx || cf.cb == initCtx {
		return false
	}
	root := a.g.roots[r]
	if root.spawner == nil || !a.spawnerReaches(root, outer) {
		return false
	}
	return shareKey(a.keysIn(outer, afterStart(root)), a.keysIn(in, r))
}
