package detect

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/types/typeutil"
)

// waitStmt is a statement after which the goroutines started earlier in
// the same function are taken to have finished: wg.Wait(), errgroup's
// g.Wait(), a channel receive, or the end of a range over a channel. A
// select with no default is recorded too, as a signal wait (signal):
// what follows it waited for someone, which does not end those
// goroutines.
type waitStmt struct {
	pos   token.Pos
	scope ast.Node // the block the wait is a statement of: it covers what follows in it
	// loop is the innermost loop around a channel receive: a receive
	// repeated in a loop is a stream of values, not the end of a
	// goroutine, unless the goroutine is started in the same loop.
	loop ast.Node
	// signal marks a select with no default (or a call of a function
	// that ends in one): it blocks until some channel is ready, so what
	// follows it waited for someone, but one of several cases is not
	// taken as the end of the goroutines the function started.
	signal bool
	// via is the function a waiting call runs, for waits that are calls.
	via *funcNode
	// node is the receive, select or range statement of a channel wait.
	node ast.Node
	// deferred marks a deferred wait (defer wg.Wait()): pos is where it
	// is registered, and it runs at return, before the deferred calls
	// registered ahead of it.
	deferred bool
	// call is the waiting call (wg.Wait()), for waits that are calls.
	call *ast.CallExpr
}

// scanBodies records the waits and loops of every function body, not
// counting those of nested literals.
func (g *graph) scanBodies() {
	for _, fn := range g.funcs {
		if fn.body == nil {
			continue
		}
		info := fn.file.Package.TypesInfo
		var stack []ast.Node
		ast.Inspect(fn.body, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			if _, ok := n.(*ast.FuncLit); ok {
				return false
			}
			switch n := n.(type) {
			case *ast.ForStmt:
				fn.loops = append(fn.loops, n)
			case *ast.RangeStmt:
				fn.loops = append(fn.loops, n)
				if t, ok := info.TypeOf(n.X).Underlying().(*types.Chan); ok && t != nil {
					fn.waits = append(fn.waits, waitStmt{pos: n.End(), scope: innermostBlock(stack), loop: innermostLoop(stack), node: n})
				}
			case *ast.CallExpr:
				if g.isWaitCall(info, n) {
					d, isDefer := stack[len(stack)-1].(*ast.DeferStmt)
					fn.waits = append(fn.waits, waitStmt{pos: n.Pos(), scope: innermostBlock(stack), deferred: isDefer && d.Call == n, call: n})
				}
			case *ast.SelectStmt:
				if !hasDefault(n) {
					// A select with no default blocks until one of its
					// channels is ready, as a receive does.
					fn.waits = append(fn.waits, waitStmt{pos: n.Pos(), scope: innermostBlock(stack), loop: innermostLoop(stack), signal: true, node: n})
				}
			case *ast.UnaryExpr:
				if n.Op == token.ARROW && !insideSelect(stack) {
					fn.waits = append(fn.waits, waitStmt{pos: n.Pos(), scope: innermostBlock(stack), loop: innermostLoop(stack), node: n})
				}
			}
			stack = append(stack, n)
			return true
		})
	}
	g.waitingCalls()
}

// hasDefault reports whether a select statement has a default case.
func hasDefault(s *ast.SelectStmt) bool {
	for _, c := range s.Body.List {
		if cc, ok := c.(*ast.CommClause); ok && cc.Comm == nil {
			return true
		}
	}
	return false
}

// waitingCalls adds as waits the calls of functions that always wait
// (p.Close() whose body ends in p.wg.Wait()): a wait statement at the top
// level of their body, not in a branch or a loop. Chains of such helpers
// are followed a few levels. A call of a function that only waits for a
// signal is a signal wait too.
func (g *graph) waitingCalls() {
	waits := func(fn *funcNode, signal bool) bool {
		for _, w := range fn.waits {
			if w.scope == fn.body && w.loop == nil && w.signal == signal {
				return true
			}
		}
		return false
	}
	waiter := func(fn *funcNode) bool { return waits(fn, false) || waits(fn, true) }
	var work []*funcNode
	for _, fn := range g.funcs {
		if fn.body != nil && waiter(fn) {
			work = append(work, fn)
		}
	}
	for round := 0; round < 3 && len(work) > 0; round++ {
		var next []*funcNode
		for _, callee := range work {
			for _, cs := range callee.callers {
				caller := cs.caller
				// A deferred call is placed at the closing brace: it
				// waits at return, after everything else.
				if caller == nil || cs.call == nil || caller == callee || caller.body == nil || cs.pos == caller.body.Rbrace {
					continue
				}
				if !isOnlyCallee(g, caller, cs.call, callee) || hasWait(caller.waits, cs.pos) {
					continue
				}
				wasWaiter := waiter(caller)
				caller.waits = append(caller.waits, waitStmt{pos: cs.pos, scope: blockAt(caller.body, cs.pos), signal: !waits(callee, false), via: callee})
				if !wasWaiter && waiter(caller) {
					next = append(next, caller)
				}
			}
		}
		work = next
	}
}

