package detect

import (
	"go/ast"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"strings"

	"github.com/mapfix/mapfix/internal/load"
	"golang.org/x/tools/go/types/typeutil"
)

// funcNode is one function body: a declaration or a literal.
type funcNode struct {
	node   ast.Node // *ast.FuncDecl or *ast.FuncLit
	obj    *types.Func
	file   *load.File
	body   *ast.BlockStmt
	parent *funcNode // the function a literal is written in; nil for declarations
	name   string    // for messages and IDs: "F", "T.M", or the enclosing one's for literals

	calls []*funcNode // synchronous callees
	// staticCalls are the callees that a call really runs: all of calls
	// but those reached only through interface dispatch, where every
	// loaded implementation is assumed.
	staticCalls []*funcNode
	callers     []callSite // synchronous call sites (calls and value references)
	// entry is set for functions that may be called from outside the
	// loaded code: declarations nobody calls, functions referenced at
	// package level.
	entry bool
	// rootOf lists the roots this function is the target of.
	rootOf []*root
	// valueRef is set when the function is used as a value somewhere, so
	// its callers are not all known.
	valueRef bool
	isInit   bool
	// waits are the wait statements in the body (see happens.go).
	waits []waitStmt
	// loops are the for and range statements of the body, not counting
	// those of nested literals.
	loops []ast.Node
	// contract caches hasLockContract: 0 not asked yet, 1 no, 2 yes.
	contract uint8
	// locks caches what its doc comment says of its locks (contractOf).
	locks *contractLocks
}

// inTestFile reports whether fn is written in a test file.
func (fn *funcNode) inTestFile() bool { return strings.HasSuffix(fn.file.Name, "_test.go") }

// callSite is a place where one function calls (or mentions) another.
type callSite struct {
	caller *funcNode
	pos    token.Pos
	call   *ast.CallExpr // nil for a value reference
}

// graph is the static call graph of the loaded program.
type graph struct {
	prog  *load.Program
	funcs []*funcNode
	byKey map[string]*funcNode // declarations by their key (keys.fn)
	keys  *declKeys
	byAST map[ast.Node]*funcNode // by *ast.FuncDecl / *ast.FuncLit
	// methods maps a method name to the declarations of that name, for
	// calls through interfaces.
	methods map[string][]*funcNode
	roots   []*root
	// params is every parameter and receiver variable, to tell copies of a
	// mutex from shared ones.
	params map[*types.Var]bool
	// funcVars maps the locals that hold one function literal, and are
	// never assigned another value, to it: calling the local runs it.
	funcVars map[*types.Var]*funcNode
	// async holds the function parameters each function runs on other
	// goroutines (funcvalues.go).
	async map[*funcNode]map[int]bool
	// localLits holds the literals of funcVars.
	localLits map[*funcNode]bool
	// aliases maps locals that rename part of an owner (mu := &s.mu) to
	// the owner expression (alias.go).
	aliases map[*types.Var]ast.Expr
	// sends are the function values sent on channels (evalloop.go).
	sends []funcSend
	// fieldCalls indexes the calls of function-typed fields
	// (fieldfuncs.go).
	fieldCalls map[*types.Var][]fieldCall
	// paramFields caches paramField.
	paramFields map[paramKey]*types.Var
	// within caches runsWithin; spawnedBy and litsOf are its indexes of
	// the roots each function starts and the literals written in it.
	within    map[*funcNode]map[*funcNode]bool
	spawnedBy map[*funcNode][]*funcNode
	litsOf    map[*funcNode][]*funcNode
	// tabs indexes the package variables holding function literals
	// (tables.go); made on first use.
	tabs *tables
	// mentioned is what the loaded code names (dead); made on first use.
	mentioned *mentions
}

// declared returns the loaded declaration of fn, or nil.
func (g *graph) declared(fn *types.Func) *funcNode {
	return g.byKey[g.keys.fn(fn)]
}

