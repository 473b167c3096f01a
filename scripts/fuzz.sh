#!/bin/sh
# Runs each libFuzzer target of tests/fuzz/ for SECONDS: sh scripts/fuzz.sh BUILD SECONDS T...
# Seeds: tests/fuzz/corpus/T, tests/fuzz/regress/T (and the shipped and golden scenarios for
# the scenario and run targets); new inputs go to BUILD/corpus/T, findings to
# BUILD/artifacts/.  A finding fails the script: copy it into tests/fuzz/regress/T (so
# `make test` replays it) with the fix.
set -u
B=$1; S=$2; shift 2
mkdir -p "$B/artifacts"
status=0
for t in "$@"; do
    mkdir -p "$B/corpus/$t"
    extra=
    case $t in
        scenario) extra="scenarios tests/scenarios tests/scenarios/bad" ;;
        run) extra="tests/scenarios" ;;
    esac
    # Only folders that exist: git keeps no empty ones, and libFuzzer stops at a missing one.
    dirs="$B/corpus/$t"
    for d in "tests/fuzz/corpus/$t" "tests/fuzz/regress/$t" $extra; do
        [ -d "$d" ] && dirs="$dirs $d"
    done
    log="$B/fuzz-$t.log"
    # -rss_limit_mb: a scenario may not make the loader allocate 2 GiB; -timeout: nor hang.
    ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(pwd)/tests/lsan.supp \
    "$B/fuzz/fuzz-$t" -max_total_time="$S" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 -artifact_prefix="$B/artifacts/$t-" \
        $dirs >"$log" 2>&1
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
    echo "fuzz $t: ${runs:-?} executions in ${S} s, exit $rc"
    if [ $rc -ne 0 ]; then
        status=1
        grep -m5 -E 'ERROR|SUMMARY|Test unit written' "$log" >&2
    fi
done
exit $status
