/* sim/cli/tracegen.c — writes synthetic traces in the public layouts; see tracegen.h. */
#include "sim/cli/tracegen.h"

#include <gio/gio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sim/core/rng.h"

typedef struct {
    char     id[32];
    double   mean, amp, phase;     /* percent, percent, fraction of a day */
    int64_t  created_s, deleted_s;
    int      cores, memory_gb;
} GenVm;

/* An output file: plain or gzip through GIO. */
typedef struct {
    GOutputStream *out;
    GString       *buf;
} GenFile;

static gboolean gen_open(GenFile *f, const SimTraceGen *g, const char *name, GError **error)
{
    g_autofree char *base = g_strdup_printf("%s%s", name, g->gzip ? ".gz" : "");
    g_autofree char *path = g_build_filename(g->dir, base, NULL);
    g_autoptr(GFile) file = g_file_new_for_path(path);
    GFileOutputStream *raw = g_file_replace(file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, error);
    if (!raw)
        return FALSE;
    if (g->gzip) {
        g_autoptr(GZlibCompressor) z = g_zlib_compressor_new(G_ZLIB_COMPRESSOR_FORMAT_GZIP, 6);
        f->out = g_converter_output_stream_new(G_OUTPUT_STREAM(raw), G_CONVERTER(z));
        g_object_unref(raw);
    } else {
        f->out = G_OUTPUT_STREAM(raw);
    }
    f->buf = g_string_sized_new(1 << 20);
    return TRUE;
}

static gboolean gen_flush(GenFile *f, gboolean force, GError **error)
{
    if (!force && f->buf->len < (1u << 20))
        return TRUE;
    gboolean ok = g_output_stream_write_all(f->out, f->buf->str, f->buf->len, NULL, NULL, error);
    g_string_truncate(f->buf, 0);
    return ok;
}

static gboolean gen_close(GenFile *f, GError **error)
{
    gboolean ok = gen_flush(f, TRUE, error) && g_output_stream_close(f->out, NULL, error);
    g_object_unref(f->out);
    g_string_free(f->buf, TRUE);
    return ok;
}

/* A 24-character base64-looking id, like Azure's encrypted ones. */
static void gen_id(SimRng *r, char *out)
{
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < 22; i++)
        out[i] = b64[sim_rng_below(r, 64)];
    strcpy(out + 22, "==");
}

static GenVm *gen_vms(const SimTraceGen *g, SimRng *r)
{
    static const int cores[] = { 1, 2, 2, 4, 4, 8, 12, 24 };
    static const int mem[] = { 2, 4, 4, 8, 16, 32, 64, 70 };
    int64_t span_s = (int64_t)(g->days * 86400);
    GenVm *v = g_new0(GenVm, g->vms);
    for (int64_t i = 0; i < g->vms; i++) {
        gen_id(r, v[i].id);
        v[i].mean = 5 + 55 * sim_rng_uniform(r);
        v[i].amp = v[i].mean * 0.6 * sim_rng_uniform(r);
        v[i].phase = sim_rng_uniform(r);
        int k = (int)sim_rng_below(r, G_N_ELEMENTS(cores));
        v[i].cores = cores[k], v[i].memory_gb = mem[k];
        if (!g->churn || sim_rng_below(r, 3) == 0) {
            v[i].created_s = 0, v[i].deleted_s = span_s;
        } else {
            v[i].created_s = (int64_t)(sim_rng_uniform(r) * span_s) / 300 * 300;
            double life = -log(1 - sim_rng_uniform(r)) * span_s / 4;
            v[i].deleted_s = MIN(span_s, v[i].created_s + 300 + (int64_t)life / 300 * 300);
        }
    }
    return v;
}

/* CPU percent of VM v at time t, with noise. */
static double gen_cpu(const GenVm *v, int64_t t, SimRng *r)
{
    double day = (double)t / 86400 + v->phase;
    double x = v->mean + v->amp * sin(2 * G_PI * day) + 4 * (sim_rng_uniform(r) - 0.5);
    return CLAMP(x, 0.0, 100.0);
}

/* ---- formats -------------------------------------------------------------------------- */

static gboolean gen_azure(const SimTraceGen *g, GenVm *v, SimRng *r, gboolean progress,
                          GError **error)
{
    GenFile f;
    if (!gen_open(&f, g, "vmtable.csv", error))
        return FALSE;
    static const char *const cat[] = { "Interactive", "Delay-insensitive", "Unknown" };
    for (int64_t i = 0; i < g->vms; i++) {
        g_string_append_printf(f.buf, "%s,sub%" G_GINT64_FORMAT ",dep%" G_GINT64_FORMAT
                               ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%.6f,%.6f,%.6f,%s,",
                               v[i].id, i % 97, i % 1013, v[i].created_s, v[i].deleted_s,
                               MIN(100, v[i].mean + v[i].amp + 10), v[i].mean,
                               MIN(100, v[i].mean + v[i].amp), cat[i % 3]);
        g_string_append_printf(f.buf, v[i].cores > 24 ? ">24," : "%d,", v[i].cores);
        g_string_append_printf(f.buf, v[i].memory_gb > 64 ? ">64\n" : "%d\n", v[i].memory_gb);
        if (!gen_flush(&f, FALSE, error))
            return FALSE;
    }
    if (!gen_close(&f, error))
        return FALSE;
    int64_t span_s = (int64_t)(g->days * 86400), steps = span_s / g->step_s;
    for (int s = 0; s < g->shards; s++) {
        g_autofree char *name = g_strdup_printf("vm_cpu_readings-file-%d-of-%d.csv", s + 1,
                                                g->shards);
        if (!gen_open(&f, g, name, error))
            return FALSE;
        for (int64_t k = steps * s / g->shards; k < steps * (s + 1) / g->shards; k++) {
            int64_t t = k * g->step_s;
            for (int64_t i = 0; i < g->vms; i++) {
                if (t < v[i].created_s || t >= v[i].deleted_s)
                    continue;
                double avg = gen_cpu(&v[i], t, r), lo = avg * 0.6, hi = MIN(100, avg * 1.5);
                g_string_append_printf(f.buf, "%" G_GINT64_FORMAT ",%s,%.4f,%.4f,%.4f\n", t,
                                       v[i].id, lo, hi, avg);
                if (!gen_flush(&f, FALSE, error))
                    return FALSE;
            }
            if (progress && k % 288 == 0)
                fprintf(stderr, "vdcsim tracegen: %s, day %.0f of %.0f\n", name,
                        (double)t / 86400, g->days);
        }
        if (!gen_close(&f, error))
            return FALSE;
    }
    return TRUE;
}

