#!/usr/bin/env bash
# Runs the comparison benchmarks and prints the ratio table.
#
#   COUNT      rounds (default 6); each round is one -count=1 pass over every
#              benchmark, so slow drifts in machine noise hit all
#              implementations alike (inside a round they also run back to
#              back for each workload/key/size cell).
#   BENCH      -bench regexp (default "."), e.g. 'Map/.*/.*/.*/n=1k$'
#   BENCHTIME  -benchtime (default 1s)
#   CPU        -cpu list (default 1,2,4,8)
#
# Raw output goes to bench/out/raw.txt, benchstat's pivot by implementation
# to bench/out/benchstat.txt; the ratio table is printed and saved to
# bench/out/ratios.md.
set -euo pipefail

cd "$(dirname "$0")"
COUNT="${COUNT:-6}"
BENCH="${BENCH:-.}"
BENCHTIME="${BENCHTIME:-1s}"
CPU="${CPU:-1,2,4,8}"
BENCHSTAT="golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da"

mkdir -p out
go test -c -o out/bench.test .
: > out/raw.txt
echo "go test -run '^\$' -bench '$BENCH' -cpu $CPU -benchtime $BENCHTIME, $COUNT interleaved rounds of -count=1" >&2
for ((i = 1; i <= COUNT; i++)); do
	echo "round $i/$COUNT" >&2
	BENCH_ROUND="$i" ./out/bench.test -test.run '^$' -test.bench "$BENCH" -test.cpu "$CPU" \
		-test.count 1 -test.benchtime "$BENCHTIME" | tee -a out/raw.txt >/dev/null
done

go run "$BENCHSTAT" -col /impl out/raw.txt > out/benchstat.txt 2>&1 ||
	echo "benchstat failed; see out/benchstat.txt" >&2
echo "benchstat -col /impl: out/benchstat.txt" >&2
go run ./cmd/ratios out/raw.txt | tee out/ratios.md
