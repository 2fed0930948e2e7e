package lockfix

import (
	"errors"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"strings"
	"testing"

	"github.com/mapfix/mapfix/detect"
	"github.com/mapfix/mapfix/internal/load"
	"github.com/mapfix/mapfix/internal/mapclass"
)

// The guards here are built by hand, as detect builds them: the sites are
// the accesses of the map on lines marked "// racy", each with the
// smallest statement around it that stands in a block.

const header = `package p

import "sync"

type S struct {
	mu sync.Mutex
	rw sync.RWMutex
	m  map[string]int
	n  map[int]string
}

func f(int) {}
`

type fixCase struct {
	name string
	body string // functions appended to header
	lock string // the guard's lock
	rw   bool
	want string // the functions after the fix, "" when refused
	err  string // a part of the refusal's reason
}

var cases = []fixCase{
	{
		name: "assign",
		body: `
func (s *S) Set(k string) {
	s.m[k] = 1 // racy
}
`,
		lock: "s.mu",
		want: `
func (s *S) Set(k string) {
	s.mu.Lock()
	s.m[k] = 1 // racy
	s.mu.Unlock()
}
`,
	},
	{
		name: "rmw, delete and a comment above, read lock for reads",
		body: `
func (s *S) Bump(k string) int {
	// count it
	s.m[k]++ // racy
	n := 0
	delete(s.m, "x") // racy
	v := s.m[k] // racy
	return v + n
}
`,
		lock: "s.rw",
		rw:   true,
		want: `
func (s *S) Bump(k string) int {
	s.rw.Lock()
	// count it
	s.m[k]++ // racy
	s.rw.Unlock()
	n := 0
	s.rw.Lock()
	delete(s.m, "x") // racy
	v := s.m[k]      // racy
	s.rw.Unlock()
	return v + n
}
`,
	},
	{
		name: "read only takes the read lock",
		body: `
func (s *S) Get(k string) {
	v, ok := s.m[k] // racy
	f(v)
	_ = ok
}
`,
		lock: "s.rw",
		rw:   true,
		want: `
func (s *S) Get(k string) {
	s.rw.RLock()
	v, ok := s.m[k] // racy
	s.rw.RUnlock()
	f(v)
	_ = ok
}
`,
	},
	{
		name: "return",
		body: `
func (s *S) Get(k string) (int, bool) {
	if k == "" {
		return 0, false
	}
	v, ok := s.m[k] // racy
	return v, ok
}

func (s *S) Len() int {
	return len(s.m) // racy
}
`,
		lock: "s.mu",
		want: `
func (s *S) Get(k string) (int, bool) {
	if k == "" {
		return 0, false
	}
	s.mu.Lock()
	v, ok := s.m[k] // racy
	s.mu.Unlock()
	return v, ok
}

func (s *S) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.m) // racy
}
`,
	},
	{
		name: "if with init, and its exits",
		body: `
func (s *S) Take(k string) int {
	for i := 0; i < 3; i++ {
		if v, ok := s.m[k]; ok { // racy
			if v > 1 {
				continue
			}
			return v
		}
	}
	return 0
}
`,
		lock: "s.mu",
		want: `
func (s *S) Take(k string) int {
	for i := 0; i < 3; i++ {
		s.mu.Lock()
		if v, ok := s.m[k]; ok { // racy
			if v > 1 {
				s.mu.Unlock()
				continue
			}
			s.mu.Unlock()
			return v
		}
		s.mu.Unlock()
	}
	return 0
}
`,
	},
	{
		name: "range with a write inside, a break that stays, a return of the map",
		body: `
func (s *S) Drop(n int) int {
	for k, v := range s.m { // racy
		if v > n {
			delete(s.m, k) // racy
			break
		}
		if v < 0 {
			return s.m[k]
		}
		switch v {
		case 0:
			break
		}
	}
	return 0
}
`,
		lock: "s.rw",
		rw:   true,
		want: `
func (s *S) Drop(n int) int {
	s.rw.Lock()
	for k, v := range s.m { // racy
		if v > n {
			delete(s.m, k) // racy
			break
		}
		if v < 0 {
			defer s.rw.Unlock()
			return s.m[k]
		}
		switch v {
		case 0:
			break
		}
	}
	s.rw.Unlock()
	return 0
}
`,
	},
	{
		name: "case body on the case line, and a labelled loop",
		body: `
func (s *S) Case(k string, n int) {
	switch n {
	case 1: s.m[k] = 1 // racy
	}
outer:
	for _, v := range s.m { // racy
		for {
			if v > 0 {
				break outer
			}
			continue outer
		}
	}
}
`,
		lock: "s.mu",
		want: `
func (s *S) Case(k string, n int) {
	switch n {
	case 1:
		s.mu.Lock()
		s.m[k] = 1 // racy
		s.mu.Unlock()
	}
	s.mu.Lock()
outer:
	for _, v := range s.m { // racy
		for {
			if v > 0 {
				break outer
			}
			continue outer
		}
	}
	s.mu.Unlock()
}
`,
	},
	{
		name: "a closure's statement, go and defer arguments",
		body: `
func (s *S) Async(k string) {
	go func() {
		s.m[k] = 2 // racy
	}()
	defer f(s.m[k]) // racy
}
`,
		lock: "s.mu",
		want: `
func (s *S) Async(k string) {
	go func() {
		s.mu.Lock()
		s.m[k] = 2 // racy
		s.mu.Unlock()
	}()
	s.mu.Lock()
	defer f(s.m[k]) // racy
	s.mu.Unlock()
}
`,
	},
	{
		name: "deferred delete is refused",
		body: `
func (s *S) Later(k string) {
	defer delete(s.m, k) // racy
}
`,
		lock: "s.mu",
		err:  "runs when the function returns",
	},
	{
		name: "goto out is refused",
		body: `
func (s *S) Jump(k string) {
	if s.m[k] > 0 { // racy
		goto done
	}
done:
}
`,
		lock: "s.mu",
		err:  "goto",
	},
}

