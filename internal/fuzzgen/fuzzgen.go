// Package fuzzgen turns fuzz input bytes into small Go programs that share
// maps between goroutines, for the rewriter's fuzz target.
//
// The bytes are not source text: they are the decisions of a generator
// (which maps to declare, of which types, where; which statements to write
// and in which goroutine), so that almost every input yields a program that
// type-checks and the fuzzer spends its time in mapfix rather than in the
// parser. The statements are drawn from the shapes the rewrite rules name
// (the README's "What the rewrite does"), and from the shapes that must be
// refused: index reads and writes, comma-ok, delete, clear, len, every range form,
// ++/--/op=, append and other self-updates, check-then-insert, keys and
// operands with side effects, the maps package, fmt and encoding/json,
// closures, goroutines with a sync.WaitGroup, mutex-guarded blocks,
// statements in if/switch/for headers, names that collide with the ones
// mapfix chooses, and comments in between.
//
// When the input runs out, every further decision is the first choice, so
// any input, even an empty one, gives a finite program.
package fuzzgen

import (
	"fmt"
	"go/format"
	"path"
	"regexp"
	"strings"
)

// Module is the path of the generated module.
const Module = "fuzz"

// Generate returns the files of a module (go.mod and one or two .go files
// of package main) built from data. The same data always gives the same
// files.
func Generate(data []byte) (map[string][]byte, error) {
	g := &gen{in: data}
	g.plan()
	files := map[string][]byte{
		"go.mod": []byte("module " + Module + "\n\ngo 1.26\n"),
	}
	for _, f := range g.files {
		if len(f.decls) == 0 {
			continue
		}
		src := f.source()
		out, err := format.Source(src)
		if err != nil {
			// The generator wrote something that does not parse: a bug
			// here, not in mapfix.
			return nil, fmt.Errorf("fuzzgen: %s does not parse: %v\n%s", f.name, err, src)
		}
		files[f.name] = out
	}
	return files, nil
}

// keyKind and valKind say what expressions fit a map's key and value.
type keyKind int

const (
	keyString keyKind = iota
	keyInt
	keyArray // [2]int: not ordered
	keyInt8
)

type valKind int

const (
	valInt valKind = iota
	valString
	valSlice
	valPtr
	valBool
	valFloat
	valDuration
	valUint
	valMap
	valEmpty
)

// mapType is one map type the generator declares.
type mapType struct {
	key, val string
	k        keyKind
	v        valKind
}

var mapTypes = []mapType{
	{"string", "int", keyString, valInt},
	{"int", "[]string", keyInt, valSlice},
	{"string", "*T", keyString, valPtr},
	{"int", "string", keyInt, valString},
	{"string", "bool", keyString, valBool},
	{"[2]int", "float64", keyArray, valFloat},
	{"string", "time.Duration", keyString, valDuration},
	{"int8", "uint", keyInt8, valUint},
	{"string", "map[string]int", keyString, valMap},
	{"int", "struct{}", keyInt, valEmpty},
}

func (t mapType) String() string { return "map[" + t.key + "]" + t.val }

func (t mapType) numeric() bool {
	return t.v == valInt || t.v == valFloat || t.v == valDuration || t.v == valUint
}

func (t mapType) integer() bool {
	return t.v == valInt || t.v == valDuration || t.v == valUint
}

// where a map is declared.
type scope int

const (
	global scope = iota
	field
	local
)

// mapVar is one declared map.
type mapVar struct {
	name   string
	t      mapType
	scope  scope
	named  bool   // declared with a named map type: mapfix refuses it
	getter string // name of a function returning it, or ""
	init   int    // how it is made: 0 make, 1 make with size, 2 literal, 3 empty literal, 4 nil
}

// ref is a map expression usable in a context.
type ref struct {
	expr string
	v    *mapVar
}

// file is one generated source file.
type file struct {
	name   string
	header string // a //go:build line, or ""
	decls  []string
}

func (f *file) source() []byte {
	var b strings.Builder
	b.WriteString(f.header)
	b.WriteString("package main\n\n")
	// Import what the code refers to, and nothing else: an unused import
	// does not compile.
	body := strings.Join(f.decls, "\n")
	var paths []string
	for _, p := range []string{"encoding/json", "fmt", "maps", "slices", "sync", "time"} {
		if regexp.MustCompile(`\b` + path.Base(p) + `\.`).MatchString(body) {
			paths = append(paths, p)
		}
	}
	if len(paths) > 0 {
		b.WriteString("import (\n")
		for _, p := range paths {
			fmt.Fprintf(&b, "\t%q\n", p)
		}
		b.WriteString(")\n\n")
	}
	for _, d := range f.decls {
		b.WriteString(d)
		b.WriteString("\n\n")
	}
	return []byte(b.String())
}

