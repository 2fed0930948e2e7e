//go:build race

package main

func init() {
	stress = func() {
		for i := range 100 {
			refresh(i)
		}
	}
}
