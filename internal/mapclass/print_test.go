package mapclass_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/mapfix/mapfix/internal/load"
	"github.com/mapfix/mapfix/internal/mapclass"
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

// build type-checks src as package p and returns its classes.
func build(t *testing.T, src string) (*mapclass.Set, *load.Program) {
	t.Helper()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{
		Types:      make(map[ast.Expr]types.TypeAndValue),
		Defs:       make(map[*ast.Ident]types.Object),
		Uses:       make(map[*ast.Ident]types.Object),
		Selections: make(map[*ast.SelectorExpr]*types.Selection),
		Implicits:  make(map[ast.Node]types.Object),
	}
	conf := types.Config{Importer: std}
	pkg, err := conf.Check("p", fset, []*ast.File{f}, info)
	if err != nil {
		t.Fatal(err)
	}
	prog := load.FromPackage(fset, pkg, []*ast.File{f}, info, nil)
	return mapclass.Build(prog), prog
}

// refusals returns each class's refusals by its root's name, as
// "line: message" lines.
func refusals(set *mapclass.Set, prog *load.Program) map[string][]string {
	out := make(map[string][]string)
	for _, c := range set.Classes {
		name := c.Root().Obj.Name()
		out[name] = []string{}
		for _, r := range c.Refusals {
			out[name] = append(out[name], prog.Fset.Position(r.Pos).String()+": "+r.Msg)
		}
	}
	return out
}

const printSrc = `package p

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"reflect"
	"sort"
	"testing"
	"text/template"
)

var (
	plain    = map[string]int{}  // printed with value verbs only
	typed    = map[string]int{}  // %T
	pointed  = map[string]int{}  // %p
	dynamic  = map[string]int{}  // a format that is not a constant
	extra    = map[string]int{}  // no verb uses it
	wrapped  = map[string]int{}  // %v through a wrapper
	wrappedT = map[string]int{}  // %T through a wrapper
	tested   = map[string]int{}  // t.Errorf, slog
	spread   = map[string]int{}  // ...any of a function that is not a wrapper
	shards   = []map[string]int{} // a container printed with %T
)

func logf(format string, args ...any) { fmt.Printf(format, args...) }

func keep(args ...any) { _ = args[0] }

type holder struct {
	Shown  map[string]int
	hidden map[string]int
}

type tagged struct {
	Counts map[string]int ` + "`json:\"counts,omitempty\"`" + `
	Totals map[string]int ` + "`json:\"totals\"`" + `
}

type page struct{ Seen map[string]int }

type logged struct {
	Tags map[string]int ` + "`json:\"tags,omitempty\"`" + `
}

type decoded struct{ Seen map[string]int }

type sorted struct{ Keys map[string]int }

type rendered struct{ Views map[string]int }

type stored struct{ Items map[string]int }

var tmpl = template.Must(template.New("").Parse(""))

// render passes data on to a template: a reflecting function too.
func render(data any) { show(data) }

func show(data any) { tmpl.Execute(nil, data) }

var cache = map[string]any{}

// put keeps v in an any, to be asserted back: nothing looks inside it.
func put(k string, v any) { cache[k] = v }

type stringer struct{ M map[string]int }

func (s *stringer) String() string { return fmt.Sprint(s.M) }

func use(t *testing.T, format string) {
	fmt.Printf("%v %+v %#v %d", plain, plain, plain, plain)
	fmt.Printf("%T", typed)
	fmt.Printf("%v %p", pointed, pointed)
	fmt.Printf(format, dynamic)
	fmt.Printf("%v", plain, extra)
	logf("%v", wrapped)
	logf("%[2]v %[1]T", wrappedT, 1)
	t.Errorf("%v", tested)
	t.Log(tested)
	slog.Info("m", "tested", tested)
	keep(spread)
	fmt.Printf("%T", shards)

	h := &holder{Shown: map[string]int{}, hidden: map[string]int{}}
	fmt.Println(h)
	g := tagged{Counts: map[string]int{}, Totals: map[string]int{}}
	json.Marshal(g)
	p := page{Seen: map[string]int{}}
	template.Must(template.New("").Parse("")).Execute(nil, p)
	slog.Info("m", "logged", logged{Tags: map[string]int{}})
	var d decoded
	json.Unmarshal(nil, &d)
	s := &stringer{M: map[string]int{}}
	var st fmt.Stringer = s
	fmt.Println(st, s)
	_ = reflect.TypeOf(0)
	items := []sorted{{Keys: map[string]int{}}}
	sort.Slice(items, func(i, j int) bool { return false })
	_ = context.WithValue(context.Background(), p, &items[0])
	render(&rendered{Views: map[string]int{}})
	put("x", &stored{Items: map[string]int{}})
	var v any = stored{Items: map[string]int{}}
	_ = v
}
`

