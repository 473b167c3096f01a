/* sim/hypervisor/isa.h — instruction classes, the Popek-Goldberg condition, protection rings.
 *
 * Popek & Goldberg (CACM 17(7), 1974, Theorem 1): a machine supports a trap-and-emulate VMM
 * when its sensitive instructions (those that read or change the machine's control state, or
 * behave differently by mode) are a subset of its privileged ones (those that trap in user
 * mode).  An ISA profile lists instruction classes; classic x86 fails the condition because of
 * 17 sensitive-but-unprivileged instructions (Robin & Irvine, USENIX Security 2000, Sec. 4),
 * which do not trap when the guest kernel is deprivileged: they silently return host state or
 * drop updates.  The three ways out: binary translation (rewrite them), paravirtualization
 * (remove them from the guest), hardware assist (VT-x/AMD-V make them behave in guest mode).
 *
 * Rings say where the guest kernel and guest applications run under each technique.
 */
#ifndef HV_ISA_H
#define HV_ISA_H

#include <glib.h>

#include "sim/hypervisor/profile.h"

typedef enum {
    HV_INSN_PRIVILEGED,          /* traps when executed outside the most privileged mode */
    HV_INSN_SENSITIVE_UNPRIV,    /* sensitive, but executes without trapping in user mode */
    HV_INSN_INNOCUOUS,           /* neither: runs directly in any VMM */
    HV_INSN_CLASS_COUNT
} HvInsnClass;

typedef struct {
    const char *mnemonic;
    HvInsnClass cls;
    const char *note;            /* what it reveals or changes */
} HvInsn;

typedef struct {
    const char   *name;          /* "x86-classic", "x86-vt", "trap-and-emulate" */
    const char   *description;
    const HvInsn *insns;
    size_t        n_insns;
    gboolean      guest_mode;    /* root/non-root modes (VT-x / AMD-V) */
} HvIsa;

const HvIsa *hv_isa_lookup(const char *name);          /* NULL if unknown */
const HvIsa *hv_isa_builtins(size_t *n_out);
const char  *hv_insn_class_name(HvInsnClass c);
/* Sensitive instructions that escape trap-and-emulate on this ISA (no guest mode), counted,
 * and optionally written as "SGDT, SIDT, ..." into out (may be NULL). */
size_t       hv_isa_unvirtualizable(const HvIsa *isa, GString *out);

/* Popek-Goldberg for a technique on an ISA.  TRUE if the technique can virtualize it.
 * FALSE + HV_ERROR_NOT_VIRTUALIZABLE for plain trap-and-emulate on an ISA whose sensitive
 * instructions are not all privileged (the message names them and the three ways out), and
 * for hardware assist on an ISA without guest mode.  Native and containers always pass. */
gboolean hv_popek_goldberg_check(const HvIsa *isa, HvTechnique technique, GError **error);

typedef struct {
    int         kernel_ring;     /* guest kernel (containers: the shared host kernel) */
    int         user_ring;       /* guest applications */
    gboolean    guest_mode;      /* both run in VMX non-root / SVM guest mode */
    const char *note;            /* one line for explain */
} HvRings;

HvRings hv_profile_rings(const HvProfile *p);

#endif
