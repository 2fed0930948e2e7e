package load

import (
	"cmp"
	"fmt"
	"go/token"
	"go/types"
)

// ComparePos orders two positions by file name, then offset, as cmp.Compare
// does. Every stage that sorts by position uses it: token.Pos order
// between files follows the order go/packages parsed them in, which varies
// from run to run, and the output must not.
func ComparePos(fset *token.FileSet, a, b token.Pos) int {
	pa, pb := fset.Position(a), fset.Position(b)
	if c := cmp.Compare(pa.Filename, pb.Filename); c != 0 {
		return c
	}
	return cmp.Compare(pa.Offset, pb.Offset)
}

// ObjectKey identifies a declared object by where it is declared: its
// file, offset and name. A package and its test variant type-check the
// same file twice, into two objects with two token.Pos; the key is the
// same for both. Keys sort in source order within a file.
func ObjectKey(fset *token.FileSet, obj types.Object) string {
	p := fset.Position(obj.Pos())
	return fmt.Sprintf("%s:%08d:%s", p.Filename, p.Offset, obj.Name())
}
