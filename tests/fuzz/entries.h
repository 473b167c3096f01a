/* tests/fuzz/entries.h — the fuzzing entry points, shared by the libFuzzer targets
 * (tests/fuzz/fuzz-*.c, `make fuzz`) and the regression corpus replay in `make test`
 * (tests/test-fuzz-corpus.c), so both feed inputs to exactly the same code.
 *
 * Each takes arbitrary bytes and returns 0.  Bad input must come back as a one-line
 * SCN_ERROR; anything else (a crash, a sanitizer report, a GLib critical, a multi-line
 * message, a hang past libFuzzer's -timeout) is a finding.
 */
#ifndef TESTS_FUZZ_ENTRIES_H
#define TESTS_FUZZ_ENTRIES_H

#include <stddef.h>
#include <stdint.h>

/* The bytes as a scenario file: load, validate, write resolved.yaml and load that. */
int fuzz_scenario(const uint8_t *data, size_t len);
/* Each line of the bytes as a --set PATH=VALUE on a small fixed scenario. */
int fuzz_set(const uint8_t *data, size_t len);
/* First byte: trace format and rule; the rest: a trace file (sim/trace/formats.h), read from a temporary file. */
int fuzz_trace(const uint8_t *data, size_t len);
/* The bytes as a small scenario (tight limits), loaded and simulated for a bounded number
 * of events; no files are written. */
int fuzz_run(const uint8_t *data, size_t len);

/* The entry named "scenario", "set", "trace" or "run"; NULL if none. */
typedef int (*FuzzEntry)(const uint8_t *data, size_t len);
FuzzEntry fuzz_entry_lookup(const char *name);

#endif
