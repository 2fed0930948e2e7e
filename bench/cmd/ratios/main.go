// Command ratios reads raw `go test -bench` output of the bench module and
// prints markdown tables: shardedmap time / other implementation time per
// workload and GOMAXPROCS (geomean over key types and sizes, median over
// -count rounds), plus the memory, range and allocation results.
//
// Usage: go run ./cmd/ratios out/raw.txt   (or raw output on stdin)
package main

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// sample is one benchmark line: name without the -cpu suffix, cpu, metrics.
type sample struct {
	name    string
	cpu     int
	metrics map[string]float64
}

var cpuSuffix = regexp.MustCompile(`-(\d+)$`)

func parse(r io.Reader) ([]sample, error) {
	var out []sample
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		if _, err := strconv.Atoi(f[1]); err != nil {
			continue
		}
		s := sample{name: f[0], cpu: 1, metrics: map[string]float64{}}
		if m := cpuSuffix.FindStringSubmatch(s.name); m != nil {
			s.cpu, _ = strconv.Atoi(m[1])
			s.name = strings.TrimSuffix(s.name, m[0])
		}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				break
			}
			s.metrics[f[i+1]] = v
		}
		out = append(out, s)
	}
	return out, sc.Err()
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := slices.Clone(xs)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func geomean(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	sum := 0.0
	for _, x := range xs {
		sum += math.Log(x)
	}
	return math.Exp(sum / float64(len(xs)))
}

// labels splits "BenchmarkMap/impl=a/op=b/key=c/n=d" into its key=value parts.
func labels(name string) map[string]string {
	l := map[string]string{}
	for _, p := range strings.Split(name, "/")[1:] {
		if k, v, ok := strings.Cut(p, "="); ok {
			l[k] = v
		}
	}
	return l
}

type cellKey struct {
	impl, op, key, n string
	cpu              int
}

func fmtRatio(x float64) string {
	if math.IsNaN(x) {
		return "–"
	}
	return fmt.Sprintf("%.2f", x)
}

