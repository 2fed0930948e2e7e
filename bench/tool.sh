#!/usr/bin/env bash
# Compares `mapfix check ./...` and `mapfix rewrite ./...` (a dry run: the
# plan, the edits and the verifying type-check, nothing written) with
# `go vet ./...` on one large module, in one run: wall time and peak RSS
# from /usr/bin/time -v.
#
#   ROUNDS   timed rounds (default 3); each round runs vet, then check,
#            then rewrite, then rewrite -confidence possible, so that
#            drifting machine load hits them alike. Medians are reported.
#   MODULE   module@version to measure (default golang.org/x/tools@v0.52.0),
#            taken from the module cache (go mod download fetches it if it
#            is missing and the network allows).
#   MODDIR   a module directory to use instead of MODULE.
#   KEEP=1   keep the temporary copy of the module.
#
# What is measured:
#   - the build cache is warm: the module is built (go build ./...) and
#     vetted once, and mapfix check and rewrite run once, before any timed
#     round;
#   - vet's own result cache is bypassed: every timed go vet gets a fresh
#     -printf.funcs=nonceN value, which changes the action ID of every vet
#     action (a fully cached go vet only replays stored results);
#   - peak RSS is GNU time's "Maximum resident set size": for go vet that is
#     the largest single process (one vet or compile process), not the sum
#     of the processes the go command runs in parallel; for mapfix check it
#     is the mapfix process (go list runs as a child and is smaller);
#   - memory is also given per million lines: the median peak RSS over
#     the lines of Go that go list sees, test files included (both tools
#     load them), testdata excluded; mapfix holds every loaded package's
#     syntax and types at once, so its memory grows with the lines;
#   - rewrite is measured twice: as a user runs it (it acts on the findings
#     of confidence certain or observed, often few), and with -confidence
#     possible, which rewrites every finding mapfix can rewrite, so that
#     the verifying type-check has the most rewritten packages (and their
#     importers) to check. That check runs in the mapfix process; the go
#     list of its load is a child, and counts in its wall and CPU time.
#
# The table is printed and saved to bench/out/tool.md; the raw time -v
# output of every run goes to bench/out/tool/.
set -euo pipefail

ROUNDS="${ROUNDS:-3}"
MODULE="${MODULE:-golang.org/x/tools@v0.52.0}"
BENCH="$(cd "$(dirname "$0")" && pwd)"
REPO="$(dirname "$BENCH")"
OUTDIR="$BENCH/out/tool"

die() {
	echo "tool.sh: $*" >&2
	exit 2
}

TIME=/usr/bin/time
if ! "$TIME" -v true >/dev/null 2>&1; then
	die "GNU time is needed at $TIME (it reports peak RSS with -v); install it with: apt-get install time"
fi
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "ROUNDS=$ROUNDS: want a positive integer"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/mapfix-tool.XXXXXX")"
if [[ "${KEEP:-}" == 1 ]]; then
	echo "keeping $WORK" >&2
else
	trap 'rm -rf "$WORK"' EXIT
fi
rm -rf "$OUTDIR"
mkdir -p "$OUTDIR"

echo "building mapfix" >&2
(cd "$REPO" && go build -o "$WORK/bin/mapfix" ./cmd/mapfix)

if [[ -z "${MODDIR:-}" ]]; then
	MODDIR="$(go mod download -json "$MODULE" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')"
	[[ -n "$MODDIR" && -d "$MODDIR" ]] || die "go mod download $MODULE gave no directory"
fi
[[ -f "$MODDIR/go.mod" ]] || die "$MODDIR has no go.mod"
echo "copying $MODDIR" >&2
cp -r "$MODDIR" "$WORK/mod"
chmod -R u+w "$WORK/mod"
cd "$WORK/mod"
# The module cache copy carries no go.sum entries for tools it does not
# need; the dependencies must be present before anything is timed.
go mod download || die "cannot download the dependencies of $MODDIR (offline?)"

