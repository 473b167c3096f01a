/* sim/hypervisor/trust.h — what a guest must trust and what takes it down: drivers, the
 * trusted computing base, failure domains and isolation, per hypervisor profile.
 *
 * Drivers (flashcards "Type 1 ... requires special device drivers", "Type 2 ... leverages the
 * OS drivers"; Fraser et al., "Safe hardware access with the Xen virtual machine monitor",
 * OASIS 2004): a Type 1 hypervisor brings its own drivers and so supports a limited list of
 * device kinds; a Type 2 hypervisor, a container engine and a native host use the host OS's
 * drivers (all kinds); Xen keeps drivers in a driver domain (dom0, a Linux), so it has Linux's.
 * The kinds are sim/io's device kinds, in IoDeviceKind order (tests keep the lists equal).
 *
 * Trust and failure: the trusted computing base is the hypervisor plus any OS every guest
 * depends on (a Type 2 host OS, Xen's dom0, the Linux under KVM, the shared kernel under
 * containers), in thousands of lines of code (docs/models.md cites and marks each number).
 * A failure domain is what one component's crash takes down; HvFailure lists the components.
 */
#ifndef HV_TRUST_H
#define HV_TRUST_H

#include <glib.h>

#include "sim/hypervisor/profile.h"

/* The kinds the profile can drive: its own list for a Type 1 hypervisor without a driver
 * domain, every kind otherwise (the host OS's or the driver domain's drivers). */
unsigned    hv_profile_drivers(const HvProfile *p);
gboolean    hv_profile_has_driver(const HvProfile *p, int device_kind);
/* Where the drivers come from: "its own (Type 1)", "the host OS's (Type 2)", ... (static). */
const char *hv_drivers_origin(const HvProfile *p);

/* Components whose crash the trust view names and a `fail` event's `component:` takes down
 * (sim/dc/control.c). */
typedef enum {
    HV_FAIL_HOST,            /* the machine: every guest lost */
    HV_FAIL_HOST_OS,         /* a Type 2 host OS / a container host's kernel: every guest lost */
    HV_FAIL_DRIVER_DOMAIN,   /* Xen's dom0 or driver domain: every guest's I/O through it
                              * stops until it restarts; the guests keep computing */
    HV_FAIL_HYPERVISOR,      /* the hypervisor (Type 1) or the VMM (Type 2): every guest lost */
    HV_FAIL_COUNT
} HvFailure;
/* "host", "host_os", "driver_domain", "hypervisor", NULL */
extern const char *const hv_failure_names[];
/* Whether the component exists under p (a driver domain only where drivers live in one; a
 * host OS under Type 2 and containers; a hypervisor under Type 1 and Type 2); FALSE with a
 * message naming what p has instead. */
gboolean    hv_failure_applies(const HvProfile *p, HvFailure f, GError **error);

/* Thousands of lines every guest trusts: the hypervisor plus the OS it depends on. */
double      hv_profile_tcb_kloc(const HvProfile *p);
/* What one crash takes down under p, one sentence (static). */
const char *hv_profile_failure_domain(const HvProfile *p);
/* What a guest shares with its co-runners under p: "kernel", or "hypervisor"; and with what
 * mechanisms it is separated; one sentence into out. */
void        hv_profile_isolation_summary(const HvProfile *p, GString *out);
/* What a container is exposed to for each isolation mechanism its profile lacks (no
 * namespaces: the host's network stack, process table and hostname; no chroot: the host's
 * filesystem; ...), "; "-separated into out; returns how many.  A VM (hw-vm) and a native
 * host: 0 (a VM shares only what hv_profile_isolation_summary says; a native host is the
 * whole machine). */
guint       hv_profile_exposed(const HvProfile *p, GString *out);
/* The explain lines: drivers, trusted base, failure domain, isolation. */
void        hv_trust_explain(const HvProfile *p, GString *out);

#endif
