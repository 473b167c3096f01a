/* sim/hypervisor/runtime.c — the built-in managed runtimes; see runtime.h. */
#include "sim/hypervisor/runtime.h"

#include <glib.h>

static const HvRuntime hv_runtimes[] = {
    { "jvm", "a Java virtual machine: bytecode ISA, JIT-compiled, garbage-collected heap", 1.3,
      "assumption (steady-state JIT within tens of percent of C on compute)" },
    { "wasm", "a WebAssembly engine: a portable sandboxed ISA, compiled ahead or just in time",
      1.5, "Jangda et al., USENIX ATC 2019: SPEC CPU in browsers 1.45x (Firefox) to 1.55x "
      "(Chrome) of native" },
};

const HvRuntime *hv_runtime_builtins(size_t *n_out)
{
    *n_out = G_N_ELEMENTS(hv_runtimes);
    return hv_runtimes;
}

const char *const hv_runtime_names[] = { "none", "jvm", "wasm", NULL };

const HvRuntime *hv_runtime_at(int i)
{
    g_assert(i >= 0 && (size_t)i <= G_N_ELEMENTS(hv_runtimes));
    return i == 0 ? NULL : &hv_runtimes[i - 1];
}
