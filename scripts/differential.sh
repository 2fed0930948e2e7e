#!/usr/bin/env bash
# differential.sh: rewrites real modules with `mapfix rewrite -w` and checks
# that each behaves as it did before: it builds, vets and passes its own
# tests exactly as before the rewrite.
#
# For every module it copies the source into a scratch folder, then runs
#
#   mapfix check -json -confidence possible ./...   (which packages hold findings)
#   go build ./... ; go vet ./...                    (before: the baseline)
#   go test -race -short on the packages with findings
#   mapfix rewrite -w -confidence possible ./...     (exit 0, or 1 with refusals)
#   go build ./... ; go vet ./... ; the same tests   (after)
#   mapfix rewrite -l -confidence possible ./...     (again: must list no file)
#
# A package whose tests passed before must pass after; one that failed
# before may fail after (the rewrite is not to blame for a broken test, and
# cannot be credited for one either). A test that passed before and failed
# after is run again on the original source; if it fails there too, it is
# flaky and reported as such, not as a regression. Packages that the time bound
# cut off before the rewrite are left out of the comparison. A package whose
# tests finished before the rewrite and were cut off after it is a failure:
# a test that now hangs (a deadlock) looks exactly like that; the logs keep
# the output to tell it from a slower run.
#
# Every rewritten package gains one import, the generated
# <module>/internal/shardedmap. A few modules test their own import graph
# (golang.org/x/tools' gcexportdata.TestDeps allows that package four
# imports of its module): such a test fails after any rewrite of a map in a
# package it polices, and says so by naming the new import. A package whose
# every failed test names the generated package's import path in its
# failure, and that passes on the original source, is reported apart as
# "rejects the new import" (the test and the package named in the row),
# and does not make the run fail: the rewrite did what it says, and the
# module's owner decides whether to allow the import or leave those maps
# out (-only, //mapfix:ignore). A failure that says anything else, or a test
# among them that does not name the import, is a broken test.
# Vet complaints are compared without line and column, since the rewrite
# moves lines.
#
# It prints one markdown row per module: findings, maps rewritten (and how
# many of them by taking the lock the other accesses hold), refused
# (with the most frequent reasons, by their first words), dropped by the
# type-check fallback, build before/after, new vet complaints, test packages
# passed before/after, rewrite time (the wall time of rewrite -w) and total
# time.
#
#   MODULES       space-separated module@version list (default below)
#   MAPFIX_BIN    a mapfix binary to use instead of building one from here
#   TEST_TIMEOUT  seconds for all of a module's tests, per side (default 600)
#   FLAKY_RUNS    how often a test that broke is run on the original source
#                 to tell a flaky test from a broken one (default 200)
#   REALWORLD_DIR where labelled.sh keeps module sources (src/<module with
#                 / as _>@<version>); a module missing there is taken from
#                 the module cache (go mod download)
#   KEEP=1        keep the scratch folder (its path is printed)
#
# Exit status: 0 when every module is as good after as before (tests that
# only reject the new import are listed, not counted), 1 when one got worse
# (a build, vet complaint or test that broke, mapfix exit 2, or a second
# rewrite that would change files), 2 on a setup error.
set -uo pipefail

MODULES="${MODULES:-golang.org/x/tools@v0.52.0 github.com/hashicorp/memberlist@v0.7.0 github.com/nats-io/nats.go@v1.55.0 github.com/spf13/viper@v1.21.0 github.com/prometheus/client_golang@v1.25.0}"
TEST_TIMEOUT="${TEST_TIMEOUT:-600}"
REALWORLD_DIR="${REALWORLD_DIR:-/work/realworld}"
REPO="$(cd "$(dirname "$0")/.." && pwd)"
# GENERATED is where rewrite writes the generated package in a module.
GENERATED=internal/shardedmap

die() {
	echo "differential.sh: $*" >&2
	exit 2
}

command -v jq >/dev/null || die "jq is needed to read mapfix check -json"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/mapfix-differential.XXXXXX")" || die "mktemp failed"
if [[ "${KEEP:-}" == 1 ]]; then
	echo "keeping $WORK" >&2