# Lines of Go that go list sees (no testdata), test files included, as
# both tools load them.
PKGS="$(go list ./... | wc -l)"
LINES="$(go list -f '{{$d := .Dir}}{{range .GoFiles}}{{$d}}/{{.}}{{"\n"}}{{end}}{{range .TestGoFiles}}{{$d}}/{{.}}{{"\n"}}{{end}}{{range .XTestGoFiles}}{{$d}}/{{.}}{{"\n"}}{{end}}' ./... |
	sed '/^$/d' | sort -u | xargs cat | wc -l)"

# run NAME LOG CMD...: runs CMD under time -v; exit status 0 and 1 (found
# something) are results, anything else is a failure of the tool.
run() {
	local name="$1" log="$2"
	shift 2
	local rc=0
	"$TIME" -v -o "$log" "$@" >"$log.stdout" 2>"$log.stderr" || rc=$?
	if ((rc > 1)); then
		echo "tool.sh: $name failed (exit $rc):" >&2
		tail -n 20 "$log.stderr" >&2
		exit 2
	fi
}

echo "warming the build cache: go build ./..., go vet ./..., mapfix check ./..." >&2
go build ./...
run "go vet (warm-up)" "$OUTDIR/warm-vet" go vet "-printf.funcs=nonce$RANDOM$RANDOM" ./...
run "mapfix check (warm-up)" "$OUTDIR/warm-check" "$WORK/bin/mapfix" check ./...
run "mapfix rewrite (warm-up)" "$OUTDIR/warm-rewrite" "$WORK/bin/mapfix" rewrite ./...
run "mapfix rewrite -confidence possible (warm-up)" "$OUTDIR/warm-rewriteall" "$WORK/bin/mapfix" rewrite -confidence possible ./...

for ((i = 1; i <= ROUNDS; i++)); do
	echo "round $i/$ROUNDS" >&2
	run "go vet" "$OUTDIR/vet-$i" go vet "-printf.funcs=nonce$i$RANDOM$RANDOM" ./...
	run "mapfix check" "$OUTDIR/check-$i" "$WORK/bin/mapfix" check ./...
	run "mapfix rewrite" "$OUTDIR/rewrite-$i" "$WORK/bin/mapfix" rewrite ./...
	run "mapfix rewrite -confidence possible" "$OUTDIR/rewriteall-$i" "$WORK/bin/mapfix" rewrite -confidence possible ./...
done

