package detect

import "fmt"

// Message is the sentence that reports f, the same in every output: the
// command's text and SARIF, and the go vet analyzer's diagnostic. It names
// the declaration, its map type and how sure the finding is:
//
//	var cache (map[string]int) is shared between goroutines without a lock [certain]
func (f *Finding) Message() string {
	return fmt.Sprintf("%s %s (%s) is shared between goroutines without a lock [%s]",
		f.Kind, f.Name, f.Type, f.Confidence)
}