else
	# Module-cache copies are read-only until chmod; make sure rm can go.
	trap 'chmod -R u+w "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT
fi

if [[ -n "${MAPFIX_BIN:-}" ]]; then
	MAPFIX="$MAPFIX_BIN"
	[[ -x "$MAPFIX" ]] || die "MAPFIX_BIN $MAPFIX is not executable"
else
	echo "building mapfix" >&2
	(cd "$REPO" && GOWORK=off go build -o "$WORK/bin/mapfix" ./cmd/mapfix) || die "cannot build mapfix"
	MAPFIX="$WORK/bin/mapfix"
fi

export GOFLAGS=-mod=mod GOWORK=off

# vetlines prints vet's complaints without line and column, sorted.
vetlines() {
	grep -E '^[^#[:space:]].*\.go:[0-9]+:[0-9]+: ' "$1" | sed -E 's/\.go:[0-9]+:[0-9]+: /.go: /' | sort -u
}

# testresults turns go test output into "package ok|FAIL" lines, sorted;
# packages with no test files are left out.
testresults() {
	sed -nE 's/^ok[[:space:]]+([^[:space:]]+).*/\1 ok/p; s/^FAIL[[:space:]]+([^[:space:]]+).*/\1 FAIL/p' "$1" | sort -u
}

# importonly LOG PKG GEN: true when PKG failed in the go test output LOG,
# with at least one failed test, and the failure of each of its failed
# top-level tests names GEN (the generated package's import path).
importonly() {
	awk -v pkg="$2" -v gen="$3" '
		function endtest() { if (cur != "") { n++; if (named) k++ }; cur = ""; named = 0 }
		/^--- FAIL: / { endtest(); cur = $3; next }
		/^(--- |=== |ok[ \t]|FAIL|PASS)/ { endtest() }
		/^(ok|FAIL)[ \t]/ { if ($2 == pkg) { found = 1; all = (n > 0 && n == k) }; n = 0; k = 0; next }
		cur != "" && index($0, gen) { named = 1 }
		END { exit !(found && all) }' "$1"
}

# runtests runs the tests of the packages in $pkgs under the time bound and
# writes their results to $1.
runtests() {
	local out="$1"
	if [[ -z "$pkgs" ]]; then
		: >"$out"
		return
	fi
	# shellcheck disable=SC2086 # pkgs is a list of import paths
	(cd "$dir" && timeout --kill-after=30 "$TEST_TIMEOUT" go test -race -short -count=1 -timeout 5m $pkgs >"$out.log" 2>&1)
	testresults "$out.log" >"$out"
}

