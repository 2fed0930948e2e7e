package plain

import "testing"

func TestHit(t *testing.T) {
	if got := Hit(4); got > 4 {
		t.Fatalf("Hit = %d", got)
	}
}
