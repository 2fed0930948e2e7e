// The tokenizers of inst_ctorerr, but main builds one and the workers
// share it: their encodes grow the same vocabulary at once.
//
// want shared "corpus/src/inst_ctorerr_racy.tokenizer.vocab"
// verified: go run -race reports DATA RACE
package main

import (
	"errors"
	"fmt"
	"strings"
	"sync"
)

type tokenizer struct {
	vocab map[string]int
	next  int
}

func newTokenizer(base []string) (tokenizer, error) {
	if len(base) == 0 {
		return tokenizer{}, errors.New("tokenizer: empty base vocabulary")
	}
	t := tokenizer{vocab: make(map[string]int, len(base))}
	for _, w := range base {
		t.id(w)
	}
	return t, nil
}

// id returns the id of w, giving it the next one if it is new.
func (t *tokenizer) id(w string) int {
	if id, ok := t.vocab[w]; ok {
		return id
	}
	t.vocab[w] = t.next
	t.next++
	return t.next - 1
}

func (t *tokenizer) encode(text string) []int {
	var ids []int
	for _, w := range strings.Fields(text) {
		ids = append(ids, t.id(w))
	}
	return ids
}

func main() {
	base := []string{"the", "a", "of"}
	docs := []string{"the cat of the house", "a dog of a farm", "the end"}
	lens := make([]int, 4)
	tok, err := newTokenizer(base)
	if err != nil {
		panic(err)
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 1000 {
				lens[w] += len(tok.encode(docs[i%3] + fmt.Sprint(" w", i)))
			}
		})
	}
	wg.Wait()
	fmt.Println(lens[0] > 0)
}
