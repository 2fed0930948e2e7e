// Package diff computes line diffs and prints them as unified diffs that
// `git apply` and `patch -p1` accept, laid out the way GNU `diff -u` lays
// them out.
//
// The edit script comes from Myers' O(ND) algorithm in linear space (the
// middle-snake bisection), preceded by GNU diff's trimming of the common
// prefix and suffix and its discarding of lines that cannot match, and
// followed by its sliding of change boundaries, so that the hunks read like
// the ones diff and git print.
package diff
