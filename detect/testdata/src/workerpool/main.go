// Command workerpool squares numbers on a pool of workers that record
// their results in maps the pool owns.
//
// Copied from examples/ (commit d8f0423).
//
// want shared "corpus/src/workerpool.Pool.results"
// want shared "corpus/src/workerpool.Pool.byDigit"
// want shared "corpus/src/workerpool.Pool.errors"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"sort"
	"sync"
)

// Pool runs jobs on workers and collects what they produce.
type Pool struct {
	results map[int]int    // job -> result
	byDigit map[int][]int  // last digit of the result -> jobs
	errors  map[string]int // error kind -> count
}

// NewPool returns an empty pool.
func NewPool() *Pool {
	return &Pool{
		results: make(map[int]int),
		byDigit: map[int][]int{},
		errors:  map[string]int{},
	}
}

func (p *Pool) work(jobs <-chan int, wg *sync.WaitGroup) {
	defer wg.Done()
	for j := range jobs {
		if j%7 == 0 {
			p.errors["multiple of seven"]++
			continue
		}
		r := j * j
		p.results[j] = r
		p.byDigit[r%10] = append(p.byDigit[r%10], j)
	}
}

func main() {
	p := NewPool()
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go p.work(jobs, &wg)
	}
	for j := 1; j <= 1000; j++ {
		jobs <- j
	}
	close(jobs)
	wg.Wait()

	sum := 0
	for _, r := range p.results {
		sum += r
	}
	fmt.Println("results:", len(p.results), "sum:", sum)
	digits := make([]int, 0, len(p.byDigit))
	for d := range p.byDigit {
		digits = append(digits, d)
	}
	sort.Ints(digits)
	for _, d := range digits {
		fmt.Printf("ending in %d: %d jobs\n", d, len(p.byDigit[d]))
	}
	fmt.Println("errors:", p.errors)
}
