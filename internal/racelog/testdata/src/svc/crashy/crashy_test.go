package crashy

import "testing"

func TestFill(t *testing.T) {
	t.Log("filling")
	if got := len(Fill(64)); got != 64000 {
		t.Errorf("len = %d, want 64000", got)
	}
}
