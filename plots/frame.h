/* plots/frame.h — internal: everything around the data.  The frame holds the axes (range,
 * display unit, ticks, title), category labels (bars on x) or row labels (gantt, heatmap on
 * y), the legend or colour bar, and the title; plot_frame_layout() measures all the text
 * and places the plot area so that nothing overlaps: the legend and colour bar sit right
 * of the plot area (never over data), crowded x labels are thinned or turned 45 degrees,
 * crowded row labels are thinned, long names are ellipsized.
 *
 * Coordinates: data units in, canvas units out (plot_frame_x/y).  The plot area is
 * [x0, x1] x [y0, y1] with y growing downwards, as in cairo.
 */
#ifndef PLOT_FRAME_H
#define PLOT_FRAME_H

#include "plots/canvas.h"
#include "plots/plot.h"

typedef enum {
    PLOT_FIT_TIGHT,          /* the data range exactly; ticks inside it (time axes) */
    PLOT_FIT_NICE,           /* widened to the covering nice ticks */
    PLOT_FIT_NICE_ZERO,      /* as NICE, and including 0 (bars, levels) */
} PlotFit;

typedef struct {
    gboolean  on;
    PlotUnit  unit;
    PlotFit   fit;
    gboolean  log;           /* logarithmic: whole decades (set before plot_frame_set_axis) */
    gboolean  fixed;         /* lo..hi given by the user: kept as is */
    double    headroom_frac; /* widen the mapped range past the last tick by this share, so
                              * lines at the top (and bottom, unless it is 0) stay off the frame */
    double    lo, hi;        /* mapped range, data units */
    PlotScale scale;
    PlotTicks ticks;         /* the ticks inside [lo, hi]; n may be 0 */
    char     *title;         /* label with the display unit */
    char     *label;
} PlotFrameAxis;

typedef enum { PLOT_SWATCH_LINE, PLOT_SWATCH_MARKER, PLOT_SWATCH_LINE_MARKER, PLOT_SWATCH_BOX,
               PLOT_SWATCH_HATCH } PlotSwatch;

typedef struct {
    char      *name;
    size_t     style;        /* series style index: colour, dash, marker */
    PlotSwatch swatch;
} PlotLegendEntry;

typedef struct {
    const char        *title;
    PlotFrameAxis      axis[PLOT_AXIS_COUNT_];
    const char *const *x_cats;        /* bar categories, or NULL */
    size_t             n_x_cats;
    const char *const *y_cats;        /* rows top to bottom, or NULL */
    size_t             n_y_cats;
    GArray            *legend;        /* PlotLegendEntry */
    gboolean           colorbar;      /* draw axis[COLOR] as a colour bar */
    gboolean           empty;         /* draw the "no data" note */
    gboolean           x_grid;        /* vertical grid lines at x ticks */
    /* set by plot_frame_layout() */
    double             x0, y0, x1, y1;
    double             x_cat_angle_rad;
    size_t             x_cat_every, y_cat_every;
    double             cat_label_max_w;
    size_t             legend_shown;
} PlotFrame;

void   plot_frame_init(PlotFrame *f, const char *title);
void   plot_frame_clear(PlotFrame *f);
/* Requests an axis showing data in [lo, hi] (NaN: no data, shown as 0..1). */
void   plot_frame_set_axis(PlotFrame *f, PlotAxis a, const char *label, PlotUnit unit,
                           double lo, double hi, PlotFit fit, gboolean fixed);
/* The label of tick v of ax: in the axis's display unit, or with its own unit on a log
 * axis.  Newly allocated. */
char  *plot_axis_tick_label(const PlotFrameAxis *ax, double v);
void   plot_frame_add_legend(PlotFrame *f, const char *name, size_t style, PlotSwatch swatch);

void   plot_frame_layout(PlotFrame *f, PlotCanvas *cv);
void   plot_frame_draw_under(const PlotFrame *f, PlotCanvas *cv);  /* grid */
void   plot_frame_draw_over(const PlotFrame *f, PlotCanvas *cv);   /* axes, text, legend */
/* Clips drawing to the plot area widened by pad (canvas units); undo with cairo_restore. */
void   plot_frame_clip(const PlotFrame *f, PlotCanvas *cv, double pad);

double plot_frame_x(const PlotFrame *f, double v);
double plot_frame_y(const PlotFrame *f, PlotAxis a, double v);
double plot_frame_slot_w(const PlotFrame *f);           /* width of one x category */
double plot_frame_row_h(const PlotFrame *f);            /* height of one y row */
/* Position of v on the colour axis as 0..1 (for the colour scale). */
double plot_frame_color_t(const PlotFrame *f, double v);

#endif