#define BB_HEADER "Timestamp [ms];\tCPU cores;\tCPU capacity provisioned [MHZ];\tCPU usage [MHZ];" \
    "\tCPU usage [%];\tMemory capacity provisioned [KB];\tMemory usage [KB];\t" \
    "Disk read throughput [KB/s];\tDisk write throughput [KB/s];\t" \
    "Network received throughput [KB/s];\tNetwork transmitted throughput [KB/s]\n"

static gboolean gen_bitbrains(const SimTraceGen *g, GenVm *v, SimRng *r, GError **error)
{
    int64_t steps = (int64_t)(g->days * 86400) / g->step_s;
    for (int64_t i = 0; i < g->vms; i++) {
        g_autofree char *name = g_strdup_printf("%" G_GINT64_FORMAT ".csv", i + 1);
        GenFile f;
        if (!gen_open(&f, g, name, error))
            return FALSE;
        g_string_append(f.buf, BB_HEADER);
        double cap = v[i].cores * 2600.0, mem_kb = v[i].memory_gb * 1048576.0;
        for (int64_t k = 0; k < steps; k++) {
            int64_t t = 1376314846 + k * g->step_s;
            double pct = gen_cpu(&v[i], k * g->step_s, r);
            g_string_append_printf(f.buf, "%" G_GINT64_FORMAT ";\t%d;\t%.6f;\t%.6f;\t%.6f;\t%.0f;"
                                   "\t%.1f;\t%.3f;\t%.3f;\t%.3f;\t%.3f\n", t, v[i].cores, cap,
                                   cap * pct / 100, pct, mem_kb, mem_kb * (0.2 + pct / 200),
                                   pct * 3, pct * 1.5, pct * 2, pct * 1.2);
        }
        if (!gen_close(&f, error))
            return FALSE;
    }
    return TRUE;
}

static gboolean gen_google(const SimTraceGen *g, GenVm *v, SimRng *r, GError **error)
{
    GenFile f;
    if (!gen_open(&f, g, "part-00000-of-00500.csv", error))
        return FALSE;
    int64_t steps = (int64_t)(g->days * 86400) / g->step_s, us = 1000000;
    for (int64_t k = 0; k < steps; k++)
        for (int64_t i = 0; i < g->vms; i++) {
            int64_t t = 600 * us + k * g->step_s * us;
            double cpu = gen_cpu(&v[i], k * g->step_s, r) / 100 * 0.25;
            g_string_append_printf(f.buf, "%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%"
                                   G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT
                                   ",%.5f,0.01,0.02,0.001,0.002,0.011,0.0001,0.0002,%.5f,0.001,"
                                   "1.2,0.003,1,0,%.5f\n", t, t + g->step_s * us,
                                   6251812952 + i / 4, i % 4, 1436333635 + i, cpu,
                                   MIN(1.0, cpu * 1.5), cpu);
            if (!gen_flush(&f, FALSE, error))
                return FALSE;
        }
    return gen_close(&f, error);
}

static gboolean gen_alibaba(const SimTraceGen *g, GenVm *v, SimRng *r, GError **error)
{
    GenFile f;
    if (!gen_open(&f, g, "container_usage.csv", error))
        return FALSE;
    int64_t steps = (int64_t)(g->days * 86400) / g->step_s;
    for (int64_t i = 0; i < g->vms; i++)
        for (int64_t k = 0; k < steps; k++) {
            double cpu = gen_cpu(&v[i], k * g->step_s, r);
            g_string_append_printf(f.buf, "c_%" G_GINT64_FORMAT ",m_%" G_GINT64_FORMAT
                                   ",%" G_GINT64_FORMAT ",%.0f,%.0f,1.1,3.2,2.1,0.5,0.6,3\n",
                                   i + 1, 1000 + i / 8, 39000 + k * g->step_s, cpu,
                                   30 + cpu / 3);
            if (!gen_flush(&f, FALSE, error))
                return FALSE;
        }
    return gen_close(&f, error);
}

gboolean sim_tracegen(const SimTraceGen *g, gboolean progress, GError **error)
{
    if (g_mkdir_with_parents(g->dir, 0755) != 0) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot create %s", g->dir);
        return FALSE;
    }
    SimRng *r = sim_rng_new(g->seed, "tracegen");
    GenVm *v = gen_vms(g, r);
    gboolean ok = strcmp(g->format, "azure") == 0     ? gen_azure(g, v, r, progress, error)
                : strcmp(g->format, "bitbrains") == 0 ? gen_bitbrains(g, v, r, error)
                : strcmp(g->format, "google") == 0    ? gen_google(g, v, r, error)
                                                      : gen_alibaba(g, v, r, error);
    g_free(v);
    sim_rng_free(r);
    return ok;
}
