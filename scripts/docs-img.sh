#!/bin/sh
# scripts/docs-img.sh BIN — regenerates the chart images the README shows (docs/img/).
# Runs each shipped scenario that exists with `--charts png` into a temporary directory and
# copies a few representative charts, each checked to stay under 300 KiB.
set -eu
bin=${1:?usage: sh scripts/docs-img.sh path/to/vdcsim}
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vdcsim-docs-img.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$top/docs/img"

# scenario file, chart stem, image name
pick() {
    scn=$1 chart=$2 img=$3
    [ -f "$top/$scn" ] || return 0
    name=$(basename "$scn" .yaml)
    out="$tmp/$name"
    if [ ! -d "$out" ]; then
        (cd "$top" && "$bin" run "$scn" -o "$out" -q --charts png)
    fi
    src="$out/charts/$chart.png"
    [ -f "$src" ] || return 0
    size=$(wc -c < "$src")
    if [ "$size" -ge 307200 ]; then
        echo "docs-img: $src is $size bytes (limit 300 KiB)" >&2
        exit 1
    fi
    cp "$src" "$top/docs/img/$img"
    echo "docs/img/$img"
}

pick scenarios/default.yaml utilization default-utilization.png
pick scenarios/default.yaml host-utilization default-host-utilization.png
pick scenarios/default.yaml slowdown default-slowdown.png
pick scenarios/teaching/migration-strategies.yaml migration-times migration-strategies.png
pick scenarios/teaching/bt-pv-hw.yaml overhead bt-pv-hw-overhead.png
pick scenarios/teaching/bt-pv-hw.yaml speed-vs-native bt-pv-hw-speed-vs-native.png
pick scenarios/teaching/migration-strategies.yaml migration-dirty-total migration-dirty-total.png
pick scenarios/planning/consolidation.yaml power consolidation-power.png
