/* sim/hypervisor/guest.c — guest operating systems and the rule of which hypervisor runs which;
 * see guest.h. */
#include "sim/hypervisor/guest.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const hv_guest_kernel_names[] = { "linux", "windows", "bsd", NULL };

gboolean hv_guest_source_open(HvGuestKernel k)
{
    return k != HV_GUEST_WINDOWS;
}

void hv_guest_init(HvGuest *g)
{
    g->kernel = HV_GUEST_LINUX;
    g->modified = TRUE;
    hv_guest_version_parse("4.19", &g->version);
}

static gboolean guest_refuse(GError **error, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static gboolean guest_refuse(GError **error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_set_error_literal(error, HV_ERROR, HV_ERROR_INVALID, msg);
    return FALSE;
}

static gboolean check_container(const HvProfile *p, const HvGuest *g, GError **error)
{
    if ((int)g->kernel == p->host_kernel)
        return TRUE;
    return guest_refuse(error, "a container shares the host's kernel, so '%s' cannot run a %s "
                        "guest on its %s kernel (expected kernel: %s, or a hypervisor that "
                        "runs a kernel of its own)", p->name, hv_guest_kernel_names[g->kernel],
                        hv_guest_kernel_names[p->host_kernel], hv_guest_kernel_names[p->host_kernel]);
}

static gboolean check_pv(const HvProfile *p, const HvGuest *g, GError **error)
{
    char v[16], lo[16], hi[16];
    if (!g->modified)
        return guest_refuse(error, "paravirtualization needs a modified guest: '%s' runs only "
                            "a guest kernel whose source was changed to call the hypervisor "
                            "(its source available, its application binary interface kept), and "
                            "this %s guest is unmodified (expected modified: true, or a host "
                            "with binary translation or hardware assist)", p->name,
                            hv_guest_kernel_names[g->kernel]);
    hv_guest_version_format(g->version, v, sizeof v);
    hv_guest_version_format(p->pv_guest_min, lo, sizeof lo);
    hv_guest_version_format(p->pv_guest_max, hi, sizeof hi);
    if (p->pv_guest_max == HV_GUEST_VERSION_ANY)
        g_strlcpy(hi, "any later one", sizeof hi);
    if (g->version < p->pv_guest_min || g->version > p->pv_guest_max)
        return guest_refuse(error, "%s %s is outside the paravirtual guest versions '%s' "
                            "supports (a modified guest must match the hypervisor's interface; "
                            "expected a version from %s to %s)", hv_guest_kernel_names[g->kernel],
                            v, p->name, lo, hi);
    return TRUE;
}

gboolean hv_guest_check(const HvProfile *p, const HvGuest *g, GError **error)
{
    if (g->modified && !hv_guest_source_open(g->kernel))
        return guest_refuse(error, "a modified guest needs its source: %s's kernel source is "
                            "not available to modify (expected modified: false, or an "
                            "open-source kernel: linux or bsd)", hv_guest_kernel_names[g->kernel]);
    if (p->kind == HV_KIND_CONTAINER)
        return check_container(p, g, error);
    if (p->technique == HV_TECH_PV)
        return check_pv(p, g, error);
    return TRUE;
}

gboolean hv_guest_fits(const HvProfile *p, const HvGuest *g)
{
    return hv_guest_check(p, g, NULL);
}

void hv_guest_describe(const HvProfile *p, const HvGuest *g, GString *out)
{
    char v[16];
    hv_guest_version_format(g->version, v, sizeof v);
    const char *k = hv_guest_kernel_names[g->kernel];
    if (p->kind == HV_KIND_CONTAINER)
        g_string_append_printf(out, "  guest OS: none of its own: the container runs on the "
                                    "host's %s kernel (one kernel for every container)\n", k);
    else if (p->technique == HV_TECH_PV)
        g_string_append_printf(out, "  guest OS: %s %s, modified (paravirtual kernel; needs its "
                                    "source, keeps its ABI, and a version this hypervisor's "
                                    "interface supports)\n", k, v);
    else
        g_string_append_printf(out, "  guest OS: %s %s, %s (%s runs it as it is)\n", k, v,
                               g->modified ? "modified" : "unmodified",
                               hv_technique_name(p->technique));
}