# wall LOG: elapsed seconds; rss LOG: peak RSS in MiB; cpu LOG: user+sys s.
wall() {
	awk -F': ' '/Elapsed \(wall clock\)/ {
		n = split($2, p, ":"); s = 0
		for (i = 1; i <= n; i++) s = s * 60 + p[i]
		printf "%.2f\n", s
	}' "$1"
}
rss() { awk -F': ' '/Maximum resident set size/ { printf "%.0f\n", $2 / 1024 }' "$1"; }
cpu() { awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f\n", s }' "$1"; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
stat() { # stat FUNC TOOL: median of FUNC over the rounds of TOOL
	for ((i = 1; i <= ROUNDS; i++)); do "$1" "$OUTDIR/$2-$i"; done | median
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f\n", a / b }'; }
# perMline MIB: peak RSS in GiB per million lines of the loaded Go ($LINES).
perMline() { awk -v m="$1" -v l="$LINES" 'BEGIN { printf "%.2f\n", (m / 1024) / (l / 1e6) }'; }

VW="$(stat wall vet)" CW="$(stat wall check)"
VR="$(stat rss vet)" CR="$(stat rss check)"
VC="$(stat cpu vet)" CC="$(stat cpu check)"
FINDINGS="$(grep -c 'is shared between goroutines' "$OUTDIR/check-1.stdout" || true)"
RW="$(stat wall rewrite)" RR="$(stat rss rewrite)" RC="$(stat cpu rewrite)"
AW="$(stat wall rewriteall)" AR="$(stat rss rewriteall)" AC="$(stat cpu rewriteall)"
# What each rewrite changed: the files of its diff outside the generated
# package (every rewritten file is type-checked again with its importers).
changed() { grep '^+++ b/' "$1.stdout" | grep -vc '/internal/shardedmap/' || true; }
RFILES="$(changed "$OUTDIR/rewrite-1")" AFILES="$(changed "$OUTDIR/rewriteall-1")"

{
	echo "Module $(go list -m) ($MODULE), $PKGS packages, $LINES lines of Go (tests included, testdata excluded)."
	echo "$(go version), $(nproc) CPUs, median of $ROUNDS rounds; mapfix check found $FINDINGS shared maps."
	echo
	echo "| tool | wall (s) | peak RSS (MiB) | CPU user+sys (s) |"
	echo "|---|---:|---:|---:|"
	echo "| go vet -printf.funcs=nonceN ./... | $VW | $VR | $VC |"
	echo "| mapfix check ./... | $CW | $CR | $CC |"
	echo "| mapfix rewrite ./... (dry run, $RFILES files changed) | $RW | $RR | $RC |"
	echo "| mapfix rewrite -confidence possible ./... (dry run, $AFILES files changed) | $AW | $AR | $AC |"
	echo "| ratio check/vet | $(ratio "$CW" "$VW") | $(ratio "$CR" "$VR") | $(ratio "$CC" "$VC") |"
	echo "| ratio rewrite/vet | $(ratio "$RW" "$VW") | $(ratio "$RR" "$VR") | $(ratio "$RC" "$VC") |"
	echo "| ratio rewrite -confidence possible/vet | $(ratio "$AW" "$VW") | $(ratio "$AR" "$VR") | $(ratio "$AC" "$VC") |"
	echo
	echo "Peak RSS per million lines of Go loaded: check $(perMline "$CR") GiB, rewrite $(perMline "$RR") GiB, rewrite -confidence possible $(perMline "$AR") GiB."
	echo
	echo "Per round (wall s / peak RSS MiB):"
	echo
	for ((i = 1; i <= ROUNDS; i++)); do
		echo "- round $i: vet $(wall "$OUTDIR/vet-$i") / $(rss "$OUTDIR/vet-$i"), check $(wall "$OUTDIR/check-$i") / $(rss "$OUTDIR/check-$i"), rewrite $(wall "$OUTDIR/rewrite-$i") / $(rss "$OUTDIR/rewrite-$i"), rewrite -confidence possible $(wall "$OUTDIR/rewriteall-$i") / $(rss "$OUTDIR/rewriteall-$i")"
	done
} | tee "$BENCH/out/tool.md"

# ---------------------------------------------------------------------------
# Optional: the cached path. Under go vet -vettool the analyzer gets the go
# command's result cache: the first run fills it, the second only replays.
# This needs the analyzer command cmd/mapfix-vet; until it exists (or
# while it does not build) the section is skipped. The go command keys vet
# results by the tool's content, so the first run is cold only when this
# mapfix-vet binary has not vetted the module before.
# ---------------------------------------------------------------------------
if [[ ! -d "$REPO/cmd/mapfix-vet" ]]; then
	echo
	echo "cached path skipped: $REPO/cmd/mapfix-vet does not exist yet (the go vet -vettool analyzer)"
elif ! (cd "$REPO" && go build -o "$WORK/bin/mapfix-vet" ./cmd/mapfix-vet); then
	echo
	echo "cached path skipped: cmd/mapfix-vet does not build (see the errors above)"
else
	run "go vet -vettool=mapfix-vet (cold)" "$OUTDIR/vettool-1" go vet "-vettool=$WORK/bin/mapfix-vet" ./...
	run "go vet -vettool=mapfix-vet (cached)" "$OUTDIR/vettool-2" go vet "-vettool=$WORK/bin/mapfix-vet" ./...
	{
		echo
		echo "go vet -vettool=mapfix-vet ./... (wall s / peak RSS MiB): first run $(wall "$OUTDIR/vettool-1") / $(rss "$OUTDIR/vettool-1"), second (cached) run $(wall "$OUTDIR/vettool-2") / $(rss "$OUTDIR/vettool-2")"
	} | tee -a "$BENCH/out/tool.md"
fi
