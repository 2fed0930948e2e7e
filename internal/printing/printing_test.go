package printing_test

import (
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/mapfix/mapfix/internal/load"
	"github.com/mapfix/mapfix/internal/printing"
)

// fset and std are shared by the tests' small programs: each test once
// had its own importer, which read the standard packages it imports
// (encoding/json, reflect and theirs) from source again, most of the
// package's time under -race. Types from one importer are the same
// whichever test asks, so sharing changes nothing the tests see.
var (
	fset = token.NewFileSet()
	std  = &lockedImporter{imp: importer.ForCompiler(fset, "source", nil)}
)

// lockedImporter lets tests that run in parallel share one importer, which
// is not safe for concurrent use.
type lockedImporter struct {
	mu  sync.Mutex
	imp types.Importer
}

func (l *lockedImporter) Import(path string) (*types.Package, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.imp.Import(path)
}

// typecheck parses and type-checks one file of package p.
func typecheck(t *testing.T, src string) (*load.Program, *types.Package, *types.Info, *ast.File) {
	t.Helper()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{
		Types:      make(map[ast.Expr]types.TypeAndValue),
		Defs:       make(map[*ast.Ident]types.Object),
		Uses:       make(map[*ast.Ident]types.Object),
		Selections: make(map[*ast.SelectorExpr]*types.Selection),
	}
	conf := types.Config{Importer: std}
	pkg, err := conf.Check("p", fset, []*ast.File{f}, info)
	if err != nil {
		t.Fatal(err)
	}
	return load.FromPackage(fset, pkg, []*ast.File{f}, info, nil), pkg, info, f
}

// calls returns the calls of the function called name in f.
func callsIn(f *ast.File, name string) []*ast.CallExpr {
	var out []*ast.CallExpr
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Name.Name != name {
			continue
		}
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			if c, ok := n.(*ast.CallExpr); ok {
				out = append(out, c)
			}
			return true
		})
	}
	return out
}

func TestPrintVerbs(t *testing.T) {
	for _, tc := range []struct {
		format string
		want   string // arg:verbs, sorted by arg
	}{
		{"%v", "0:%v"},
		{"%d %s", "0:%d 1:%s"},
		{"100%% %T", "0:%T"},
		{"%#v %+v", "0:%#v 1:%+v"},
		{"%*d %p", "1:%d 2:%p"},
		{"%-*.*f %T", "2:%-f 3:%T"},
		{"%[2]v %[1]T", "0:%T 1:%v"},
		{"%[2]v %v", "1:%v 2:%v"},
		{"%[1]v %[1]p", "0:%v,%p"},
		{"%[0]v %v", "0:%v"}, // a bad index: %!v(BADINDEX), no argument
		{"%[x]v %v", "0:%v"},
		{"%[v %v", "0:%v"},
		{"trailing %", ""},
		{"%5.2f|%-8q", "0:%f 1:%-q"},
	} {
		got := printing.Verbs(tc.format)
		var parts []string
		for i := range 10 {
			if vs, ok := got[i]; ok {
				var s []string
				for _, v := range vs {
					s = append(s, v.String())
				}
				parts = append(parts, fmt.Sprintf("%d:%s", i, strings.Join(s, ",")))
			}
		}
		if g := strings.Join(parts, " "); g != tc.want {
			t.Errorf("Verbs(%q) = %q, want %q", tc.format, g, tc.want)
		}
	}
}

const callsSrc = `package p

import (
	"encoding/json"
	"fmt"
	"io"
	"log"
	"log/slog"
	"testing"
)

func use(t *testing.T, tb testing.TB, l *log.Logger, s *slog.Logger, w io.Writer, m map[string]int, f string) {
	fmt.Printf("%v %T", m, m)
	fmt.Fprintln(w, m, 1)
	fmt.Sprintf(f, m)
	t.Errorf("%p", m)
	tb.Log(m)
	l.Printf("%d", m)
	log.Fatal(m)
	slog.Info("msg", "k", m)
	s.InfoContext(nil, "msg", "k", m)
	slog.Any("k", m)
	json.Marshal(m)
	json.NewEncoder(w).Encode(m)
	fmt.Println([]any{m}...)
	fmt.Sprint()
	json.Unmarshal(nil, &m)
	io.WriteString(w, "x")
}
`