// gen holds the state of one generation.
type gen struct {
	in    []byte
	pos   int
	n     int // counter for fresh names
	maps  []*mapVar
	files []*file
}

func (g *gen) byte() byte {
	if g.pos >= len(g.in) {
		return 0
	}
	b := g.in[g.pos]
	g.pos++
	return b
}

// intn returns a choice in [0, n).
func (g *gen) intn(n int) int { return int(g.byte()) % n }

// chance is true with probability about 1/n (false once input runs out).
func (g *gen) chance(n int) bool { return g.pos < len(g.in) && g.intn(n) == n-1 }

func (g *gen) fresh(base string) string {
	g.n++
	return fmt.Sprintf("%s%d", base, g.n)
}

// ctx is where statements are being generated.
type ctx struct {
	refs   []ref
	depth  int
	recv   string // "s" in methods of S, "st" elsewhere
	inLoop bool
	old    bool // the file is compiled as Go 1.22: no range over functions
}

// plan generates the whole program.
func (g *gen) plan() {
	main := &file{name: "main.go"}
	g.files = []*file{main}
	other := main
	if g.chance(3) {
		other = &file{name: "more.go"}
		if g.chance(4) {
			// An older language version for this file only: range over a
			// function is not allowed there, so ranges must be refused.
			other.header = "//go:build go1.22\n\n"
		}
		g.files = append(g.files, other)
	}

	nmaps := 1 + g.intn(4)
	for i := 0; i < nmaps; i++ {
		v := &mapVar{t: mapTypes[g.intn(len(mapTypes))], scope: scope(g.intn(3)), init: g.intn(5)}
		switch v.scope {
		case global:
			v.name = fmt.Sprintf("g%d", i)
		case field:
			v.name = fmt.Sprintf("f%d", i)
		case local:
			v.name = fmt.Sprintf("l%d", i)
		}
		if v.init == 4 && v.scope != global {
			v.init = 0 // a nil field or local is written to at once and panics; keep it simple
		}
		v.named = g.chance(12)
		if v.scope == global && g.chance(4) {
			v.getter = "get" + strings.ToUpper(v.name[:1]) + v.name[1:]
		}
		g.maps = append(g.maps, v)
	}

	g.prelude(main)
	for _, v := range g.maps {
		g.declare(main, v)
	}

	// Workers: functions and methods started as goroutines, each with the
	// package-level maps and, through a parameter, maybe a local one.
	var spawns []string
	nworkers := g.intn(3)
	for i := 0; i < nworkers; i++ {
		spawns = append(spawns, g.worker(other, i))
	}
	if g.chance(3) {
		spawns = append(spawns, g.helper(other))
	}

	mc := &ctx{recv: "st"}
	for _, v := range g.maps {
		mc.refs = append(mc.refs, g.refsOf(v, "st")...)
	}
	var b strings.Builder
	b.WriteString("func main() {\n")
	g.collisions(&b)
	b.WriteString("i, k := 0, \"a\"\n_, _ = i, k\n")
	for _, v := range g.maps {
		if v.scope == local {
			fmt.Fprintf(&b, "%s := %s\n_ = %s\n", v.name, g.makeExpr(v), v.name)
		}
	}
	b.WriteString("var wg sync.WaitGroup\n")
	g.stmts(mc, &b, g.intn(3))
	fmt.Fprintf(&b, "for i := range %d {\nk := fmt.Sprint(i)\n_ = k\nwg.Add(1)\ngo func() {\ndefer wg.Done()\n", 2+g.intn(3))
	gc := *mc
	gc.inLoop = true
	g.stmts(&gc, &b, 1+g.intn(5))
	b.WriteString("}()\n")
	for _, s := range spawns {
		b.WriteString(g.spawnCall(mc, s))
	}
	if g.chance(3) {
		b.WriteString("wg.Go(func() {\n")
		g.stmts(&gc, &b, 1+g.intn(3))
		b.WriteString("})\n")
	}
	if g.chance(5) {
		if r, ok := g.pick(mc, func(r ref) bool { return true }); ok {
			fmt.Fprintf(&b, "wg.Add(1)\ngo func() {\ndefer wg.Done()\n%s\n}()\n", g.deleteStmt(r))
		}
	}
	b.WriteString("}\nwg.Wait()\n")
	g.stmts(mc, &b, g.intn(4))
	b.WriteString("}")
	main.decls = append(main.decls, b.String())
}

