/* sim/core/interrupt.h — SIGINT and SIGTERM stop a run at the next event boundary.
 *
 * sim_interrupt_catch() installs handlers that only record the signal (async-signal-safe);
 * every engine checks the record before each event and returns from run/run_until as if
 * stopped, so a handler in progress always completes and no model is left half-updated.
 * Callers then write nothing of the cut-short run and exit 128 + signal (130, 143).  A
 * second signal of the same kind kills the process the default way (SA_RESETHAND).  The
 * record is process-wide: a sweep's threads all stop.
 */
#ifndef SIM_CORE_INTERRUPT_H
#define SIM_CORE_INTERRUPT_H

void        sim_interrupt_catch(void);
/* The signal that asked to stop (SIGINT, SIGTERM), or 0. */
int         sim_interrupt_pending(void);
/* Asks every engine to stop as if `sig` had arrived (tests, fuzzing budgets). */
void        sim_interrupt_request(int sig);
void        sim_interrupt_reset(void);
/* "SIGINT", "SIGTERM" or "signal N". */
const char *sim_interrupt_name(int sig);

#endif
