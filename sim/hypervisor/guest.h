/* sim/hypervisor/guest.h — the guest operating system a VM runs, and whether a hypervisor can
 * run it.
 *
 * The course's three hardware-virtualization techniques differ in what they ask of the guest
 * (flashcards "Which virtualization requires a modified guest OS?", "Requirements for pure
 * OS-assisted approach"): paravirtualization runs only a *modified* guest, which needs the
 * guest's source and a kept application binary interface; full virtualization (binary
 * translation, trap-and-emulate) and hardware assist run unmodified guests; a container has
 * no guest kernel at all and shares the host's.  A modified guest also ties the operator to
 * the kernel versions the hypervisor's paravirtual interface supports (the "different
 * versions of OS must be maintained" cost): a profile carries that range.
 *
 * A guest is plain data (HvGuest) read from a VM's `guest:`; hv_guest_check() is the one rule,
 * used by the scenario check (VMs with a host), placement and migration (every other host).
 * Versions are "major.minor[.patch]" packed by hv_guest_version_parse() into one integer so
 * they compare in order (2.6.23 < 2.6.26 < 5.8 < 6.1).
 */
#ifndef HV_GUEST_H
#define HV_GUEST_H

#include <glib.h>
#include <stdint.h>

#include "sim/hypervisor/profile.h"

typedef enum { HV_GUEST_LINUX, HV_GUEST_WINDOWS, HV_GUEST_BSD, HV_GUEST_KERNEL_COUNT } HvGuestKernel;

typedef struct {
    HvGuestKernel kernel;
    gboolean      modified;       /* a paravirtualized (OS-assisted) kernel */
    uint32_t      version;        /* hv_guest_version_parse() of e.g. "5.10" */
} HvGuest;

/* The largest version: "no upper limit" in a profile's range. */
#define HV_GUEST_VERSION_ANY ((uint32_t)1023 << 20 | (uint32_t)1023 << 10 | 1023u)

/* NULL-terminated kernel names in HvGuestKernel order: "linux", "windows", "bsd". */
extern const char *const hv_guest_kernel_names[];
/* Whether the kernel's source is open to modification (Linux, BSD) or not (Windows). */
gboolean    hv_guest_source_open(HvGuestKernel k);
/* The default guest: Linux 4.19 (an LTS kernel every built-in paravirtual range holds), modified (mainline Linux carries Xen's paravirtual
 * interface, pvops, since 2.6.23). */
void        hv_guest_init(HvGuest *g);

/* Whether profile p can run guest g; FALSE with a message (no position; the caller adds it)
 * that names the course's reason and what was expected.  The rules: a paravirtual profile
 * needs g->modified and g->version inside [pv_guest_min, pv_guest_max]; a modified guest
 * needs an open-source kernel; a container takes only a guest of its host's kernel. */
gboolean    hv_guest_check(const HvProfile *p, const HvGuest *g, GError **error);
/* The same without a message (placement). */
gboolean    hv_guest_fits(const HvProfile *p, const HvGuest *g);
/* One line for explain: "linux 5.10, modified (paravirtual kernel) ...". */
void        hv_guest_describe(const HvProfile *p, const HvGuest *g, GString *out);

#endif