// isOnlyCallee reports whether call runs callee and nothing else (no
// interface dispatch to other implementations).
func isOnlyCallee(g *graph, caller *funcNode, call *ast.CallExpr, callee *funcNode) bool {
	callees, dispatch := g.callees(caller.file.Package.TypesInfo, call)
	return !dispatch && len(callees) == 1 && callees[0] == callee
}

// blockAt returns the innermost statement list holder of body (not inside
// a nested literal) that contains pos.
func blockAt(body *ast.BlockStmt, pos token.Pos) ast.Node {
	var best ast.Node = body
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil || pos < n.Pos() || pos >= n.End() {
			return false
		}
		switch n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
			best = n
		}
		return true
	})
	return best
}

func hasWait(ws []waitStmt, pos token.Pos) bool {
	for _, w := range ws {
		if w.pos == pos {
			return true
		}
	}
	return false
}

// isWaitCall reports whether call waits for goroutines to finish:
// sync.WaitGroup's and errgroup's Wait, or a method without parameters
// named Wait or ...AndWait of a type whose code is not loaded (a closer's
// SignalAndWait, a tomb's Wait), whose body cannot be read to tell. The
// methods named so that wait for something else are left out.
func (g *graph) isWaitCall(info *types.Info, call *ast.CallExpr) bool {
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	switch name := calleeName(fn); name {
	case "sync.WaitGroup.Wait", "golang.org/x/sync/errgroup.Group.Wait":
		return true
	case "sync.Cond.Wait", "os/exec.Cmd.Wait", "os.Process.Wait":
		return false
	}
	if fn == nil || g.declared(fn) != nil {
		return false
	}
	sig := fn.Signature()
	return sig.Recv() != nil && sig.Params().Len() == 0 &&
		(fn.Name() == "Wait" || strings.HasSuffix(fn.Name(), "AndWait"))
}

// insideSelect reports whether the innermost statement is a select case:
// a receive there may not happen at all.
func insideSelect(stack []ast.Node) bool {
	for i := len(stack) - 1; i >= 0; i-- {
		switch stack[i].(type) {
		case *ast.CommClause:
			return true
		case *ast.BlockStmt:
			return false
		}
	}
	return false
}

// innermostBlock returns the innermost statement list holder on stack.
func innermostBlock(stack []ast.Node) ast.Node {
	for i := len(stack) - 1; i >= 0; i-- {
		switch stack[i].(type) {
		case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
			return stack[i]
		}
	}
	return nil
}

// chainEntry is a position in a function that a point of the program runs
// at or under: the point itself, the unique call site of its function, the
// unique call site of that one, and so on. async marks entries reached by
// crossing a go statement: the point runs in a goroutine started there.
type chainEntry struct {
	fn    *funcNode
	pos   token.Pos
	async bool
	// outlives is set past a goroutine on the way that does not wait, to
	// its end, for what it started: waiting for that goroutine there does
	// not wait for r.
	outlives bool
}

// chain follows unique call sites upward from r's go statement. A call
// site inside r's own goroutines does not count against uniqueness: the
// goroutine it runs on exists only once r was started from the other.
func (g *graph) chain(r *root) []chainEntry {
	fn, pos := r.spawner, r.pos
	out := []chainEntry{{fn: fn, pos: pos}}
	seen := map[*funcNode]bool{fn: true}
	async, outlives := false, false
	for len(out) < 32 {
		var next *funcNode
		var at token.Pos
		outside := fn.callers
		if len(outside) > 1 {
			outside = nil
			for _, cs := range fn.callers {
				if cs.caller == nil || !g.onlyInside(cs.caller, r, make(map[*funcNode]bool), 0) {
					outside = append(outside, cs)
				}
			}
		}
		switch {
		case len(fn.rootOf) == 0 && !fn.entry && !fn.isInit && len(outside) == 1 && outside[0].caller != nil:
			next, at = outside[0].caller, outside[0].pos
		case len(fn.rootOf) == 1 && len(fn.callers) == 0 && fn.rootOf[0].spawner != nil:
			next, at = fn.rootOf[0].spawner, fn.rootOf[0].pos
			async = true
			if fn.body == nil || !fn.waitBetween(out[len(out)-1].pos, fn.body.Rbrace) {
				outlives = true
			}
		}
		if next == nil || seen[next] {
			break
		}
		seen[next] = true
		fn = next
		out = append(out, chainEntry{fn: fn, pos: at, async: async, outlives: outlives})
	}
	return out
}