// prelude declares the helper types, locks and functions every program has.
func (g *gen) prelude(f *file) {
	f.decls = append(f.decls,
		"// T is a value type held by pointer.\ntype T struct{ n int }",
		"var (\n\tmu sync.Mutex\n\trw sync.RWMutex\n\tcounter int\n)",
		"// next has a side effect, so a key that calls it must be evaluated once.\nfunc next() string {\n\tcounter++\n\treturn fmt.Sprint(counter)\n}",
		"func nextInt() int {\n\tcounter++\n\treturn counter\n}",
		"func val() int { return counter }",
		"func newT() *T { return &T{n: counter} }",
		"// sizeOf is generic: a map passed to it cannot change type.\nfunc sizeOf[M ~map[K]V, K comparable, V any](m M) int { return len(m) }",
	)
	var fields strings.Builder
	var inits strings.Builder
	for _, v := range g.maps {
		if v.scope != field {
			continue
		}
		fmt.Fprintf(&fields, "\t%s %s // %s\n", v.name, g.typeName(f, v), v.name)
		if v.init != 4 {
			fmt.Fprintf(&inits, "%s: %s, ", v.name, g.makeExpr(v))
		}
	}
	f.decls = append(f.decls,
		"// S guards some maps with its mutex, or means to.\ntype S struct {\n\tmu sync.Mutex\n"+fields.String()+"}",
		"var st = &S{"+inits.String()+"}",
	)
}

// typeName spells v's type where it is declared, defining a named map type
// when v has one.
func (g *gen) typeName(f *file, v *mapVar) string {
	if !v.named {
		return v.t.String()
	}
	name := "Named" + strings.ToUpper(v.name)
	f.decls = append(f.decls, fmt.Sprintf("type %s %s", name, v.t))
	return name
}

// declare writes a package-level map and its getter.
func (g *gen) declare(f *file, v *mapVar) {
	if v.scope != global {
		return
	}
	typ := g.typeName(f, v)
	switch {
	case v.init == 4:
		f.decls = append(f.decls, fmt.Sprintf("// %s starts nil.\nvar %s %s", v.name, v.name, typ))
	case v.named:
		f.decls = append(f.decls, fmt.Sprintf("var %s = %s(%s)", v.name, typ, g.makeExpr(v)))
	default:
		f.decls = append(f.decls, fmt.Sprintf("// %s is shared.\nvar %s = %s // made here", v.name, v.name, g.makeExpr(v)))
	}
	if v.getter != "" {
		f.decls = append(f.decls, fmt.Sprintf("func %s() %s { return %s }", v.getter, typ, v.name))
	}
}

// makeExpr is how v is made.
func (g *gen) makeExpr(v *mapVar) string {
	switch v.init {
	case 1:
		return fmt.Sprintf("make(%s, %d)", v.t, g.intn(100))
	case 2:
		return fmt.Sprintf("%s{\n// first\n%s: %s, /* second */ %s: %s,\n}", v.t, g.keyLit(v.t, 1), g.valLit(v.t), g.keyLit(v.t, 2), g.valLit(v.t))
	case 3:
		return v.t.String() + "{}"
	}
	return fmt.Sprintf("make(%s)", v.t)
}

// refsOf returns the expressions that name v from a context whose S
// receiver is recv.
func (g *gen) refsOf(v *mapVar, recv string) []ref {
	switch v.scope {
	case global:
		out := []ref{{v.name, v}}
		if v.getter != "" {
			out = append(out, ref{v.getter + "()", v})
		}
		return out
	case field:
		return []ref{{recv + "." + v.name, v}}
	}
	return []ref{{v.name, v}}
}

// collisions declares, sometimes, locals whose names mapfix would like to
// use for its temporaries, parameters and import.
func (g *gen) collisions(b *strings.Builder) {
	if g.chance(4) {
		b.WriteString("v, delta, key := 0, 0, 0\n_, _, _ = v, delta, key\n")
	}
	if g.chance(6) {
		b.WriteString("shardedmap := 1\n_ = shardedmap\n")
	}
}

