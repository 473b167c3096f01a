/* tests/fuzz/fuzz-run.c — libFuzzer target: fuzz_run() of entries.h (`make fuzz`). */
#include "tests/fuzz/entries.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
    return fuzz_run(data, len);
}