// onlyInside reports whether fn runs only once r has started, from code
// of r's own goroutines: it is one of r's targets, every call of it is
// made from such functions, or it is a closure made in one (a few calls
// deep; a call cycle counts as inside). memo holds the functions
// being decided, assumed inside meanwhile: it is for one question only.
func (g *graph) onlyInside(fn *funcNode, r *root, memo map[*funcNode]bool, depth int) bool {
	if memo[fn] {
		return true
	}
	for _, t := range r.targets {
		if t == fn {
			memo[fn] = true
			return true
		}
	}
	if depth > 4 {
		return false
	}
	memo[fn] = true // cycles: assumed inside while deciding
	if _, isLit := fn.node.(*ast.FuncLit); isLit && fn.parent != nil && g.onlyInside(fn.parent, r, memo, depth+1) {
		// A closure made only on r's goroutines runs, wherever it goes,
		// after r started.
		return true
	}
	if fn.entry || fn.isInit || fn.valueRef || len(fn.rootOf) > 0 || len(fn.callers) == 0 {
		delete(memo, fn)
		return false
	}
	for _, cs := range fn.callers {
		if cs.caller == nil || !g.onlyInside(cs.caller, r, memo, depth+1) {
			delete(memo, fn)
			return false
		}
	}
	return true
}

// ordered reports whether the access at pos in fn cannot run while root r
// runs: it happens before r's goroutine starts (earlier in the function
// that starts it, outside any loop around the start), or after a wait that
// follows the start, or it runs in a goroutine that was waited for before
// r started. When fn is not on the chain of functions leading to r's
// start, the question is asked of every call site of fn instead: an
// access is ordered when it is ordered wherever it may be called from.
//
// carried says whether a loop keeps the same map across its iterations; a
// loop that makes a fresh map each time does not order an access of one
// iteration against the goroutine of another.
//
// in, when not nil, is the root whose goroutine runs this instance of the
// point, and runs reports whether a function runs in that goroutine: only
// the calls made there are followed, up to its start. The point's other
// instances belong to other pairs.
func (g *graph) ordered(fn *funcNode, pos token.Pos, r *root, carried func(x *funcNode, loop ast.Node) bool, in *root, runs func(*funcNode) bool) bool {
	if fn == nil {
		return true // package initialisation
	}
	if r.spawner == nil {
		return false
	}
	if fn == r.spawner && r.call != nil && r.call.Lparen <= pos && pos < r.call.End() {
		return true // an argument evaluated before the goroutine starts
	}
	o := &orderer{g: g, r: r, cr: g.chain(r), carried: carried, budget: 256, visiting: make(map[*funcNode]bool), in: in, runsIn: runs}
	return o.at(fn, pos, false, false, 0)
}

// orderer walks call sites upward from an access to the chain of r.
type orderer struct {
	g        *graph
	r        *root
	cr       []chainEntry
	carried  func(x *funcNode, loop ast.Node) bool
	budget   int
	visiting map[*funcNode]bool
	// in is the goroutine the point runs in, while the walk is still
	// inside it (nil once past its start, or when any context counts);
	// runsIn reports whether a function runs in it.
	in     *root
	runsIn func(*funcNode) bool
	// waited is set while walking up from a function that waits (for
	// goroutines, not a signal) before the point: a call of it made after
	// r's start waits after that start too.
	waited bool
	// deferAt is where the deferred call being walked through was
	// registered (its call site is the closing brace), or NoPos.
	deferAt token.Pos
}

