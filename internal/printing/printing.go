// Package printing knows which calls print or encode their arguments, and
// what printing or encoding a value reads. It is the one place mapfix
// keeps these facts; mapclass (which map uses are prints and which
// prints cannot survive the rewrite), detect (prints are reads of the
// maps they reach) and the analyzer all ask it.
//
// A call prints when it is a function of fmt, log, testing or log/slog
// that formats its arguments, an encoding/json marshaller, or a wrapper:
// a function of the loaded program whose final ...any parameter only
// ever goes, whole, to another printing call (as x/tools' printf checker
// finds them). What a print reads follows the printing package's own
// rules (see Fields): fmt stops at String, Error, Format and GoString
// methods, cannot call methods at unexported fields, and prints nested
// pointers as addresses; encoding/json skips unexported fields and stops
// at MarshalJSON and MarshalText.
package printing

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"
)

// Kind is the set of rules by which a call prints its arguments.
type Kind int

// The kinds of printing.
const (
	// Fmt formats with fmt's verbs: fmt and log print that way, as do
	// testing's Log and Error families.
	Fmt Kind = iota + 1
	// JSON encodes with encoding/json.
	JSON
	// Slog is log/slog: its text handler formats a value it does not know
	// with %+v, its JSON handler encodes it with encoding/json, so both
	// sets of rules apply.
	Slog
)

func (k Kind) String() string {
	switch k {
	case Fmt:
		return "fmt"
	case JSON:
		return "json"
	case Slog:
		return "slog"
	}
	return "none"
}

// Func says how a function prints its arguments. The fields are exported
// so that the analyzer can carry a wrapper's Func across packages as a fact.
type Func struct {
	Kind Kind
	// Format is the index of the format string parameter, or -1 when the
	// function prints each argument with Verb.
	Format int
	// First is the index of the first printed parameter; when the function
	// is variadic every argument from there on is printed, otherwise only
	// that one.
	First int
	// Verb is how arguments are formatted when there is no format string:
	// "v" for fmt.Print, "+v" for log/slog.
	Verb string
}

// Printf reports whether the function takes a format string.
func (f Func) Printf() bool { return f.Format >= 0 }

// A Verb is one formatting directive applied to an argument.
type Verb struct {
	Rune  rune   // the verb: 'v', 'd', 'T'...
	Flags string // the flags given with it, from "+-# 0"
}

// Sharp reports whether the verb has the # flag (%#v calls GoString).
func (v Verb) Sharp() bool {
	for _, c := range v.Flags {
		if c == '#' {
			return true
		}
	}
	return false
}

func (v Verb) String() string { return "%" + v.Flags + string(v.Rune) }

// Arg is how a call prints one of its arguments.
type Arg struct {
	Kind Kind
	// Verbs are the directives that format the argument (an argument may
	// be named by several with explicit indexes, or by none). Nil for
	// JSON; %+v for Slog.
	Verbs []Verb
	// Unknown is set when the format string is not a constant, so the
	// verbs cannot be known.
	Unknown bool
}

// Has reports whether one of the argument's verbs is r.
func (a Arg) Has(r rune) bool {
	for _, v := range a.Verbs {
		if v.Rune == r {
			return true
		}
	}
	return false
}

// Std returns how a function of the standard library prints, if it does.
func Std(fn *types.Func) (Func, bool) {
	if fn == nil || fn.Pkg() == nil {
		return Func{}, false
	}
	m := std[fn.Pkg().Path()]
	if m == nil {
		return Func{}, false
	}
	recv := ""
	if r := fn.Signature().Recv(); r != nil {
		recv = typeName(r.Type())
	}
	f, ok := m[fn.Name()]
	if !ok {
		return Func{}, false
	}
	switch fn.Pkg().Path() {
	case "testing":
		// The methods of T, B, F and the TB interface, all promoted from
		// testing.common; no package-level function of that name prints.
		if recv == "" {
			return Func{}, false
		}
	case "log", "log/slog":
		if recv != "" && recv != "Logger" {
			return Func{}, false
		}
	case "encoding/json":
		if (fn.Name() == "Encode") != (recv == "Encoder") {
			return Func{}, false
		}
	default:
		if recv != "" {
			return Func{}, false
		}
	}
	return f, true
}

// reflectPkgs are the packages whose functions inspect a value given as
// an interface through reflection: its fields, what its pointers point
// to, its type. encoding/json is not among them: it marshals and decodes a
// *shardedmap.Map as the map (see Std and Decodes).
var reflectPkgs = map[string]bool{
	"reflect":                             true,
	"text/template":                       true,
	"html/template":                       true,
	"encoding/xml":                        true,
	"encoding/gob":                        true,
	"encoding/asn1":                       true,
	"encoding/binary":                     true,
	"github.com/google/go-cmp/cmp":        true,
	"github.com/stretchr/testify/assert":  true,
	"github.com/stretchr/testify/require": true,
	"gopkg.in/yaml.v2":                    true,
	"gopkg.in/yaml.v3":                    true,
	"sigs.k8s.io/yaml":                    true,
	"github.com/BurntSushi/toml":          true,
	"github.com/pelletier/go-toml/v2":     true,
}

