// Query options passed by value: each variant copies the struct and gives
// its copy a map of its own before adding a label, so the workers that
// derive variants from one shared base never write the base's map.
//
// want none
// verified: go run -race reports no race (10 runs)
package main

import (
	"fmt"
	"maps"
	"sort"
	"strings"
	"sync"
)

type query struct {
	metric string
	labels map[string]string
}

// with returns a copy of q with label k set to v.
func (q query) with(k, v string) query {
	q.labels = maps.Clone(q.labels)
	q.labels[k] = v
	return q
}

// without returns a copy of q without label k.
func (q query) without(k string) query {
	old := q.labels
	q.labels = make(map[string]string, len(old))
	for lk, lv := range old {
		q.labels[lk] = lv
	}
	delete(q.labels, k)
	return q
}

func (q query) String() string {
	keys := make([]string, 0, len(q.labels))
	for k := range q.labels {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + q.labels[k]
	}
	return q.metric + "{" + strings.Join(parts, ",") + "}"
}

func main() {
	base := query{metric: "http_requests", labels: map[string]string{"job": "api", "env": "prod"}}
	out := make([]string, 8)
	var wg sync.WaitGroup
	for i := range out {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 500 {
				out[i] = base.with("shard", fmt.Sprint(i)).without("env").String()
			}
		}()
	}
	wg.Wait()
	fmt.Println(strings.Join(out, "\n"))
	fmt.Println(base)
}
