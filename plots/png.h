/* plots/png.h — internal: encodes a drawn cairo RGB24 image surface as PNG bytes.
 *
 * cairo's own writer asks libpng for zlib's default level and adaptive filtering (every
 * filter tried on every row), which was a quarter of a 10^4-host run's CPU.  Charts are flat
 * colour with antialiased edges, so one fixed row filter and a fast zlib level give files of
 * about the same size in a fraction of the time.  The encoding settings are constants and the
 * file carries no time or host data, so the same pixels always give the same bytes.
 */
#ifndef PLOT_PNG_H
#define PLOT_PNG_H

#include <cairo.h>
#include <glib.h>

/* Appends the PNG encoding of s (a finished CAIRO_FORMAT_RGB24 image surface) to out.
 * FALSE (out partly written) only when libpng or memory fails. */
gboolean plot_png_encode(cairo_surface_t *s, GByteArray *out);

#endif
