package printing

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"github.com/mapfix/mapfix/internal/load"
	"golang.org/x/tools/go/types/typeutil"
)

// New finds the printing wrappers of prog and returns the Index of every
// printing function. imported, which may be nil, says how functions
// declared outside prog's syntax print (the analyzer reads it from the
// facts of the packages it imports).
//
// A wrapper is a function or method whose last parameter is ...any and
// whose every use of that parameter passes it on whole (args...) to a
// printing call: to fmt.Sprintf with the wrapper's own format parameter
// (a printf wrapper, whose call sites' format strings then say how each
// argument is printed), or to a function that prints each argument with
// one verb (a print wrapper). Wrappers of wrappers are found too, in any
// order of declaration and across the packages of prog. A function that
// also reads its arguments another way (args[0], a loop over them) is not
// a wrapper: a map given to it goes somewhere mapfix does not follow.
func New(prog *load.Program, imported func(*types.Func) (Func, bool)) *Index {
	ix := &Index{
		wrappers:   make(map[string]Func),
		reflectors: make(map[string]map[int]bool),
		found:      make(map[*types.Func]Func),
		imported:   imported,
	}
	if prog == nil {
		return ix
	}
	ix.fset = prog.Fset
	var (
		cands []*candidate
		refl  []*reflCandidate
	)
	for _, f := range prog.Files() {
		info := f.Package.TypesInfo
		if info == nil {
			continue
		}
		for _, d := range f.Syntax.Decls {
			if c := newCandidate(info, d); c != nil {
				cands = append(cands, c)
			}
			refl = append(refl, newReflCandidates(info, d)...)
		}
	}
	ix.findReflectors(refl)
	// Each round adds the wrappers whose callees are all known printers;
	// a chain of n wrappers takes n rounds.
	for changed := true; changed; {
		changed = false
		for _, c := range cands {
			if _, done := ix.wrappers[ix.key(c.fn)]; done {
				continue
			}
			if f, ok := c.wraps(ix); ok {
				ix.wrappers[ix.key(c.fn)] = f
				ix.found[c.fn] = f
				changed = true
			}
		}
	}
	return ix
}

// key identifies a function by where it is declared: a package and its
// test variant type-check the same file into two *types.Func.
func (ix *Index) key(fn *types.Func) string {
	if ix.fset == nil {
		return fmt.Sprintf("%p", fn)
	}
	return load.ObjectKey(ix.fset, fn)
}

// candidate is a function whose last parameter is ...any.
type candidate struct {
	fn     *types.Func
	decl   *ast.FuncDecl
	info   *types.Info
	args   *types.Var // the ...any parameter
	format *types.Var // the string parameter before it, or nil
}

func newCandidate(info *types.Info, d ast.Decl) *candidate {
	decl, ok := d.(*ast.FuncDecl)
	if !ok || decl.Body == nil {
		return nil
	}
	fn, ok := info.Defs[decl.Name].(*types.Func)
	if !ok {
		return nil
	}
	sig := fn.Signature()
	n := sig.Params().Len()
	if !sig.Variadic() || n == 0 {
		return nil
	}
	args := sig.Params().At(n - 1)
	s, ok := args.Type().(*types.Slice)
	if !ok {
		return nil
	}
	if it, ok := s.Elem().Underlying().(*types.Interface); !ok || !it.Empty() {
		return nil
	}
	c := &candidate{fn: fn, decl: decl, info: info, args: args}
	if n >= 2 {
		p := sig.Params().At(n - 2)
		if b, ok := p.Type().Underlying().(*types.Basic); ok && b.Kind() == types.String {
			c.format = p
		}
	}
	return c
}

// wraps reports whether c is a wrapper of printers ix knows, and how it
// prints.
func (c *candidate) wraps(ix *Index) (Func, bool) {
	n := c.fn.Signature().Params().Len()
	var (
		got   Func
		found bool
		ok    = true
	)
	var stack []ast.Node
	ast.Inspect(c.decl.Body, func(node ast.Node) bool {
		if !ok {
			return false
		}
		if node == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		defer func() { stack = append(stack, node) }()
		id, isID := node.(*ast.Ident)
		if !isID || c.info.Uses[id] != c.args {
			return true
		}
		f, fine := c.forward(ix, id, stack, n)
		if !fine || (found && f != got) {
			ok = false
			return false
		}
		got, found = f, true
		return true
	})
	return got, ok && found
}

