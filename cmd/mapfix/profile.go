package main

import (
	"fmt"

	"github.com/mapfix/mapfix/internal/profile"
	"github.com/mapfix/mapfix/internal/sarif"
)

// shareText says a finding's share of the -profile file in check's text
// output: "31.2% (map operations 20.1%, lock waits 11.1%)".
func shareText(s profile.Share) string {
	return fmt.Sprintf("%s (map operations %s, lock waits %s)", percent(s.Sum()), percent(s.Map), percent(s.Lock))
}

// percent prints a share as a percentage with one decimal; a share too
// small to show as 0.1% but not zero is "<0.1%", so that it does not read
// as none.
func percent(f float64) string {
	if f > 0 && f < 0.0005 {
		return "<0.1%"
	}
	return fmt.Sprintf("%.1f%%", 100*f)
}

// profileSARIF puts a finding's share into its SARIF result: the
// profile_share property (0 to 1) and the rank (0 to 100).
func profileSARIF(res *sarif.Result, s profile.Share) {
	share := s.Sum()
	res.Properties["profile_share"] = share
	rank := 100 * share
	res.Rank = &rank
}
