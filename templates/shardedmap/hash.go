package shardedmap

import (
	"hash/maphash"
	"math/bits"
	"unsafe"
)

// hashKind selects how a table hashes keys; it is fixed per key type.
type hashKind uint8

const (
	hashComparable hashKind = iota // maphash.Comparable
	hashString                     // maphash.String
	hash64                         // 8-byte integers
	hash32                         // 4-byte integers
	hash16                         // 2-byte integers
	hash8                          // 1-byte integers
)

// kindOf returns the hash fast path for the key type K. Only the exact
// predeclared types take a fast path: a named type such as "type ID int"
// uses maphash.Comparable, which is correct for every comparable type.
func kindOf[K comparable]() hashKind {
	var k K
	switch any(k).(type) {
	case string:
		return hashString
	case int, uint, int64, uint64, uintptr:
		if unsafe.Sizeof(k) == 8 {
			return hash64
		}
		return hash32
	case int32, uint32:
		return hash32
	case int16, uint16:
		return hash16
	case int8, uint8:
		return hash8
	}
	return hashComparable
}

// mix64 is a seeded hash of an integer key: one 64x64->128-bit multiply
// folded by xor, which is cheap enough that a Map used by one goroutine does
// not lose to a plain map on hashing. Both halves of the product depend on
// the bits of x, so the top bits (which pick the shard) and the low bits
// (which pick the bucket) are both well spread, also for keys that are
// multiples of a power of two.
func mix64(x, seed uint64) uint64 {
	hi, lo := bits.Mul64(x^seed, 0x9e3779b97f4a7c15)
	return hi ^ lo
}

// hash returns the seeded hash of k. It does not allocate for string and
// integer keys, nor for other keys that hold no pointers. An int-keyed Map
// pays one multiply for its hash, and a string key goes straight to the
// runtime's string hash (maphash.Comparable reaches it with less work than
// maphash.String). Map.Load repeats this switch by hand, since the call is
// not inlined.
func (t *table[K, V]) hash(k K) uint64 {
	switch t.kind {
	case hash64:
		return mix64(*(*uint64)(unsafe.Pointer(&k)), t.iseed)
	case hash32, hash16, hash8:
		return t.hashSmallInt(k)
	}
	return maphash.Comparable(t.seed, k)
}

// hashSmallInt is hash for integer keys of fewer than 8 bytes.
func (t *table[K, V]) hashSmallInt(k K) uint64 {
	p := unsafe.Pointer(&k)
	switch t.kind {
	case hash32:
		return mix64(uint64(*(*uint32)(p)), t.iseed)
	case hash16:
		return mix64(uint64(*(*uint16)(p)), t.iseed)
	}
	return mix64(uint64(*(*uint8)(p)), t.iseed)
}