func TestPlan(t *testing.T) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := header + c.body
			f, prog, file := finding(t, "p.go", src, c.lock, c.rw)
			fix, err := Plan(prog.Fset, f, Options{ReadFile: func(string) ([]byte, error) { return []byte(src), nil }})
			if c.err != "" {
				var r *Refusal
				if !errors.As(err, &r) || !strings.Contains(r.Msg, c.err) {
					t.Fatalf("got %v, want a refusal saying %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			out, err := Apply([]byte(src), fix.Edits[file.Name])
			if err != nil {
				t.Fatal(err)
			}
			if got, want := string(out), header+c.want; got != want {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
			// The fixed file must still type-check.
			check(t, string(out))
		})
	}
}

// TestUnsafeRefused: a site detect marked unsafe refuses the whole fix,
// with detect's reason.
func TestUnsafeRefused(t *testing.T) {
	src := header + `
func (s *S) Set(k string) {
	s.m[k] = 1 // racy
}
`
	f, prog, _ := finding(t, "p.go", src, "s.mu", false)
	f.Guard.Sites[0].Unsafe = "it calls s.helper, which takes s.mu"
	_, err := Plan(prog.Fset, f, Options{ReadFile: func(string) ([]byte, error) { return []byte(src), nil }})
	var r *Refusal
	if !errors.As(err, &r) || !strings.Contains(r.Msg, "s.mu cannot be taken here: it calls s.helper") {
		t.Fatalf("got %v", err)
	}
}

// TestInTests: a race only tests make is fixed in the test files, never
// elsewhere.
func TestInTests(t *testing.T) {
	src := header + `
func (s *S) Set(k string) {
	s.m[k] = 1 // racy
}
`
	f, prog, _ := finding(t, "p.go", src, "s.mu", false)
	f.InTests = true
	_, err := Plan(prog.Fset, f, Options{ReadFile: func(string) ([]byte, error) { return []byte(src), nil }})
	var r *Refusal
	if !errors.As(err, &r) || !strings.Contains(r.Msg, "outside the test files") {
		t.Fatalf("got %v", err)
	}
	f, prog, file := finding(t, "p_test.go", src, "s.mu", false)
	f.InTests = true
	fix, err := Plan(prog.Fset, f, Options{ReadFile: func(string) ([]byte, error) { return []byte(src), nil }})
	if err != nil {
		t.Fatal(err)
	}
	if len(fix.Edits[file.Name]) != 2 {
		t.Fatalf("edits %v", fix.Edits)
	}
}

