/* tests/testutil.h — helpers shared by the test binaries: running the real vdcsim binary,
 * reading files, temporary directories.  The binary's path comes from $VDCSIM (set by
 * `make test`), or build/vdcsim. */
#ifndef TESTUTIL_H
#define TESTUTIL_H

#include <glib.h>

typedef struct {
    int   status;        /* exit status, or -1 if it did not exit normally */
    char *out;           /* stdout, owned */
    char *err;           /* stderr, owned */
} TuRun;

const char *tu_vdcsim(void);
/* Runs vdcsim with the NULL-terminated arguments from the source tree's top directory. */
TuRun       tu_run(const char *arg0, ...) G_GNUC_NULL_TERMINATED;
TuRun       tu_runv(const char *const *argv);
void        tu_run_clear(TuRun *r);
char       *tu_read(const char *path);               /* whole file, or NULL; g_free it */
/* The field of a result CSV's row whose first column is `row`, in column `column`, read
 * with the project's RFC 4180 reader (plots/csv.h); aborts if either is missing. */
char       *tu_csv_field(const char *path, const char *row, const char *column);
char       *tu_tmpdir(void);                         /* fresh directory; g_free the path */
void        tu_rmtree(const char *path);

#endif