// buildGraph collects the functions of every loaded file, then their
// edges and the concurrency roots.
func buildGraph(prog *load.Program) *graph {
	g := &graph{
		prog:    prog,
		byKey:   make(map[string]*funcNode),
		keys:    newDeclKeys(prog.Fset),
		byAST:   make(map[ast.Node]*funcNode),
		methods: make(map[string][]*funcNode),
		params:  make(map[*types.Var]bool),
	}
	files := prog.Files()
	for _, f := range files {
		g.collect(f)
	}
	g.funcVars = g.localFuncs(files)
	g.localLits = make(map[*funcNode]bool)
	for _, lit := range g.funcVars {
		g.localLits[lit] = true
	}
	g.fieldCalls = g.funcFields(files)
	for _, f := range files {
		g.edges(f)
	}
	g.asyncRoots()
	g.computeAliases()
	g.serveHTTPRoots()
	for _, fn := range g.funcs {
		if _, ok := fn.node.(*ast.FuncDecl); ok && len(fn.callers) == 0 && len(fn.rootOf) == 0 && !fn.isInit {
			// Nobody in the loaded code calls it: main, tests, exported
			// API, or dead code. It runs in the outer context.
			fn.entry = true
		}
	}
	return g
}

// collect makes a funcNode for every declaration and literal of f.
func (g *graph) collect(f *load.File) {
	info := f.Package.TypesInfo
	var stack []*funcNode
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			obj, _ := info.Defs[n.Name].(*types.Func)
			fn := &funcNode{node: n, obj: obj, file: f, body: n.Body, name: declName(n)}
			fn.isInit = n.Recv == nil && n.Name.Name == "init"
			g.add(fn)
			if obj != nil && n.Name.Name != "init" {
				g.byKey[g.keys.fn(obj)] = fn
				if n.Recv != nil {
					g.methods[n.Name.Name] = append(g.methods[n.Name.Name], fn)
				}
			}
			g.signatureParams(info, n.Type, n.Recv)
			stack = append(stack, fn)
			if n.Body != nil {
				ast.Inspect(n.Body, visit)
			}
			stack = stack[:len(stack)-1]
			return false
		case *ast.FuncLit:
			fn := &funcNode{node: n, file: f, body: n.Body}
			if len(stack) > 0 {
				fn.parent = stack[len(stack)-1]
				fn.name = fn.parent.name
			} else {
				fn.name = enclosingDeclName(f.Syntax, n.Pos())
			}
			g.add(fn)
			g.signatureParams(info, n.Type, nil)
			stack = append(stack, fn)
			ast.Inspect(n.Body, visit)
			stack = stack[:len(stack)-1]
			return false
		}
		return true
	}
	ast.Inspect(f.Syntax, visit)
}

func (g *graph) add(fn *funcNode) {
	g.funcs = append(g.funcs, fn)
	g.byAST[fn.node] = fn
}

// signatureParams records the parameter and receiver variables of a
// function type.
func (g *graph) signatureParams(info *types.Info, ft *ast.FuncType, recv *ast.FieldList) {
	for _, fl := range []*ast.FieldList{recv, ft.Params} {
		if fl == nil {
			continue
		}
		for _, field := range fl.List {
			for _, name := range field.Names {
				if v, ok := info.Defs[name].(*types.Var); ok {
					g.params[v] = true
				}
			}
		}
	}
}

// declName is "F" for a function and "T.M" for a method.
func declName(d *ast.FuncDecl) string {
	if d.Recv == nil || len(d.Recv.List) == 0 {
		return d.Name.Name
	}
	return recvTypeName(d.Recv.List[0].Type) + "." + d.Name.Name
}

// recvTypeName returns the type name of a receiver type expression,
// without pointer and type parameters.
func recvTypeName(e ast.Expr) string {
	for {
		switch t := e.(type) {
		case *ast.StarExpr:
			e = t.X
		case *ast.ParenExpr:
			e = t.X
		case *ast.IndexExpr:
			e = t.X
		case *ast.IndexListExpr:
			e = t.X
		case *ast.Ident:
			return t.Name
		default:
			return "?"
		}
	}
}

// enclosingDeclName names the package-level declaration holding pos: a
// function, a type or a variable.
func enclosingDeclName(f *ast.File, pos token.Pos) string {
	for _, d := range f.Decls {
		if pos < d.Pos() || pos >= d.End() {
			continue
		}
		switch d := d.(type) {
		case *ast.FuncDecl:
			return declName(d)
		case *ast.GenDecl:
			for _, s := range d.Specs {
				if pos < s.Pos() || pos >= s.End() {
					continue
				}
				switch s := s.(type) {
				case *ast.TypeSpec:
					return s.Name.Name
				case *ast.ValueSpec:
					if len(s.Names) > 0 {
						return s.Names[0].Name
					}
				}
			}
		}
	}
	return "_"
}

