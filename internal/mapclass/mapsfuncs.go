package mapclass

// mapsFuncs is the one list of the functions of the standard package maps
// that take a map: which argument each one changes, and whether mapfix
// rewrites a call of it when the map it reads becomes a *Map (the edit
// itself, maps.Keys(m) -> m.Keys(), is the rewriter's). mapclass, detect
// and rewrite all ask MapsArg.
var mapsFuncs = map[string]struct {
	writes    int  // the argument the function changes, or -1
	rewritten bool // a call is rewritten when the map it reads is
}{
	"All":        {-1, true},
	"Keys":       {-1, true},
	"Values":     {-1, true},
	"Clone":      {-1, true},
	"Copy":       {0, true}, // Copy(dst, src): rewritten as Insert(dst, src.All())
	"Equal":      {-1, false},
	"EqualFunc":  {-1, false},
	"Insert":     {0, false},
	"DeleteFunc": {0, false},
}

// MapsArg says what the function name of package maps does with the map
// passed as its argument arg: op is Write when it changes that map and
// Read otherwise, and rewritten reports whether mapfix rewrites the call
// when that map becomes a *Map. known is false for a function the list
// does not hold.
func MapsArg(name string, arg int) (op Op, rewritten, known bool) {
	f, ok := mapsFuncs[name]
	if !ok {
		return Read, false, false
	}
	if arg == f.writes {
		return Write, false, true
	}
	return Read, f.rewritten, true
}