rows=()
status=0
for mod in $MODULES; do
	start=$SECONDS
	name="${mod%@*}"
	version="${mod#*@}"
	echo "== $mod" >&2
	src="$REALWORLD_DIR/src/$(echo "$name" | tr '/' '_')@$version"
	if [[ ! -d "$src" ]]; then
		src="$(cd "$REPO" && go mod download -json "$mod" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')"
		[[ -n "$src" && -d "$src" ]] || die "go mod download $mod gave no directory"
	fi
	dir="$WORK/src/$(echo "$name" | tr '/' '_')"
	mkdir -p "$(dirname "$dir")"
	cp -R "$src" "$dir" && chmod -R u+w "$dir" || die "cannot copy $src"
	logs="$WORK/logs/$(basename "$dir")"
	mkdir -p "$logs"

	(cd "$dir" && "$MAPFIX" check -json -confidence possible ./... >"$logs/check.json" 2>"$logs/check.err")
	check_rc=$?
	jq -e . "$logs/check.json" >/dev/null 2>&1 || die "$mod: mapfix check -json gave no JSON (exit $check_rc): $(head -c 500 "$logs/check.err")"
	findings=$(jq '.findings | length' "$logs/check.json")
	# An external test package (p_test) is tested with p.
	# Findings outside the module (a field of a standard library type) are
	# never rewritten: their packages' tests are not the module's.
	pkgs="$(jq -r '.findings[].package' "$logs/check.json" | sed -E 's/ .*//; s/_test$//' |
		awk -v m="$name" '$0 == m || index($0, m "/") == 1' | sort -u | tr '\n' ' ')"

	# The baseline: whatever fails before the rewrite says nothing about it.
	build_before=ok
	(cd "$dir" && go build ./... >"$logs/build-before.txt" 2>&1) || build_before=FAIL
	(cd "$dir" && go vet ./... >"$logs/vet-before.txt" 2>&1)
	echo "   tests before" >&2
	runtests "$logs/tests-before.txt"

	echo "   rewrite" >&2
	t0=$SECONDS
	(cd "$dir" && "$MAPFIX" rewrite -w -confidence possible ./... >"$logs/rewrite.out" 2>"$logs/rewrite.err")
	rewrite_rc=$?
	rewrite_s=$((SECONDS - t0))
	# The fallback's drops name themselves on stderr: a rewrite that does
	# not type-check (mapfix's bug), or a use in a package that did not
	# type-check before (the user's).
	dropped=$(grep -cE 'not rewritten: (its rewrite does not type-check|it is used in a package that did not type-check)' "$logs/rewrite.err")
	# Maps rewritten: the findings check called rewritable, less those the
	# fallback dropped (its drops are the only refusals rewrite adds).
	rewritable=$(jq '[.findings[] | select(.rewritable)] | length' "$logs/check.json")
	rewritten=$((rewritable - dropped))
	# Of those, the ones fixed by taking the lock the other accesses hold
	# instead of a sharded map.
	locks=$(jq '[.findings[] | select(.rewritable and (.fix.kind? // "") == "lock")] | length' "$logs/check.json")
	refused=$((findings - rewritable))
	# The top reasons: each reason grouped by its first four words (which
	# leave out the names), counted once per refused finding that gives it.
	reasons="$(jq -r '.findings[] | select(.rewritable | not) |
			[(.reasons // [{message: "no reason given"}])[].message | split(" ")[:4] | join(" ")] | unique | .[]' "$logs/check.json" |
		sort | uniq -c | sort -rn | head -3 |
		awk '{ n = $1; $1 = ""; sub(/^ /, ""); printf "%s%s: %d", sep, $0, n; sep = "; " }')"

	build_after=ok
	(cd "$dir" && go build ./... >"$logs/build-after.txt" 2>&1) || build_after=FAIL
	(cd "$dir" && go vet ./... >"$logs/vet-after.txt" 2>&1)
	newvet=$(comm -13 <(vetlines "$logs/vet-before.txt") <(vetlines "$logs/vet-after.txt") | tee "$logs/vet-new.txt" | wc -l)
	echo "   tests after" >&2
	runtests "$logs/tests-after.txt"

	passed_before=$(grep -c ' ok$' "$logs/tests-before.txt")
	passed_after=$(grep -c ' ok$' "$logs/tests-after.txt")
	# Passed before, and after either failed or was not reached.
	broken="$(join <(grep ' ok$' "$logs/tests-before.txt" | cut -d' ' -f1) "$logs/tests-after.txt" | awk '$2 != "ok" { print $1 }')"
	# A test that failed after the rewrite is run again, up to FLAKY_RUNS
	# times, on a fresh copy of the original source: when it fails there
	# too, the test is flaky and says nothing about the rewrite.
	flaky=""
	for p in $broken; do
		failed="$(sed -nE 's/^--- FAIL: ([^ ]+).*/\1/p' "$logs/tests-after.txt.log" | sort -u | paste -sd'|')"
		[[ -n "$failed" ]] || continue
		orig="$WORK/orig/$(basename "$dir")"
		if [[ ! -d "$orig" ]]; then
			mkdir -p "$(dirname "$orig")"
			cp -R "$src" "$orig" && chmod -R u+w "$orig" || die "cannot copy $src"
		fi
		(cd "$orig" && timeout --kill-after=30 "$TEST_TIMEOUT" go test -race -short -count="${FLAKY_RUNS:-200}" -failfast -run "^($failed)\$" "$p" >"$logs/flaky-$(echo "$p" | tr '/' '_').log" 2>&1)
		if grep -q '^--- FAIL' "$logs/flaky-$(echo "$p" | tr '/' '_').log"; then
			flaky+=" $p"
			echo "   $p: $failed fails on the original source too: flaky" >&2
		fi
	done
	if [[ -n "$flaky" ]]; then
		broken="$(comm -23 <(echo "$broken" | tr ' ' '\n' | sed '/^$/d' | sort) <(echo "$flaky" | tr ' ' '\n' | sed '/^$/d' | sort))"
	fi
	# Tests that fail only because the package now imports the generated
	# package (they passed on the original source: they are not flaky).
	policy="" still=""
	for p in $broken; do
		if importonly "$logs/tests-after.txt.log" "$p" "$name/$GENERATED"; then
			failedtests="$(awk -v pkg="$p" '/^--- FAIL: / { t = t " " $3 } /^(ok|FAIL)[ \t]/ { if ($2 == pkg) { print t; exit }; t = "" }' "$logs/tests-after.txt.log")"
			policy+=" $p (${failedtests# })"
			echo "   $p:$failedtests fails naming $name/$GENERATED: it rejects the new import" >&2
		else
			still+=" $p"
		fi
	done
	broken="${still# }"
	unreached=$(comm -23 <(cut -d' ' -f1 "$logs/tests-before.txt") <(cut -d' ' -f1 "$logs/tests-after.txt") | wc -l)

	(cd "$dir" && "$MAPFIX" rewrite -l -confidence possible ./... >"$logs/again.out" 2>"$logs/again.err")
	again_rc=$?

	verdict=ok
	if ((check_rc == 2 || rewrite_rc == 2)); then
		verdict="mapfix failed"
		sed -n '1,20p' "$logs/check.err" "$logs/rewrite.err" >&2
	fi
	if [[ "$build_before" == ok && "$build_after" != ok ]]; then
		verdict="BROKEN BUILD"
		sed -n '1,30p' "$logs/build-after.txt" >&2
	fi
	if ((newvet > 0)); then
		[[ "$verdict" == ok ]] && verdict="new vet complaints"
		sed -n '1,20p' "$logs/vet-new.txt" >&2
	fi
	if [[ -n "$broken" ]]; then
		[[ "$verdict" == ok ]] && verdict="tests broke: $(echo $broken)"
		echo "tests that passed before and fail after: $broken" >&2
	fi
	if ((unreached > 0)); then
		[[ "$verdict" == ok ]] && verdict="tests cut off after the rewrite only: a hang?"
		echo "test packages that finished before the rewrite and were cut off after it: $unreached" >&2
	fi
	if ((again_rc == 2)) || [[ -s "$logs/again.out" ]]; then
		[[ "$verdict" == ok ]] && verdict="second rewrite changes files"
		sed -n '1,20p' "$logs/again.out" "$logs/again.err" >&2
	fi
	[[ "$verdict" == ok ]] || status=1
	[[ "$verdict" == ok && -n "$policy" ]] && verdict="ok (a test rejects the new import)"
	tests="$passed_before → $passed_after of $(wc -l <"$logs/tests-before.txt")"
	((unreached > 0)) && tests+=" ($unreached cut off by the time bound after the rewrite only)"
	[[ -n "$flaky" ]] && tests+=" (flaky before too:$flaky)"
	[[ -n "$policy" ]] && tests+=" (rejects the new import:$policy)"
	fixed="$rewritten"
	((locks > 0)) && fixed+=" ($locks by the lock)"
	rows+=("$(printf '| %s | %d | %s | %d (%s) | %d | %s → %s | %d | %s | %ds | %ds | %s |' \
		"$mod" "$findings" "$fixed" "$refused" "${reasons:-none}" "$dropped" \
		"$build_before" "$build_after" "$newvet" "$tests" "$rewrite_s" "$((SECONDS - start))" "$verdict")")
	printf '%s\n' "${rows[-1]}" >&2
done

echo
echo "| module | findings | rewritten | refused (top reasons) | dropped by fallback | build before → after | new vet complaints | test packages passed before → after | rewrite time | total time | verdict |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
exit "$status"
