// Package y prints maps only through package w's wrappers: each finding
// needs w's facts to see the print as a read racing with the write.
package y

import "w"

var seen = map[string]int{} // want `var seen \(map\[string\]int\) is shared between goroutines without a lock`

var noted = map[string]int{} // want `var noted \(map\[string\]int\) is shared`

// Report writes both maps on a goroutine and prints them on the caller's.
func Report() {
	done := make(chan bool)
	go func() {
		seen["x"]++
		noted["x"]++
		close(done)
	}()
	w.Logf("seen %v", seen)
	w.Note(noted)
	<-done
}
