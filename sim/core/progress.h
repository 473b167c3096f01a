/* sim/core/progress.h — the progress line: one line on stderr, redrawn in place, for each
 * long phase of a command: "  simulating        42.0 %  ETA 3 s  3.10 M events/s".
 *
 * A command turns it on for its own thread with sim_progress_begin() when stderr is a
 * terminal and -q was not given (sim_progress_wanted()); library code anywhere reports with
 * sim_progress_phase() and sim_progress_step(), which do nothing unless the calling thread
 * began a line.  So library users, tests and a sweep's worker threads never print, and no
 * state is shared between threads.  A phase is drawn when it starts (0 %), then at most
 * every SIM_PROGRESS_REDRAW_US and when it completes; the ETA is the phase's elapsed wall time scaled by what is
 * left.  sim_progress_end() clears the line.  Wall-clock time here never reaches a model.
 */
#ifndef SIM_CORE_PROGRESS_H
#define SIM_CORE_PROGRESS_H

#include <glib.h>
#include <stdint.h>
#include <stdio.h>

#define SIM_PROGRESS_REDRAW_US 100000

/* TRUE when a progress line should show: not quiet and stderr a terminal. */
gboolean sim_progress_wanted(gboolean quiet);
/* Starts drawing this thread's progress line on out (stderr); nested calls are ignored. */
void     sim_progress_begin(FILE *out);
/* Clears the line and stops drawing (no-op when not begun in this thread). */
void     sim_progress_end(void);
/* Starts a phase ("loading", "writing outputs"); the same name again keeps it going. */
void     sim_progress_phase(const char *name);
/* done of total units of the current phase; detail (may be NULL) follows the ETA. */
void     sim_progress_step(uint64_t done, uint64_t total, const char *detail);
/* Prints one whole line (text, a newline added) on out; when this thread draws a progress
 * line, the line is cleared first and redrawn at the next step, so the text stays above it. */
void     sim_progress_print(FILE *out, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* TRUE when this thread draws a line (to skip work that only feeds the line). */
gboolean sim_progress_active(void);

#endif
