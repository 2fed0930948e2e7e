package pipeline

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mapfix/mapfix/detect"
	"github.com/mapfix/mapfix/internal/load"
)

// lockModule has three shared maps: data, locked everywhere but in
// Forget (the lock fix), keys, whose unlocked statement calls size, which
// takes the same lock (no lock fix: it would deadlock), and hits, with no
// lock at all.
const lockModule = `package main

import "sync"

type Cache struct {
	mu   sync.Mutex
	data map[string]int
}

func (c *Cache) Put(k string, v int) {
	c.mu.Lock()
	c.data[k] = v
	c.mu.Unlock()
}

func (c *Cache) Get(k string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.data[k]
}

func (c *Cache) Forget(k string) {
	delete(c.data, k)
}

type Index struct {
	mu   sync.Mutex
	keys map[string]int
}

func (x *Index) size() int {
	x.mu.Lock()
	defer x.mu.Unlock()
	return len(x.keys)
}

func (x *Index) Add(k string) {
	x.mu.Lock()
	x.keys[k]++
	x.mu.Unlock()
}

func (x *Index) Mark(k string) {
	x.keys[k] = x.size()
}

var hits = map[string]int{}

func main() {
	c := &Cache{data: map[string]int{}}
	x := &Index{keys: map[string]int{}}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			c.Put("a", 1)
			c.Forget("b")
			x.Add("a")
			x.Mark("b")
			hits["a"]++
		})
	}
	wg.Wait()
	println(c.Get("a"), len(x.keys), hits["a"])
}
`

func writeLockModule(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, src := range map[string]string{"go.mod": "module example.com/lockfix\n\ngo 1.26\n", "main.go": lockModule} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// fixesOf names each finding's fix: "data=lock keys=shardedmap ...".
func fixesOf(r *Report) string {
	var out []string
	for _, f := range r.Findings {
		out = append(out, f.Name+"="+string(r.Fixes[f].Kind))
	}
	return strings.Join(out, " ")
}

// TestChooseFixes: -fix decides each finding's fix, and the plan says why
// a finding with a lock did not get it.
func TestChooseFixes(t *testing.T) {
	dir := writeLockModule(t)
	for _, c := range []struct {
		fix     FixKind
		want    string
		refused []string // names refused
	}{
		{FixAuto, "data=lock keys=shardedmap hits=shardedmap", nil},
		{"", "data=lock keys=shardedmap hits=shardedmap", nil},
		{FixLock, "data=lock keys=none hits=none", []string{"keys", "hits"}},
		{FixShardedMap, "data=shardedmap keys=shardedmap hits=shardedmap", nil},
	} {
		r, err := Check(Config{Load: load.Config{Dir: dir, Patterns: []string{"./..."}}, Confidence: detect.Possible, Fix: c.fix})
		if err != nil {
			t.Fatal(err)
		}
		if got := fixesOf(r); got != c.want {
			t.Errorf("-fix=%s: %s, want %s", c.fix, got, c.want)
		}
		var refused []string
		for _, f := range r.Findings {
			if len(r.Rewrite.Refused[f.Class]) > 0 {
				refused = append(refused, f.Name)
			}
			notes := r.Rewrite.Notes[f.Class]
			switch {
			case f.Name == "keys" && c.fix != FixShardedMap && c.fix != FixLock:
				if len(notes) != 1 || !strings.Contains(notes[0].Msg, "a sharded map, not the lock: x.mu cannot be taken here") {
					t.Errorf("-fix=%s: keys' notes %v, want why not the lock", c.fix, notes)
				}
			case f.Name == "data" && r.Fixes[f].Kind == FixLock:
				if len(notes) != 1 || notes[0].Msg != "fixed by holding c.mu at main.go:23:2, as 2 of its 3 accesses do" {
					t.Errorf("-fix=%s: data's notes %v", c.fix, notes)
				}
			default:
				if len(notes) != 0 {
					t.Errorf("-fix=%s: %s has notes %v", c.fix, f.Name, notes)
				}
			}
		}
		if strings.Join(refused, ",") != strings.Join(c.refused, ",") {
			t.Errorf("-fix=%s: refused %v, want %v", c.fix, refused, c.refused)
		}
	}
}

// TestLockFixDroppedOnTypeError breaks the lock fix, as a bug in mapfix
// would: the verifying type-check drops that fix alone (refused, as a
// mapfix bug), and the sharded maps of the same file are still written.
func TestLockFixDroppedOnTypeError(t *testing.T) {
	dir := writeLockModule(t)
	rounds := 0
	testHookApplied = func(r *Report) {
		rounds++
		if rounds > 1 {
			return
		}
		for _, ch := range r.Rewrite.Changes {
			ch.New = bytes.Replace(ch.New, []byte("\tc.mu.Unlock()\n}\n\ntype Index"), []byte("\tc.mu.Unlock(1)\n}\n\ntype Index"), 1)
		}
	}
	defer func() { testHookApplied = func(*Report) {} }()
	r, err := Rewrite(Config{Load: load.Config{Dir: dir, Patterns: []string{"./..."}}, Version: "v0.1.0"})
	if err != nil {
		t.Fatal(err)
	}
	if rounds != 2 {
		t.Errorf("applied %d times, want 2", rounds)
	}
	if got, want := fixesOf(r), "data=none keys=shardedmap hits=shardedmap"; got != want {
		t.Errorf("fixes %s, want %s", got, want)
	}
	for _, f := range r.Findings {
		if f.Name != "data" {
			continue
		}
		refused := r.Rewrite.Refused[f.Class]
		if len(refused) != 1 || !strings.HasPrefix(refused[0].Msg, "its lock fix does not type-check: main.go:23:2: too many arguments") || !strings.Contains(refused[0].Msg, "mapfix bug") {
			t.Errorf("data refused with %v", refused)
		}
		if n := r.Rewrite.Notes[f.Class]; len(n) != 0 {
			t.Errorf("data keeps the notes %v", n)
		}
	}
	var main []byte
	for _, f := range r.Files {
		if filepath.Base(f.Path) == "main.go" {
			main = f.New
		}
	}
	if bytes.Contains(main, []byte("c.mu.Unlock(1)")) || bytes.Count(main, []byte("c.mu.Lock()")) != 2 {
		t.Errorf("main.go keeps the broken or any lock fix:\n%s", main)
	}
	if !bytes.Contains(main, []byte("hits = shardedmap.New[string, int]()")) {
		t.Errorf("main.go lost the sharded maps:\n%s", main)
	}
}
