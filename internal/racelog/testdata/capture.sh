#!/bin/sh
# capture.sh regenerates the logs in this directory from the programs under
# src/. The logs are real output of the Go toolchain that ran this script
# (go1.26.x linux/amd64 when they were committed); the tests read them as
# they are, so rerun the tests after recapturing and expect goroutine ids,
# and which goroutine lost a crash race, to change.
#
# Usage: sh capture.sh   (from this directory)
set -u
cd "$(dirname "$0")"
export GOWORK=off GOFLAGS=-mod=mod
here=$(pwd)

# A log in which every kind of map access races once, plus one int race.
(cd src/ops && go run -race . >"$here/gorun-ops.log" 2>&1)
# The same under -trimpath, whose paths are import paths, not absolute.
(cd src/ops && go run -race -trimpath . >"$here/gorun-ops-trimpath.log" 2>&1)

# json.Marshal reads the map through reflect and encoding/json.
(cd src/jsonmap && go run -race . >"$here/gorun-jsonmap.log" 2>&1)

# Races on an int and on a key the runtime reads: no map race in it.
(cd src/notmap && go run -race . >"$here/gorun-notmap.log" 2>&1)

# go test -race over a package with map races and one with an int race.
(cd src/svc && go test -race -count=1 ./counter ./plain >"$here/gotest-race.log" 2>&1)
(cd src/svc && go test -race -count=1 -json -run TestForget ./counter >"$here/gotest-race.json" 2>&1)
# Only a race on an int: parsing must find no map race.
(cd src/svc && go test -race -count=1 -v ./plain >"$here/gotest-plain.log" 2>&1)

# A map crash under go test, without -race. The crash is a race itself,
# so try until it happens.
for i in 1 2 3 4 5 6 7 8 9 10; do
	(cd src/svc && go test -count=1 -v ./crashy >"$here/gotest-crash.log" 2>&1)
	grep -q 'fatal error' gotest-crash.log && break
done

# Crash dumps of each concurrent map fault, without -race.
(cd src/crash && go build -o "$here/crash.bin" .) || exit 1
for s in writes read iter delete clear clone; do
	GOTRACEBACK=single timeout 60 ./crash.bin $s >"crash-$s.log" 2>&1
done
GOTRACEBACK=all timeout 60 ./crash.bin iter >crash-iter-all.log 2>&1
GOTRACEBACK=system timeout 60 ./crash.bin writes >crash-writes-system.log 2>&1
rm -f crash.bin
