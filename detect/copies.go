package detect

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"github.com/mapfix/mapfix/internal/mapclass"
)

// Copies of one value. When both sides of a pair reach the map through
// struct values passed by value (options handed to a call), they share it
// only if they copy one value: the same variable, or the same literal. A
// pair whose two sides start from different variables (two callers'
// options, or two exported functions' parameters) is no witness: a map
// that only ever holds maps made for it is shared between two values only
// if the caller hands both the same one.

// copiesApart reports whether the two sides of cf start from different
// struct values, for class c whose field only ever holds maps made for it.
func (a *analysis) copiesApart(c *mapclass.Class, cf conflict) bool {
	if !fieldOnlyFresh(c) {
		return false
	}
	return a.copiesApartFrom(cf.a, cf.ca, cf.b, cf.cb) || a.copiesApartFrom(cf.b, cf.cb, cf.a, cf.ca)
}

// copiesApartFrom is copiesApart with y on a goroutine: x's ways to its
// map that go through y's starter before the go statement are ordered
// before y on that value, when no value reaches the starter twice.
func (a *analysis) copiesApartFrom(x *access, cx ctx, y *access, cy ctx) bool {
	ty, ok := a.cachedSources(y, cy, nil)
	if !ok {
		return false
	}
	var before *root
	if cy >= 0 && !ty.repeated {
		before = a.g.roots[cy]
	}
	tx, ok := a.cachedSources(x, cx, before)
	if !ok {
		return false
	}
	for k := range tx.from {
		if ty.from[k] != nil {
			return false
		}
	}
	return true
}

// copyKey identifies one copySources question: the access, its context,
// and the root whose start cuts the walk (nil for none).
type copyKey struct {
	x      *access
	cx     ctx
	before *root
}

type copyResult struct {
	copies copies
	ok     bool
}

// cachedSources is copySources, asked once per access, context and root:
// a class's pairs share their accesses. With before set, the ways
// through before's starter ahead of its go statement (outside any loop)
// are left out: they are ordered before that goroutine on that value.
func (a *analysis) cachedSources(x *access, cx ctx, before *root) (copies, bool) {
	k := copyKey{x, cx, before}
	if r, ok := a.copyMemo[k]; ok {
		return r.copies, r.ok
	}
	var cut func(fn *funcNode, pos token.Pos) bool
	if before != nil {
		cut = func(fn *funcNode, pos token.Pos) bool {
			if before.spawner == nil || fn != before.spawner || pos >= before.pos {
				return false
			}
			for _, l := range fn.loops {
				if contains(l, pos) {
					return false
				}
			}
			return true
		}
	}
	c, ok := a.copySources(x, cx, cut)
	if a.copyMemo == nil {
		a.copyMemo = make(map[copyKey]copyResult)
	}
	a.copyMemo[k] = copyResult{c, ok}
	return c, ok
}

// copies is what copySources finds: each variable or literal a map comes
// from, with the places it is handed on from there; repeated is set when
// one of them is handed on twice (two calls, or a call in a loop).
type copies struct {
	from     map[any][]token.Pos
	repeated bool
}

// copySources returns the variables and literals x's map comes from,
// through struct values and pointers to them (bases), when each is a
// value of its own: a parameter of a function called only from outside
// the loaded code, a literal, or a local only ever given literals. A way
// that cut accepts (a place in a function) is left out.
func (a *analysis) copySources(x *access, cx ctx, cut func(*funcNode, token.Pos) bool) (copies, bool) {
	out := copies{from: make(map[any][]token.Pos)}
	if x.fn == nil || x.spawned || x.via != "" {
		return out, false
	}
	v, field, ok := fieldOfVar(x)
	if !ok {
		return out, false
	}
	add := func(fn *funcNode, k any, pos token.Pos) {
		if len(out.from[k]) > 0 && !slices.Contains(out.from[k], pos) {
			out.repeated = true
		}
		for _, l := range fn.loops {
			if contains(l, pos) {
				out.repeated = true
			}
		}
		out.from[k] = append(out.from[k], pos)
	}
	ok = a.bases(cx, true, x.fn, v, x.use.Expr, 0, func(fn *funcNode, b *types.Var, lit *ast.CompositeLit, at ast.Node, last bool) (bool, bool) {
		pos := at.Pos()
		if cut != nil && b != nil && cut(fn, pos) {
			return true, true
		}
		if lit != nil {
			add(fn, lit, pos)
			return literalFresh(fn.file.Package.TypesInfo, lit, field), true
		}
		t := b.Type().Underlying()
		if p, isPtr := t.(*types.Pointer); isPtr && !last {
			t = p.Elem().Underlying()
		}
		if _, isStruct := t.(*types.Struct); !isStruct {
			return false, true
		}
		if t == b.Type().Underlying() && a.freshFieldAt(fn, b, field, pos, at) {
			// A map fn made for its own copy before handing it on:
			// the way ends here, at that copy.
			add(fn, copyMade{fn, b}, pos)
			return true, true
		}
		if setsField(fn.file.Package.TypesInfo, fn.body, b, field, pos) {
			// fn gave the field a map of its own and let the copy out
			// since: where that map went is not followed.
			return false, true
		}
		if !last {
			return true, false
		}
		add(fn, b, pos)
		if _, _, isParam := paramOf(fn, b); isParam {
			return true, true // handed in from outside
		}
		info := fn.file.Package.TypesInfo
		return onlyAssigned(fn, b, func(e ast.Expr) bool {
			l, isLit := ast.Unparen(e).(*ast.CompositeLit)
			return isLit && literalFresh(info, l, field)
		}, false), true
	})
	return out, ok && len(out.from) > 0
}

// copyMade is a source of copySources: the map a function made for its
// own copy v of a struct.
type copyMade struct {
	fn *funcNode
	v  *types.Var
}

// literalFresh reports whether a struct literal gives field nothing or a
// map made there.
func literalFresh(info *types.Info, lit *ast.CompositeLit, field *types.Var) bool {
	st, ok := info.TypeOf(lit).Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i, el := range lit.Elts {
		val := el
		if kv, isKV := el.(*ast.KeyValueExpr); isKV {
			if id, isID := kv.Key.(*ast.Ident); !isID || info.Uses[id] != field {
				continue
			}
			val = kv.Value
		} else if i >= st.NumFields() || st.Field(i) != field {
			continue
		}
		if !isFreshMap(info, val) && !clonesMap(info, val) && !isNilIdent(info, val) {
			return false
		}
	}
	return true
}

// fieldOnlyFresh reports whether class c is one struct field to which
// every assignment gives a map made there (make, a literal, maps.Clone):
// no two values share one of its maps unless one was copied from the
// other.
func fieldOnlyFresh(c *mapclass.Class) bool {
	if len(c.Slots) != 1 || c.Slots[0].Kind != mapclass.Field || c.Slots[0].Elem {
		return false
	}
	for _, u := range c.Uses {
		if u.Op != mapclass.Flow {
			continue
		}
		info := u.File.Package.TypesInfo
		parent, _ := nonParen(u.Stack)
		switch n := parent.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) != len(n.Rhs) {
				return false
			}
			for i, l := range n.Lhs {
				if ast.Unparen(l) == ast.Unparen(u.Expr) && !isFreshMap(info, n.Rhs[i]) && !clonesMap(info, n.Rhs[i]) {
					return false
				}
				if ast.Unparen(n.Rhs[i]) == ast.Unparen(u.Expr) {
					return false // the map moves out
				}
			}
		default:
			return false
		}
	}
	return true
}
