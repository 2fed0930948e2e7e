package shardedmap

// NewSmall returns an empty Map that stays small: its first table, of a
// few shards, is made now and never replaced by the full table (sized
// from GOMAXPROCS) that a Map from New grows to when a shard gets crowded
// or contended. mapfix writes it, in place of New, for a map that a
// profile of the program showed cold: there the full table's padded
// shards cost memory and buy nothing. It replaces make(map[K]V).
func NewSmall[K comparable, V any]() *Map[K, V] {
	n := min(firstShards, fullShards())
	m := new(Map[K, V])
	// A table whose full size is its own size never grows.
	m.t.Store(newTable[K, V](n, n, n, nil))
	return m
}