// afterOnly asks only whether the point comes after r's goroutine has
// finished (not whether it comes before the start).
func (o *orderer) at(fn *funcNode, pos token.Pos, async, afterOnly bool, depth int) bool {
	deferAt := o.deferAt // set by atCall for this call only
	o.deferAt = token.NoPos
	o.budget--
	if o.budget < 0 || depth > 16 || o.visiting[fn] {
		return false
	}
	for _, b := range o.cr {
		if b.fn == fn {
			return o.decide(fn, pos, deferAt, async, afterOnly, b)
		}
	}
	o.visiting[fn] = true
	defer delete(o.visiting, fn)
	if lit, ok := fn.node.(*ast.FuncLit); ok && fn.parent != nil && o.atOutside(fn.parent, lit.Pos(), async, depth+1) {
		// A closure runs only once its literal has been evaluated: made
		// after r's goroutine was waited for, every call of it is too,
		// wherever the value goes.
		return true
	}
	if !o.waited && !async && fn.body != nil && fn.waitBefore(fn.body.Lbrace, pos, deferAt) && o.g.waitsForOthers(fn, pos) {
		// The cleanup a spawner defers (wait for the workers, then close
		// what they used) runs its accesses after that wait.
		o.waited = true
		defer func() { o.waited = false }()
	}
	if o.in != nil {
		return o.within(fn, async, afterOnly, depth)
	}
	if len(fn.callers) == 0 && len(fn.rootOf) == 1 && fn.rootOf[0].spawner != nil && !fn.entry {
		// The goroutine started at the root runs fn.
		r0 := fn.rootOf[0]
		return o.at(r0.spawner, r0.pos, true, afterOnly, depth+1)
	}
	if fn.entry || fn.isInit || len(fn.callers) == 0 || len(fn.rootOf) > 0 {
		return false
	}
	counted, inRoot := false, false
	for _, cs := range fn.callers {
		if cs.caller == fn && len(fn.callers) > 1 {
			continue // a recursive call runs inside an activation begun at another call site
		}
		if cs.caller != nil && (o.r.lit != nil && cs.caller.node == ast.Node(o.r.lit) || o.g.onlyInside(cs.caller, o.r, make(map[*funcNode]bool), 0)) {
			// A call made by r's own goroutine (directly, or by functions
			// only it runs) runs there: it is not the instance of the
			// point that is being ordered against r.
			inRoot = true
			continue
		}
		if cs.caller == nil || !o.atCall(cs, async, afterOnly, depth+1) {
			return false
		}
		counted = true
	}
	return counted || !inRoot
}

// atCall is at for the call site cs, remembering where a deferred call
// was registered.
func (o *orderer) atCall(cs callSite, async, afterOnly bool, depth int) bool {
	if cs.call != nil && cs.caller.body != nil && cs.pos == cs.caller.body.Rbrace {
		o.deferAt = cs.call.Pos()
	}
	return o.at(cs.caller, cs.pos, async, afterOnly, depth)
}

// atOutside is at for a point that need not be in o.in's goroutine,
// asking only whether it comes after r's end.
func (o *orderer) atOutside(fn *funcNode, pos token.Pos, async bool, depth int) bool {
	in := o.in
	o.in = nil
	defer func() { o.in = in }()
	return o.at(fn, pos, async, true, depth)
}

// within is at for a function of o.in's goroutine: its instance there is
// reached from the goroutine's start, when fn is what the goroutine runs,
// or from the calls made on the goroutine; calls from elsewhere make
// other instances.
func (o *orderer) within(fn *funcNode, async, afterOnly bool, depth int) bool {
	counted := false
	if slices.Contains(o.in.targets, fn) {
		in := o.in
		if in.spawner == nil {
			return false
		}
		o.in = nil
		ok := o.at(in.spawner, in.pos, true, afterOnly, depth+1)
		o.in = in
		if !ok {
			return false
		}
		counted = true
	}
	for _, cs := range fn.callers {
		if cs.caller == nil || cs.caller == fn || !o.runsIn(cs.caller) {
			continue
		}
		if o.r.lit != nil && cs.caller.node == ast.Node(o.r.lit) {
			continue // made on r's own goroutine (see at)
		}
		if !o.atCall(cs, async, afterOnly, depth+1) {
			return false
		}
		counted = true
	}
	return counted
}

