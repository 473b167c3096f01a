/* sim/out/provenance.c — the build and generator record of every manifest; see provenance.h. */
#include "sim/out/provenance.h"

#include <cairo.h>
#include <gsl/gsl_version.h>
#include <pango/pango.h>
#include <yaml.h>

#include "sim/core/fmt.h"
#include "version.h"

#define MODEL_VERSION_HASH_DIGITS 16

const char *sim_provenance_version(void)
{
    return VDC_VERSION;
}

const char *sim_provenance_git_revision(void)
{
    return VDC_GIT_REV;
}

const char *sim_provenance_model_version(void)
{
    static gsize once;
    static char *text;
    if (g_once_init_enter(&once)) {
        text = g_strdup_printf("%s+src.%.*s", VDC_VERSION, MODEL_VERSION_HASH_DIGITS,
                               VDC_SOURCE_SHA256);
        g_once_init_leave(&once, 1);
    }
    return text;
}

static void member(GString *s, const char *indent, const char *key, const char *value,
                   gboolean last)
{
    g_string_append_printf(s, "%s\"%s\": ", indent, key);
    sim_fmt_json_string(s, value);
    g_string_append(s, last ? "\n" : ",\n");
}

static void libraries_json(GString *s)
{
    g_autofree char *glib = g_strdup_printf("%u.%u.%u", glib_major_version, glib_minor_version,
                                            glib_micro_version);
    g_string_append(s, "    \"libraries\": {\n");
    member(s, "      ", "glib", glib, FALSE);
    member(s, "      ", "gsl", gsl_version, FALSE);
    member(s, "      ", "libyaml", yaml_get_version_string(), FALSE);
    member(s, "      ", "cairo", cairo_version_string(), FALSE);
    member(s, "      ", "pango", pango_version_string(), TRUE);
    g_string_append(s, "    }\n");
}

void sim_provenance_json(GString *s)
{
#ifdef __VERSION__
    g_autofree char *compiler = g_strdup_printf("%s %s", VDC_CC, __VERSION__);
#else
    g_autofree char *compiler = g_strdup(VDC_CC);
#endif
    g_string_append(s, "  \"build\": {\n");
    member(s, "    ", "vdcsim_version", VDC_VERSION, FALSE);
    member(s, "    ", "git_revision", VDC_GIT_REV, FALSE);
    g_string_append_printf(s, "    \"git_modified\": %s,\n", VDC_GIT_MODIFIED ? "true" : "false");
    member(s, "    ", "source_sha256", VDC_SOURCE_SHA256, FALSE);
    member(s, "    ", "model_version", sim_provenance_model_version(), FALSE);
    member(s, "    ", "compiler", compiler, FALSE);
    member(s, "    ", "cflags", VDC_CFLAGS, FALSE);
    libraries_json(s);
    g_string_append(s, "  },\n  \"rng\": {\n");
    member(s, "    ", "generator", "gsl_rng_mt19937", FALSE);
    member(s, "    ", "stream_seed64", "splitmix64(splitmix64(seed) ^ fnv1a64(stream name))",
           FALSE);
    member(s, "    ", "generator_seed", "(s64 ^ (s64 >> 32)) & 0xffffffff, 0 -> 1 "
           "(gsl_rng_set; MT19937 keeps these 32 bits: distinct streams collide with "
           "probability about k^2 / 2^33 for k streams)", FALSE);
    g_string_append(s, "    \"generator_seed_bits\": 32\n  }");
}
