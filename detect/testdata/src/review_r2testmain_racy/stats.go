// Package stats counts events by name.
//
// want shared "corpus/src/review_r2testmain_racy.counts"
// verified: go test -race reports DATA RACE (a review case)
package stats

var counts = map[string]int{}

// Inc counts one event.
func Inc(name string) { counts[name]++ }

// Get returns an event's count.
func Get(name string) int { return counts[name] }
