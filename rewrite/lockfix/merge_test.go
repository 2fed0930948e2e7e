package lockfix

import (
	"strings"
	"testing"
)

// TestMerge: the lock lines land between the same statements after the
// sharded-map rewrite changed other lines of the file, including the
// statement right before the held one.
func TestMerge(t *testing.T) {
	old := `package p

func f() {
	a[1] = 2
	b[1] = 2
	c := b[1]
	_ = c
}
`
	// b is the lock-fixed map; a was rewritten.
	new := `package p

func f() {
	a.Store(1, 2)
	b[1] = 2
	c := b[1]
	_ = c
}
`
	edits := []Edit{
		{Offset: strings.Index(old, "\tb[1] = 2"), Text: "\tmu.Lock()\n"},
		{Offset: strings.Index(old, "\t_ = c"), Text: "\tmu.Unlock()\n"},
	}
	got, err := Merge([]byte(old), []byte(new), edits)
	if err != nil {
		t.Fatal(err)
	}
	want := `package p

func f() {
	a.Store(1, 2)
	mu.Lock()
	b[1] = 2
	c := b[1]
	mu.Unlock()
	_ = c
}
`
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}

	// The held statement itself rewritten, with its neighbours: no line
	// is left to place the lock by.
	changed := strings.NewReplacer("a[1] = 2", "a.Store(1, 2)", "b[1] = 2", "b.Store(1, 2)", "c := b[1]", "c := b.Get(1)", "_ = c", "_ = c + 0").Replace(old)
	if _, err := Merge([]byte(old), []byte(changed), edits); err == nil {
		t.Error("merged into lines the rewrite changed on both sides")
	}
}
