/* sim/scheduler/error.h — the error domain of sim/scheduler: bad input that reaches the
 * scheduler (power tables, failure models).  Messages follow git's style: what is
 * wrong, the bad value in quotes, then what was expected; the scenario loader prefixes the
 * file:line:col of the offending value. */
#ifndef SCHED_ERROR_H
#define SCHED_ERROR_H

#include <glib.h>

#define SCHED_ERROR (sched_error_quark())
GQuark sched_error_quark(void);
typedef enum {
    SCHED_ERROR_POWER,        /* a power model out of range or order */
    SCHED_ERROR_FAILURE,      /* a failure model out of range */
} SchedErrorCode;

#endif