// Reflects reports whether fn inspects its parameter number param through
// reflection: a function of a package that does (reflect, the template
// packages, encoders other than encoding/json, go-cmp, testify), or a
// function of the program that passes that parameter on to one.
func (ix *Index) Reflects(fn *types.Func, param int) bool {
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	if reflectPkgs[fn.Pkg().Path()] {
		return true
	}
	return ix != nil && ix.reflectors[ix.key(fn)][param]
}

// typeName names the type a method is declared on, without a pointer.
func typeName(t types.Type) string {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Obj().Name()
	}
	return ""
}

// std holds the standard library's printers by package path and name.
var std = map[string]map[string]Func{}

func init() {
	add := func(pkg string, f Func, names ...string) {
		if std[pkg] == nil {
			std[pkg] = make(map[string]Func)
		}
		for _, n := range names {
			std[pkg][n] = f
		}
	}
	print := func(first int) Func { return Func{Kind: Fmt, Format: -1, First: first, Verb: "v"} }
	printf := func(format int) Func { return Func{Kind: Fmt, Format: format, First: format + 1} }
	add("fmt", print(0), "Print", "Println", "Sprint", "Sprintln")
	add("fmt", print(1), "Fprint", "Fprintln", "Append", "Appendln")
	add("fmt", printf(0), "Printf", "Sprintf", "Errorf")
	add("fmt", printf(1), "Fprintf", "Appendf")
	// log's functions and *log.Logger's methods take the same arguments.
	add("log", print(0), "Print", "Println", "Fatal", "Fatalln", "Panic", "Panicln")
	add("log", printf(0), "Printf", "Fatalf", "Panicf")
	add("testing", print(0), "Log", "Error", "Fatal", "Skip")
	add("testing", printf(0), "Logf", "Errorf", "Fatalf", "Skipf")
	// log/slog: *slog.Logger's methods take the arguments of the package
	// functions of the same names. Group and Any make attributes that a
	// handler prints later.
	slog := func(first int) Func { return Func{Kind: Slog, Format: -1, First: first, Verb: "+v"} }
	add("log/slog", slog(1), "Debug", "Info", "Warn", "Error")
	add("log/slog", slog(2), "DebugContext", "InfoContext", "WarnContext", "ErrorContext")
	add("log/slog", slog(3), "Log")
	add("log/slog", slog(0), "With", "AnyValue")
	add("log/slog", slog(1), "Group", "Any")
	add("encoding/json", Func{Kind: JSON, Format: -1, First: 0}, "Marshal", "MarshalIndent", "Encode")
}

// Index says which functions of a program print: the standard ones, the
// wrappers found in the program's syntax, and those another run found
// (the analyzer's facts).
type Index struct {
	wrappers   map[string]Func         // by key
	reflectors map[string]map[int]bool // by key: the parameters it reflects on
	found      map[*types.Func]Func
	imported   func(*types.Func) (Func, bool)
	fset       *token.FileSet
}

// Func returns how fn prints, if it does.
func (ix *Index) Func(fn *types.Func) (Func, bool) {
	if f, ok := Std(fn); ok {
		return f, true
	}
	if fn == nil || ix == nil {
		return Func{}, false
	}
	if f, ok := ix.wrappers[ix.key(fn)]; ok {
		return f, true
	}
	if ix.imported != nil {
		return ix.imported(fn)
	}
	return Func{}, false
}

// Wrappers returns the printing wrappers found in the program's syntax.
func (ix *Index) Wrappers() map[*types.Func]Func { return ix.found }

// Call returns how call prints its arguments, by index in call.Args, or
// nil when it prints none. An argument spread with ... is a slice, not
// something printed one by one: it gets no entry.
func (ix *Index) Call(info *types.Info, call *ast.CallExpr) map[int]Arg {
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	f, ok := ix.Func(fn)
	if !ok {
		return nil
	}
	return Args(f, info, call, fn.Signature().Variadic())
}

// Args returns how a call of a function that prints as f prints each of
// its arguments.
func Args(f Func, info *types.Info, call *ast.CallExpr, variadic bool) map[int]Arg {
	last := len(call.Args) - 1
	if !variadic {
		last = f.First
	}
	if call.Ellipsis.IsValid() {
		last = len(call.Args) - 2
	}
	if f.First > last || f.First >= len(call.Args) {
		return nil
	}
	out := make(map[int]Arg)
	switch {
	case f.Kind == JSON:
		for i := f.First; i <= last; i++ {
			out[i] = Arg{Kind: JSON}
		}
	case !f.Printf():
		v := parseVerb(f.Verb)
		for i := f.First; i <= last; i++ {
			out[i] = Arg{Kind: f.Kind, Verbs: []Verb{v}}
		}
	default:
		var format *string
		if f.Format < len(call.Args) {
			if tv := info.Types[call.Args[f.Format]]; tv.Value != nil && tv.Value.Kind() == constant.String {
				s := constant.StringVal(tv.Value)
				format = &s
			}
		}
		var verbs map[int][]Verb
		if format != nil {
			verbs = Verbs(*format)
		}
		for i := f.First; i <= last; i++ {
			out[i] = Arg{Kind: Fmt, Verbs: verbs[i-f.First], Unknown: format == nil}
		}
	}
	return out
}

// parseVerb reads a verb written without its %, such as "+v".
func parseVerb(s string) Verb {
	if s == "" {
		return Verb{Rune: 'v'}
	}
	r := []rune(s)
	return Verb{Rune: r[len(r)-1], Flags: string(r[:len(r)-1])}
}
