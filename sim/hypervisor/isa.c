/* sim/hypervisor/isa.c — ISA profiles and the Popek-Goldberg check.
 *
 * x86-classic's sensitive-unprivileged list follows Robin & Irvine (USENIX Security 2000,
 * Sec. 4.1-4.2), in their two groups: sensitive register instructions (SGDT, SIDT, SLDT,
 * SMSW, PUSHF, POPF) and protection-system references (LAR, LSL, VERR, VERW, POP, PUSH,
 * CALL, JMP, INT n, RET, STR, MOV of segment registers).  They count 17 instructions; the
 * groups name 18 mnemonics because far CALL/JMP/RET and INT n are discussed together.  The
 * privileged list is a representative subset from the Intel SDM (Vol. 3, "Privileged
 * Instructions"), enough to show the classes.
 */
#include "sim/hypervisor/isa.h"

#include <string.h>

#define PRIV(m, n)   { m, HV_INSN_PRIVILEGED, n }
#define SENS(m, n)   { m, HV_INSN_SENSITIVE_UNPRIV, n }
#define INNOC(m, n)  { m, HV_INSN_INNOCUOUS, n }

#define X86_PRIVILEGED                                                                      \
    PRIV("LGDT", "loads the global descriptor table register"),                              \
    PRIV("LIDT", "loads the interrupt descriptor table register"),                           \
    PRIV("LLDT", "loads the local descriptor table register"),                               \
    PRIV("LTR", "loads the task register"),                                                  \
    PRIV("MOV to CR0/CR3/CR4", "changes paging and protection control"),                     \
    PRIV("MOV to DR", "changes debug registers"),                                            \
    PRIV("LMSW", "loads the machine status word"),                                           \
    PRIV("CLTS", "clears the task-switched flag"),                                           \
    PRIV("INVLPG", "invalidates a TLB entry"),                                               \
    PRIV("WRMSR/RDMSR", "model-specific registers"),                                         \
    PRIV("HLT", "halts the processor")

#define X86_SENSITIVE_UNPRIV                                                                 \
    SENS("SGDT", "reveals the host's GDT base"),                                             \
    SENS("SIDT", "reveals the host's IDT base"),                                             \
    SENS("SLDT", "reveals the LDT selector"),                                                \
    SENS("SMSW", "reveals CR0's low bits (PE, TS)"),                                         \
    SENS("PUSHF", "reveals IF and IOPL"),                                                    \
    SENS("POPF", "silently ignores IF changes outside ring 0"),                              \
    SENS("LAR", "reads descriptor access rights (reveals CPL checks)"),                      \
    SENS("LSL", "reads a segment limit"),                                                    \
    SENS("VERR", "checks readability against the current privilege level"),                  \
    SENS("VERW", "checks writability against the current privilege level"),                  \
    SENS("POP", "segment-register pop checks the CPL"),                                      \
    SENS("PUSH", "PUSH CS/SS reveals the CPL in the selector"),                              \
    SENS("CALL", "far call through gates compares privilege levels"),                        \
    SENS("JMP", "far jump compares privilege levels"),                                       \
    SENS("INT n", "software interrupt checks the gate's DPL"),                               \
    SENS("RET", "far return compares privilege levels"),                                     \
    SENS("STR", "reveals the task register selector"),                                       \
    SENS("MOV", "MOV from CS/SS reveals the CPL")

static const HvInsn x86_insns[] = { X86_PRIVILEGED, X86_SENSITIVE_UNPRIV,
                                    INNOC("ADD/MOV/JMP near", "ordinary computation") };

static const HvInsn ideal_insns[] = {
    PRIV("SSM", "set system mask (interrupt enable)"),
    PRIV("LPSW", "load program status word (mode, protection key)"),
    PRIV("SIO", "start I/O"),
    PRIV("LCTL", "load control registers (address translation)"),
    PRIV("STCTL", "store control registers: reads control state, so privileged"),
    INNOC("A/L/ST/B", "ordinary computation"),
};

static const HvIsa hv_isas[] = {
    { "x86-classic", "IA-32 before VT-x/AMD-V: sensitive instructions that do not trap",
      x86_insns, G_N_ELEMENTS(x86_insns), FALSE },
    { "x86-vt", "x86 with VT-x/AMD-V: guest mode makes sensitive instructions trap or behave",
      x86_insns, G_N_ELEMENTS(x86_insns), TRUE },
    { "trap-and-emulate", "an ideal ISA (System/370-like): every sensitive instruction is "
      "privileged", ideal_insns, G_N_ELEMENTS(ideal_insns), FALSE },
};

