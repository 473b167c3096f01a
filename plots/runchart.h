/* plots/runchart.h — the records of a run's charts, shared by the catalog (catalog.h) and
 * the teaching charts (lesson.h): a leaf header of types, so neither includes the other. */
#ifndef PLOT_RUNCHART_H
#define PLOT_RUNCHART_H

#include <glib.h>

#include "plots/plot.h"

typedef struct {
    const char *name;        /* file stem, "utilization"; static, or points at owned_name */
    char       *owned_name;  /* per-device charts: "device-latency-cdf-nic0"; else NULL */
    char       *title;       /* the chart's title */
    char       *caption;     /* one or two sentences: what is drawn, from which file */
    char       *finding;     /* teaching charts (lesson.h): the answer in one sentence from
                                the numbers; else NULL */
    PlotChart  *chart;       /* owned */
} PlotRunChart;

/* A column a chart reads: a file and a column name of sim/out/columns.h, or a family of
 * columns with a '*' ("ovh_*_frac"). */
typedef struct {
    const char *file;        /* SIM_CSV_VMS, ...; NULL ends a list */
    const char *column;      /* SIM_COL_VM_SLOWDOWN, ...; matched as g_pattern_match_simple() */
} PlotRunColumn;

#endif