// callees returns the loaded functions a call may run synchronously: the
// static callee, a literal called in place, or every loaded implementation
// of an interface method. dispatch reports the last case: an
// over-approximation that may not stand as a witness on its own.
func (g *graph) callees(info *types.Info, call *ast.CallExpr) (fns []*funcNode, dispatch bool) {
	fun := ast.Unparen(call.Fun)
	if lit, ok := fun.(*ast.FuncLit); ok {
		return []*funcNode{g.byAST[lit]}, false
	}
	if id, ok := fun.(*ast.Ident); ok {
		if v, ok := info.Uses[id].(*types.Var); ok {
			if lit := g.funcVars[v]; lit != nil {
				return []*funcNode{lit}, false // a local closure called by name
			}
		}
	}
	if fn := typeutil.StaticCallee(info, call); fn != nil {
		if n := g.declared(fn); n != nil {
			return []*funcNode{n}, false
		}
		return nil, false
	}
	if sel, ok := fun.(*ast.SelectorExpr); ok {
		if s := info.Selections[sel]; s != nil && s.Kind() == types.MethodVal {
			if iface, ok := s.Recv().Underlying().(*types.Interface); ok {
				impls := g.implementations(iface, sel.Sel.Name)
				// With one loaded implementation, that is what the call
				// runs (the program has no other to run).
				return impls, len(impls) != 1
			}
		}
	}
	return nil, false
}

// implementations returns the loaded methods named name whose receiver
// type implements iface.
func (g *graph) implementations(iface *types.Interface, name string) []*funcNode {
	var out []*funcNode
	for _, m := range g.methods[name] {
		if m.obj == nil {
			continue
		}
		recv := m.obj.Signature().Recv()
		if recv == nil {
			continue
		}
		t := recv.Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if types.Implements(t, iface) || types.Implements(types.NewPointer(t), iface) {
			out = append(out, m)
		}
	}
	return out
}

// funcValue returns the loaded function an expression denotes as a value:
// a literal, a function name, or a method value; nil otherwise.
func (g *graph) funcValue(info *types.Info, e ast.Expr) *funcNode {
	e = ast.Unparen(e)
	switch e := e.(type) {
	case *ast.FuncLit:
		return g.byAST[e]
	case *ast.Ident:
		if fn, ok := info.Uses[e].(*types.Func); ok {
			return g.declared(fn)
		}
	case *ast.SelectorExpr:
		if s := info.Selections[e]; s != nil {
			if fn, ok := s.Obj().(*types.Func); ok && s.Kind() != types.FieldVal {
				return g.declared(fn)
			}
			return nil
		}
		if fn, ok := info.Uses[e.Sel].(*types.Func); ok {
			return g.declared(fn)
		}
	case *ast.CallExpr:
		// http.HandlerFunc(f) and similar conversions keep the function.
		if tv, ok := info.Types[e.Fun]; ok && tv.IsType() && len(e.Args) == 1 {
			return g.funcValue(info, e.Args[0])
		}
	}
	return nil
}