func main() {
	in := io.Reader(os.Stdin)
	if len(os.Args) > 1 {
		f, err := os.Open(os.Args[1])
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		defer f.Close()
		in = f
	}
	samples, err := parse(in)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}

	// Medians per cell for BenchmarkMap.
	ns := map[cellKey][]float64{}
	allocs := map[cellKey][]float64{}
	var ops, keys, sizes []string
	var cpus []int
	add := func(list []string, v string) []string {
		if !slices.Contains(list, v) {
			list = append(list, v)
		}
		return list
	}
	for _, s := range samples {
		if !strings.HasPrefix(s.name, "BenchmarkMap/") {
			continue
		}
		l := labels(s.name)
		c := cellKey{l["impl"], l["op"], l["key"], l["n"], s.cpu}
		ns[c] = append(ns[c], s.metrics["ns/op"])
		if a, ok := s.metrics["allocs/op"]; ok {
			allocs[c] = append(allocs[c], a)
		}
		ops, keys, sizes = add(ops, c.op), add(keys, c.key), add(sizes, c.n)
		if !slices.Contains(cpus, s.cpu) {
			cpus = append(cpus, s.cpu)
		}
	}
	slices.Sort(cpus)

	others := []struct{ impl, title string }{
		{"syncmap", "vs sync.Map"},
		{"xsync", "vs xsync"},
		{"rwmutex", "vs RWMutex"},
		{"mutex", "vs Mutex"},
		{"cmap", "vs cmap"},
	}
	table := func(sizesIn []string) {
		fmt.Printf("Time ratios shardedmap / other (ns/op; median over rounds, geomean over key=%s x n=%s; <1 means shardedmap is faster)\n\n",
			strings.Join(keys, ","), strings.Join(sizesIn, ","))
		fmt.Print("| workload | cpu |")
		for _, o := range others {
			fmt.Printf(" %s |", o.title)
		}
		fmt.Println(" worst cell vs sync.Map | shardedmap allocs/op (max) |")
		fmt.Print("|---|---:|")
		for range others {
			fmt.Print("---:|")
		}
		fmt.Println("---:|---:|")
		row := func(label string, opsIn []string, cpu int) {
			fmt.Printf("| %s | %d |", label, cpu)
			worst := math.NaN()
			for _, o := range others {
				var rs []float64
				for _, op := range opsIn {
					for _, k := range keys {
						for _, n := range sizesIn {
							a := ns[cellKey{"shardedmap", op, k, n, cpu}]
							b := ns[cellKey{o.impl, op, k, n, cpu}]
							if len(a) == 0 || len(b) == 0 {
								continue
							}
							r := median(a) / median(b)
							rs = append(rs, r)
							if o.impl == "syncmap" && (math.IsNaN(worst) || r > worst) {
								worst = r
							}
						}
					}
				}
				fmt.Printf(" %s |", fmtRatio(geomean(rs)))
			}
			maxAlloc := math.NaN()
			for _, op := range opsIn {
				for _, k := range keys {
					for _, n := range sizesIn {
						if a := allocs[cellKey{"shardedmap", op, k, n, cpu}]; len(a) > 0 {
							m := slices.Max(a)
							if math.IsNaN(maxAlloc) || m > maxAlloc {
								maxAlloc = m
							}
						}
					}
				}
			}
			fmt.Printf(" %s | %s |\n", fmtRatio(worst), fmtRatio(maxAlloc))
		}
		for _, op := range ops {
			for _, cpu := range cpus {
				row(op, []string{op}, cpu)
			}
		}
		for _, cpu := range cpus {
			row("**all**", ops, cpu)
		}
		fmt.Println()
	}
	if len(ns) > 0 {
		// All sizes together, then each size alone when there are several
		// (small hot maps and large ones behave differently).
		table(sizes)
		if len(sizes) > 1 {
			for _, n := range sizes {
				table([]string{n})
			}
		}
	}

	// Memory: B/entry and gc-ns against the plain map; B/map for empty maps.
	type memKey struct{ impl, what, key string }
	mem := map[memKey]map[string][]float64{}
	var memOrder []memKey
	for _, s := range samples {
		if !strings.HasPrefix(s.name, "BenchmarkMemory/") {
			continue
		}
		l := labels(s.name)
		k := memKey{l["impl"], l["what"], l["key"]}
		if mem[k] == nil {
			mem[k] = map[string][]float64{}
			memOrder = append(memOrder, k)
		}
		for _, u := range []string{"B/entry", "gc-ns", "B/map"} {
			if v, ok := s.metrics[u]; ok {
				if u == "gc-ns" {
					v = max(0, v) // noise around zero for pointer-free maps
				}
				mem[k][u] = append(mem[k][u], v)
			}
		}
	}
	if len(memOrder) > 0 {
		fmt.Println("Memory (1M int values; B/entry is live heap per entry, gc-ns the extra time of one full GC with the map live)")
		fmt.Println()
		fmt.Println("| impl | what | key | B/entry | vs map | gc-ns | vs map | B/map |")
		fmt.Println("|---|---|---|---:|---:|---:|---:|---:|")
		for _, k := range memOrder {
			m := mem[k]
			base := mem[memKey{"map", k.what, k.key}]
			cell := func(u string) (string, string) {
				if len(m[u]) == 0 {
					return "", ""
				}
				v := median(m[u])
				r := ""
				// A GC ratio against a pointer-free plain map (base well under
				// 1ms, i.e. noise) means nothing; leave it out.
				if base != nil && len(base[u]) > 0 && median(base[u]) > 0 && k.impl != "map" &&
					(u != "gc-ns" || median(base[u]) >= 1e6) {
					r = fmtRatio(v / median(base[u]))
				}
				return strconv.FormatFloat(v, 'f', 1, 64), r
			}
			be, ber := cell("B/entry")
			gc, gcr := cell("gc-ns")
			bm, _ := cell("B/map")
			fmt.Printf("| %s | %s | %s | %s | %s | %s | %s | %s |\n", k.impl, k.what, k.key, be, ber, gc, gcr, bm)
		}
		fmt.Println()
	}

	// Everything else (allocs, range, len): medians per name and cpu.
	type other struct {
		name string
		cpu  int
	}
	rest := map[other]map[string][]float64{}
	var restOrder []other
	for _, s := range samples {
		if strings.HasPrefix(s.name, "BenchmarkMap/") || strings.HasPrefix(s.name, "BenchmarkMemory/") {
			continue
		}
		k := other{s.name, s.cpu}
		if rest[k] == nil {
			rest[k] = map[string][]float64{}
			restOrder = append(restOrder, k)
		}
		for u, v := range s.metrics {
			rest[k][u] = append(rest[k][u], v)
		}
	}
	if len(restOrder) > 0 {
		fmt.Println("Other benchmarks (medians)")
		fmt.Println()
		fmt.Println("| benchmark | cpu | ns/op | ns/entry | allocs/op |")
		fmt.Println("|---|---:|---:|---:|---:|")
		for _, k := range restOrder {
			m := rest[k]
			get := func(u string) string {
				if len(m[u]) == 0 {
					return ""
				}
				return strconv.FormatFloat(median(m[u]), 'g', 4, 64)
			}
			fmt.Printf("| %s | %d | %s | %s | %s |\n", k.name, k.cpu, get("ns/op"), get("ns/entry"), get("allocs/op"))
		}
	}
}
