/* plots/png.c — see png.h.  libpng's error path is a longjmp; nothing that needs freeing is
 * allocated between setjmp and the end except the row buffer, which is freed on both paths. */
#include "plots/png.h"

#include <png.h>
#include <stdint.h>
#include <zlib.h>

/* Measured on the 17 charts of a 10^4-host run (1200x700): cairo's settings (level 6, all
 * filters) took 258 ms for 399 KB; level 3 with the Up filter alone 70 ms for 557 KB; level 4
 * 115 ms for 416 KB; no filter 61 ms for 610 KB; zlib's RLE strategy was larger at every level.
 * Up suits charts: gridlines, bars and fills repeat the row above. */
#define PLOT_PNG_ZLIB_LEVEL 3
#define PLOT_PNG_ZLIB_STRATEGY Z_DEFAULT_STRATEGY
#define PLOT_PNG_FILTER PNG_FILTER_UP

static void plot_png_append(png_structp png, png_bytep data, size_t length)
{
    g_byte_array_append(png_get_io_ptr(png), data, (guint)length);
}

static void plot_png_flush(png_structp png)
{
    (void)png;
}

/* One row of cairo's native-endian 0xXXRRGGBB words as packed R, G, B bytes. */
static void plot_png_row_rgb(const uint32_t *src, int width, guint8 *dst)
{
    for (int x = 0; x < width; x++) {
        uint32_t p = src[x];
        dst[3 * x] = (guint8)(p >> 16);
        dst[3 * x + 1] = (guint8)(p >> 8);
        dst[3 * x + 2] = (guint8)p;
    }
}

static void plot_png_configure(png_structp png, png_infop info, int w, int h)
{
    png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PLOT_PNG_FILTER);
    png_set_compression_level(png, PLOT_PNG_ZLIB_LEVEL);
    png_set_compression_strategy(png, PLOT_PNG_ZLIB_STRATEGY);
}

static gboolean plot_png_write_rows(png_structp png, png_infop info, cairo_surface_t *s,
                                    guint8 *row)
{
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    const guint8 *data = cairo_image_surface_get_data(s);
    if (setjmp(png_jmpbuf(png)))
        return FALSE;
    plot_png_configure(png, info, w, h);
    png_write_info(png, info);
    for (int y = 0; y < h; y++) {
        plot_png_row_rgb((const uint32_t *)(const void *)(data + (size_t)y * stride), w, row);
        png_write_row(png, row);
    }
    png_write_end(png, info);
    return TRUE;
}

gboolean plot_png_encode(cairo_surface_t *s, GByteArray *out)
{
    g_return_val_if_fail(cairo_image_surface_get_format(s) == CAIRO_FORMAT_RGB24, FALSE);
    cairo_surface_flush(s);
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    guint8 *row = g_malloc((size_t)cairo_image_surface_get_width(s) * 3 + 1);
    gboolean ok = info != NULL;
    if (ok) {
        png_set_write_fn(png, out, plot_png_append, plot_png_flush);
        ok = plot_png_write_rows(png, info, s, row);
    }
    png_destroy_write_struct(&png, info ? &info : NULL);
    g_free(row);
    return ok;
}
