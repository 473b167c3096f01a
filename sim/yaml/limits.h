/* sim/yaml/limits.h — how much a scenario may ask for, and one-line error text.
 *
 * A scenario is untrusted input: before memory or time is spent on it, its document size,
 * YAML nesting depth (after aliases), scalar length and node count (aliases expanded), and
 * its totals of hosts, VMs, devices, events and trace rows are held to limits.  Each limit
 * has a documented default (docs/scenario.md, "Limits") and a command-line flag that raises
 * it; a scenario over a limit fails with "file:line:col: error: ... (limit N; raise with
 * --max-...)".  The limits are process-wide (set once by main from its flags, before any
 * scenario is read; a sweep's worker threads only read them).
 *
 * scn_text_one_line() is what every echoed key, value and path goes through: control
 * characters and invalid UTF-8 become escapes, so an error is always one line.
 */
#ifndef SIM_YAML_LIMITS_H
#define SIM_YAML_LIMITS_H

#include <glib.h>
#include <stdint.h>

typedef struct {
    uint64_t doc_bytes;        /* --max-bytes: scenario file size */
    uint64_t depth;            /* --max-depth: YAML nesting, aliases followed */
    uint64_t string_bytes;     /* --max-string: one scalar */
    uint64_t nodes;            /* --max-nodes: YAML nodes, aliases expanded */
    uint64_t hosts;            /* --max-hosts: after count expansion */
    uint64_t vms;              /* --max-vms: after count expansion */
    uint64_t devices;          /* --max-devices: I/O devices over all hosts */
    uint64_t events;           /* --max-events: entries of `events:` */
    uint64_t trace_rows;       /* --max-trace-rows: rows kept from one trace file */
    uint64_t memory_bytes;     /* --max-memory: the run's estimated memory; 0: physical RAM */
    gboolean force;            /* --force: run even when the memory estimate is too high */
} ScnLimits;

/* One entry per limit flag, for option tables and docs: "max-hosts", the field's offset. */
typedef struct {
    const char *flag;          /* without the leading "--" */
    size_t      offset;        /* of a uint64_t in ScnLimits */
    const char *what;          /* "hosts", for help text */
} ScnLimitFlag;

extern const ScnLimitFlag scn_limit_flags[];     /* terminated by { NULL } */

/* The defaults (see docs/scenario.md). */
void             scn_limits_init(ScnLimits *l);
/* The process-wide limits: the defaults until scn_limits_set(). */
const ScnLimits *scn_limits(void);
void             scn_limits_set(const ScnLimits *l);

/* A uint64 field of l by offset (scn_limit_flags[i].offset). */
uint64_t        *scn_limits_field(ScnLimits *l, size_t offset);

/* The `--max-...` flag name of a limit field (offset), for messages. */
const char      *scn_limits_flag_for(size_t offset);

/* text with control characters, DEL and invalid UTF-8 escaped ("\n", "\t", "\x1b", "\xff")
 * so it prints on one line; g_free it.  NULL gives "". */
char            *scn_text_one_line(const char *text);

#endif
