#!/usr/bin/env bash
# Counts the instructions one operation of BenchmarkMap takes on one
# goroutine, under valgrind's cachegrind, for each implementation. Unlike a
# timing, the count does not move with the load of a shared machine, so it
# shows what a change to the code did even when the timings are noise. It
# counts work, not time: cache misses and stalls are not in it.
#
#   IMPLS  implementations (default "shardedmap xsync rwmutex syncmap")
#   OPS    workloads (default "read100 read90 read50 write100 incr")
#   KEYS   key types (default "int string")
#   N      key count (default 1k)
#   BIN    a test binary of this module to count instead of building one
#          (to compare commits: go test -c -o /tmp/old.test . at the old one)
#
# Each cell runs the benchmark for 1M and for 3M iterations and prints
# (Ir(3M) - Ir(1M)) / 2M, which cancels the prefill and start-up. The
# benchmark loop itself (PRNG, interface call) is in the count and is the
# same for every implementation. Needs valgrind.
set -euo pipefail

cd "$(dirname "$0")"
IMPLS="${IMPLS:-shardedmap xsync rwmutex syncmap}"
OPS="${OPS:-read100 read90 read50 write100 incr}"
KEYS="${KEYS:-int string}"
N="${N:-1k}"

if [[ -z "${BIN:-}" ]]; then
	mkdir -p out
	go test -c -o out/instr.test .
	BIN=./out/instr.test
fi

ir() { # bench regexp, iterations -> instructions of the whole process
	valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
		"$BIN" -test.run '^$' -test.bench "$1" -test.benchtime "${2}x" -test.cpu 1 2>&1 |
		awk '/I +refs:/ { gsub(",", "", $4); print $4 }'
}

printf '| op | key |'
for impl in $IMPLS; do printf ' %s |' "$impl"; done
printf '\n|---|---|'
for impl in $IMPLS; do printf -- '---:|'; done
printf '\n'
for op in $OPS; do
	for key in $KEYS; do
		printf '| %s | %s |' "$op" "$key"
		for impl in $IMPLS; do
			re="^BenchmarkMap\$/^impl=$impl\$/^op=$op\$/^key=$key\$/^n=$N\$"
			a=$(ir "$re" 1000000)
			b=$(ir "$re" 3000000)
			printf ' %d |' $(((b - a) / 2000000))
		done
		printf '\n'
	done
done