// edges records the calls, value references and roots of f.
func (g *graph) edges(f *load.File) {
	info := f.Package.TypesInfo
	// handled marks call expressions and function values already taken as
	// a root, so they are not also synchronous edges.
	handled := make(map[ast.Node]bool)
	inspect(f.Syntax, func(n ast.Node, stack []ast.Node) bool {
		caller := g.enclosing(stack)
		switch n := n.(type) {
		case *ast.SendStmt:
			// A function value sent on a channel runs where it is
			// received: placed once the roots are known (evalloop.go).
			if isFunc(info.TypeOf(n.Value)) {
				if fv := g.funcValue(info, n.Value); fv != nil {
					g.sends = append(g.sends, funcSend{send: n, sender: caller, value: fv, info: info})
					handled[ast.Unparen(n.Value)] = true
				}
			}
		case *ast.GoStmt:
			g.goRoot(info, n, caller, stack)
			handled[n.Call] = true
			handled[ast.Unparen(n.Call.Fun)] = true
			// A function value handed to the started function runs there
			// if anywhere (goArgs), not in the code that starts it.
			for _, a := range n.Call.Args {
				if isFunc(info.TypeOf(a)) && g.funcValue(info, a) != nil {
					handled[ast.Unparen(a)] = true
				}
			}
		case *ast.CallExpr:
			if handled[n] {
				return true
			}
			if g.registrationRoot(info, n, caller, stack, handled) {
				return true
			}
			pos := n.Pos()
			if len(stack) > 0 && caller != nil && caller.body != nil {
				if d, ok := stack[len(stack)-1].(*ast.DeferStmt); ok && d.Call == n {
					pos = caller.body.Rbrace // a deferred call runs at return
				}
			}
			callees, dispatch := g.callees(info, n)
			for _, callee := range callees {
				g.link(caller, callee, pos, n, !dispatch)
			}
			if lit, ok := ast.Unparen(n.Fun).(*ast.FuncLit); ok {
				handled[lit] = true
			}
			if fv := g.funcValue(info, n.Fun); fv != nil {
				handled[ast.Unparen(n.Fun)] = true
			}
		case *ast.FuncLit:
			if handled[n] {
				return true
			}
			// A literal that is not called in place nor started as a
			// goroutine is assumed to run synchronously under the code
			// that writes it (a callback, a deferred cleanup), unless it
			// is a local closure, whose calls by name are its edges.
			if fn := g.byAST[n]; fn != nil && !g.isLocalFunc(fn) {
				if fld := g.heldInField(info, n, stack); fld != nil {
					// It runs where the field is called, which is no
					// witness on its own (fieldfuncs.go).
					for _, c := range g.fieldCalls[fld] {
						g.link(c.fn, fn, c.pos, c.call, false)
					}
					fn.valueRef = true
					return true
				}
				if caller == nil {
					fn.entry = true
				} else {
					g.link(caller, fn, n.Pos(), nil, true)
				}
				fn.valueRef = true
			}
		case *ast.Ident, *ast.SelectorExpr:
			e := n.(ast.Expr)
			if handled[e] {
				return true
			}
			if len(stack) > 0 {
				if call, ok := stack[len(stack)-1].(*ast.CallExpr); ok && ast.Unparen(call.Fun) == e {
					return true
				}
				if sel, ok := stack[len(stack)-1].(*ast.SelectorExpr); ok && sel.Sel == e {
					return true
				}
			}
			if id, ok := e.(*ast.Ident); ok && info.Defs[id] != nil {
				return true
			}
			fn := g.funcValue(info, e)
			if fn == nil {
				return true
			}
			fn.valueRef = true
			if caller == nil {
				fn.entry = true
			} else {
				g.link(caller, fn, e.Pos(), nil, true)
			}
		}
		return true
	})
}

// isLocalFunc reports whether fn is the literal of a local closure.
func (g *graph) isLocalFunc(fn *funcNode) bool { return g.localLits[fn] }

// localFuncs finds the locals that hold one function literal.
func (g *graph) localFuncs(files []*load.File) map[*types.Var]*funcNode {
	out := make(map[*types.Var]*funcNode)
	bad := make(map[*types.Var]bool)
	for _, f := range files {
		info := f.Package.TypesInfo
		ast.Inspect(f.Syntax, func(n ast.Node) bool {
			as, ok := n.(*ast.AssignStmt)
			if !ok {
				return true
			}
			for i, l := range as.Lhs {
				id, ok := l.(*ast.Ident)
				if !ok {
					continue
				}
				v := localVar(info, id)
				if v == nil {
					continue
				}
				var lit *ast.FuncLit
				if len(as.Lhs) == len(as.Rhs) {
					lit, _ = ast.Unparen(as.Rhs[i]).(*ast.FuncLit)
				}
				if lit == nil || out[v] != nil {
					bad[v] = true
					continue
				}
				out[v] = g.byAST[lit]
			}
			return true
		})
	}
	for v := range bad {
		delete(out, v)
	}
	return out
}