// decide orders a point at pa in x (async: inside a goroutine started
// there; deferAt: where the deferred call at pa was registered) against
// the start of r at b.pos in x.
func (o *orderer) decide(x *funcNode, pa, deferAt token.Pos, async, afterOnly bool, b chainEntry) bool {
	pr := b.pos
	if o.r.kind == rootSubtest && !async && !b.async && !afterOnly {
		// Parallel subtests wait for their parent test to return.
		return true
	}
	if !async && !afterOnly && pa < pr && !x.sameLoop(pa, pr, o.carried) && !o.startsAgain(b) {
		return true
	}
	if !b.outlives && x.waitBefore(pr, pa, deferAt) {
		return true
	}
	if o.waited && !async && !b.async && pa > pr {
		return true // the call waits, after the start, before the point
	}
	if r := o.r; r.joined && x == r.spawner && pa >= r.loop.End() {
		return true // after a loop that joins each goroutine it starts
	}
	return async && !afterOnly && x.waitBetween(pa, pr)
}

// startsAgain reports whether the chain above entry b reaches r's start
// from inside a loop that does not wait for it: every turn starts another
// instance, and a point before the start in one turn comes after the
// starts of the turns before it (Login writes the table, then schedules
// an expiry callback; main calls Login in a loop).
func (o *orderer) startsAgain(b chainEntry) bool {
	if sp := o.r.spawner; sp == nil || sp.body == nil || sp.waitBetween(o.r.pos, sp.body.Rbrace) {
		return false // the starter waits for its goroutine before it returns
	}
	above := false
	for _, e := range o.cr {
		if above && !e.async {
			if l := e.fn.loopAt(e.pos); l != nil && !e.fn.joinsIteration(l, e.pos) && !blocksIn(e.fn, l) {
				return true
			}
		}
		if e.fn == b.fn && e.pos == b.pos {
			above = true
		}
	}
	return false
}

// blocksIn reports whether the body of loop, in fn, may block on another
// goroutine: a channel operation, a select, a range over a channel, or a
// wait (a handshake or a semaphore may pace the turns).
func blocksIn(fn *funcNode, loop ast.Node) bool {
	for _, w := range fn.waits {
		if loop.Pos() <= w.pos && w.pos < loop.End() {
			return true
		}
	}
	info := fn.file.Package.TypesInfo
	found := false
	ast.Inspect(loop, func(n ast.Node) bool {
		if _, lit := n.(*ast.FuncLit); lit {
			return false
		}
		found = found || n != loop && channelOp(info, n)
		return !found
	})
	return found
}

// channelOp reports whether n is a channel operation that may block on
// another goroutine: a send, a receive, a select, a range over a channel.
func channelOp(info *types.Info, n ast.Node) bool {
	switch n := n.(type) {
	case *ast.SendStmt, *ast.SelectStmt:
		return true
	case *ast.UnaryExpr:
		return n.Op == token.ARROW
	case *ast.RangeStmt:
		_, ok := info.TypeOf(n.X).Underlying().(*types.Chan)
		return ok
	}
	return false
}

// loopAt returns the innermost loop of fn's own body that encloses pos,
// or nil.
func (fn *funcNode) loopAt(pos token.Pos) ast.Node {
	var in ast.Node
	for _, l := range fn.loops {
		if l.Pos() <= pos && pos < l.End() && (in == nil || l.Pos() >= in.Pos()) {
			in = l
		}
	}
	return in
}

// sameLoop reports whether one loop of fn encloses both positions.
func (fn *funcNode) sameLoop(p, q token.Pos, carried func(x *funcNode, loop ast.Node) bool) bool {
	for _, l := range fn.loops {
		if l.Pos() <= p && p < l.End() && l.Pos() <= q && q < l.End() && (carried == nil || carried(fn, l)) {
			return true
		}
	}
	return false
}

// joinsIteration reports whether a loop of fn waits, in its body's own
// statement list, after the go statement at pos: each iteration joins
// the goroutine it started.
func (fn *funcNode) joinsIteration(loop ast.Node, pos token.Pos) bool {
	var body *ast.BlockStmt
	switch l := loop.(type) {
	case *ast.ForStmt:
		body = l.Body
	case *ast.RangeStmt:
		body = l.Body
	}
	if body == nil {
		return false
	}
	for _, w := range fn.waits {
		if !w.signal && !w.deferred && w.scope == body && w.pos > pos && (w.loop == nil || w.loop == loop) {
			return true
		}
	}
	return false
}