// worker writes a goroutine function (or method of S) and returns the
// template of the call that starts it.
func (g *gen) worker(f *file, i int) string {
	c := &ctx{recv: "st", inLoop: true, old: f.header != ""}
	name := fmt.Sprintf("work%d", i)
	sig := "func " + name
	call := name
	if g.chance(2) {
		c.recv = "s"
		sig = "func (s *S) " + name
		call = "st." + name
	}
	params := "wg *sync.WaitGroup, i int, k string"
	args := "&wg, i, k"
	for _, v := range g.maps {
		if v.scope != local {
			c.refs = append(c.refs, g.refsOf(v, c.recv)...)
		}
	}
	// A local map passed in joins the parameter's class.
	for _, v := range g.maps {
		if v.scope == local && g.chance(2) {
			p := "p" + v.name
			params += ", " + p + " " + v.t.String()
			args += ", " + v.name
			c.refs = append(c.refs, ref{p, v})
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "// %s runs as a goroutine.\n%s(%s) {\ndefer wg.Done()\n", name, sig, params)
	g.collisions(&b)
	g.stmts(c, &b, 1+g.intn(5))
	b.WriteString("}")
	f.decls = append(f.decls, b.String())
	return call + "(" + args + ")"
}

// helper writes a function with a map parameter that goroutines call, and
// returns the template of its call.
func (g *gen) helper(f *file) string {
	v := g.maps[g.intn(len(g.maps))]
	name := g.fresh("helper")
	c := &ctx{recv: "st", refs: []ref{{"m", v}}, old: f.header != ""}
	var b strings.Builder
	fmt.Fprintf(&b, "func %s(m %s, i int, k string) {\n", name, v.t)
	g.stmts(c, &b, 1+g.intn(3))
	b.WriteString("}")
	f.decls = append(f.decls, b.String())
	return "helper:" + name + ":" + v.name
}

// spawnCall starts a worker, or calls a helper from a goroutine.
func (g *gen) spawnCall(c *ctx, s string) string {
	if rest, ok := strings.CutPrefix(s, "helper:"); ok {
		name, mapName, _ := strings.Cut(rest, ":")
		for _, r := range c.refs {
			if r.v.name == mapName && !r.v.named {
				return fmt.Sprintf("wg.Add(1)\ngo func() {\ndefer wg.Done()\n%s(%s, i, k)\n}()\n", name, r.expr)
			}
		}
		return ""
	}
	return "wg.Add(1)\ngo " + s + "\n"
}

// pick chooses a map reference that satisfies ok.
func (g *gen) pick(c *ctx, ok func(ref) bool) (ref, bool) {
	var fit []ref
	for _, r := range c.refs {
		if ok(r) {
			fit = append(fit, r)
		}
	}
	if len(fit) == 0 {
		return ref{}, false
	}
	return fit[g.intn(len(fit))], true
}

func (g *gen) stmts(c *ctx, b *strings.Builder, n int) {
	for i := 0; i < n; i++ {
		if g.chance(5) {
			fmt.Fprintf(b, "// step %d\n", g.n)
		}
		g.stmt(c, b)
		b.WriteByte('\n')
	}
}

// key returns a key expression for t; pure keys are literals or variables.
func (g *gen) key(t mapType) string {
	switch t.k {
	case keyString:
		switch g.intn(6) {
		case 0, 1:
			return "k"
		case 2:
			return `"x"`
		case 3:
			return "next()"
		case 4:
			return `k + "!"`
		default:
			return "fmt.Sprint(i)"
		}
	case keyInt:
		switch g.intn(5) {
		case 0, 1:
			return "i"
		case 2:
			return "3"
		case 3:
			return "nextInt()"
		default:
			return "i * 2"
		}
	case keyInt8:
		switch g.intn(3) {
		case 0:
			return "int8(i)"
		case 1:
			return "7"
		default:
			return "int8(nextInt())"
		}
	}
	switch g.intn(3) {
	case 0:
		return "[2]int{i, 1}"
	case 1:
		return "[2]int{}"
	}
	return "[2]int{nextInt(), i}"
}

// keyLit returns a distinct constant key for literals.
func (g *gen) keyLit(t mapType, n int) string {
	switch t.k {
	case keyString:
		return fmt.Sprintf("%q", fmt.Sprint("k", n))
	case keyArray:
		return fmt.Sprintf("{%d, 0}", n)
	}
	return fmt.Sprint(n)
}

// valLit returns a constant-like value of t's value type, usable in a
// composite literal.
func (g *gen) valLit(t mapType) string {
	switch t.v {
	case valInt, valUint:
		return "1"
	case valString:
		return `"s"`
	case valSlice:
		return `{"a"}`
	case valPtr:
		return "{n: 1}"
	case valBool:
		return "true"
	case valFloat:
		return "1.5"
	case valDuration:
		return "time.Second"
	case valMap:
		return `{"in": 1}`
	}
	return "{}"
}

// value returns an expression of t's value type; some call functions.
func (g *gen) value(t mapType) string {
	alt := g.intn(4)
	switch t.v {
	case valInt:
		return [...]string{"1", "i", "val()", "i + 1"}[alt]
	case valUint:
		return [...]string{"1", "uint(i)", "uint(val())", "2"}[alt]
	case valString:
		if alt == 3 {
			return "fmt.Sprint(i)"
		}
		return [...]string{`"s"`, "k", `k + "y"`}[alt]
	case valSlice:
		return [...]string{"[]string{k}", "nil", "append([]string(nil), k)", "[]string{}"}[alt]
	case valPtr:
		return [...]string{"&T{n: i}", "nil", "newT()", "&T{}"}[alt]
	case valBool:
		return [...]string{"true", "i > 0", "false", "len(k) > 1"}[alt]
	case valFloat:
		return [...]string{"1.5", "float64(i)", "float64(val())", "2"}[alt]
	case valDuration:
		return [...]string{"time.Second", "time.Duration(i)", "time.Duration(val())", "2"}[alt]
	case valMap:
		return [...]string{"map[string]int{}", "nil", "map[string]int{k: i}", "make(map[string]int)"}[alt]
	}
	return "struct{}{}"
}

// operand returns the right-hand side of an op-assignment with op.
func (g *gen) operand(t mapType, op string) string {
	switch op {
	case "<<=", ">>=":
		return [...]string{"1", "uint(i % 3)", "i % 2"}[g.intn(3)]
	case "/=", "%=":
		// Never a constant zero, which does not compile.
		switch t.v {
		case valDuration:
			return [...]string{"2", "time.Duration(i + 1)", "time.Duration(val() + 1)"}[g.intn(3)]
		case valFloat:
			return [...]string{"2", "float64(i + 1)", "float64(val() + 1)"}[g.intn(3)]
		case valUint:
			return [...]string{"2", "uint(i + 1)", "uint(val() + 1)"}[g.intn(3)]
		}
		return [...]string{"2", "i + 1", "val() + 1"}[g.intn(3)]
	}
	return g.value(t)
}

func (g *gen) opFor(t mapType) string {
	switch t.v {
	case valInt, valUint, valDuration:
		return [...]string{"+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=", "&^="}[g.intn(11)]
	case valFloat:
		return [...]string{"+=", "-=", "*=", "/="}[g.intn(4)]
	case valString:
		return "+="
	}
	return ""
}

// zero is a value to compare an element with.
func zero(t mapType) string {
	switch t.v {
	case valInt, valUint, valFloat, valDuration:
		return "0"
	case valString:
		return `""`
	case valSlice, valPtr, valMap:
		return "nil"
	case valBool:
		return "false"
	}
	return "(struct{}{})" // parenthesized: a composite literal in an if condition
}

// index writes m[key], sometimes with comments or parentheses.
func (g *gen) index(r ref, key string) string {
	switch {
	case g.chance(8):
		return fmt.Sprintf("%s[ /* key */ %s]", r.expr, key)
	case g.chance(10):
		return fmt.Sprintf("(%s)[%s]", r.expr, key)
	}
	return fmt.Sprintf("%s[%s]", r.expr, key)
}

func (g *gen) deleteStmt(r ref) string {
	return fmt.Sprintf("delete(%s, %s)", r.expr, g.key(r.v.t))
}

// stmt writes one statement that uses a map.
func (g *gen) stmt(c *ctx, b *strings.Builder) {
	if len(c.refs) == 0 {
		b.WriteString("_ = i")
		return
	}
	r := c.refs[g.intn(len(c.refs))]
	t := r.v.t
	shape := g.intn(57)
	if c.depth >= 2 && shape >= 30 {
		shape %= 30 // no deeper nesting
	}
	w := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	k := func() string { return g.key(t) }
	switch shape {
	case 0, 1:
		w("%s = %s", g.index(r, k()), g.value(t))
		if g.chance(3) {
			w(" // stored")
		}
	case 2:
		x := g.fresh("x")
		w("%s := %s\n_ = %s", x, g.index(r, k()), x)
	case 3:
		v, ok := g.fresh("v"), g.fresh("ok")
		w("%s, %s := %s\n_, _ = %s, %s", v, ok, g.index(r, k()), v, ok)
	case 4:
		v, ok := g.fresh("v"), g.fresh("ok")
		w("var %s, %s = %s\n_, _ = %s, %s", v, ok, g.index(r, k()), v, ok)
	case 5:
		v, ok := g.fresh("v"), g.fresh("ok")
		w("var %s %s\nvar %s bool\n%s, %s = %s\n_, _ = %s, %s", v, t.val, ok, v, ok, g.index(r, k()), v, ok)
	case 6:
		v, ok := g.fresh("v"), g.fresh("ok")
		w("if %s, %s := %s; %s {\n_ = %s\n", v, ok, g.index(r, k()), ok, v)
		g.nested(c, b)
		w("}")
	case 7:
		w("%s", g.deleteStmt(r))
	case 8:
		if g.chance(2) {
			w("defer ")
		}
		w("clear(%s)", r.expr)
	case 9:
		n := g.fresh("n")
		w("%s := len(%s)\n_ = %s", n, r.expr, n)
	case 10:
		w("if len(%s) > %d {\n", r.expr, g.intn(4))
		g.nested(c, b)
		w("}")
	case 11:
		g.rangeStmt(c, b, r)
	case 12, 13:
		if t.numeric() {
			w("%s%s", g.index(r, k()), [...]string{"++", "--"}[g.intn(2)])
			if g.chance(3) {
				w(" // counted")
			}
			return
		}
		w("_ = %s", g.index(r, k()))
	case 14, 15:
		op := g.opFor(t)
		if op == "" {
			g.selfUpdate(b, r)
			return
		}
		if op == "<<=" || op == ">>=" || op == "%=" || op == "&=" || op == "|=" || op == "^=" || op == "&^=" {
			if !t.integer() {
				op = "+="
			}
		}
		w("%s %s %s", g.index(r, k()), op, g.operand(t, op))
	case 16, 17:
		g.selfUpdate(b, r)
	case 18:
		// The exact LoadOrStore shape, or one close to it.
		key := k()
		ok := g.fresh("ok")
		val := g.value(t)
		switch g.intn(4) {
		case 0:
			w("if _, %s := %s; !%s {\n%s = %s\n}", ok, g.index(r, key), ok, g.index(r, key), val)
		case 1:
			w("if _, %s := %s; !%s {\n%s = %s\n} else {\n_ = %s\n}", ok, g.index(r, key), ok, g.index(r, key), val, ok)
		case 2:
			w("if _, %s := %s; !(%s) {\n%s = %s\n}", ok, g.index(r, key), ok, g.index(r, key), val)
		default:
			w("if _, %s := %s; !%s {\n%s = %s\n%s = %s\n}", ok, g.index(r, key), ok, g.index(r, key), val, g.index(r, key), val)
		}
	case 19:
		key := k()
		w("if %s == %s {\n%s = %s\n}", g.index(r, key), zero(t), g.index(r, key), g.value(t))
	case 20:
		switch g.intn(3) {
		case 0:
			w("fmt.Println(%s)", r.expr)
		case 1:
			w("fmt.Printf(\"%%v\\n\", %s)", r.expr)
		default:
			s := g.fresh("s")
			w("%s := fmt.Sprint(%s)\n_ = %s", s, r.expr, s)
		}
	case 21:
		j, err := g.fresh("j"), g.fresh("err")
		w("%s, %s := json.Marshal(%s)\n_, _ = %s, %s", j, err, r.expr, j, err)
	case 22:
		g.mapsFunc(c, b, r)
	case 23:
		// An alias joins the class.
		a := g.fresh("alias")
		w("%s := %s\n%s = %s", a, r.expr, g.index(ref{a, r.v}, k()), g.value(t))
	case 24:
		if !strings.HasSuffix(r.expr, ")") {
			w("if %s == nil {\n%s = %s\n}", r.expr, r.expr, g.makeExpr(r.v))
			return
		}
		w("_ = %s == nil", r.expr)
	case 25:
		w("%s = %s", g.index(r, k()), g.index(r, k()))
	case 26:
		// Several values at once: not rewritten as a Store.
		x := g.fresh("x")
		w("var %s %s\n%s, %s = %s, %s\n_ = %s", x, t.val, g.index(r, k()), x, g.value(t), g.value(t), x)
	case 27:
		if t.v == valPtr {
			key := k()
			p := g.fresh("p")
			w("if %s := %s; %s != nil {\n%s.n++\n}\n%s.n = i", p, g.index(r, key), p, p, g.index(r, key))
			return
		}
		if t.v == valMap {
			w("%s[\"in\"]++", g.index(r, k()))
			return
		}
		if t.v == valSlice {
			w("for _, e := range %s {\n_ = e\n}", g.index(r, k()))
			return
		}
		w("_ = %s", g.index(r, k()))
	case 28:
		w("%s", g.deleteStmt(r))
		if g.chance(2) {
			w("\ndefer %s", g.deleteStmt(r))
		}
	case 29:
		// Map value in another value: refused.
		switch g.intn(3) {
		case 0:
			x := g.fresh("iface")
			w("var %s any = %s\n_ = %s", x, r.expr, x)
		case 1:
			x := g.fresh("list")
			w("%s := []%s{%s}\n_ = %s", x, t, r.expr, x)
		default:
			w("_ = %s", g.index(r, k()))
		}
	case 30, 31:
		w("mu.Lock()\n")
		g.nested(c, b)
		w("mu.Unlock()")
	case 32:
		w("func() {\n%s.mu.Lock()\ndefer %s.mu.Unlock()\n", c.recv, c.recv)
		g.nested(c, b)
		w("}()")
	case 33:
		w("rw.RLock()\n_ = %s\nrw.RUnlock()", g.index(r, k()))
	case 34:
		f := g.fresh("f")
		w("%s := func() {\n", f)
		g.nested(c, b)
		w("}\n%s()", f)
	case 35:
		w("for j := 0; j < 2; j++ {\n")
		g.nested(c, b)
		w("}")
	case 36:
		w("switch i %% 3 {\ncase 0:\n")
		g.nested(c, b)
		w("default:\n")
		g.nested(c, b)
		w("}")
	case 37:
		// Statements in headers, where no temporary can go before them.
		if t.numeric() {
			switch g.intn(3) {
			case 0:
				w("for j := 0; j < 2; %s++ {\nj++\n}", g.index(r, k()))
			case 1:
				w("if %s += %s; i > 0 {\n}", g.index(r, k()), g.operand(t, "+="))
			default:
				w("for j := 0; j < 2; %s += %s {\nj++\n}", g.index(r, k()), g.operand(t, "+="))
			}
			return
		}
		// Parenthesized: a composite literal in a header does not parse.
		w("switch %s = (%s); i {\ncase 0:\n}", g.index(r, k()), g.value(t))
	case 38:
		if c.inLoop {
			w("select {\ndefault:\n")
			g.nested(c, b)
			w("}")
			return
		}
		w("if i > 0 {\n")
		g.nested(c, b)
		w("}")
	case 39:
		w("go %s", g.deleteStmt(r))
	case 40:
		w("{\n// a block\n")
		g.nested(c, b)
		w("}")
	case 41:
		if t.v == valInt {
			key := k()
			w("%s = max(%s, i)", g.index(r, key), g.index(r, key))
			return
		}
		w("_ = len(%s)", r.expr)
	case 42:
		w("defer func() {\n")
		g.nested(c, b)
		w("}()")
	case 44:
		// The elements of a map of maps are maps of their own.
		if t.v == valMap {
			in := g.fresh("inner")
			w("for _, %s := range %s {\n%s[\"in\"]++\n_ = len(%s)\n}", in, r.expr, in, in)
			return
		}
		w("_ = %s", g.index(r, k()))
	case 45:
		a1, a2 := g.fresh("a"), g.fresh("a")
		w("%s, %s := %s, %s\n%s = %s\n_ = %s", a1, a2, r.expr, r.expr, g.index(ref{a1, r.v}, k()), g.value(t), a2)
	case 46:
		w("_ = sizeOf(%s)", r.expr)
	case 47:
		k1, k2 := k(), k()
		w("%s, %s = %s, %s", g.index(r, k1), g.index(r, k2), g.index(r, k2), g.index(r, k1))
	case 48:
		if strings.HasSuffix(r.expr, ")") {
			w("_ = %s", g.index(r, k()))
			return
		}
		pm := g.fresh("pm")
		w("%s := &%s\n(*%s)[%s] = %s", pm, r.expr, pm, k(), g.value(t))
	case 49:
		h := g.fresh("holder")
		w("%s := struct{ m %s }{%s}\n%s = %s", h, t, r.expr, g.index(ref{h + ".m", r.v}, k()), g.value(t))
	case 50:
		switch g.intn(4) {
		case 0:
			w("delete(%s /* which */, %s)", r.expr, k())
		case 1:
			w("%s = /* new */ %s", g.index(r, k()), g.value(t))
		case 2:
			if t.numeric() {
				w("%s /* one more */ ++", g.index(r, k()))
				return
			}
			w("_ = len( /* how many */ %s)", r.expr)
		default:
			w("%s[%s] = %s /* trailing */ // and a line comment", r.expr, k(), g.value(t))
		}
	case 51:
		v := g.fresh("v")
		w("if %s := %s; %s == %s {\n", v, g.index(r, k()), v, zero(t))
		g.nested(c, b)
		w("}")
	case 52:
		if t.v != valSlice && t.v != valMap {
			w("switch %s {\ncase %s:\n", g.index(r, k()), zero(t))
			g.nested(c, b)
			w("}")
			return
		}
		w("_ = %s", g.index(r, k()))
	case 53:
		l, rk := g.fresh("loop"), g.fresh("rk")
		w("%s:\nfor %s := range %s {\n_ = %s\nbreak %s\n}", l, rk, r.expr, rk, l)
	case 54:
		if t.numeric() || t.v == valString {
			w("%s += %s", g.index(r, k()), g.index(r, k()))
			return
		}
		w("_ = %s", g.index(r, k()))
	case 55:
		if t.v == valSlice {
			w("%s = append(%s, %s...)", g.index(r, "i"), g.index(r, "i"), g.index(r, k()))
			return
		}
		w("_ = %s", g.index(r, k()))
	case 56:
		f := g.fresh("bump")
		if t.numeric() {
			w("%s := func(key %s) {\n%s[key] += %s\n}\n%s(%s)", f, t.key, r.expr, g.operand(t, "+="), f, k())
			return
		}
		w("%s := func(key %s) %s {\nreturn %s[key]\n}\n_ = %s(%s)", f, t.key, t.val, r.expr, f, k())
	default:
		if !strings.HasSuffix(r.expr, ")") {
			w("%s = %s", r.expr, g.makeExpr(r.v))
			return
		}
		w("_ = %s", g.index(r, k()))
	}
}

// nested writes one or two statements one level deeper.
func (g *gen) nested(c *ctx, b *strings.Builder) {
	if c.depth >= 3 {
		b.WriteString("_ = i\n")
		return
	}
	d := *c
	d.depth++
	g.stmts(&d, b, 1+g.intn(2))
}

// selfUpdate writes m[k] = f(m[k], ...).
func (g *gen) selfUpdate(b *strings.Builder, r ref) {
	t := r.v.t
	key := g.key(t)
	ix := g.index(r, key)
	var rhs string
	switch t.v {
	case valInt:
		rhs = [...]string{ix + "*2 + i", ix + " + val()", "(" + ix + ") - 1", ix + " + " + ix}[g.intn(4)]
	case valUint:
		rhs = ix + " + 1"
	case valFloat:
		rhs = ix + " / 2"
	case valDuration:
		rhs = ix + " + time.Millisecond"
	case valString:
		rhs = [...]string{ix + " + k", ix + " + fmt.Sprint(i)"}[g.intn(2)]
	case valSlice:
		rhs = [...]string{"append(" + ix + ", k)", "append(" + ix + ", next())", ix + "[:0]", "append(" + ix + ", " + ix + "...)"}[g.intn(4)]
	case valBool:
		rhs = "!" + ix
	case valPtr:
		rhs = ix
	case valMap:
		rhs = ix
	default:
		rhs = ix
	}
	fmt.Fprintf(b, "%s = %s", g.index(r, key), rhs)
}

// rangeStmt writes one of the range forms over r, with a body.
func (g *gen) rangeStmt(c *ctx, b *strings.Builder, r ref) {
	t := r.v.t
	kk, vv := g.fresh("rk"), g.fresh("rv")
	switch g.intn(6) {
	case 0:
		fmt.Fprintf(b, "for %s, %s := range %s {\n_, _ = %s, %s\n", kk, vv, r.expr, kk, vv)
	case 1:
		fmt.Fprintf(b, "for %s := range %s {\n_ = %s\n", kk, r.expr, kk)
		if g.chance(2) {
			fmt.Fprintf(b, "delete(%s, %s)\n", r.expr, kk)
		}
	case 2:
		fmt.Fprintf(b, "for range %s {\n", r.expr)
	case 3:
		fmt.Fprintf(b, "for _, %s := range %s {\n_ = %s\n", vv, r.expr, vv)
	case 4:
		fmt.Fprintf(b, "var %s %s\nvar %s %s\nfor %s, %s = range %s {\n_, _ = %s, %s\n", kk, t.key, vv, t.val, kk, vv, r.expr, kk, vv)
	default:
		fmt.Fprintf(b, "for %s, %s := range %s {\n%s[%s] = %s\n", kk, vv, r.expr, r.expr, kk, vv)
	}
	if g.chance(2) {
		g.nested(c, b)
	}
	b.WriteString("}")
}

// mapsFunc writes a use of package maps (or slices with maps).
func (g *gen) mapsFunc(c *ctx, b *strings.Builder, r ref) {
	t := r.v.t
	x := g.fresh("c")
	choice := g.intn(7)
	if c.old && choice < 3 {
		choice = 3 // ranging over maps.Keys does not compile at Go 1.22
	}
	switch choice {
	case 0:
		fmt.Fprintf(b, "for %s := range maps.Keys(%s) {\n_ = %s\n}", x, r.expr, x)
	case 1:
		fmt.Fprintf(b, "for %s := range maps.Values(%s) {\n_ = %s\n}", x, r.expr, x)
	case 2:
		fmt.Fprintf(b, "for %s, %s2 := range maps.All(%s) {\n_, _ = %s, %s2\n}", x, x, r.expr, x, x)
	case 3:
		fmt.Fprintf(b, "%s := maps.Clone(%s)\n_ = %s", x, r.expr, x)
	case 4:
		fmt.Fprintf(b, "%s := %s{}\nmaps.Copy(%s, %s)\n_ = %s", x, t, x, r.expr, x)
	case 5:
		if t.k != keyArray {
			fmt.Fprintf(b, "%s := slices.Sorted(maps.Keys(%s))\n_ = %s", x, r.expr, x)
			return
		}
		fmt.Fprintf(b, "%s := maps.Clone(%s)\n_ = %s", x, r.expr, x)
	default:
		fmt.Fprintf(b, "%s := %s{%s: %s}\nmaps.Copy(%s, %s)", x, t, g.keyLit(t, 9), g.valLit(t), r.expr, x)
	}
}
