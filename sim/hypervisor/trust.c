/* sim/hypervisor/trust.c — drivers, trusted computing base, failure domains and isolation
 * of a hypervisor profile; see trust.h. */
#include "sim/hypervisor/trust.h"

#include <string.h>

const char *const hv_failure_names[] = { "host", "host_os", "driver_domain", "hypervisor",
                                         NULL };

unsigned hv_profile_drivers(const HvProfile *p)
{
    if (p->kind == HV_KIND_TYPE1 && !p->driver_domain)
        return p->drivers;
    return HV_DRIVERS_ALL;
}

gboolean hv_profile_has_driver(const HvProfile *p, int device_kind)
{
    g_return_val_if_fail(device_kind >= 0 && device_kind < 6, FALSE);
    return (hv_profile_drivers(p) >> device_kind & 1u) != 0;
}

const char *hv_drivers_origin(const HvProfile *p)
{
    switch (p->kind) {
    case HV_KIND_TYPE1:
        return p->driver_domain ? "the driver domain's (dom0 runs Linux's drivers; back-ends "
                                  "serve every guest)"
                                : "its own (a Type 1 hypervisor brings special drivers)";
    case HV_KIND_TYPE2:     return "the host OS's (a Type 2 hypervisor leverages them)";
    case HV_KIND_CONTAINER: return "the host kernel's (containers use them directly)";
    default:                return "the OS's";
    }
}

static gboolean has_component(const HvProfile *p, HvFailure f)
{
    switch (f) {
    case HV_FAIL_HOST_OS:       return p->kind == HV_KIND_TYPE2 || p->kind == HV_KIND_CONTAINER;
    case HV_FAIL_DRIVER_DOMAIN: return p->driver_domain;
    case HV_FAIL_HYPERVISOR:    return p->kind == HV_KIND_TYPE1 || p->kind == HV_KIND_TYPE2;
    default:                    return TRUE;
    }
}

/* "host, host_os or hypervisor": the components p has. */
static void components_format(const HvProfile *p, GString *out)
{
    guint n = 0, total = 0;
    for (int f = 0; f < HV_FAIL_COUNT; f++)
        total += has_component(p, (HvFailure)f);
    for (int f = 0; f < HV_FAIL_COUNT; f++)
        if (has_component(p, (HvFailure)f))
            g_string_append_printf(out, "%s%s", n++ == 0 ? "" : n == total ? " or " : ", ",
                                   hv_failure_names[f]);
}

gboolean hv_failure_applies(const HvProfile *p, HvFailure f, GError **error)
{
    if (has_component(p, f))
        return TRUE;
    g_autoptr(GString) has = g_string_new(NULL);
    components_format(p, has);
    if (f == HV_FAIL_DRIVER_DOMAIN)
        g_set_error(error, HV_ERROR, HV_ERROR_INVALID, "'%s' has no driver domain (its drivers "
                    "are %s; expected component: %s)", p->name, hv_drivers_origin(p), has->str);
    else if (f == HV_FAIL_HOST_OS)
        g_set_error(error, HV_ERROR, HV_ERROR_INVALID, "'%s' runs on no host OS (a %s "
                    "hypervisor runs on the hardware; expected component: %s)", p->name,
                    hv_kind_name(p->kind), has->str);
    else
        g_set_error(error, HV_ERROR, HV_ERROR_INVALID, "'%s' runs no hypervisor (a %s host; "
                    "expected component: %s)", p->name, hv_kind_name(p->kind), has->str);
    return FALSE;
}

double hv_profile_tcb_kloc(const HvProfile *p)
{
    return p->tcb_hypervisor_kloc + p->tcb_os_kloc;
}

const char *hv_profile_failure_domain(const HvProfile *p)
{
    switch (p->kind) {
    case HV_KIND_TYPE1:
        return p->driver_domain
               ? "a hypervisor crash takes every guest; a driver-domain (dom0) crash stops the "
                 "I/O of every guest until it restarts, the guests keep computing"
               : "a hypervisor crash takes every guest; there is no host OS to crash";
    case HV_KIND_TYPE2:
        return "a host OS crash takes every guest (the VMM runs on it), as does a VMM crash";
    case HV_KIND_CONTAINER:
        return "a host kernel crash takes every container (one kernel for all)";
    default:
        return "an OS crash takes the host";
    }
}

void hv_profile_isolation_summary(const HvProfile *p, GString *out)
{
    g_autoptr(GString) iso = g_string_new(NULL);
    hv_isolation_format(p->isolation, iso);
    if (p->kind == HV_KIND_CONTAINER)
        g_string_append_printf(out, "shares the host kernel, its caches and its devices with "
                                    "every co-located container; separated by %s", iso->str);
    else if (p->kind == HV_KIND_NATIVE)
        g_string_append(out, "the whole machine; nothing shared");
    else
        g_string_append_printf(out, "a kernel of its own; shares only the hypervisor%s, "
                                    "caches and devices through their virtual paths; "
                                    "separated by %s",
                               p->kind == HV_KIND_TYPE2 ? " and the host OS"
                               : p->driver_domain ? " and the driver domain" : "", iso->str);
}

guint hv_profile_exposed(const HvProfile *p, GString *out)
{
    static const struct { unsigned bit; const char *exposed; } missing[] = {
        { HV_ISO_NAMESPACES, "the host's network stack, process table and hostname (no "
                             "namespaces)" },
        { HV_ISO_CHROOT, "the host's filesystem (no chroot)" },
        { HV_ISO_CAPABILITIES, "every root privilege (no capability bounding)" },
        { HV_ISO_SELINUX, "no mandatory access control beyond the kernel's own checks (no "
                          "SELinux)" },
        { HV_ISO_SECCOMP, "every system call of the shared kernel (no seccomp filter)" },
        { HV_ISO_CGROUPS, "no resource limits: its CPU and memory are unbounded (no cgroups)" },
    };
    guint n = 0;
    if (p->kind != HV_KIND_CONTAINER)
        return 0;
    for (size_t i = 0; i < G_N_ELEMENTS(missing); i++)
        if (!(p->isolation & missing[i].bit))
            g_string_append_printf(out, "%s%s", n++ ? "; " : "", missing[i].exposed);
    return n;
}

void hv_trust_explain(const HvProfile *p, GString *out)
{
    g_autoptr(GString) drv = g_string_new(NULL);
    hv_drivers_format(hv_profile_drivers(p), drv);
    g_string_append_printf(out, "  drivers: %s: %s\n", hv_drivers_origin(p), drv->str);
    g_string_append_printf(out, "  trusted base (TCB): %.0f thousand lines of code (hypervisor %.0f",
                           hv_profile_tcb_kloc(p), p->tcb_hypervisor_kloc);
    if (p->tcb_os_kloc > 0)
        g_string_append_printf(out, " + %s %.0f", p->kind == HV_KIND_TYPE2 ? "host OS"
                               : p->driver_domain ? "dom0" : "shared kernel", p->tcb_os_kloc);
    g_string_append(out, ")\n");
    g_string_append_printf(out, "  failure domain: %s\n", hv_profile_failure_domain(p));
    g_autoptr(GString) iso = g_string_new(NULL);
    hv_profile_isolation_summary(p, iso);
    g_string_append_printf(out, "  isolation summary: %s\n", iso->str);
    g_autoptr(GString) exposed = g_string_new(NULL);
    if (hv_profile_exposed(p, exposed))
        g_string_append_printf(out, "  exposed (isolation mechanisms it lacks): %s\n",
                               exposed->str);
}