func TestPrintCallArgs(t *testing.T) {
	prog, _, info, f := typecheck(t, callsSrc)
	ix := printing.New(prog, nil)
	var got []string
	for _, call := range callsIn(f, "use") {
		args := ix.Call(info, call)
		if args == nil {
			continue
		}
		var parts []string
		for i := range len(call.Args) {
			a, ok := args[i]
			if !ok {
				continue
			}
			s := fmt.Sprintf("%d:%s", i, a.Kind)
			for _, v := range a.Verbs {
				s += v.String()
			}
			if a.Unknown {
				s += "?"
			}
			parts = append(parts, s)
		}
		got = append(got, fmt.Sprintf("%s %s", types.ExprString(call.Fun), strings.Join(parts, " ")))
	}
	want := []string{
		"fmt.Printf 1:fmt%v 2:fmt%T",
		"fmt.Fprintln 1:fmt%v 2:fmt%v",
		"fmt.Sprintf 1:fmt?",
		"t.Errorf 1:fmt%p",
		"tb.Log 0:fmt%v",
		"l.Printf 1:fmt%d",
		"log.Fatal 0:fmt%v",
		"slog.Info 1:slog%+v 2:slog%+v",
		"s.InfoContext 2:slog%+v 3:slog%+v",
		"slog.Any 1:slog%+v",
		"json.Marshal 0:json",
		"json.NewEncoder(w).Encode 0:json",
	}
	if !slices.Equal(got, want) {
		t.Errorf("printed arguments:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

const wrappersSrc = `package p

import (
	"fmt"
	"log"
	"testing"
)

type logger struct{ prefix string }

// printf wrapper
func (l *logger) Debugf(format string, args ...any) { log.Printf(format, args...) }

// a prefix could hold verbs of its own: not followed
func (l *logger) prefixed(format string, args ...any) { log.Printf(l.prefix+format, args...) }

// constant text without verbs around the format: a wrapper
func tagged(format string, args ...any) { log.Printf("[tag] "+format+"\n", args...) }

// constant text with a verb: not one
func percent(format string, args ...any) { log.Printf("%d "+format, args...) }

// print wrapper
func info(args ...any) { fmt.Println(args...) }

// a wrapper of a wrapper declared after it
func warnf(format string, args ...interface{}) { deeper(format, args...) }

func deeper(format string, args ...any) {
	if len(format) > 0 {
		fmt.Printf(format, args...)
	}
}

// a wrapper of testing
func check(t *testing.T, format string, args ...any) { t.Helper(); t.Fatalf(format, args...) }

// not wrappers:
func peeks(args ...any) { fmt.Println(args[0]) }                  // reads an argument
func fixed(format string, args ...any) { fmt.Printf("%T", args...) } // its own format
func ints(args ...int) { fmt.Println(args) }                       // not ...any
func stores(args ...any) { keep = args; fmt.Println(args...) }
func elsewhere(args ...any) { sink(args...) }

var keep []any

func sink(args ...any) {}

func use(l *logger, t *testing.T, m map[string]int) {
	l.Debugf("%v and %T", m, m)
	info(m)
	warnf("%d", m)
	check(t, "%p", m)
	peeks(m)
	fixed("x", m)
	l.prefixed("%v", m)
	stores(m)
	elsewhere(m)
}
`

func TestPrintWrappers(t *testing.T) {
	prog, _, info, f := typecheck(t, wrappersSrc)
	ix := printing.New(prog, nil)
	var names []string
	for fn, pf := range ix.Wrappers() {
		names = append(names, fmt.Sprintf("%s:%d:%d", fn.Name(), pf.Format, pf.First))
	}
	slices.Sort(names)
	want := []string{"Debugf:0:1", "check:1:2", "deeper:0:1", "info:-1:0", "tagged:0:1", "warnf:0:1"}
	if !slices.Equal(names, want) {
		t.Errorf("wrappers = %v, want %v", names, want)
	}
	var got []string
	for _, call := range callsIn(f, "use") {
		args := ix.Call(info, call)
		s := types.ExprString(call.Fun)
		for i := range len(call.Args) {
			if a, ok := args[i]; ok {
				s += fmt.Sprintf(" %d:%v", i, a.Verbs)
			}
		}
		got = append(got, s)
	}
	wantCalls := []string{
		"l.Debugf 1:[%v] 2:[%T]",
		"info 0:[%v]",
		"warnf 1:[%d]",
		"check 2:[%p]",
		"peeks", "fixed", "l.prefixed", "stores", "elsewhere",
	}
	if !slices.Equal(got, wantCalls) {
		t.Errorf("calls:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantCalls, "\n"))
	}

	// Another package sees the wrappers through imported, as the
	// analyzer's facts give them.
	imported := func(fn *types.Func) (printing.Func, bool) {
		for w, pf := range ix.Wrappers() {
			if w.Name() == fn.Name() {
				return pf, true
			}
		}
		return printing.Func{}, false
	}
	other := printing.New(nil, imported)
	debugf := lookup(t, f, info, "Debugf")
	if pf, ok := other.Func(debugf); !ok || pf.Format != 0 {
		t.Errorf("imported wrapper Debugf: %+v, %v", pf, ok)
	}
}

// lookup returns the function or method declared as name in f.
func lookup(t *testing.T, f *ast.File, info *types.Info, name string) *types.Func {
	t.Helper()
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == name {
			return info.Defs[fd.Name].(*types.Func)
		}
	}
	t.Fatalf("no func %s", name)
	return nil
}

const typesSrc = `package p

import "fmt"

type Inner struct {
	Tags  map[string]bool
	notes map[string]string
}

type Stringer struct{ M map[string]int }

func (Stringer) String() string { return "" }

type PtrStringer struct{ M map[string]int }

func (*PtrStringer) String() string { return "" }

type GoStringer struct{ M map[string]int }

func (GoStringer) GoString() string { return "" }

type Outer struct {
	Counts  map[string]int ` + "`json:\"counts,omitempty\"`" + `
	Hidden  map[string]int ` + "`json:\"-\"`" + `
	Named   map[string]int ` + "`json:\"named\"`" + `
	List    []map[string]int
	inner   Inner
	In      Inner
	Ptr     *Inner
	ByKey   map[string]Inner
	S       Stringer
	PS      PtrStringer
	G       GoStringer
	private map[string]int
}

type anon = struct {
	m map[string]int
}

var (
	outer  Outer
	spelled []struct{ m map[string]int; n []map[int]int }
	_ = fmt.Sprint
)
`

func fieldNames(rs []printing.Reached) string {
	var s []string
	for _, r := range rs {
		n := r.Field.Name()
		if !r.Methods {
			n += "!"
		}
		if r.OmitEmpty {
			n += "~"
		}
		s = append(s, n)
	}
	slices.Sort(s)
	return strings.Join(s, " ")
}

func TestPrintFields(t *testing.T) {
	_, pkg, _, _ := typecheck(t, typesSrc)
	outer := pkg.Scope().Lookup("Outer").Type()
	ptr := types.NewPointer(outer)
	for _, tc := range []struct {
		name string
		got  []printing.Reached
		want string
	}{
		// fmt: through the top pointer, not nested ones; not into values
		// with String (unless only *T has it); # for GoString;
		// unexported fields read without methods.
		{"fmt %v", printing.FieldsFmt(ptr, printing.Verb{Rune: 'v'}),
			"ByKey Counts Hidden List M M Named Tags! notes! private!"},
		{"fmt %#v", printing.FieldsFmt(outer, printing.Verb{Rune: 'v', Flags: "#"}),
			"ByKey Counts Hidden List M M Named Tags! notes! private!"},
		{"fmt %d", printing.FieldsFmt(outer, printing.Verb{Rune: 'd'}),
			"ByKey Counts Hidden List M M M Named Tags! notes! private!"},
		{"fmt %T", printing.FieldsFmt(outer, printing.Verb{Rune: 'T'}), ""},
		{"fmt %p of a pointer", printing.FieldsFmt(ptr, printing.Verb{Rune: 'p'}), ""},
		// json: exported fields not tagged "-", pointers at any depth,
		// map values; omitempty kept.
		{"json", printing.Fields(outer, printing.JSONRule),
			"ByKey Counts~ List M M M Named Tags"},
		// reflection: everything.
		{"reflect", printing.Fields(ptr, printing.ReflectRule),
			"ByKey Counts Hidden List M M M Named Tags notes! private!"},
	} {
		if g := fieldNames(tc.got); g != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, g, tc.want)
		}
	}
}

func TestPrintSpelledFields(t *testing.T) {
	_, pkg, _, _ := typecheck(t, typesSrc)
	names := func(vs []*types.Var) string {
		var s []string
		for _, v := range vs {
			s = append(s, v.Name())
		}
		return strings.Join(s, " ")
	}
	if got := names(printing.SpelledFields(pkg.Scope().Lookup("Outer").Type())); got != "" {
		t.Errorf("a defined type spells nothing, got %q", got)
	}
	if got := names(printing.SpelledFields(pkg.Scope().Lookup("spelled").Type())); got != "m n" {
		t.Errorf("[]struct{...}: %q, want %q", got, "m n")
	}
	if got := names(printing.SpelledFields(pkg.Scope().Lookup("anon").Type())); got != "m" {
		t.Errorf("an alias of a struct literal: %q, want m", got)
	}
}

const reflectSrc = `package p

import (
	"io"
	"reflect"
	"text/template"
)

var tmpl = template.Must(template.New("").Parse(""))

func render(w io.Writer, data any) error { return page(w, "x", data) }

func page(w io.Writer, name string, data any) error { return tmpl.ExecuteTemplate(w, name, data) }

func same(args ...any) bool { return reflect.DeepEqual(args[0], args[1]) && equal(args...) }

func equal(vs ...any) bool { return len(vs) > 0 }

func keep(v any) any { return v }
`

func TestPrintReflects(t *testing.T) {
	prog, _, info, f := typecheck(t, reflectSrc)
	ix := printing.New(prog, nil)
	for _, tc := range []struct {
		fn    string
		param int
		want  bool
	}{
		{"render", 1, true}, // through page, declared after it
		{"render", 0, false},
		{"page", 2, true},
		{"same", 0, true}, // through args[0]
		{"equal", 0, false},
		{"keep", 0, false},
	} {
		if got := ix.Reflects(lookup(t, f, info, tc.fn), tc.param); got != tc.want {
			t.Errorf("Reflects(%s, %d) = %v, want %v", tc.fn, tc.param, got, tc.want)
		}
	}
}
