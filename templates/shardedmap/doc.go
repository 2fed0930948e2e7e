// Package shardedmap provides Map, a concurrent map that mapfix writes into a
// module to replace a plain Go map shared between goroutines.
//
// A Map keeps its entries in one hash table of buckets; the top bits of a
// seeded hash (hash/maphash, with fast paths for string and integer keys)
// pick a key's bucket, so a key is hashed once per call. Each bucket chain
// carries its writers' mutex next to its tags, so a write to an existing
// key touches the cache lines of that bucket and its slot and nothing
// else. Load, Get and Has take no lock and write no shared memory: a reader
// copies a slot with atomic loads and checks a per-bucket sequence number
// that writers move while they rewrite a slot. The entry count lives in a
// power-of-two number of shards, each a padded counter for a run of
// neighbouring buckets, moved only when an entry is added or deleted; Len
// adds them up. A Map starts small: the zero Map and New allocate nothing,
// the first write allocates a few shards and buckets, and the Map grows to
// its full shard count (sized from GOMAXPROCS) when a shard gets crowded or
// a bucket lock contended, and to more buckets when a shard's buckets fill
// up, building the new table while it holds every bucket's lock.
//
// Every method is safe for concurrent use. Each method names the plain-map
// operation it replaces. A nil *Map behaves like a nil map: reads see an
// empty map, Delete and Clear do nothing, and the other writes panic.
//
// Iteration (All, Keys, Values, Range) copies one bucket chain at a time
// under its lock and yields with no lock held, so a loop body may read and
// write the same Map; an entry deleted before the loop reaches it is not
// produced, and one updated before it is reached is produced with its new
// value, as when ranging over a plain map. Update and Compute run their
// function under the lock of the key's bucket: the function must not use
// the Map. In race builds (go test -race) a call into the Map from inside
// that function panics with a message saying so, instead of deadlocking.
//
// A *Map prints with fmt and encodes with encoding/json exactly as the plain
// map holding the same entries does.
package shardedmap
