package shardedmap

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"strings"
	"testing"
)

// upperKey is a map key type that is a TextMarshaler.
type upperKey struct{ s string }

func (k upperKey) MarshalText() ([]byte, error) { return []byte(strings.ToUpper(k.s)), nil }
func (k *upperKey) UnmarshalText(b []byte) error {
	k.s = strings.ToLower(string(b))
	return nil
}

type jsonInner struct {
	A int    `json:"a"`
	B string `json:"b,omitempty"`
}

type plainDoc struct {
	Name string                    `json:"name"`
	M    map[string]jsonInner      `json:"m"`
	N    map[int]map[string]string `json:"n"`
}

type mapDoc struct {
	Name string                       `json:"name"`
	M    *Map[string, jsonInner]      `json:"m"`
	N    *Map[int, map[string]string] `json:"n"`
}

func checkMarshal[K comparable, V any](t *testing.T, plain map[K]V) {
	t.Helper()
	var m *Map[K, V]
	if plain != nil {
		m = Of(plain)
	}
	want, werr := json.Marshal(plain)
	got, gerr := json.Marshal(m)
	if !bytes.Equal(got, want) || (werr == nil) != (gerr == nil) {
		t.Errorf("Marshal(%T %v) = %s, %v; want %s, %v", plain, plain, got, gerr, want, werr)
	}
	// An encoder that does not escape HTML.
	var wb, gb bytes.Buffer
	we, ge := json.NewEncoder(&wb), json.NewEncoder(&gb)
	we.SetEscapeHTML(false)
	ge.SetEscapeHTML(false)
	we.SetIndent("", "  ")
	ge.SetIndent("", "  ")
	werr, gerr = we.Encode(plain), ge.Encode(m)
	if wb.String() != gb.String() || (werr == nil) != (gerr == nil) {
		t.Errorf("Encode(%T) = %s, %v; want %s, %v", plain, gb.String(), gerr, wb.String(), werr)
	}
}

func TestMarshalParity(t *testing.T) {
	checkMarshal(t, map[string]int{"a": 1, "b": 2, "<&>": 3, "\u2028": 4})
	checkMarshal(t, map[int]string{3: "c", -1: "a", 20: "<b>"})
	checkMarshal(t, map[uint8]bool{1: true, 200: false})
	checkMarshal(t, map[upperKey]int{{"x"}: 1, {"y"}: 2})
	checkMarshal(t, map[string]jsonInner{"a": {1, "x"}, "b": {2, ""}})
	checkMarshal(t, map[string][]int{"a": {1, 2}, "b": nil})
	checkMarshal(t, map[string]float64{"nan": 0})
	checkMarshal(t, map[string]int{})
	checkMarshal(t, map[string]int(nil))
	checkMarshal(t, map[string]any{"f": func() {}}) // an error
}

func TestMarshalNested(t *testing.T) {
	p := plainDoc{Name: "d", M: map[string]jsonInner{"k": {1, "v"}}, N: map[int]map[string]string{1: {"x": "y"}}}
	m := mapDoc{Name: "d", M: Of(p.M), N: Of(p.N)}
	want, _ := json.Marshal(p)
	got, err := json.Marshal(m)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("Marshal nested = %s, %v; want %s", got, err, want)
	}
	// Nil fields.
	want, _ = json.Marshal(plainDoc{})
	got, _ = json.Marshal(mapDoc{})
	if !bytes.Equal(got, want) {
		t.Fatalf("Marshal nil fields = %s; want %s", got, want)
	}
}

func checkUnmarshal[K comparable, V any](t *testing.T, start map[K]V, input string) {
	t.Helper()
	plain := maps.Clone(start)
	if plain == nil {
		plain = map[K]V{}
	}
	m := Of(start)
	werr := json.Unmarshal([]byte(input), &plain)
	gerr := json.Unmarshal([]byte(input), m)
	if (werr == nil) != (gerr == nil) {
		t.Errorf("Unmarshal(%q) error %v; want %v", input, gerr, werr)
	}
	if werr != nil && gerr != nil && werr.Error() != gerr.Error() {
		t.Logf("Unmarshal(%q) error text %q; plain map gives %q", input, gerr, werr)
	}
	if input == "null" {
		return // json sets a plain map to nil, and leaves a *Map unchanged
	}
	if got := m.Clone(); fmt.Sprint(got) != fmt.Sprint(plain) {
		t.Errorf("Unmarshal(%q) into %v = %v; want %v", input, start, got, plain)
	}
}

func TestUnmarshalParity(t *testing.T) {
	checkUnmarshal(t, map[string]int(nil), `{"a":1,"b":2}`)
	checkUnmarshal(t, map[string]int{"a": 9, "z": 26}, `{"a":1,"b":2}`) // merges
	checkUnmarshal(t, map[string]int{"a": 9}, `{"a":1,"b":"x","c":3}`)  // type error, partial
	checkUnmarshal(t, map[string]int{"a": 9}, `{"a":1,`)                // syntax error
	checkUnmarshal(t, map[string]int{"a": 9}, `[1,2]`)                  // not an object
	checkUnmarshal(t, map[string]int{"a": 9}, `null`)
	checkUnmarshal(t, map[string]int{"a": 9}, `{}`)
	checkUnmarshal(t, map[string]int{"a": 9}, `{"a":1,"a":2}`)
	checkUnmarshal(t, map[int]string(nil), `{"1":"a","-2":"b"}`)
	checkUnmarshal(t, map[int]string{1: "x"}, `{"1":"a","-2":"b"}`)
	checkUnmarshal(t, map[int]string{1: "x"}, `{"x":"a"}`) // bad int key
	checkUnmarshal(t, map[upperKey]int{{"x"}: 5}, `{"X":1,"Y":2}`)
	checkUnmarshal(t, map[string]jsonInner{"k": {1, "old"}}, `{"k":{"a":2},"j":{"b":"s"}}`)
	checkUnmarshal(t, map[string]jsonInner(nil), `{"k":{"a":2,"b":"<x>"}}`)
}

func TestUnmarshalNested(t *testing.T) {
	const input = `{"name":"d","m":{"k":{"a":1,"b":"v"}},"n":{"1":{"x":"y"}}}`
	var p plainDoc
	var m mapDoc
	if err := json.Unmarshal([]byte(input), &p); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(input), &m); err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(m.M.Clone(), p.M) || fmt.Sprint(m.N) != fmt.Sprint(p.N) {
		t.Fatalf("Unmarshal nested = %v %v; want %v %v", m.M, m.N, p.M, p.N)
	}
	// null sets the field to nil, as it does for a plain map.
	if err := json.Unmarshal([]byte(`{"m":null}`), &m); err != nil || m.M != nil {
		t.Fatalf("null: %v, %v", m.M, err)
	}
}

func TestUnmarshalZeroMap(t *testing.T) {
	var m Map[string, int]
	if err := m.UnmarshalJSON([]byte(`{"a":1}`)); err != nil || m.Get("a") != 1 {
		t.Fatalf("zero Map: %v, %v", m.Clone(), err)
	}
	if err := m.UnmarshalJSON([]byte(`null`)); err != nil || m.Len() != 1 {
		t.Fatalf("null: %v, %v", m.Clone(), err)
	}
}
