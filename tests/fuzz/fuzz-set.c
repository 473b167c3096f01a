/* tests/fuzz/fuzz-set.c — libFuzzer target: fuzz_set() of entries.h (`make fuzz`). */
#include "tests/fuzz/entries.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
    return fuzz_set(data, len);
}
