/* plots/lesson-priv.h — what the teaching charts' files share (lesson.c, lesson-elastic.c,
 * lesson-compare.c); only they include it.  A Lesson holds the files of one output
 * directory, each NULL when absent or empty, and the first malformed-column error: every
 * builder returns NULL once error is set, and lesson.c frees the files. */
#ifndef PLOT_LESSON_PRIV_H
#define PLOT_LESSON_PRIV_H

#include "plots/csv.h"
#include "plots/runchart.h"

#define LESSON_MAX_CATEGORIES 40    /* bars per VM up to this, then per group (as catalog.h) */
#define LESSON_MAX_SERIES     8     /* CDF lines: the palette's distinct colours */
#define LESSON_SERVICE_SAMPLES 180  /* demand vs capacity: a few rises of the demand */

typedef struct {
    const char *outdir;
    PlotCsv    *vms, *migs, *ela, *cmp;
    PlotCsv    *ts;           /* timeseries.csv, only in a run with elasticity */
    GError     *error;
} Lesson;

/* dir/file, or NULL when absent, empty, or after an error (which it may set). */
PlotCsv      *lesson_load(Lesson *l, const char *dir, const char *file);
/* A column of csv (NULL if csv or the column is absent); a malformed number sets error. */
const double *lesson_nums(Lesson *l, PlotCsv *csv, const char *col);
const char *const *lesson_strs(PlotCsv *csv, const char *col);
/* Index of s in names (borrowed strings), appended if new. */
guint         lesson_intern(GPtrArray *names, const char *s);
/* A chart record; takes caption. */
PlotRunChart *lesson_chart_new(const char *name, PlotKind kind, const char *title,
                               char *caption);
void          lesson_add_if(GPtrArray *out, PlotRunChart *rc);     /* rc may be NULL */

/* lesson-elastic.c: sla-violation, elasticity-services, time-to-ready. */
void          lesson_add_elastic(Lesson *l, GPtrArray *out);
/* lesson-compare.c: compare-utilization, compare-latency, compare-power. */
void          lesson_add_compare(Lesson *l, GPtrArray *out);

#endif
