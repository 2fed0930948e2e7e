#!/usr/bin/env bash
# syncmap_differential.sh: migrates the sync.Maps of real modules with
# `mapfix rewrite -syncmap -w` and checks that each module still builds,
# vets and passes the tests of the packages the migration touched, under
# the race detector, as it did before.
#
# For every module it copies the source into a scratch folder, then runs
#
#   mapfix rewrite -syncmap -l ./...   (the files it would change; the
#                                       refusals, on stderr, are kept)
#   go build ./... ; go vet PKGS ; go test -race -short PKGS   (before)
#   mapfix rewrite -syncmap -w ./...
#   go build ./... ; go vet PKGS ; go test -race -short PKGS   (after)
#   mapfix rewrite -syncmap -l ./...   (again: must list no file)
#
# where PKGS are the packages with a migrated file. It prints one line per
# module: sync.Maps found, migrated and refused (refusals grouped by their
# first words), build and vet after, the test packages that passed before
# and after, and whether a second run changes anything. A test that fails
# before fails for its own reasons (a server it needs, a flaky timing);
# what counts is a package that passed before and fails after.
#
#   MODULES       space-separated module directory names under
#                 $REALWORLD_DIR/src (module path with / as _, @version)
#   MAPFIX_BIN    a mapfix binary (default: built from this repository)
#   TEST_TIMEOUT  seconds for a module's tests, per side (default 900)
#   REALWORLD_DIR where the module sources are (default /work/realworld)
#   KEEP=1        keep the scratch folder
set -uo pipefail

MODULES="${MODULES:-github.com_nats-io_nats.go@v1.55.0 google.golang.org_grpc@v1.85.0 github.com_redis_go-redis_v9@v9.23.0}"
TEST_TIMEOUT="${TEST_TIMEOUT:-900}"
REALWORLD_DIR="${REALWORLD_DIR:-/work/realworld}"
REPO="$(cd "$(dirname "$0")/.." && pwd)"

die() {
	echo "syncmap_differential.sh: $*" >&2
	exit 2
}

WORK="$(mktemp -d "${TMPDIR:-/tmp}/mapfix-syncmap-diff.XXXXXX")" || die "mktemp failed"
if [[ "${KEEP:-}" == 1 ]]; then
	echo "keeping $WORK" >&2
else
	trap 'chmod -R u+w "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT
fi
MAPFIX="${MAPFIX_BIN:-}"
if [[ -z "$MAPFIX" ]]; then
	(cd "$REPO" && GOWORK=off go build -o "$WORK/bin/mapfix" ./cmd/mapfix) || die "cannot build mapfix"
	MAPFIX="$WORK/bin/mapfix"
fi
export GOFLAGS=-mod=mod GOWORK=off

# passed prints the packages go test reported ok, sorted.
passed() { sed -nE 's/^ok[[:space:]]+([^[:space:]]+).*/\1/p' "$1" | sort -u; }

status=0
for m in $MODULES; do
	src="$REALWORLD_DIR/src/$m"
	[[ -d "$src" ]] || die "no source for $m in $REALWORLD_DIR/src"
	dir="$WORK/$m"
	cp -r "$src" "$dir" && chmod -R u+w "$dir" || die "cannot copy $m"
	cd "$dir" || die "cd $dir"
	"$MAPFIX" rewrite -syncmap -l ./... >"$WORK/$m.files" 2>"$WORK/$m.refusals"
	pkgs=$(grep '\.go$' "$WORK/$m.files" | grep -v '^internal/shardedmap/' | xargs -r -n1 dirname | sort -u | sed 's|^|./|')
	counts=$(sed -nE 's/^mapfix: (sync\.Maps migrated: [0-9]+, left as they were: [0-9]+)$/\1/p' "$WORK/$m.refusals")
	reasons=$(sed -nE 's/^[^ ]+: sync\.Map ([^ ]+) not migrated: (.*)/\1\t\2/p' "$WORK/$m.refusals" |
		sed -E 's/\t[^ ,]+, loaded from [^ ,]+, /\ta loaded value /; s/\ta [^ ]+ that holds [^ ]+ /\ta struct holding it /; s/\t[^ ]+ (is|holds|has) /\t\1 /; s/\t([^,:;(]*).*/\t\1/; s/ +$//' | sort -u | cut -f2 | cut -c1-60 | sort | uniq -c | sort -rn | head -4 | sed -E 's/^ *([0-9]+) (.*)/\2 (\1)/' | paste -sd ';' -)
	if [[ -z "$pkgs" ]]; then
		echo "| $m | ${counts:-no sync.Map} | $reasons |"
		continue
	fi
	go build ./... >/dev/null 2>&1
	go vet $pkgs >/dev/null 2>&1
	timeout "$TEST_TIMEOUT" go test -race -short -count=1 $pkgs >"$WORK/$m.before" 2>&1
	"$MAPFIX" rewrite -syncmap -w ./... >/dev/null 2>&1
	go build ./... >"$WORK/$m.build" 2>&1 && build=ok || { build=FAIL; status=1; }
	go vet $pkgs >"$WORK/$m.vet" 2>&1 && vet=ok || { vet=FAIL; status=1; }
	timeout "$TEST_TIMEOUT" go test -race -short -count=1 $pkgs >"$WORK/$m.after" 2>&1
	broke=$(comm -23 <(passed "$WORK/$m.before") <(passed "$WORK/$m.after") | paste -sd ' ' -)
	[[ -n "$broke" ]] && status=1
	again=$("$MAPFIX" rewrite -syncmap -l ./... 2>/dev/null | wc -l)
	[[ "$again" != 0 ]] && status=1
	echo "| $m | $counts | $reasons | packages $(echo $pkgs | wc -w) | build $build | vet $vet | tests passed $(passed "$WORK/$m.before" | wc -l) before, $(passed "$WORK/$m.after" | wc -l) after${broke:+, broke: $broke} | second run lists $again files |"
done
exit $status