// waitBetween reports whether fn waits after from and before to: in a
// statement list that also holds to, or in one that holds from when to
// comes after that list and nothing between from and the wait jumps out
// of it (goroutines started in an if block and waited for at its end are
// finished after the block).
func (fn *funcNode) waitBetween(from, to token.Pos) bool {
	return fn.waitBefore(from, to, token.NoPos)
}

// waitBefore is waitBetween for a point to that may be a deferred call
// registered at deferAt (to is then the closing brace): a deferred wait
// comes before it when registered after it, as deferred calls run last in
// first out. With no deferAt, a deferred wait counts only before the end
// of the function.
func (fn *funcNode) waitBefore(from, to, deferAt token.Pos) bool {
	for _, w := range fn.waits {
		if w.signal || (w.loop != nil && (from < w.loop.Pos() || from >= w.loop.End())) {
			continue
		}
		if w.deferred {
			if fn.body == nil || to != fn.body.Rbrace || deferAt.IsValid() && (w.pos < deferAt || w.scope != fn.body) {
				continue
			}
			if start := max(from, deferAt); returnsBetween(fn, start, w.pos) {
				continue // a return on the way skips registering it
			}
			if w.scope == fn.body || w.scope.Pos() <= from {
				return true // registered where from runs: at return it waits
			}
			continue
		}
		// A wait at from itself is a call of a function that waits for
		// the goroutines it starts (from is then its call site).
		if from > w.pos || w.pos >= to || w.scope == nil {
			continue
		}
		if w.scope.Pos() <= to && to < w.scope.End() {
			return true
		}
		if w.scope.Pos() <= from && to >= w.scope.End() && !jumpsOut(w.scope, from, w.pos) {
			return true
		}
	}
	return false
}

// jumpsOut reports whether a branch statement between from and to may
// leave scope: a goto, a labelled break or continue, or a plain one whose
// loop, switch or select is not inside scope. A return leaves the
// function, so what follows scope is not reached that way.
func jumpsOut(scope ast.Node, from, to token.Pos) bool {
	out := false
	inspect(scope, func(n ast.Node, stack []ast.Node) bool {
		if _, isLit := n.(*ast.FuncLit); isLit || out {
			return false
		}
		b, ok := n.(*ast.BranchStmt)
		if !ok || b.Pos() < from || b.Pos() >= to {
			return true
		}
		// stack holds the statements between scope and b: the target of
		// a plain break or continue is the innermost one that takes it.
		switch b.Tok {
		case token.GOTO:
			out = true
		case token.BREAK, token.CONTINUE:
			out = b.Label != nil || !slices.ContainsFunc(stack, func(s ast.Node) bool {
				switch s.(type) {
				case *ast.ForStmt, *ast.RangeStmt:
					return true
				case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
					return b.Tok == token.BREAK
				}
				return false
			})
		}
		return false
	})
	return out
}

// waitsForOthers reports whether the waits of fn before pos can be for
// goroutines fn did not start: fn starts none itself, and one of them
// waits on something fn did not make (s.wg, not a WaitGroup declared in
// fn for its own jobs).
func (g *graph) waitsForOthers(fn *funcNode, pos token.Pos) bool {
	for _, r := range g.roots {
		if r.spawner != nil && contains(fn.node, r.pos) {
			return false
		}
	}
	info := fn.file.Package.TypesInfo
	for _, w := range fn.waits {
		if w.signal || w.pos >= pos {
			continue
		}
		var subject ast.Expr
		switch {
		case w.call != nil:
			if sel, ok := ast.Unparen(w.call.Fun).(*ast.SelectorExpr); ok {
				subject = sel.X
			}
		case w.node != nil:
			switch n := w.node.(type) {
			case *ast.UnaryExpr:
				subject = n.X
			case *ast.RangeStmt:
				subject = n.X
			}
		}
		if subject == nil {
			continue
		}
		base, _, ok := decompose(info, subject)
		if v, isVar := base.(*types.Var); ok && isVar && !contains(fn.node, v.Pos()) {
			return true
		}
	}
	return false
}

// returnsBetween reports whether fn's body (not its literals) has a
// return statement between from and to.
func returnsBetween(fn *funcNode, from, to token.Pos) bool {
	found := false
	ast.Inspect(fn.body, func(n ast.Node) bool {
		if _, isLit := n.(*ast.FuncLit); isLit || found {
			return false
		}
		if r, ok := n.(*ast.ReturnStmt); ok && from <= r.Pos() && r.Pos() < to {
			found = true
		}
		return !found
	})
	return found
}
