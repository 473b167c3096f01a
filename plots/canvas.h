/* plots/canvas.h — internal: the drawing surface of one chart (cairo context, text through
 * pangocairo, the palette) and the output writer that turns a draw callback into a PNG, SVG
 * or PDF file atomically.
 *
 * Sizes: the canvas is w x h pixels (PNG) or points (SVG, PDF); every length in the chart
 * code is a nominal pixel at 1200x700 multiplied by cv->scale, so charts keep their
 * proportions at any size.  Colours are sRGB 0..1.
 */
#ifndef PLOT_CANVAS_H
#define PLOT_CANVAS_H

#include <cairo.h>
#include <glib.h>

typedef struct {
    cairo_t   *cr;
    double     w, h;          /* canvas size, px or pt */
    double     scale;         /* nominal px -> canvas units */
    GPtrArray *texts;         /* char*: every recorded text, in drawing order (SVG <desc>) */
} PlotCanvas;

/* NAME: category and row names, tick-sized but recorded for the SVG <desc>. */
typedef enum { PLOT_TEXT_TITLE, PLOT_TEXT_LABEL, PLOT_TEXT_TICK, PLOT_TEXT_NAME,
               PLOT_TEXT_LEGEND, PLOT_TEXT_NOTE } PlotTextRole;
typedef enum { PLOT_ALIGN_START, PLOT_ALIGN_MIDDLE, PLOT_ALIGN_END } PlotAlign;

typedef struct {
    PlotTextRole role;
    PlotAlign    halign, valign;   /* of the text box relative to (x, y), before rotation */
    double       angle_rad;        /* counter-clockwise rotation about (x, y) */
    double       max_width;        /* ellipsize in the middle beyond this width (canvas units),
                                    * so "rack-1/…/host-17" keeps its end; 0 = no limit */
} PlotTextStyle;

/* Size of text as it would be drawn with style (before rotation). */
void plot_canvas_measure(PlotCanvas *cv, const char *text, const PlotTextStyle *style,
                         double *width, double *height);
/* Draws text in the current source colour; records it for the SVG <desc> unless it is a
 * tick label. */
void plot_canvas_text(PlotCanvas *cv, const char *text, double x, double y,
                      const PlotTextStyle *style);
double plot_canvas_px(const PlotCanvas *cv, double nominal_px);

/* Series style i: one of 16 colours (Okabe-Ito, then Tol's muted), then (after 16 series)
 * a dash pattern, and a marker. */
#define PLOT_PALETTE_N 16
void plot_palette_rgb(size_t i, double rgb[3]);
void plot_canvas_set_series_color(PlotCanvas *cv, size_t i, double alpha);
void plot_canvas_set_series_dash(PlotCanvas *cv, size_t i, double line_width);
void plot_canvas_marker(PlotCanvas *cv, size_t i, double x, double y, double radius);
/* The same shape as an outline in the current colour, filled white (a marked point). */
void plot_canvas_marker_hollow(PlotCanvas *cv, size_t i, double x, double y, double radius);
void plot_canvas_set_gray(PlotCanvas *cv, double level);
/* Viridis colour for v in 0..1 (clamped). */
void plot_viridis_rgb(double v, double rgb[3]);
/* Diagonal hatching over the rectangle in the current source colour. */
void plot_canvas_hatch(PlotCanvas *cv, double x, double y, double w, double h);

typedef void (*PlotDrawFn)(PlotCanvas *cv, void *data);

/* Runs draw on a w x h surface of the format that path's extension names, checks cairo's
 * status once at the end, and writes path.tmp then renames it to path.  title goes into the
 * SVG <title> / PDF metadata. */
gboolean plot_output_write(const char *path, int w, int h, const char *title,
                           PlotDrawFn draw, void *data, GError **error);

#endif
