package detect

import (
	"go/token"
	"go/types"
	"strings"

	"github.com/mapfix/mapfix/internal/load"
)

// declKeys names declarations by load.ObjectKey, the project's one identity
// of a declared object, so that a lock or function seen through two package
// variants (a package checked for its tests, and importers that see the
// plain package) is one lock or function. Locksets compare keys at every
// access, so the keys are cached per object.
type declKeys struct {
	fset *token.FileSet
	m    map[types.Object]string
}

func newDeclKeys(fset *token.FileSet) *declKeys {
	return &declKeys{fset: fset, m: make(map[types.Object]string)}
}

// of returns the key of o, or "" for nil.
func (k *declKeys) of(o types.Object) string {
	if o == nil {
		return ""
	}
	if s, ok := k.m[o]; ok {
		return s
	}
	s := load.ObjectKey(k.fset, o)
	k.m[o] = s
	return s
}

// fn returns the key of a declared function; instances of a generic
// function share their origin's.
func (k *declKeys) fn(f *types.Func) string {
	if f == nil {
		return ""
	}
	return k.of(f.Origin())
}

// sameLock reports whether two references name the same mutex expression.
func (k *declKeys) sameLock(l, o lockRef) bool {
	if k.of(l.base) != k.of(o.base) || len(l.path) != len(o.path) {
		return false
	}
	for i := range l.path {
		if k.of(l.path[i]) != k.of(o.path[i]) {
			return false
		}
	}
	return true
}

// path returns the key of a field path: "/f1/f2".
func (k *declKeys) path(path []*types.Var) string {
	var b strings.Builder
	for _, f := range path {
		b.WriteString("/")
		b.WriteString(k.of(f))
	}
	return b.String()
}

// hasPrefix reports whether path starts with the fields of prefix and
// goes on past them.
func (k *declKeys) hasPrefix(path, prefix []*types.Var) bool {
	if len(prefix) >= len(path) {
		return false
	}
	for i := range prefix {
		if k.of(path[i]) != k.of(prefix[i]) {
			return false
		}
	}
	return true
}

// lockIdentity names a lock by its declaration: the last field of its
// path (the same for every value of the owner's type), or its variable.
func (k *declKeys) lockIdentity(l lockRef) string {
	if len(l.path) > 0 {
		return k.of(l.path[len(l.path)-1])
	}
	return k.of(l.base)
}