// link adds a synchronous edge; static is unset for an edge that only
// interface dispatch makes.
func (g *graph) link(caller, callee *funcNode, pos token.Pos, call *ast.CallExpr, static bool) {
	if callee == nil {
		return
	}
	if caller == nil {
		// A call in a package-level initialiser: part of initialisation.
		callee.callers = append(callee.callers, callSite{pos: pos, call: call})
		return
	}
	caller.calls = append(caller.calls, callee)
	if static {
		caller.staticCalls = append(caller.staticCalls, callee)
	}
	callee.callers = append(callee.callers, callSite{caller: caller, pos: pos, call: call})
}

// dead reports whether fn is written in an unexported function or method
// that nothing in the loaded code calls, refers to or starts (and that is
// not exported to C or linknamed): its accesses never run. The call graph
// misses some calls of methods (through an embedded interface, a generic
// interface, a method expression), so a method counts as dead only when
// no selector anywhere in the loaded code names it, and a function only
// when no identifier refers to it.
func (g *graph) dead(fn *funcNode) bool {
	d := declOf(fn)
	fd, ok := d.node.(*ast.FuncDecl)
	if !ok || d.obj == nil || !d.entry || d.valueRef || d.isInit || len(d.rootOf) > 0 || len(d.callers) > 0 ||
		fd.Name.IsExported() || fd.Name.Name == "main" || fd.Name.Name == "init" || fd.Name.Name == "_" {
		return false
	}
	if fd.Doc != nil {
		for _, c := range fd.Doc.List {
			if strings.HasPrefix(c.Text, "//export ") || strings.HasPrefix(c.Text, "//go:linkname ") {
				return false
			}
		}
	}
	if g.mentioned == nil {
		g.mentioned = g.mentions()
	}
	name := fd.Name.Name
	if g.mentioned.linknamed[name] || g.mentioned.unloaded[name] {
		return false
	}
	if fd.Recv != nil {
		return !g.mentioned.selectors[name]
	}
	return !g.mentioned.funcs[d.obj]
}

// mentions is what the loaded code names: every selector's name, and
// every function an identifier refers to (generic ones by their origin).
type mentions struct {
	selectors map[string]bool
	funcs     map[*types.Func]bool
	// linknamed holds the names that //go:linkname directives anywhere
	// in the loaded code name (the last element of a qualified name).
	linknamed map[string]bool
	// unloaded holds the words of the Go and assembly files of loaded
	// packages' directories that were not loaded (another build's
	// race-only code, a linkname directive in it, assembly), where a call
	// may hide.
	unloaded map[string]bool
}

func isIdentByte(b byte) bool {
	return b == '_' || '0' <= b && b <= '9' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z'
}

func (g *graph) mentions() *mentions {
	m := &mentions{selectors: make(map[string]bool), funcs: make(map[*types.Func]bool), linknamed: make(map[string]bool),
		unloaded: make(map[string]bool)}
	loaded, dirs := make(map[string]bool), make(map[string]bool)
	for _, f := range g.prog.Files() {
		loaded[f.Name] = true
		dirs[filepath.Dir(f.Name)] = true
		for _, cg := range f.Syntax.Comments {
			for _, c := range cg.List {
				if rest, ok := strings.CutPrefix(c.Text, "//go:linkname "); ok {
					for _, field := range strings.Fields(rest) {
						m.linknamed[field[strings.LastIndex(field, ".")+1:]] = true
					}
				}
			}
		}
		info := f.Package.TypesInfo
		ast.Inspect(f.Syntax, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.SelectorExpr:
				m.selectors[n.Sel.Name] = true
			case *ast.Ident:
				if fn, ok := info.Uses[n].(*types.Func); ok {
					m.funcs[fn.Origin()] = true
				}
			}
			return true
		})
	}
	for dir := range dirs {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			path := filepath.Join(dir, e.Name())
			if e.IsDir() || loaded[path] || !(strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), ".s")) {
				continue
			}
			if b, err := os.ReadFile(path); err == nil {
				for _, w := range strings.FieldsFunc(string(b), func(r rune) bool { return r >= 0x80 || !isIdentByte(byte(r)) }) {
					m.unloaded[w] = true
				}
			}
		}
	}
	return m
}
