#!/usr/bin/env bash
# realworld.sh: runs mapfix on real modules (by default the module-cache
# source of mapfix's own dependencies) and checks that each still builds
# after `mapfix rewrite -w`.
#
# For every module it copies the source into a temporary folder, then runs
#
#   go build ./... && go vet ./...        (before: the baseline)
#   mapfix check -json ./...              (findings, rewritable or refused)
#   mapfix rewrite -w ./...               (exit 0, or 1 with refusals)
#   go build ./... && go vet ./...        (after)
#   mapfix rewrite -l ./...               (again: must list no file)
#
# and prints one row per module: findings, rewritten, refused, files
# written, the rewrite's exit status, whether the module builds and vets
# afterwards, and whether a second rewrite would change anything. A vet
# complaint counts against mapfix only when it was not there before the
# rewrite (complaints are compared without their line and column, since
# the rewrite moves lines). The script exits 1 when a
# module that built before the rewrite does not build after it, when
# mapfix fails (exit 2), when the rewrite adds a vet complaint, or when a
# second rewrite would change files; 2 on a setup error.
#
#   MODULES    space-separated module@version list (default below); each is
#              taken from the module cache (go mod download fetches it if
#              it is missing and the network allows)
#   EXPORTED=1 pass -exported to check and rewrite (also report package
#              maps that exported functions write with no lock); off by
#              default, as in mapfix itself
#   KEEP=1     keep the temporary folder (its path is printed)
#
# Dependencies of the modules are fetched by the go command as usual
# (GOFLAGS=-mod=mod); offline, they must be in the module cache.
set -uo pipefail

MODULES="${MODULES:-golang.org/x/tools@v0.52.0 github.com/dave/dst@v0.28.0 github.com/urfave/cli/v2@v2.27.7}"
REPO="$(cd "$(dirname "$0")/.." && pwd)"

die() {
	echo "realworld.sh: $*" >&2
	exit 2
}

WORK="$(mktemp -d "${TMPDIR:-/tmp}/mapfix-realworld.XXXXXX")" || die "mktemp failed"
if [[ "${KEEP:-}" == 1 ]]; then
	echo "keeping $WORK" >&2
else
	# Module-cache copies are read-only until chmod; make sure rm can go.
	trap 'chmod -R u+w "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT
fi

echo "building mapfix" >&2
(cd "$REPO" && go build -o "$WORK/bin/mapfix" ./cmd/mapfix) || die "cannot build mapfix"
MAPFIX="$WORK/bin/mapfix"

FLAGS=()
if [[ "${EXPORTED:-}" == 1 ]]; then
	FLAGS+=(-exported)
fi

export GOFLAGS=-mod=mod GOWORK=off

# vetlines prints vet's complaints without positions' line and column,
# sorted, one per line.
vetlines() {
	grep -E '^[^#[:space:]].*\.go:[0-9]+:[0-9]+: ' "$1" | sed -E 's/\.go:[0-9]+:[0-9]+: /.go: /' | sort -u
}

rows=()
status=0
for mod in $MODULES; do
	name="${mod%@*}"
	echo "== $mod" >&2
	src="$(cd "$REPO" && go mod download -json "$mod" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')"
	[[ -n "$src" && -d "$src" ]] || die "go mod download $mod gave no directory"
	dir="$WORK/src/$(echo "$name" | tr '/' '_')"
	mkdir -p "$(dirname "$dir")"
	cp -R "$src" "$dir" && chmod -R u+w "$dir" || die "cannot copy $src"
	logs="$WORK/logs/$(basename "$dir")"
	mkdir -p "$logs"

	# The baseline: a module that does not build before mapfix touches it
	# says nothing about mapfix.
	build_before=ok
	(cd "$dir" && go build ./... >"$logs/build-before.txt" 2>&1) || build_before=FAIL
	(cd "$dir" && go vet ./... >"$logs/vet-before.txt" 2>&1)

	(cd "$dir" && "$MAPFIX" check -json "${FLAGS[@]}" ./... >"$logs/check.json" 2>"$logs/check.err")
	check_rc=$?
	findings=$(grep -c '"id":' "$logs/check.json")
	rewritable=$(grep -Ec '"rewritable": *true' "$logs/check.json")
	refused=$((findings - rewritable))

	(cd "$dir" && "$MAPFIX" rewrite -w "${FLAGS[@]}" ./... >"$logs/rewrite.out" 2>"$logs/rewrite.err")
	rewrite_rc=$?
	written=$(grep -c '^mapfix: wrote ' "$logs/rewrite.err")
	generated=$(grep -c '^mapfix: wrote internal/shardedmap/' "$logs/rewrite.err")

	build_after=ok
	(cd "$dir" && go build ./... >"$logs/build-after.txt" 2>&1) || build_after=FAIL
	(cd "$dir" && go vet ./... >"$logs/vet-after.txt" 2>&1)
	newvet=$(comm -13 <(vetlines "$logs/vet-before.txt") <(vetlines "$logs/vet-after.txt") | tee "$logs/vet-new.txt" | wc -l)

	# Idempotence (the fifth guarantee of rewrite -w): the rewritten module has nothing left
	# to rewrite.
	(cd "$dir" && "$MAPFIX" rewrite -l "${FLAGS[@]}" ./... >"$logs/again.out" 2>"$logs/again.err")
	again_rc=$?
	again=yes
	if ((again_rc != 0)) || [[ -s "$logs/again.out" ]]; then
		again="NO (exit $again_rc)"
	fi

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
	if [[ "$again" != yes ]]; then
		[[ "$verdict" == ok ]] && verdict="second rewrite changes files"
		sed -n '1,20p' "$logs/again.out" "$logs/again.err" >&2
	fi
	[[ "$verdict" == ok ]] || status=1
	rows+=("$(printf '| %s | %d | %d | %d | %d (+%d generated) | %d | %s | %s | %d | %s | %s |' \
		"$mod" "$findings" "$rewritable" "$refused" "$((written - generated))" "$generated" \
		"$rewrite_rc" "$build_before" "$build_after" "$newvet" "$again" "$verdict")")
done

flags="${FLAGS[*]:-(none)}"
echo
echo "mapfix flags: $flags"
echo
echo "| module | findings | rewritten | refused | files written | rewrite exit | build before | build after | new vet complaints | idempotent | verdict |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
exit "$status"