// finding builds a finding on S.m from src, with a guard whose sites are
// the accesses on lines marked racy.
func finding(t *testing.T, name, src, lock string, rw bool) (*detect.Finding, *load.Program, *load.File) {
	t.Helper()
	prog, set := parse(t, name, src)
	return findingOf(t, prog, set, "m", name, src, lock, rw), prog, prog.File("/tmp/p/" + name)
}

// parse type-checks src as the one file of package p.
func parse(t *testing.T, name, src string) (*load.Program, *mapclass.Set) {
	t.Helper()
	fset := token.NewFileSet()
	af, err := parser.ParseFile(fset, "/tmp/p/"+name, src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{
		Types: make(map[ast.Expr]types.TypeAndValue), Defs: make(map[*ast.Ident]types.Object),
		Uses: make(map[*ast.Ident]types.Object), Selections: make(map[*ast.SelectorExpr]*types.Selection),
		Implicits: make(map[ast.Node]types.Object), Scopes: make(map[ast.Node]*types.Scope),
	}
	pkg, err := (&types.Config{Importer: importer.Default()}).Check("p", fset, []*ast.File{af}, info)
	if err != nil {
		t.Fatal(err)
	}
	prog := load.FromPackage(fset, pkg, []*ast.File{af}, info, nil)
	return prog, mapclass.Build(prog)
}

// findingOf builds the finding on the map field named field.
func findingOf(t *testing.T, prog *load.Program, set *mapclass.Set, field, name, src, lock string, rw bool) *detect.Finding {
	t.Helper()
	fset := prog.Fset
	var class *mapclass.Class
	for _, c := range set.Classes {
		for _, s := range c.Slots {
			if s.Obj.Name() == field {
				class = c
			}
		}
	}
	if class == nil {
		t.Fatalf("no class for S.%s", field)
	}
	lines := strings.Split(src, "\n")
	g := &detect.Guard{Lock: lock, RW: rw, Held: 3, Total: 4}
	for _, u := range class.Uses {
		if !u.Op.IsAccess() || !strings.Contains(lines[fset.Position(u.Pos()).Line-1], "// racy") {
			continue
		}
		g.Sites = append(g.Sites, detect.GuardSite{Use: u, Write: u.Op.IsWrite(), Stmt: stmtOf(u), Lock: lock})
	}
	if len(g.Sites) == 0 {
		t.Fatal("no racy sites")
	}
	return &detect.Finding{Class: class, Pos: class.Slots[0].Pos(), Guard: g}
}

// stmtOf is the smallest statement around u that stands in a block or
// case body: an access in the header of an if, for or switch is the
// whole statement's.
func stmtOf(u *mapclass.Use) ast.Stmt {
	nodes := append(append([]ast.Node(nil), u.Stack...), u.Node)
	for i := len(nodes) - 1; i > 0; i-- {
		s, ok := nodes[i].(ast.Stmt)
		if !ok {
			continue
		}
		switch s.(type) {
		case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
			continue
		}
		switch p := nodes[i-1].(type) {
		case *ast.BlockStmt:
			return s
		case *ast.CaseClause:
			for _, b := range p.Body {
				if b == s {
					return s
				}
			}
		case *ast.CommClause:
			for _, b := range p.Body {
				if b == s {
					return s
				}
			}
		}
	}
	return nil
}

func check(t *testing.T, src string) {
	t.Helper()
	fset := token.NewFileSet()
	af, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := (&types.Config{Importer: importer.Default()}).Check("p", fset, []*ast.File{af}, nil); err != nil {
		t.Errorf("the fixed file does not type-check: %v", err)
	}
}

func TestMain(m *testing.M) { os.Exit(m.Run()) }

// TestPlanAllShares: two maps guarded by one lock in one statement share
// one Lock and Unlock (planned alone, each would take it: a deadlock); a
// map under another lock inside that statement is refused.
func TestPlanAllShares(t *testing.T) {
	src := header + `
func (s *S) Rename(k string) {
	s.n[s.m[k]] = k // racy
	s.m[k]++        // racy
}
`
	prog, set := parse(t, "p.go", src)
	m := findingOf(t, prog, set, "m", "p.go", src, "s.mu", false)
	n := findingOf(t, prog, set, "n", "p.go", src, "s.mu", false)
	read := func(string) ([]byte, error) { return []byte(src), nil }
	fixes, errs := PlanAll(prog.Fset, []*detect.Finding{m, n}, Options{ReadFile: read})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if len(fixes[m].Regions) != 1 || fixes[m].Regions[0] != fixes[n].Regions[0] {
		t.Fatalf("the two fixes do not share their region: %v %v", fixes[m].Regions, fixes[n].Regions)
	}
	out, err := Apply([]byte(src), Edits(append(fixes[m].Regions, fixes[n].Regions...))["/tmp/p/p.go"])
	if err != nil {
		t.Fatal(err)
	}
	want := header + `
func (s *S) Rename(k string) {
	s.mu.Lock()
	s.n[s.m[k]] = k // racy
	s.m[k]++        // racy
	s.mu.Unlock()
}
`
	if string(out) != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}

	// n under another lock: refused, and m keeps its fix.
	n = findingOf(t, prog, set, "n", "p.go", src, "s.rw", false)
	fixes, errs = PlanAll(prog.Fset, []*detect.Finding{m, n}, Options{ReadFile: read})
	var r *Refusal
	if !errors.As(errs[n], &r) || !strings.Contains(r.Msg, "s.rw would be taken inside it") || fixes[m] == nil || errs[m] != nil {
		t.Errorf("fixes %v, refusals %v", fixes, errs)
	}
}

