// A parser reuses one record map per line: it hands the record to the
// writer, waits for the writer's acknowledgement (or for cancellation),
// and only then clears the record for the next line.
//
// want none
// verified: go run -race reports no race (5 runs; a second review's case)
package main

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
)

func parse(ctx context.Context, lines []string, out chan<- map[string]string, ack <-chan struct{}) error {
	defer close(out)
	rec := make(map[string]string)
	for _, line := range lines {
		for _, field := range strings.Fields(line) {
			k, v, _ := strings.Cut(field, "=")
			rec[k] = v
		}
		out <- rec
		select {
		case <-ack:
		case <-ctx.Done():
			return ctx.Err()
		}
		clear(rec) // the writer has acknowledged it
	}
	return nil
}

func write(in <-chan map[string]string, ack chan<- struct{}, sb *strings.Builder) {
	for rec := range in {
		keys := make([]string, 0, len(rec))
		for k := range rec {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(sb, "%s=%s ", k, rec[k])
		}
		sb.WriteByte('\n')
		ack <- struct{}{}
	}
}

func main() {
	var lines []string
	for i := range 3000 {
		lines = append(lines, fmt.Sprintf("id=%d host=h%d level=info", i, i%5))
	}
	out := make(chan map[string]string)
	ack := make(chan struct{})
	var sb strings.Builder
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		write(out, ack, &sb)
	}()
	if err := parse(context.Background(), lines, out, ack); err != nil {
		panic(err)
	}
	wg.Wait()
	fmt.Println(strings.Count(sb.String(), "\n"))
}
