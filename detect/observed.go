package detect

import "github.com/mapfix/mapfix/internal/mapclass"

// Observe records that a race log showed the accesses in evidence racing
// on class c. An existing finding of c becomes observed with the log's
// evidence first; otherwise a new observed finding is made, since a race
// that ran is proof even where the analysis saw no goroutine. It returns
// the findings, with the new one (if any) appended.
func Observe(findings []*Finding, c *mapclass.Class, evidence []Evidence) []*Finding {
	for _, f := range findings {
		if f.Class == c {
			f.Confidence = Observed
			f.Evidence = append(append([]Evidence(nil), evidence...), f.Evidence...)
			return findings
		}
	}
	f := (&analysis{}).newFinding(c)
	f.Confidence = Observed
	f.Evidence = evidence
	return append(findings, f)
}
