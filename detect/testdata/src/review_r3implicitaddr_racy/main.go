// A crawl job is a value; Crawl works on its own copy. The copy starts its
// progress reporter (a pointer method: the reporter holds &j) and then
// gives itself a fresh seen-set and fills it. The reporter reads the
// seen-set through the pointer while Crawl writes it.
//
// want shared "corpus/src/review_r3implicitaddr_racy.Job.Seen"
// verified: go run -race reports DATA RACE (a review case)
package main

import (
	"fmt"
	"sync"
	"time"
)

type Job struct {
	Name string
	Seen map[string]bool
	stop chan struct{}
	wg   *sync.WaitGroup
}

// report prints how far the job has got until stop closes.
func (j *Job) report() {
	j.wg.Add(1)
	go func() {
		defer j.wg.Done()
		for {
			select {
			case <-j.stop:
				return
			default:
				_ = j.Seen["https://example.com/0"]
				time.Sleep(time.Microsecond)
			}
		}
	}()
}

func (j Job) Crawl(urls []string) int {
	j.stop = make(chan struct{})
	j.wg = new(sync.WaitGroup)
	j.report()
	j.Seen = make(map[string]bool)
	for _, u := range urls {
		j.Seen[u] = true
	}
	close(j.stop)
	j.wg.Wait()
	return len(j.Seen)
}

func main() {
	var urls []string
	for i := range 5000 {
		urls = append(urls, fmt.Sprint("https://example.com/", i))
	}
	fmt.Println(Job{Name: "demo"}.Crawl(urls))
}
