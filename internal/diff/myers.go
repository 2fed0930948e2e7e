package diff

import "math"

// comparer finds a short edit script between two sequences of line
// equivalence classes with Myers' O(ND) algorithm in linear space: it finds
// the middle snake of the optimal path by searching forward from the start
// and backward from the end at once, then recurses on both halves.
//
// The result is recorded as flags: changedA[ia[x]] for each deleted element
// a[x] and changedB[ib[y]] for each inserted element b[y].
type comparer struct {
	a, b               []int  // the sequences compared
	ia, ib             []int  // the caller's index of each element of a and b
	changedA, changedB []bool // the caller's change flags

	// fd and bd hold, for each diagonal k = x-y (stored at k+off), the
	// furthest x reached by the forward and by the backward search.
	fd, bd []int
	off    int

	// tooExpensive is the edit cost past which the search gives up on
	// minimality for a subproblem and settles for the furthest-reaching
	// diagonal, which bounds the running time on very different inputs.
	tooExpensive int
}

// newComparer prepares a comparison of a and b; ia and ib map their indices
// to those of changedA and changedB.
func newComparer(a, b, ia, ib []int, changedA, changedB []bool) *comparer {
	n, m := len(a), len(b)
	// Diagonals run from -m to n; the search reads one beyond each end.
	size := n + m + 3
	c := &comparer{
		a: a, b: b, ia: ia, ib: ib,
		changedA: changedA, changedB: changedB,
		fd: make([]int, size), bd: make([]int, size),
		off: m + 1,
	}
	// Roughly the square root of the number of diagonals, at least 4096,
	// as GNU diff does: minimal results for all but huge, dissimilar inputs.
	c.tooExpensive = 1
	for diags := n + m + 3; diags != 0; diags >>= 2 {
		c.tooExpensive <<= 1
	}
	c.tooExpensive = max(c.tooExpensive, 4096)
	return c
}

// compare marks the changes that turn a[xoff:xlim] into b[yoff:ylim].
// minimal forbids the too-expensive shortcut for this subproblem.
func (c *comparer) compare(xoff, xlim, yoff, ylim int, minimal bool) {
	a, b := c.a, c.b
	// Slide down the leading snake and up the trailing one.
	for xoff < xlim && yoff < ylim && a[xoff] == b[yoff] {
		xoff++
		yoff++
	}
	for xlim > xoff && ylim > yoff && a[xlim-1] == b[ylim-1] {
		xlim--
		ylim--
	}
	switch {
	case xoff == xlim:
		for y := yoff; y < ylim; y++ {
			c.changedB[c.ib[y]] = true
		}
	case yoff == ylim:
		for x := xoff; x < xlim; x++ {
			c.changedA[c.ia[x]] = true
		}
	default:
		xmid, ymid, loMinimal, hiMinimal := c.middle(xoff, xlim, yoff, ylim, minimal)
		c.compare(xoff, xmid, yoff, ymid, loMinimal)
		c.compare(xmid, xlim, ymid, ylim, hiMinimal)
	}
}

// middle returns a point (xmid, ymid) on an optimal path from (xoff, yoff)
// to (xlim, ylim), with no snake at either end of the box. loMinimal and
// hiMinimal report whether the halves before and after the point can be
// solved minimally at no risk of too great a cost.
func (c *comparer) middle(xoff, xlim, yoff, ylim int, minimal bool) (xmid, ymid int, loMinimal, hiMinimal bool) {
	a, b, fd, bd, off := c.a, c.b, c.fd, c.bd, c.off
	dmin, dmax := xoff-ylim, xlim-yoff // the diagonals in the box
	fmid, bmid := xoff-yoff, xlim-ylim // where each search starts
	fmin, fmax, bmin, bmax := fmid, fmid, bmid, bmid
	odd := (fmid-bmid)&1 != 0 // the searches meet on a forward step
	fd[off+fmid] = xoff
	bd[off+bmid] = xlim

	for cost := 1; ; cost++ {
		// One more edit forward on every diagonal in reach.
		if fmin > dmin {
			fmin--
			fd[off+fmin-1] = -1
		} else {
			fmin++
		}
		if fmax < dmax {
			fmax++
			fd[off+fmax+1] = -1
		} else {
			fmax--
		}
		for d := fmax; d >= fmin; d -= 2 {
			tlo, thi := fd[off+d-1], fd[off+d+1]
			x := tlo + 1 // a deletion from diagonal d-1
			if tlo < thi {
				x = thi // an insertion from diagonal d+1
			}
			y := x - d
			for x < xlim && y < ylim && a[x] == b[y] {
				x++
				y++
			}
			fd[off+d] = x
			if odd && bmin <= d && d <= bmax && bd[off+d] <= x {
				return x, y, true, true
			}
		}

		// One more edit backward.
		if bmin > dmin {
			bmin--
			bd[off+bmin-1] = math.MaxInt
		} else {
			bmin++
		}
		if bmax < dmax {
			bmax++
			bd[off+bmax+1] = math.MaxInt
		} else {
			bmax--
		}
		for d := bmax; d >= bmin; d -= 2 {
			tlo, thi := bd[off+d-1], bd[off+d+1]
			x := thi - 1
			if tlo < thi {
				x = tlo
			}
			y := x - d
			for x > xoff && y > yoff && a[x-1] == b[y-1] {
				x--
				y--
			}
			bd[off+d] = x
			if !odd && fmin <= d && d <= fmax && x <= fd[off+d] {
				return x, y, true, true
			}
		}

		if minimal || cost < c.tooExpensive {
			continue
		}

		// Too expensive: take whichever search got furthest along its
		// best diagonal, and solve the other half without the shortcut
		// only if that half is the cheap one.
		fxybest, fxbest := -1, 0
		for d := fmax; d >= fmin; d -= 2 {
			x := min(fd[off+d], xlim)
			y := x - d
			if ylim < y {
				x, y = ylim+d, ylim
			}
			if fxybest < x+y {
				fxybest, fxbest = x+y, x
			}
		}
		bxybest, bxbest := math.MaxInt, 0
		for d := bmax; d >= bmin; d -= 2 {
			x := max(xoff, bd[off+d])
			y := x - d
			if y < yoff {
				x, y = yoff+d, yoff
			}
			if x+y < bxybest {
				bxybest, bxbest = x+y, x
			}
		}
		if (xlim+ylim)-bxybest < fxybest-(xoff+yoff) {
			return fxbest, fxybest - fxbest, true, false
		}
		return bxbest, bxybest - bxbest, false, true
	}
}