func TestPrintRefusals(t *testing.T) {
	set, prog := build(t, printSrc)
	got := refusals(set, prog)
	want := map[string]string{
		"plain":    "",
		"typed":    "%T, which prints the type *shardedmap.Map",
		"pointed":  "%p, which prints the address",
		"dynamic":  "not a constant",
		"extra":    "no verb of the format uses",
		"wrapped":  "",
		"wrappedT": "%T",
		"tested":   "",
		"spread":   "variadic parameter of keep",
		"shards":   "%T, which prints the new element type",
		"Shown":    "",
		"hidden":   "through an unexported field",
		"Counts":   "tagged omitempty",
		"Totals":   "",
		"Tags":     "tagged omitempty", // slog's JSON handler
		"M":        "",
		"Keys":     "",
		"Views":    "passed to p.render, which inspects it with reflection",
		"Items":    "",
	}
	var names []string
	for n := range want {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		rs, ok := got[n]
		if !ok {
			t.Errorf("%s: no class", n)
			continue
		}
		w := want[n]
		switch {
		case w == "" && len(rs) > 0:
			t.Errorf("%s: refused, want rewritable:\n%s", n, strings.Join(rs, "\n"))
		case w != "" && (len(rs) != 1 || !strings.Contains(rs[0], w)):
			t.Errorf("%s: refusals %q, want one saying %q", n, rs, w)
		}
	}
	// Two classes are called Seen: page's is refused (a template reads
	// it), decoded's is not (json decodes into a *shardedmap.Map as
	// into a map).
	var seen []int
	for _, c := range set.Classes {
		if c.Root().Obj.Name() != "Seen" {
			continue
		}
		seen = append(seen, len(c.Refusals))
		for _, r := range c.Refusals {
			if !strings.Contains(r.Msg, "inspects it with reflection") {
				t.Errorf("Seen: %s", r.Msg)
			}
		}
	}
	sort.Ints(seen)
	if len(seen) != 2 || seen[0] != 0 || seen[1] != 1 {
		t.Errorf("Seen classes' refusals: %v, want [0 1]", seen)
	}
}

// TestPrintUses checks which prints read the map: %T and %p of the map
// itself use the map value, not its entries.
func TestPrintUses(t *testing.T) {
	set, _ := build(t, printSrc)
	for _, c := range set.Classes {
		var ops []string
		for _, u := range c.Uses {
			if _, ok := u.Node.(*ast.CallExpr); ok || u.Op == mapclass.Nil {
				ops = append(ops, u.Op.String())
			}
		}
		got := strings.Join(ops, " ")
		want := map[string]string{
			"typed":    "nil",
			"pointed":  "print nil", // %v reads, %p does not
			"wrapped":  "print",
			"wrappedT": "nil",
			"tested":   "print print print",
		}[c.Root().Obj.Name()]
		if want != "" && got != want {
			t.Errorf("%s: uses %q, want %q", c.Root().Obj.Name(), got, want)
		}
	}
}
