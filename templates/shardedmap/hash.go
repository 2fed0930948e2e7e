package shardedmap

import (
	"hash/maphash"
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

// mix64 is a seeded multiplicative hash. Shards are picked from the top bits
// of the result, which depend on every bit of x.
func mix64(x, seed uint64) uint64 {
	x ^= seed
	x *= 0x9e3779b97f4a7c15
	x ^= x >> 32
	x *= 0xd6e8feb86659fd93
	return x
}

// hash returns the seeded hash of k. It does not allocate for string and
// integer keys, nor for other keys that hold no pointers.
func (t *table[K, V]) hash(k K) uint64 {
	p := unsafe.Pointer(&k)
	switch t.kind {
	case hashString:
		return maphash.String(t.seed, *(*string)(p))
	case hash64:
		return mix64(*(*uint64)(p), t.iseed)
	case hash32:
		return mix64(uint64(*(*uint32)(p)), t.iseed)
	case hash16:
		return mix64(uint64(*(*uint16)(p)), t.iseed)
	case hash8:
		return mix64(uint64(*(*uint8)(p)), t.iseed)
	}
	return maphash.Comparable(t.seed, k)
}