// forward returns how the wrapper prints when the use id of its ...any
// parameter is a forward to a printer, or false.
func (c *candidate) forward(ix *Index, id *ast.Ident, stack []ast.Node, n int) (Func, bool) {
	if len(stack) == 0 {
		return Func{}, false
	}
	call, ok := stack[len(stack)-1].(*ast.CallExpr)
	if !ok || !call.Ellipsis.IsValid() || len(call.Args) == 0 || call.Args[len(call.Args)-1] != id {
		return Func{}, false
	}
	callee, _ := typeutil.Callee(c.info, call).(*types.Func)
	f, ok := ix.Func(callee)
	if !ok || f.Kind == JSON || !callee.Signature().Variadic() {
		return Func{}, false
	}
	spread := len(call.Args) - 1
	if !f.Printf() {
		if spread < f.First {
			return Func{}, false
		}
		return Func{Kind: f.Kind, Format: -1, First: n - 1, Verb: f.Verb}, true
	}
	// A printf callee: the wrapper's own format must be its format, and
	// the arguments must follow it directly, or the call site's verbs
	// would not line up with the arguments.
	if c.format == nil || spread != f.First || f.Format >= len(call.Args) {
		return Func{}, false
	}
	if !c.isFormat(call.Args[f.Format]) {
		return Func{}, false
	}
	return Func{Kind: Fmt, Format: n - 2, First: n - 1}, true
}

// isFormat reports whether e is the wrapper's format parameter, possibly
// with constant text that holds no verb added before or after it
// ("debug: "+format): the call site's verbs still line up with its
// arguments.
func (c *candidate) isFormat(e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return c.info.Uses[e] == c.format
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return false
		}
		return (c.isFormat(e.X) && c.plainText(e.Y)) || (c.plainText(e.X) && c.isFormat(e.Y))
	}
	return false
}

// plainText reports whether e is a constant string with no % in it.
func (c *candidate) plainText(e ast.Expr) bool {
	tv := c.info.Types[e]
	return tv.Value != nil && tv.Value.Kind() == constant.String && !strings.Contains(constant.StringVal(tv.Value), "%")
}

// reflCandidate is a parameter of empty interface type (or ...any) of a
// function declared in the program.
type reflCandidate struct {
	fn    *types.Func
	body  *ast.BlockStmt
	info  *types.Info
	param *types.Var
	index int
}

func newReflCandidates(info *types.Info, d ast.Decl) []*reflCandidate {
	decl, ok := d.(*ast.FuncDecl)
	if !ok || decl.Body == nil {
		return nil
	}
	fn, ok := info.Defs[decl.Name].(*types.Func)
	if !ok {
		return nil
	}
	var out []*reflCandidate
	sig := fn.Signature()
	for i := range sig.Params().Len() {
		p := sig.Params().At(i)
		t := p.Type()
		if s, ok := t.(*types.Slice); ok && sig.Variadic() && i == sig.Params().Len()-1 {
			t = s.Elem()
		}
		if it, ok := t.Underlying().(*types.Interface); ok && it.Empty() {
			out = append(out, &reflCandidate{fn: fn, body: decl.Body, info: info, param: p, index: i})
		}
	}
	return out
}

// findReflectors marks the parameters that reach a reflecting function:
// passed to it directly (render(w, data) calling tmpl.Execute(w, data)),
// or through other such parameters, in any order of declaration.
func (ix *Index) findReflectors(cands []*reflCandidate) {
	for changed := true; changed; {
		changed = false
		for _, c := range cands {
			k := ix.key(c.fn)
			if ix.reflectors[k][c.index] || !c.reaches(ix) {
				continue
			}
			if ix.reflectors[k] == nil {
				ix.reflectors[k] = make(map[int]bool)
			}
			ix.reflectors[k][c.index] = true
			changed = true
		}
	}
}

// reaches reports whether some use of c's parameter is an argument of a
// call that reflects on it.
func (c *reflCandidate) reaches(ix *Index) bool {
	found := false
	ast.Inspect(c.body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found {
			return !found
		}
		fn, _ := typeutil.Callee(c.info, call).(*types.Func)
		if fn == nil {
			return true
		}
		sig := fn.Signature()
		for i, a := range call.Args {
			a = ast.Unparen(a)
			if el, ok := a.(*ast.IndexExpr); ok {
				a = ast.Unparen(el.X) // an element of a ...any parameter
			}
			id, ok := a.(*ast.Ident)
			if !ok || c.info.Uses[id] != c.param {
				continue
			}
			param := i
			if sig.Variadic() && i >= sig.Params().Len()-1 {
				param = sig.Params().Len() - 1
			}
			if ix.Reflects(fn, param) {
				found = true
			}
		}
		return !found
	})
	return found
}
