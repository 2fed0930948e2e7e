package seqsubtest

import "testing"

func TestMark(t *testing.T) {
	Mark("parent")
	for _, name := range []string{"a", "b"} {
		t.Run(name, func(t *testing.T) {
			Mark(name)
		})
	}
	t.Run("parallel", func(t *testing.T) {
		t.Parallel()
		_ = seen["a"]
	})
}
