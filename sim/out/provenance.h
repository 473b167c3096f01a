/* sim/out/provenance.h — what a result file needs to say about the binary that wrote it.
 *
 * Every manifest (a run's manifest.json, a sweep's sweep-manifest.json) pins the bytes it
 * describes with: the version and git revision, whether tracked files differed from that
 * revision when the binary was built ("git_modified"), the SHA-256 of the sources it was
 * built from (every sim/ and plots/ source and header and the Makefile, so a build from a
 * tarball is pinned too), the compiler and its flags, the versions of the libraries it runs
 * with (read at run time: shared libraries can change under a binary), and how the random
 * streams turn a seed into generator state.  The model version is VDC_VERSION plus the
 * first 16 hex digits of the source hash: two binaries with the same model version were
 * built from the same sources and give the same bytes for the same scenario.
 *
 * Everything here is static, read-only data or formatted on demand; thread-safe.
 */
#ifndef SIM_OUT_PROVENANCE_H
#define SIM_OUT_PROVENANCE_H

#include <glib.h>

/* "0.1.0+src.0123456789abcdef"; static. */
const char *sim_provenance_model_version(void);
const char *sim_provenance_git_revision(void);            /* "3e9edfe1a2b3" or "unknown" */
const char *sim_provenance_version(void);                 /* "0.1.0" */

/* Appends `"build": {...},\n  "rng": {...}` (no trailing comma) at two-space indentation:
 * version, git revision and modified mark, source SHA-256, model version, compiler, flags,
 * library versions; the generator and exactly which seed bits it keeps. */
void        sim_provenance_json(GString *s);

#endif
