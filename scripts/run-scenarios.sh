#!/bin/sh
# scripts/run-scenarios.sh BIN [OUT] — `make plots`: runs every shipped scenario with its
# charts and report into OUT (default out/scenarios), keeping the folder layout of
# scenarios/ (out/scenarios/teaching/io-paths/...).  A scenario with a sweep: block is run
# with `vdcsim sweep`, the others with `vdcsim run`; scenarios/validation/ is left to
# `make validate`.  Stops at the first failure.
set -eu
bin=${1:?usage: sh scripts/run-scenarios.sh path/to/vdcsim [OUT]}
out=${2:-out/scenarios}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
n=0
for scn in $(find scenarios -name '*.yaml' ! -path 'scenarios/validation/*' | sort); do
    rel=${scn#scenarios/}
    dir=$out/${rel%.yaml}
    if "$bin" check "$scn" | grep -q 'sweep:'; then
        echo "sweep $scn -> $dir/"
        "$bin" sweep "$scn" -o "$dir" -q
    else
        echo "run   $scn -> $dir/"
        "$bin" run "$scn" -o "$dir" -q --charts png
    fi
    n=$((n + 1))
done
echo "plots: $n scenarios, charts and report.html under $out/"
