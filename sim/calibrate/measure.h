/* sim/calibrate/measure.h — measurements read from the output of standard tools, as plain data.
 *
 * One reader per format (perfstat.c, kvmstat.c, fio.c, qemu.c, boot.c) turns a file into
 * records here; fit.c never sees a file.  cal_read_file() recognizes the format by content:
 *   perf stat -x,             counters of one benchmark, native or in a guest (CalPerfRun)
 *   perf kvm stat report      exit reasons with counts and times (CalKvmReport)
 *   fio --output-format=json  one I/O pattern's latency, IOPS and CPU (CalFioRun)
 *   QMP query-migrate         samples during one live migration (CalMigration)
 *   systemd-analyze / CSV     boot durations (CalBoot)
 * Native and guest runs are told apart by "native" (or "host", "bare") and "guest" (or
 * "vm") in the file's name.  Units live in field names; times are ns or s as named.
 * Bad input: FALSE with "file:line:col: error: what is wrong (what was expected)".
 * The CalSet owns every record and string in it.
 */
#ifndef CAL_MEASURE_H
#define CAL_MEASURE_H

#include <glib.h>

typedef enum { CAL_SIDE_NATIVE, CAL_SIDE_GUEST } CalSide;

typedef struct {
    char   *path;
    const char *format;         /* "perf stat -x,", ... (static text) */
    char   *sha256;             /* of the file's bytes */
} CalInput;

typedef struct {
    const CalInput *input;
    CalSide side;
    double  cycles;             /* each NAN when absent */
    double  instructions;
    double  tlb_misses;         /* dTLB load + store misses */
    double  walk_cycles;        /* cycles a page walk was active (dtlb_*.walk_active/duration) */
    double  task_clock_ms;
    int     cycles_line;        /* where cycles was read, for residual lines */
} CalPerfRun;

typedef struct {
    char   *reason;             /* "EPT_VIOLATION" */
    double  samples;
    double  min_us, max_us, avg_us;    /* min and max: NAN in the older layout */
    double  rel_stderr_frac;    /* the "( +- x% )" column: relative error of the mean */
} CalKvmExit;

typedef struct {
    const CalInput *input;
    GArray *exits;              /* CalKvmExit */
    double  total_samples, total_us;
    double  duration_s;         /* the recording's length from a "# duration: 30 s" line;
                                   NAN when the file has none (--duration then gives it) */
} CalKvmReport;

typedef struct {
    const CalInput *input;
    CalSide side;
    char   *pattern;            /* "randread bs=4k iodepth=1", the pairing key */
    double  depth;
    double  block_bytes;
    double  iops, bytes_per_s;
    double  lat_mean_ns, lat_stddev_ns, lat_n;
    double  cpu_frac;           /* (usr + sys) / 100 of one CPU */
} CalFioRun;

typedef struct {
    double t_ms;                /* total-time */
    double transferred_bytes, remaining_bytes, total_bytes;
    double dirty_pages_per_s;   /* NAN when the sample has none */
    double page_bytes;
    double syncs;               /* dirty-sync-count */
    int    line;
} CalMigSample;

typedef struct {
    const CalInput *input;
    GArray *samples;            /* CalMigSample, in file order */
} CalMigration;

typedef struct {
    const CalInput *input;
    int     line;
    double  boot_s;
} CalBoot;

typedef struct {
    GPtrArray *inputs;          /* CalInput * */
    GPtrArray *perf, *kvm, *fio, *mig;
    GArray    *boots;           /* CalBoot */
} CalSet;

CalSet  *cal_set_new(void);
void     cal_set_free(CalSet *set);                       /* NULL is a no-op */
/* Reads one measurement file into set; FALSE with *error on anything it cannot read. */
gboolean cal_read_file(CalSet *set, const char *path, GError **error);

/* The readers, for cal_read_file and the tests: text is the whole file (NUL-terminated). */
gboolean cal_read_perfstat(CalSet *set, const CalInput *in, const char *text, GError **error);
gboolean cal_read_kvmstat(CalSet *set, const CalInput *in, const char *text, GError **error);
gboolean cal_read_fio(CalSet *set, const CalInput *in, GPtrArray *json, GError **error);
gboolean cal_read_qemu(CalSet *set, const CalInput *in, GPtrArray *json, GError **error);
gboolean cal_read_boot(CalSet *set, const CalInput *in, const char *text, GError **error);

/* "path:line:col: error: msg" in *error; returns FALSE. */
gboolean cal_fail(GError **error, const char *path, int line, int col, const char *fmt, ...)
    G_GNUC_PRINTF(5, 6);
/* native or guest from the file name; FALSE with an error at 1:1 if neither is named. */
gboolean cal_side_from_path(const char *path, const char *tool, CalSide *out, GError **error);

#endif
