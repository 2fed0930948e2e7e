package mapclass_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/mapfix/mapfix/internal/load"
	"github.com/mapfix/mapfix/internal/mapclass"
)

// slotsByRoot describes each class as "kind name" of its slots, sorted,
// by its root's name.
func slotsByRoot(set *mapclass.Set) map[string][]string {
	out := make(map[string][]string)
	for _, c := range set.Classes {
		var slots []string
		for _, s := range c.Slots {
			name := s.Obj.Name()
			if name == "" && s.Func != nil {
				name = s.Func.Name() + "()"
			}
			slots = append(slots, s.Kind.String()+" "+name)
		}
		slices.Sort(slots)
		out[c.Root().Obj.Name()] = slots
	}
	return out
}

// TestJoin checks which declarations become one class: those a map value
// flows between by assignment, call arguments, returns and struct
// literals, and no others.
func TestJoin(t *testing.T) {
	set, _ := build(t, `package p

var a = map[string]int{}
var b map[string]int
var lone = map[string]int{}
var other = map[int]bool{}

type S struct{ f map[string]int }

func init() { b = a }

func put(m map[string]int) { m["x"] = 1 }

func get() map[string]int { return b }

func f() {
	put(a)
	s := S{f: get()}
	_ = s
	local := make(map[int]bool)
	other = local
	_ = lone
}
`)
	got := slotsByRoot(set)
	want := map[string][]string{
		// a flows into b, into put's parameter, out of get, into S.f.
		"a":     {"field f", "param m", "result get()", "var a", "var b"},
		"lone":  {"var lone"},
		"other": {"local local", "var other"},
	}
	if len(got) != len(want) {
		t.Errorf("got %d classes %v, want %d", len(got), got, len(want))
	}
	for root, slots := range want {
		if !slices.Equal(got[root], slots) {
			t.Errorf("class %s: got slots %v, want %v", root, got[root], slots)
		}
	}
}

// TestJoinMapReceiver checks that a method of a named map type declared in
// the package joins the values it is called on with its receiver, where
// the method's accesses are.
func TestJoinMapReceiver(t *testing.T) {
	set, _ := build(t, `package p

type Set map[string]bool

func (s Set) Add(k string) { s[k] = true }

var visited = Set{}

func f() { visited.Add("x") }
`)
	got := slotsByRoot(set)["visited"]
	if want := []string{"param s", "var visited"}; !slices.Equal(got, want) {
		t.Errorf("class visited: got slots %v, want %v", got, want)
	}
}

// TestUseKinds checks the operation each use of a class is classified as.
func TestUseKinds(t *testing.T) {
	set, prog := build(t, `package p

import "maps"

var m = map[string]int{} // line 5: make

func f(dst map[string]int) {
	_ = m["a"]                 // line 8
	v, ok := m["b"]            // line 9
	m["c"] = v                 // line 10
	m["d"]++                   // line 11
	delete(m, "e")             // line 12
	for k := range m {         // line 13
		_ = k
	}
	_ = len(m)                 // line 16
	_ = maps.Keys(m)           // line 17
	maps.Copy(dst, m)          // line 18
	maps.Insert(m, maps.All(dst)) // line 19
	clear(m)                   // line 20
	_ = ok
}
`)
	c := classNamed(t, set, "m")
	got := make(map[int][]string)
	for _, u := range c.Uses {
		line := prog.Fset.Position(u.Pos()).Line
		got[line] = append(got[line], u.Op.String())
	}
	want := map[int]string{
		5: "make", 8: "read", 9: "read", 10: "write", 11: "write", 12: "delete",
		13: "range", 16: "len", 17: "read", 18: "read", 19: "write", 20: "clear",
	}
	for line, op := range want {
		if !slices.Contains(got[line], op) {
			t.Errorf("line %d: got %v, want a %s", line, got[line], op)
		}
	}
	// maps.Insert writes m, so m is a written map there; its rewrite is
	// not known, so the class is refused at that call.
	if !hasRefusal(prog, c, 19, "maps.Insert") {
		t.Errorf("no refusal at maps.Insert; refusals: %v", refusalText(prog, c))
	}
	if hasRefusal(prog, c, 17, "") || hasRefusal(prog, c, 18, "") {
		t.Errorf("maps.Keys and maps.Copy from m are rewritten, but the class is refused there: %v", refusalText(prog, c))
	}
}

// TestRefusals checks that a map flowing where mapfix cannot follow it is
// refused there, with a reason, and that the refusal stays with its class.
func TestRefusals(t *testing.T) {
	set, prog := build(t, `package p

type M map[string]int

var conv = map[string]int{}
var fv = func(m map[string]int) {}
var byValue = map[string]int{}
var spread = map[string]int{}
var fine = map[string]int{}

func variadic(ms ...map[string]int) {}

func f() {
	_ = M(conv)       // line 14
	fv(byValue)       // line 15
	variadic(spread)  // line 16
	fine["x"] = 1
}
`)
	cases := []struct {
		root string
		line int
		msg  string
	}{
		{"conv", 14, "converted to"},
		{"byValue", 15, "function value"},
		{"spread", 16, "variadic parameter of variadic"},
	}
	for _, tc := range cases {
		c := classNamed(t, set, tc.root)
		if !hasRefusal(prog, c, tc.line, tc.msg) {
			t.Errorf("%s: want a refusal at line %d saying %q, got %v", tc.root, tc.line, tc.msg, refusalText(prog, c))
		}
	}
	if c := classNamed(t, set, "fine"); len(c.Refusals) != 0 {
		t.Errorf("fine is refused: %v", refusalText(prog, c))
	}
}

func classNamed(t *testing.T, set *mapclass.Set, root string) *mapclass.Class {
	t.Helper()
	for _, c := range set.Classes {
		if c.Root().Obj.Name() == root {
			return c
		}
	}
	t.Fatalf("no class named %s", root)
	return nil
}

// hasRefusal reports whether c is refused at line with a message holding
// msg.
func hasRefusal(prog *load.Program, c *mapclass.Class, line int, msg string) bool {
	for _, r := range c.Refusals {
		if prog.Fset.Position(r.Pos).Line == line && strings.Contains(r.Msg, msg) {
			return true
		}
	}
	return false
}

func refusalText(prog *load.Program, c *mapclass.Class) []string {
	var out []string
	for _, r := range c.Refusals {
		out = append(out, fmt.Sprintf("%d: %s", prog.Fset.Position(r.Pos).Line, r.Msg))
	}
	return out
}