// TestCallerSite: a site whose statement is a call in another file (the
// lock held at the caller of the function that makes the access) is
// placed in that file, found through Options.FileOf.
func TestCallerSite(t *testing.T) {
	p := header + `
func (s *S) bump(k string) {
	s.m[k]++ // racy
}
`
	q := `package p

func (s *S) Quick(k string) {
	s.bump(k)
}
`
	fset := token.NewFileSet()
	var files []*ast.File
	for _, f := range []struct{ name, src string }{{"/tmp/p/p.go", p}, {"/tmp/p/q.go", q}} {
		af, err := parser.ParseFile(fset, f.name, f.src, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, af)
	}
	info := &types.Info{
		Types: make(map[ast.Expr]types.TypeAndValue), Defs: make(map[*ast.Ident]types.Object),
		Uses: make(map[*ast.Ident]types.Object), Selections: make(map[*ast.SelectorExpr]*types.Selection),
		Implicits: make(map[ast.Node]types.Object), Scopes: make(map[ast.Node]*types.Scope),
	}
	pkg, err := (&types.Config{Importer: importer.Default()}).Check("p", fset, files, info)
	if err != nil {
		t.Fatal(err)
	}
	prog := load.FromPackage(fset, pkg, files, info, nil)
	f := findingOf(t, prog, mapclass.Build(prog), "m", "p.go", p, "s.mu", false)
	// The site's statement is the call in Quick, as detect places a
	// site at a caller.
	call := files[1].Decls[0].(*ast.FuncDecl).Body.List[0]
	f.Guard.Sites[0].Stmt = call
	srcs := map[string]string{"/tmp/p/p.go": p, "/tmp/p/q.go": q}
	read := func(name string) ([]byte, error) { return []byte(srcs[name]), nil }

	if _, err := Plan(fset, f, Options{ReadFile: read}); err == nil {
		t.Fatal("without FileOf, a statement in another file was placed")
	}
	fix, err := Plan(fset, f, Options{ReadFile: read, FileOf: prog.FileOf})
	if err != nil {
		t.Fatal(err)
	}
	if len(fix.Edits) != 1 || fix.Edits["/tmp/p/q.go"] == nil {
		t.Fatalf("edits %v, want q.go's only", fix.Edits)
	}
	out, err := Apply([]byte(q), fix.Edits["/tmp/p/q.go"])
	if err != nil {
		t.Fatal(err)
	}
	want := `package p

func (s *S) Quick(k string) {
	s.mu.Lock()
	s.bump(k)
	s.mu.Unlock()
}
`
	if string(out) != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}
