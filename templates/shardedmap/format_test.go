package shardedmap

import (
	"fmt"
	"strings"
	"testing"
)

var verbs = []string{
	"%v", "%+v", "%#v", "%d", "%s", "%q", "%x", "%X", "%10v", "%-8v", "%08v",
	"% x", "%+d", "%#x", "%.2v", "%6.2f", "%t", "%e", "%c", "%U", "%b", "%o",
	"%x[1]", "% +v", "%#-12v",
}

type fmtStruct struct {
	Name string
	N    int
}

// In the plain world a struct holds a map; in the rewritten world the same
// field is a *Map.
type plainHolder struct {
	M     map[string]int
	Other int
}

type mapHolder struct {
	M     *Map[string, int]
	Other int
}

func checkFormat[K comparable, V any](t *testing.T, name string, plain map[K]V) {
	t.Helper()
	var m *Map[K, V]
	if plain != nil {
		m = Of(plain)
	}
	for _, verb := range verbs {
		want := fmt.Sprintf(verb, plain)
		if got := fmt.Sprintf(verb, m); got != want {
			t.Errorf("%s: Sprintf(%q) = %q; want %q", name, verb, got, want)
		}
		// Nested in a slice.
		want = fmt.Sprintf(verb, []map[K]V{plain, plain})
		got := fmt.Sprintf(verb, []*Map[K, V]{m, m})
		if strings.Contains(verb, "#") && strings.HasSuffix(verb, "v") {
			// %#v names the slice type, []*Map[K,V] instead of []map[K]V;
			// the elements must print the same.
			want, got = want[strings.Index(want, "{map"):], got[strings.Index(got, "{map"):]
		}
		if got != want {
			t.Errorf("%s: Sprintf(%q) of a slice = %q; want %q", name, verb, got, want)
		}
	}
}

func TestFormatParity(t *testing.T) {
	s := "x"
	checkFormat(t, "string->int", map[string]int{"a": 1, "b": -2, "c<>": 300})
	checkFormat(t, "int->string", map[int]string{1: "one", 2: "two\n", -3: ""})
	checkFormat(t, "int->float", map[int]float64{1: 1.5, 2: -0.25})
	checkFormat(t, "string->struct", map[string]fmtStruct{"a": {"x", 1}, "b": {"y", 2}})
	checkFormat(t, "struct->bool", map[fmtStruct]bool{{"x", 1}: true, {"y", 2}: false})
	checkFormat(t, "string->pointer nil", map[string]*string{"a": nil})
	checkFormat(t, "string->pointer", map[string]*string{"a": &s})
	checkFormat(t, "empty", map[string]int{})
	checkFormat(t, "nil", map[string]int(nil))
	checkFormat(t, "string->any", map[string]any{"a": 1, "b": "s", "c": nil, "d": []int{1}})
	checkFormat(t, "rune->rune", map[rune]rune{'a': 'b', 'c': 'd'})
}

func TestFormatNestedStruct(t *testing.T) {
	for _, plain := range []map[string]int{{"a": 1, "b": 2}, {}, nil} {
		var m *Map[string, int]
		if plain != nil {
			m = Of(plain)
		}
		p := plainHolder{plain, 7}
		h := mapHolder{m, 7}
		for _, verb := range verbs {
			want := fmt.Sprintf(verb, p)
			got := fmt.Sprintf(verb, h)
			if verb == "%#v" || verb == "%#-12v" {
				// The struct's own type name differs; the map part must not.
				want = want[len("shardedmap.plainHolder"):]
				got = got[len("shardedmap.mapHolder"):]
			}
			if got != want {
				t.Errorf("Sprintf(%q) of a struct = %q; want %q", verb, got, want)
			}
			if got, want := fmt.Sprintf(verb, &h), fmt.Sprintf(verb, &p); verb == "%v" && got != want {
				t.Errorf("Sprintf(%q) of a struct pointer = %q; want %q", verb, got, want)
			}
		}
	}
}

func TestFormatNestedMap(t *testing.T) {
	inner := map[string]int{"x": 1}
	plain := map[string]map[string]int{"a": inner}
	m := Of(map[string]*Map[string, int]{"a": Of(inner)})
	for _, verb := range []string{"%v", "%+v", "%d", "%5v"} {
		if got, want := fmt.Sprintf(verb, m), fmt.Sprintf(verb, plain); got != want {
			t.Errorf("Sprintf(%q) = %q; want %q", verb, got, want)
		}
	}
}

func TestPrintFunctions(t *testing.T) {
	plain := map[string]int{"a": 1, "b": 2}
	m := Of(plain)
	if got, want := fmt.Sprint(m), fmt.Sprint(plain); got != want {
		t.Errorf("Sprint = %q; want %q", got, want)
	}
	if got, want := fmt.Sprintln(m, 1), fmt.Sprintln(plain, 1); got != want {
		t.Errorf("Sprintln = %q; want %q", got, want)
	}
	if got, want := fmt.Sprintf("%*v|%-*v", 5, m, 6, m), fmt.Sprintf("%*v|%-*v", 5, plain, 6, plain); got != want {
		t.Errorf("star width = %q; want %q", got, want)
	}
}
