/* sim/yaml/limits.c — scenario limits and one-line text; see limits.h. */
#include "sim/yaml/limits.h"

#include <stddef.h>
#include <string.h>

#define L(field) offsetof(ScnLimits, field)

const ScnLimitFlag scn_limit_flags[] = {
    { "max-bytes", L(doc_bytes), "bytes in the scenario file" },
    { "max-depth", L(depth), "YAML nesting levels" },
    { "max-string", L(string_bytes), "bytes in one YAML scalar" },
    { "max-nodes", L(nodes), "YAML nodes, aliases expanded" },
    { "max-hosts", L(hosts), "hosts after count expansion" },
    { "max-vms", L(vms), "VMs after count expansion" },
    { "max-devices", L(devices), "I/O devices over all hosts" },
    { "max-events", L(events), "entries of events:" },
    { "max-trace-rows", L(trace_rows), "rows kept from one trace file" },
    { "max-memory", L(memory_bytes), "bytes of estimated run memory (0: physical memory)" },
    { NULL, 0, NULL },
};

static ScnLimits current;
static gboolean current_set;

void scn_limits_init(ScnLimits *l)
{
    *l = (ScnLimits){
        .doc_bytes = 64u << 20, .depth = 64, .string_bytes = 64u << 10, .nodes = 10000000,
        .hosts = 1000000, .vms = 1000000, .devices = 1000000, .events = 1000000,
        .trace_rows = 10000000, .memory_bytes = 0, .force = FALSE,
    };
}

const ScnLimits *scn_limits(void)
{
    if (!current_set) {
        scn_limits_init(&current);
        current_set = TRUE;
    }
    return &current;
}

void scn_limits_set(const ScnLimits *l)
{
    current = *l;
    current_set = TRUE;
}

uint64_t *scn_limits_field(ScnLimits *l, size_t offset)
{
    g_assert(offset + sizeof(uint64_t) <= sizeof *l);
    return (uint64_t *)(void *)((char *)l + offset);
}

const char *scn_limits_flag_for(size_t offset)
{
    for (const ScnLimitFlag *f = scn_limit_flags; f->flag; f++)
        if (f->offset == offset)
            return f->flag;
    g_assert_not_reached();
}

static void escape_byte(GString *s, guchar c)
{
    static const char *const named[] = { ['\n'] = "\\n", ['\r'] = "\\r", ['\t'] = "\\t" };
    if (c < G_N_ELEMENTS(named) && named[c])
        g_string_append(s, named[c]);
    else
        g_string_append_printf(s, "\\x%02x", c);
}

char *scn_text_one_line(const char *text)
{
    GString *s = g_string_new(NULL);
    const char *p = text ? text : "", *end = p + strlen(p);
    while (p < end) {
        const char *bad = NULL;
        g_utf8_validate(p, end - p, &bad);          /* the valid run p .. bad */
        for (; p < bad; p++)
            if ((guchar)*p < 0x20 || *p == 0x7f)
                escape_byte(s, (guchar)*p);
            else if ((guchar)p[0] == 0xc2 && (guchar)p[1] >= 0x80 && (guchar)p[1] <= 0x9f) {
                escape_byte(s, (guchar)*p++);      /* a C1 control (U+0080 .. U+009F) */
                escape_byte(s, (guchar)*p);
            } else
                g_string_append_c(s, *p);
        if (p < end)
            escape_byte(s, (guchar)*p++);           /* one invalid byte */
    }
    return g_string_free(s, FALSE);
}