const HvIsa *hv_isa_builtins(size_t *n_out)
{
    *n_out = G_N_ELEMENTS(hv_isas);
    return hv_isas;
}

const HvIsa *hv_isa_lookup(const char *name)
{
    g_return_val_if_fail(name != NULL, NULL);
    for (size_t i = 0; i < G_N_ELEMENTS(hv_isas); i++)
        if (strcmp(hv_isas[i].name, name) == 0)
            return &hv_isas[i];
    return NULL;
}

const char *hv_insn_class_name(HvInsnClass c)
{
    static const char *const names[HV_INSN_CLASS_COUNT] = {
        "privileged", "sensitive-unprivileged", "innocuous" };
    g_assert((unsigned)c < HV_INSN_CLASS_COUNT);
    return names[c];
}

size_t hv_isa_unvirtualizable(const HvIsa *isa, GString *out)
{
    size_t n = 0;
    if (isa->guest_mode)
        return 0;
    for (size_t i = 0; i < isa->n_insns; i++) {
        if (isa->insns[i].cls != HV_INSN_SENSITIVE_UNPRIV)
            continue;
        if (out)
            g_string_append_printf(out, "%s%s", n ? ", " : "", isa->insns[i].mnemonic);
        n++;
    }
    return n;
}

gboolean hv_popek_goldberg_check(const HvIsa *isa, HvTechnique technique, GError **error)
{
    g_return_val_if_fail(isa != NULL, FALSE);
    if (technique == HV_TECH_HW && !isa->guest_mode) {
        g_set_error(error, HV_ERROR, HV_ERROR_NOT_VIRTUALIZABLE,
                    "hardware-assist needs an ISA with guest mode (VT-x/AMD-V), but '%s' has "
                    "none (expected isa x86-vt, or technique binary-translation or "
                    "paravirtualization)", isa->name);
        return FALSE;
    }
    if (technique != HV_TECH_TRAP_EMULATE)
        return TRUE;
    g_autoptr(GString) list = g_string_new(NULL);
    size_t n = hv_isa_unvirtualizable(isa, list);
    if (n == 0)
        return TRUE;
    g_set_error(error, HV_ERROR, HV_ERROR_NOT_VIRTUALIZABLE,
                "trap-and-emulate cannot virtualize '%s': its sensitive instructions are not "
                "all privileged (Popek & Goldberg 1974); %zu execute in the deprivileged guest "
                "kernel without trapping: %s (Robin & Irvine 2000); the ways out are binary "
                "translation, paravirtualization or hardware assist", isa->name, n, list->str);
    return FALSE;
}

HvRings hv_profile_rings(const HvProfile *p)
{
    switch (p->technique) {
    case HV_TECH_TRAP_EMULATE:
        return (HvRings){ 3, 3, FALSE, "guest kernel deprivileged to user mode; its "
                                       "privileged instructions trap to the VMM" };
    case HV_TECH_BT:
        return (HvRings){ 1, 3, FALSE, "guest kernel deprivileged to ring 1 and run as "
                                       "translated code; applications run directly in ring 3" };
    case HV_TECH_PV:
        if (p->pv_x86_64)
            return (HvRings){ 3, 3, FALSE, "x86-64 has no usable ring 1: guest kernel and "
                                           "applications share ring 3 in separate address "
                                           "spaces; Xen in ring 0" };
        return (HvRings){ 1, 3, FALSE, "guest kernel in ring 1, applications in ring 3, "
                                       "Xen in ring 0" };
    case HV_TECH_HW:
        return (HvRings){ 0, 3, TRUE, "guest kernel in ring 0 of non-root (guest) mode; the "
                                      "VMM runs in root mode" };
    case HV_TECH_NONE:
    default:
        if (p->kind == HV_KIND_CONTAINER)
            return (HvRings){ 0, 3, FALSE, "no guest kernel: container processes run in ring "
                                           "3 on the shared host kernel (ring 0)" };
        return (HvRings){ 0, 3, FALSE, "native: kernel in ring 0, applications in ring 3" };
    }
}
