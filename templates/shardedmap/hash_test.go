package shardedmap

import (
	"strconv"
	"strings"
	"testing"
)

type namedString string

// TestKindOf checks which key types take a fast path: every string and
// integer type, named or not, and no other.
func TestKindOf(t *testing.T) {
	for _, c := range []struct {
		got, want hashKind
		name      string
	}{
		{kindOf[string](), hashString, "string"},
		{kindOf[namedString](), hashString, "namedString"},
		{kindOf[int](), hash64, "int"},
		{kindOf[named](), hash64, "named"},
		{kindOf[uint32](), hash32, "uint32"},
		{kindOf[int16](), hash16, "int16"},
		{kindOf[uint8](), hash8, "uint8"},
		{kindOf[float64](), hashComparable, "float64"},
		{kindOf[*int](), hashComparable, "*int"},
		{kindOf[any](), hashComparable, "any"},
		{kindOf[[2]string](), hashComparable, "[2]string"},
	} {
		if c.got != c.want {
			t.Errorf("kindOf[%s]() = %d, want %d", c.name, c.got, c.want)
		}
	}
}

// TestStrHashLength checks that strings whose words the short-string hash
// reads alike still hash apart: the length goes into the hash.
func TestStrHashLength(t *testing.T) {
	tb := newTable[string, int](4, 4, 4, nil)
	groups := [][]string{
		{"", "\x00", "\x00\x00", "\x00\x00\x00"},
		{"a", "aa", "aaa"},
		{"abcd", "abcdabcd"},
		// Bytes 0-7 and 1-8 of a 9-byte string are the two words of this
		// 16-byte one.
		{"abcdefghi", "abcdefghbcdefghi"},
		{"0123456789abcdef", "0123456789abcdef0"}, // 16 bytes, and 17 (maphash)
	}
	for _, g := range groups {
		seen := map[uint64]string{}
		for _, s := range g {
			h := tb.hash(s)
			if prev, ok := seen[h]; ok {
				t.Errorf("hash(%q) == hash(%q)", s, prev)
			}
			seen[h] = s
		}
	}
}

// TestStrHashSpread checks that the bits a Map uses from a hash (the top
// ones pick the shard and the bucket, the low ones the tag), and some in
// the middle, are spread evenly for keys that differ in a few characters, at every length
// the short-string hash reads differently.
func TestStrHashSpread(t *testing.T) {
	tb := newTable[string, int](4, 4, 4, nil)
	const keys, bins = 1 << 14, 64
	for _, prefix := range []string{"", "k", "key-", "user:12345/", strings.Repeat("x", 30)} {
		var top, low, mid [bins]int
		for i := range keys {
			h := tb.hash(prefix + strconv.Itoa(i))
			top[h>>58]++
			low[h%bins]++
			mid[(h>>40)%bins]++
		}
		for name, counts := range map[string]*[bins]int{"top": &top, "low": &low, "middle": &mid} {
			for b, n := range counts {
				// Expected 256 per bin; a good hash stays well inside
				// half to twice that (about 8 standard deviations).
				if n < keys/bins/2 || n > keys/bins*2 {
					t.Errorf("prefix %q: %s bits: bin %d holds %d of %d keys", prefix, name, b, n, keys)
				}
			}
		}
	}
}

// TestStringKeyLengths stores and finds keys of every length the
// short-string hash treats apart, and a named string type.
func TestStringKeyLengths(t *testing.T) {
	testKeys(t, func(i int) string { return strings.Repeat("x", i%24) + strconv.Itoa(i) })
	testKeys(t, func(i int) string { return strings.Repeat("\x00", i%20) })
	testKeys(t, func(i int) namedString { return namedString("n" + strconv.Itoa(i)) })
}
