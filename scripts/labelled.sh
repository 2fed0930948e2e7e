#!/usr/bin/env bash
# labelled.sh: scores mapfix against the labelled real-world corpus
# (testdata/realworld: modules.tsv and labels/, described in its README.md)
# and prints markdown tables: findings and check time per module, precision
# per confidence level over the labelled findings, and the labelled misses.
#
#   MODULES       module paths (or path@version, or "all") to run, space- or
#                 comma-separated; default: the labelled set
#   HOLDOUT=1     run the holdout set instead (score only: do not read its
#                 findings while working on the detector)
#   FRESH=1       copy and build the module sources again
#   MAPFIX_FLAGS  more flags for mapfix check (e.g. -exported)
#   MAPFIX_BIN    a mapfix binary to score instead of building one from
#                 this working tree (e.g. one built from another commit)
#   REALWORLD_DIR scratch folder (default /work/realworld): sources in
#                 src/<module>@<version>, findings in out/<module>/findings.json,
#                 the tables in out/summary.md (module paths with / as _;
#                 summary-holdout.md, summary-selected.md for the others)
#
# Exit status: 0 when every module was scored, 1 when mapfix failed on a
# module, 2 on a setup error. The program is a module of its own under
# scripts/labelled so that it adds nothing to mapfix's go.mod.
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
cd "$REPO/scripts/labelled"
GOWORK=off GOFLAGS= go build -o "${TMPDIR:-/tmp}/mapfix-labelled.$$" . || exit 2
trap 'rm -f "${TMPDIR:-/tmp}/mapfix-labelled.$$"' EXIT
"${TMPDIR:-/tmp}/mapfix-labelled.$$" -repo "$REPO" "$@"
