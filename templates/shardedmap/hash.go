package shardedmap

import (
	"hash/maphash"
	"math/bits"
	"reflect"
	"unsafe"
)

// hashKind selects how a table hashes keys; it is fixed per key type.
type hashKind uint8

const (
	hashComparable hashKind = iota // maphash.Comparable
	hashString                     // strHash: short strings inline, longer ones maphash
	hash64                         // 8-byte integers
	hash32                         // 4-byte integers
	hash16                         // 2-byte integers
	hash8                          // 1-byte integers
)

// kindOf returns the hash fast path for the key type K. Every string and
// integer type takes one, named ones ("type ID int") included: their values
// are equal exactly when their bytes are. Other types (floats, whose +0 and
// -0 are equal, pointers, structs, interfaces) use maphash.Comparable, which
// is right for every comparable type.
func kindOf[K comparable]() hashKind {
	switch reflect.TypeFor[K]().Kind() {
	case reflect.String:
		return hashString
	case reflect.Int, reflect.Uint, reflect.Int64, reflect.Uint64, reflect.Uintptr,
		reflect.Int32, reflect.Uint32, reflect.Int16, reflect.Uint16, reflect.Int8, reflect.Uint8:
		switch unsafe.Sizeof(*new(K)) {
		case 8:
			return hash64
		case 4:
			return hash32
		case 2:
			return hash16
		case 1:
			return hash8
		}
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

// shortString is the longest string that strHash hashes itself.
const shortString = 16

// strHash is the seeded hash of a string key. Keys of a map are mostly
// short (names, IDs, addresses), and for them the path through maphash (a
// type switch, then the runtime's AES hash, which sets up for any length)
// costs more than the rest of a Load. A string of at most 16 bytes is
// instead read as two (possibly overlapping) words and mixed with two
// multiplies, in the manner of wyhash's short-input case; longer strings go
// to maphash.String. seed holds two words of the table's random seed, so an input cannot be
// chosen to collide without knowing it.
func strHash(s string, seed *[2]uint64, mseed maphash.Seed) uint64 {
	n := uint64(len(s))
	if n > shortString {
		return maphash.String(mseed, s)
	}
	a, b := strWords(unsafe.Pointer(unsafe.StringData(s)), n)
	return strMix(a, b, n, seed)
}

// strWords reads the n <= shortString bytes at p as two words for strMix.
func strWords(p unsafe.Pointer, n uint64) (a, b uint64) {
	if n >= 8 {
		return read64(p), read64(unsafe.Add(p, n-8))
	}
	if n >= 4 {
		return uint64(read32(p)), uint64(read32(unsafe.Add(p, n-4)))
	}
	if n > 0 {
		// First, middle and last byte: every byte of a string of up to
		// three bytes.
		a = uint64(*(*byte)(p))<<16 | uint64(*(*byte)(unsafe.Add(p, n>>1)))<<8 | uint64(*(*byte)(unsafe.Add(p, n-1)))
	}
	return a, 0
}

// strMix mixes the words a and b of a string of n bytes with the seed.
func strMix(a, b, n uint64, seed *[2]uint64) uint64 {
	// The second multiply brings in the length, which tells apart the
	// strings whose two words are the same ("a", "aa" and "aaa").
	hi, lo := bits.Mul64(a^seed[0], b^seed[1])
	hi, lo = bits.Mul64(hi^lo^0x8ebc6af09c88c6e3, n^0x589965cc75374cc3)
	return hi ^ lo
}

// read64 reads 8 bytes at p, which need not be aligned. Byte by byte, as
// some machines fault on unaligned word loads; on those that allow them
// (amd64, arm64 and others) the compiler turns this into one load.
func read64(p unsafe.Pointer) uint64 {
	q := (*[8]byte)(p)
	return uint64(q[0]) | uint64(q[1])<<8 | uint64(q[2])<<16 | uint64(q[3])<<24 |
		uint64(q[4])<<32 | uint64(q[5])<<40 | uint64(q[6])<<48 | uint64(q[7])<<56
}

// read32 is read64 for 4 bytes.
func read32(p unsafe.Pointer) uint32 {
	q := (*[4]byte)(p)
	return uint32(q[0]) | uint32(q[1])<<8 | uint32(q[2])<<16 | uint32(q[3])<<24
}

// hash returns the seeded hash of k. It does not allocate for string and
// integer keys, nor for other keys that hold no pointers. An int-keyed Map
// pays one multiply for its hash, a short string key two. Map.Load repeats
// this by hand, since the call is not inlined.
func (t *table[K, V]) hash(k K) uint64 {
	// unsafe.Sizeof(k) is a constant in the compiled code of each key
	// type, so a string-keyed Map's code has no integer test and the
	// reverse.
	if unsafe.Sizeof(k) == unsafe.Sizeof("") && t.kind == hashString {
		return strHash(*(*string)(unsafe.Pointer(&k)), &t.sseed, t.seed)
	}
	if unsafe.Sizeof(k) == 8 && t.kind == hash64 {
		return mix64(*(*uint64)(unsafe.Pointer(&k)), t.iseed)
	}
	return t.hashSlow(k)
}

// hashSlow is hash for the keys that are neither strings nor 8-byte
// integers.
func (t *table[K, V]) hashSlow(k K) uint64 {
	p := unsafe.Pointer(&k)
	switch t.kind {
	case hash32:
		return mix64(uint64(*(*uint32)(p)), t.iseed)
	case hash16:
		return mix64(uint64(*(*uint16)(p)), t.iseed)
	case hash8:
		return mix64(uint64(*(*uint8)(p)), t.iseed)
	}
	return maphash.Comparable(t.seed, k)
}
