/* sim/memory/interference.c — Bubble-Up-style degradation; see interference.h. */
#include "sim/memory/interference.h"

double mem_interference_degradation_frac(const MemInterference *self, double others_pressure)
{
    double p = others_pressure < 0 ? 0 : others_pressure > 1 ? 1 : others_pressure;
    return self->sensitivity_frac * p;
}
