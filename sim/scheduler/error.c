/* sim/scheduler/error.c — the error domain of sim/scheduler; see error.h. */
#include "sim/scheduler/error.h"

G_DEFINE_QUARK(sched-error-quark, sched_error)
