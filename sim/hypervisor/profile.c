/* sim/hypervisor/profile.c — the built-in hypervisor profiles, their lookup, and the key
 * table through which a scenario overrides fields of a copy.
 *
 * Sources of the numbers (docs/models.md, "Virtualization overhead" gives table and figure):
 * VM exit round trips by generation: Adams & Agesen ASPLOS 2006 (Pentium 4, ~2,400 cycles)
 * and Agesen et al. USENIX ATC 2012 (falling toward ~500 on later cores); Xen batching:
 * Barham et al. SOSP 2003 and Linux's Xen multicall batch (32 entries); Firecracker boot and
 * footprint: Agache et al. NSDI 2020; unikernel boot: Manco et al. SOSP 2017.  Costs that no
 * paper gives directly (exit handler, hypercall, host world switch, container accounting)
 * are our assumptions, calibrated where possible against the published end-to-end ratios;
 * docs/models.md marks each one.
 */
#include "sim/hypervisor/profile.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <stddef.h>
#include <string.h>

#define KIB (UINT64_C(1) << 10)
#define MIB (UINT64_C(1) << 20)
#define GIB (UINT64_C(1) << 30)

G_DEFINE_QUARK(hv-error-quark, hv_error)

/* ---- cost blocks shared by several built-ins ------------------------------------------ */

#define HV_GEN1_HANDLER 5890
#define HV_HW_COSTS .exit_handler_cycles = 0, .trap_cycles = 1500, .shadow_emulate_cycles = 3302
#define HV_BT_COSTS                                                                          \
    .bt_reflect_cycles = 2000, .bt_inline_cycles = 35, .bt_trace_cycles = 91,                 \
    .bt_return_cycles = 40, .bt_kernel_slowdown_frac = 0.05, .bt_translate_cycles = 3000,    \
    .bt_tc_bytes = 4 * MIB, .bt_expansion = 1.5, .bt_units_per_entry = 20, .trap_cycles = 1500
#define HV_PV_COSTS                                                                          \
    .hypercall_cycles = 400, .pv_pt_update_cycles = 100, .pv_pt_batch = 32,                  \
    .pv_fault_cycles = 600, .pv_event_cycles = 300, .trap_cycles = 1500
#define HV_T2_COSTS                                                                          \
    .host_switches_per_io = 2.0, .host_exit_frac = 0.05,         \
    .host_io_cycles = 16640
/* VMware Workstation (2003) world switch to the host OS and back, fitted so that SPECweb99
 * runs at 0.29 of native (Barham et al. 2003 Fig. 3); see docs/validation.md. */
#define HV_WS2003_HOST_SWITCH_CYCLES 195000
/* Its emulated IDE disk: every register access of an ATA DMA command goes to the device
 * model in the host world (as the Lance data port does in Sugerman et al. 2001, Sec. 2):
 * Linux 2.4's IDE driver writes device, sector count, LBA low/mid/high and command (6), the
 * bus-master PRD pointer and start (2), and its interrupt handler reads and clears the
 * bus-master status, stops the engine and reads the ATA status (4): 12, plus the completion
 * interrupt taken in the VMM world and switched to the host (Sugerman Sec. 4): 13. */
#define HV_WS2003_HOST_SWITCHES_PER_DISK_IO 13
#define HV_CTR_COSTS .ctr_syscall_cycles = 40, .ctr_io_cycles = 400
/* QEMU's block back end before 9.0: one thread per virtio-blk device (its iothread or the
 * main loop), whatever the guest's queues (kvmonz.blogspot.com 2024-06 "virtio-blk
 * scalability improvements"; Hajnoczi, KVM Forum 2024 / Red Hat Developers 2024-09).  Both
 * costs fitted at 2.4 GHz on Felter et al.'s own fio logs (thewmf/kvm-docker-comparison
 * fio/results/vm.log, linux.log): the stream path on random-read-16 and random-write-16 (one
 * job: 23.3 and 39.1 us beyond native per op, mean 31.2 us), the back end on
 * random-read-16x8 and random-write-16x8 (8 jobs: 23.5 and 17.8 us per op, mean 20.7 us);
 * docs/validation.md.  VirtualBox's device model, also one I/O thread per controller in the
 * VM's host process, is given the same costs (an assumption: not measured). */
#define HV_QEMU_BLOCK .blk_stream_cycles = 74900, .blk_backend_cycles = 49600, \
                      .blk_backend_threads = 1

/* Guests, drivers and trust (sim/hypervisor/trust.h; docs/models.md "Guests, drivers,
 * trust").  Versions pack as hv_guest_version_parse() does.  Paravirtual Linux guests: pvops
 * since 2.6.23 (x86-32) and 2.6.26 (x86-64); 32-bit PV guests were dropped in 5.9.  TCB sizes
 * in thousands of lines are order-of-magnitude values (Steinberg & Kauer, EuroSys 2010, Fig. 1;
 * Agache et al. NSDI 2020 for Firecracker), marked unverified in docs/models.md. */
#define HV_VER(a, b, c) ((uint32_t)(a) << 20 | (uint32_t)(b) << 10 | (uint32_t)(c))
#define HV_ANY_VERSION .pv_guest_min = 0, .pv_guest_max = HV_VER(1023, 1023, 1023)
#define HV_XEN_TRUST .driver_domain = TRUE, .tcb_hypervisor_kloc = 100, .tcb_os_kloc = 360
#define HV_LINUX_TRUST .drivers = HV_DRIVERS_ALL, .tcb_hypervisor_kloc = 360, .tcb_os_kloc = 0
#define HV_ESX_TRUST .drivers = HV_DRIVERS_NIC_DISK_GPU_VNIC, .tcb_hypervisor_kloc = 200
#define HV_T2_TRUST .tcb_hypervisor_kloc = 100, .tcb_os_kloc = 360
#define HV_CTR_TRUST .tcb_hypervisor_kloc = 0, .tcb_os_kloc = 360
#define HV_DRIVERS_NIC_DISK_GPU_VNIC 0x27u
#define HV_DRIVERS_VIRTIO 0x23u                       /* nic, disk, vnic */

static const HvProfile hv_builtins[] = {
    { .name = "native", HV_ANY_VERSION,
      .kind = HV_KIND_NATIVE, .technique = HV_TECH_NONE, .isa = "x86-vt",
      .paging = HV_PAGING_NATIVE, .boot_ns = 120 * SIM_NS_PER_S, .image_bytes = 2 * GIB },
    { .name = "vm370", .drivers = 0x3bu, .tcb_hypervisor_kloc = 50, HV_ANY_VERSION,
      .kind = HV_KIND_TYPE1, .technique = HV_TECH_TRAP_EMULATE,
      .isa = "trap-and-emulate", .paging = HV_PAGING_SHADOW, HV_HW_COSTS,
      .isolation = HV_ISO_HW_VM, .host_footprint_bytes = 64 * MIB, .vm_footprint_bytes = 8 * MIB,
      .boot_ns = 30 * SIM_NS_PER_S, .image_bytes = 1 * GIB },
    { .name = "xen-pv", HV_XEN_TRUST, .pv_guest_min = HV_VER(2, 6, 26), .pv_guest_max = HV_VER(1023, 1023, 1023),
      .kind = HV_KIND_TYPE1, .technique = HV_TECH_PV, .isa = "x86-classic",
      .paging = HV_PAGING_DIRECT, .pv_x86_64 = TRUE, HV_PV_COSTS, .pv_syscall_cycles = 300,
      .isolation = HV_ISO_HW_VM, .host_footprint_bytes = 1 * GIB, .vm_footprint_bytes = 16 * MIB,
      .boot_ns = 10 * SIM_NS_PER_S, .image_bytes = 2 * GIB },
    { .name = "xen-pv32", HV_XEN_TRUST, .pv_guest_min = HV_VER(2, 4, 0), .pv_guest_max = HV_VER(5, 8, 1023),
      .kind = HV_KIND_TYPE1, .technique = HV_TECH_PV, .isa = "x86-classic",
      .paging = HV_PAGING_DIRECT, .pv_x86_64 = FALSE, HV_PV_COSTS, .pv_syscall_cycles = 0,
      .isolation = HV_ISO_HW_VM, .host_footprint_bytes = 1 * GIB, .vm_footprint_bytes = 16 * MIB,
      .boot_ns = 10 * SIM_NS_PER_S, .image_bytes = 2 * GIB },
    { .name = "xen-hvm", HV_XEN_TRUST, HV_ANY_VERSION,
      .kind = HV_KIND_TYPE1, .technique = HV_TECH_HW, .hw_gen = 2,
      .isa = "x86-vt", .paging = HV_PAGING_NESTED, HV_HW_COSTS, .isolation = HV_ISO_HW_VM,
      .host_footprint_bytes = 1 * GIB, .vm_footprint_bytes = 131 * MIB,
      .boot_ns = 20 * SIM_NS_PER_S, .image_bytes = 2 * GIB },
    { .name = "kvm", HV_LINUX_TRUST, HV_ANY_VERSION,
      .kind = HV_KIND_TYPE1, .technique = HV_TECH_HW, .hw_gen = 3,
      .isa = "x86-vt", .paging = HV_PAGING_NESTED, HV_HW_COSTS, HV_QEMU_BLOCK,
      .isolation = HV_ISO_HW_VM,
      .host_footprint_bytes = 512 * MIB, .vm_footprint_bytes = 131 * MIB,
      .boot_ns = 10 * SIM_NS_PER_S, .image_bytes = 2 * GIB },
    { .name = "esxi-bt", HV_ESX_TRUST, HV_ANY_VERSION,
      .kind = HV_KIND_TYPE1, .technique = HV_TECH_BT, .isa = "x86-classic",
      .paging = HV_PAGING_SHADOW, HV_BT_COSTS, .isolation = HV_ISO_HW_VM,
      .host_footprint_bytes = 512 * MIB, .vm_footprint_bytes = 100 * MIB,
      .boot_ns = 20 * SIM_NS_PER_S, .image_bytes = 2 * GIB },
    { .name = "esxi-hw", HV_ESX_TRUST, HV_ANY_VERSION,
      .kind = HV_KIND_TYPE1, .technique = HV_TECH_HW, .hw_gen = 3,
      .isa = "x86-vt", .paging = HV_PAGING_NESTED, HV_HW_COSTS, .isolation = HV_ISO_HW_VM,
      .host_footprint_bytes = 512 * MIB, .vm_footprint_bytes = 100 * MIB,
      .boot_ns = 20 * SIM_NS_PER_S, .image_bytes = 2 * GIB },
    { .name = "virtualbox", HV_T2_TRUST, HV_ANY_VERSION,
      .kind = HV_KIND_TYPE2, .technique = HV_TECH_HW, .hw_gen = 2,
      .isa = "x86-vt", .paging = HV_PAGING_NESTED, HV_HW_COSTS, HV_T2_COSTS,
      .host_switch_cycles = 4000, .host_switches_per_disk_io = 2.0, HV_QEMU_BLOCK,
      .isolation = HV_ISO_HW_VM, .host_footprint_bytes = 2 * GIB,
      .vm_footprint_bytes = 200 * MIB, .boot_ns = 30 * SIM_NS_PER_S, .image_bytes = 2 * GIB },
    { .name = "vmware-workstation", HV_T2_TRUST, HV_ANY_VERSION,
      .kind = HV_KIND_TYPE2, .technique = HV_TECH_BT,
      .isa = "x86-classic", .paging = HV_PAGING_SHADOW, HV_BT_COSTS, HV_T2_COSTS,
      .host_switch_cycles = HV_WS2003_HOST_SWITCH_CYCLES,
      .host_switches_per_disk_io = HV_WS2003_HOST_SWITCHES_PER_DISK_IO,
      .isolation = HV_ISO_HW_VM, .host_footprint_bytes = 2 * GIB,
      .vm_footprint_bytes = 150 * MIB, .boot_ns = 30 * SIM_NS_PER_S, .image_bytes = 2 * GIB },
    { .name = "firecracker", .drivers = HV_DRIVERS_VIRTIO, .tcb_hypervisor_kloc = 410, .tcb_os_kloc = 0, HV_ANY_VERSION,
      .kind = HV_KIND_TYPE1, .technique = HV_TECH_HW, .hw_gen = 3,
      .isa = "x86-vt", .paging = HV_PAGING_NESTED, HV_HW_COSTS,
      .isolation = HV_ISO_HW_VM | HV_ISO_CHROOT | HV_ISO_NAMESPACES | HV_ISO_CGROUPS |
                   HV_ISO_SECCOMP,
      .host_footprint_bytes = 512 * MIB, .vm_footprint_bytes = 5 * MIB,
      .boot_ns = 125 * SIM_NS_PER_MS, .image_bytes = 50 * MIB },
    { .name = "unikernel", HV_XEN_TRUST, HV_ANY_VERSION,
      .kind = HV_KIND_TYPE1, .technique = HV_TECH_PV, .isa = "x86-classic",
      .paging = HV_PAGING_DIRECT, .pv_x86_64 = TRUE, HV_PV_COSTS, .pv_syscall_cycles = 300,
      .isolation = HV_ISO_HW_VM, .host_footprint_bytes = 1 * GIB,
      .vm_footprint_bytes = 4 * MIB, .boot_ns = 4 * SIM_NS_PER_MS, .image_bytes = 480 * KIB },
    { .name = "docker", HV_CTR_TRUST, HV_ANY_VERSION,
      .kind = HV_KIND_CONTAINER, .technique = HV_TECH_NONE, .isa = "x86-vt",
      .paging = HV_PAGING_NATIVE, HV_CTR_COSTS,
      .isolation = HV_ISO_CHROOT | HV_ISO_NAMESPACES | HV_ISO_CAPABILITIES | HV_ISO_CGROUPS |
                   HV_ISO_SECCOMP | HV_ISO_SELINUX,
      .host_footprint_bytes = 100 * MIB, .vm_footprint_bytes = 8 * MIB,
      .boot_ns = 500 * SIM_NS_PER_MS, .image_bytes = 100 * MIB },
    { .name = "lxc", HV_CTR_TRUST, HV_ANY_VERSION,
      .kind = HV_KIND_CONTAINER, .technique = HV_TECH_NONE, .isa = "x86-vt",
      .paging = HV_PAGING_NATIVE, HV_CTR_COSTS,
      .isolation = HV_ISO_CHROOT | HV_ISO_NAMESPACES | HV_ISO_CAPABILITIES | HV_ISO_CGROUPS |
                   HV_ISO_SELINUX,
      .host_footprint_bytes = 50 * MIB, .vm_footprint_bytes = 16 * MIB,
      .boot_ns = 2 * SIM_NS_PER_S, .image_bytes = 300 * MIB },
};

const HvProfile *hv_profile_builtins(size_t *n_out)
{
    *n_out = G_N_ELEMENTS(hv_builtins);
    return hv_builtins;
}

const HvProfile *hv_profile_lookup(const char *name)
{
    g_return_val_if_fail(name != NULL, NULL);
    for (size_t i = 0; i < G_N_ELEMENTS(hv_builtins); i++)
        if (strcmp(hv_builtins[i].name, name) == 0)
            return &hv_builtins[i];
    return NULL;
}

/* ---- enum names ----------------------------------------------------------------------- */

static const char *const hv_kind_names[HV_KIND_COUNT] = { "native", "type1", "type2", "container" };
static const char *const hv_tech_names[HV_TECH_COUNT] = {
    "none", "trap-and-emulate", "binary-translation", "paravirtualization", "hardware-assist" };
static const char *const hv_level_names[HV_LEVEL_COUNT] = {
    "none", "process-level", "os-level", "system-level" };
static const char *const hv_paging_names[HV_PAGING_COUNT] = { "native", "shadow", "direct", "nested" };
static const char *const hv_iso_names[HV_ISO_COUNT] = {
    "chroot", "namespaces", "capabilities", "cgroups", "selinux", "seccomp", "hw-vm" };

static gboolean hv_name_index(const char *const *names, int n, const char *name, int *out)
{
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0) {
            *out = i;
            return TRUE;
        }
    return FALSE;
}

const char *hv_kind_name(HvKind k)           { g_assert((unsigned)k < HV_KIND_COUNT); return hv_kind_names[k]; }
const char *hv_technique_name(HvTechnique t) { g_assert((unsigned)t < HV_TECH_COUNT); return hv_tech_names[t]; }
const char *hv_level_name(HvLevel l)         { g_assert((unsigned)l < HV_LEVEL_COUNT); return hv_level_names[l]; }
const char *hv_paging_name(HvPaging m)       { g_assert((unsigned)m < HV_PAGING_COUNT); return hv_paging_names[m]; }

const char *hv_isolation_name(unsigned single_bit)
{
    for (int i = 0; i < HV_ISO_COUNT; i++)
        if (single_bit == 1u << i)
            return hv_iso_names[i];
    g_assert_not_reached();
}

void hv_isolation_format(unsigned set, GString *out)
{
    gboolean first = TRUE;
    for (int i = 0; i < HV_ISO_COUNT; i++) {
        if (!(set & (1u << i)))
            continue;
        g_string_append_printf(out, "%s%s", first ? "" : ", ", hv_iso_names[i]);
        first = FALSE;
    }
    if (first)
        g_string_append(out, "none");
}

gboolean hv_kind_from_name(const char *name, HvKind *out)
{
    int i;
    if (!hv_name_index(hv_kind_names, HV_KIND_COUNT, name, &i))
        return FALSE;
    *out = (HvKind)i;
    return TRUE;
}

gboolean hv_technique_from_name(const char *name, HvTechnique *out)
{
    int i;
    if (!hv_name_index(hv_tech_names, HV_TECH_COUNT, name, &i))
        return FALSE;
    *out = (HvTechnique)i;
    return TRUE;
}

gboolean hv_paging_from_name(const char *name, HvPaging *out)
{
    int i;
    if (!hv_name_index(hv_paging_names, HV_PAGING_COUNT, name, &i))
        return FALSE;
    *out = (HvPaging)i;
    return TRUE;
}

gboolean hv_isolation_from_name(const char *name, unsigned *bit_out)
{
    int i;
    if (!hv_name_index(hv_iso_names, HV_ISO_COUNT, name, &i))
        return FALSE;
    *bit_out = 1u << i;
    return TRUE;
}

HvLevel hv_profile_level(const HvProfile *p)
{
    switch (p->kind) {
    case HV_KIND_NATIVE:    return HV_LEVEL_NONE;
    case HV_KIND_CONTAINER: return HV_LEVEL_OS;
    default:                return HV_LEVEL_SYSTEM;
    }
}

/* ---- versions and driver lists ------------------------------------------------------- */

const char *const hv_driver_kind_names[] = { "nic", "disk", "gpu", "display", "printer", "vnic",
                                             NULL };

gboolean hv_guest_version_parse(const char *text, uint32_t *out)
{
    g_auto(GStrv) parts = g_strsplit(text, ".", -1);
    guint n = g_strv_length(parts);
    uint32_t v = 0;
    if (n < 2 || n > 3)
        return FALSE;
    for (guint i = 0; i < 3; i++) {
        char *end = NULL;
        unsigned long x = i < n ? strtoul(parts[i], &end, 10) : 0;
        if (i < n && (end == parts[i] || *end != '\0' || x >= 1024))
            return FALSE;
        v = v << 10 | (uint32_t)x;
    }
    *out = v;
    return TRUE;
}

void hv_guest_version_format(uint32_t version, char *buf, size_t size)
{
    unsigned major = version >> 20, minor = version >> 10 & 1023, patch = version & 1023;
    if (patch == 1023)                   /* the top of a range: every patch level */
        snprintf(buf, size, "%u.%u.x", major, minor);
    else if (patch)
        snprintf(buf, size, "%u.%u.%u", major, minor, patch);
    else
        snprintf(buf, size, "%u.%u", major, minor);
}

void hv_drivers_format(unsigned set, GString *out)
{
    gboolean first = TRUE;
    for (int i = 0; hv_driver_kind_names[i]; i++)
        if (set >> i & 1u) {
            g_string_append_printf(out, "%s%s", first ? "" : ", ", hv_driver_kind_names[i]);
            first = FALSE;
        }
    if (first)
        g_string_append(out, "none");
}

static int driver_kind_index(const char *name)
{
    for (int i = 0; hv_driver_kind_names[i]; i++)
        if (strcmp(hv_driver_kind_names[i], name) == 0)
            return i;
    return -1;
}

gboolean hv_drivers_parse(const char *text, unsigned *out, GError **error)
{
    g_auto(GStrv) parts = g_strsplit_set(text, ", ", -1);
    unsigned set = 0;
    for (char **s = parts; *s; s++) {
        if (**s == '\0' || strcmp(*s, "none") == 0)
            continue;
        int i = driver_kind_index(*s);
        if (i < 0) {
            g_set_error(error, HV_ERROR, HV_ERROR_UNKNOWN, "unknown device kind '%s' (expected "
                        "nic, disk, gpu, display, printer, vnic or none)", *s);
            return FALSE;
        }
        set |= 1u << i;
    }
    *out = set;
    return TRUE;
}

/* ---- effective costs ------------------------------------------------------------------ */

double hv_vm_exit_cycles_for_gen(int hw_gen)
{
    static const double by_gen[HV_HW_GEN_MAX + 1] = { 0, 2400, 1000, 500 };
    g_return_val_if_fail(hw_gen >= 0 && hw_gen <= HV_HW_GEN_MAX, 0);
    return by_gen[hw_gen];
}

/* VMM work per exit by generation: 600 cycles from generation 2 on (assumption); on the
 * Pentium 4 of generation 1 fitted on Adams & Agesen's pgfault nanobenchmark (docs/models.md):
 * exit + handler + the TLB refill after it = 10,149 - 834 (the software MMU's share). */
double hv_exit_handler_cycles_for_gen(int hw_gen)
{
    static const double by_gen[HV_HW_GEN_MAX + 1] = { 0, HV_GEN1_HANDLER, 600, 600 };
    g_return_val_if_fail(hw_gen >= 0 && hw_gen <= HV_HW_GEN_MAX, 0);
    return by_gen[hw_gen];
}

double hv_profile_exit_handler_cycles(const HvProfile *p)
{
    return p->exit_handler_cycles > 0 ? p->exit_handler_cycles
                                      : hv_exit_handler_cycles_for_gen(p->hw_gen);
}

double hv_profile_vm_exit_cycles(const HvProfile *p)
{
    return p->vm_exit_cycles > 0 ? p->vm_exit_cycles : hv_vm_exit_cycles_for_gen(p->hw_gen);
}

double hv_profile_hypercall_cycles(const HvProfile *p)
{
    if (p->hypercall_cycles > 0)
        return p->hypercall_cycles;
    return p->technique == HV_TECH_HW ? hv_profile_vm_exit_cycles(p) + hv_profile_exit_handler_cycles(p) : 0;
}

double hv_pv_pt_update_cost_cycles(double hypercall_cycles, double per_update_cycles, int batch)
{
    g_return_val_if_fail(batch >= 1, 0);
    return (hypercall_cycles + batch * per_update_cycles) / batch;
}

/* ---- the key table -------------------------------------------------------------------- */

typedef enum { HV_F_DOUBLE, HV_F_U64, HV_F_INT, HV_F_NS, HV_F_BOOL } HvFieldType;

typedef struct {
    const char *key;
    const char *unit;
    HvFieldType type;
    size_t      offset;
    double      min, max;
} HvProfileField;

#define F(k, u, t, f, lo, hi) { k, u, t, offsetof(HvProfile, f), lo, hi }
static const HvProfileField hv_fields[] = {
    F("generation", "count", HV_F_INT, hw_gen, 0, HV_HW_GEN_MAX),
    F("pv_x86_64", "bool", HV_F_BOOL, pv_x86_64, 0, 1),
    F("driver_domain", "bool", HV_F_BOOL, driver_domain, 0, 1),
    F("tcb_hypervisor", "count", HV_F_DOUBLE, tcb_hypervisor_kloc, 0, 1e6),
    F("tcb_os", "count", HV_F_DOUBLE, tcb_os_kloc, 0, 1e6),
    F("vm_exit", "cycles", HV_F_DOUBLE, vm_exit_cycles, 0, 1e7),
    F("exit_handler", "cycles", HV_F_DOUBLE, exit_handler_cycles, 0, 1e7),
    F("hypercall", "cycles", HV_F_DOUBLE, hypercall_cycles, 0, 1e7),
    F("trap", "cycles", HV_F_DOUBLE, trap_cycles, 0, 1e7),
    F("shadow_emulate", "cycles", HV_F_DOUBLE, shadow_emulate_cycles, 0, 1e7),
    F("bt_reflect", "cycles", HV_F_DOUBLE, bt_reflect_cycles, 0, 1e7),
    F("bt_inline", "cycles", HV_F_DOUBLE, bt_inline_cycles, 0, 1e7),
    F("bt_trace", "cycles", HV_F_DOUBLE, bt_trace_cycles, 0, 1e7),
    F("bt_return", "cycles", HV_F_DOUBLE, bt_return_cycles, 0, 1e7),
    F("bt_kernel_slowdown", "frac", HV_F_DOUBLE, bt_kernel_slowdown_frac, 0, 10),
    F("bt_translate", "cycles", HV_F_DOUBLE, bt_translate_cycles, 0, 1e8),
    F("bt_tc_size", "bytes", HV_F_U64, bt_tc_bytes, 0, 1e12),
    F("bt_expansion", "count", HV_F_DOUBLE, bt_expansion, 0, 100),
    F("bt_units_per_entry", "count", HV_F_DOUBLE, bt_units_per_entry, 0, 1e6),
    F("pt_update", "cycles", HV_F_DOUBLE, pv_pt_update_cycles, 0, 1e7),
    F("pt_batch", "count", HV_F_INT, pv_pt_batch, 1, 1 << 20),
    F("pv_fault", "cycles", HV_F_DOUBLE, pv_fault_cycles, 0, 1e7),
    F("pv_syscall", "cycles", HV_F_DOUBLE, pv_syscall_cycles, 0, 1e7),
    F("pv_event", "cycles", HV_F_DOUBLE, pv_event_cycles, 0, 1e7),
    F("host_switch", "cycles", HV_F_DOUBLE, host_switch_cycles, 0, 1e8),
    F("host_switches_per_io", "count", HV_F_DOUBLE, host_switches_per_io, 0, 1e4),
    F("host_switches_per_disk_io", "count", HV_F_DOUBLE, host_switches_per_disk_io, 0, 1e4),
    F("host_exit_frac", "frac", HV_F_DOUBLE, host_exit_frac, 0, 1),
    F("host_io", "cycles", HV_F_DOUBLE, host_io_cycles, 0, 1e9),
    F("ctr_syscall", "cycles", HV_F_DOUBLE, ctr_syscall_cycles, 0, 1e7),
    F("ctr_io", "cycles", HV_F_DOUBLE, ctr_io_cycles, 0, 1e8),
    F("cpu_cap", "cores", HV_F_DOUBLE, cpu_cap_cores, 0, 1e6),
    F("mem_limit", "bytes", HV_F_U64, mem_limit_bytes, 0, 1e18),
    F("host_footprint", "bytes", HV_F_U64, host_footprint_bytes, 0, 1e18),
    F("vm_footprint", "bytes", HV_F_U64, vm_footprint_bytes, 0, 1e18),
    F("boot", "ns", HV_F_NS, boot_ns, 0, 9e18),
    F("image", "bytes", HV_F_U64, image_bytes, 0, 1e18),
    F("walk_extra", "cycles", HV_F_DOUBLE, walk_extra_cycles, 0, 1e7),
    F("pv_io_latency", "ns", HV_F_NS, pv_io_latency_ns, 0, 1e12),
    F("pv_io_cycles", "cycles", HV_F_DOUBLE, pv_io_cycles, 0, 1e9),
    F("blk_stream", "cycles", HV_F_DOUBLE, blk_stream_cycles, 0, 1e9),
    F("blk_backend", "cycles", HV_F_DOUBLE, blk_backend_cycles, 0, 1e9),
    F("blk_backend_threads", "count", HV_F_INT, blk_backend_threads, 0, 1 << 16),
};
#undef F

static const HvProfileField *hv_field_find(const char *key)
{
    for (size_t i = 0; i < G_N_ELEMENTS(hv_fields); i++)
        if (strcmp(hv_fields[i].key, key) == 0)
            return &hv_fields[i];
    return NULL;
}

const char *hv_profile_key_unit(const char *key)
{
    static const char *const name_keys[] = { "kind", "technique", "paging", "isa", "isolation",
                                             "drivers", "pv_guest_min", "pv_guest_max" };
    const HvProfileField *f = hv_field_find(key);
    if (f)
        return f->unit;
    for (size_t i = 0; i < G_N_ELEMENTS(name_keys); i++)
        if (strcmp(name_keys[i], key) == 0)
            return "name";
    return NULL;
}

const char *const *hv_profile_keys(void)
{
    static const char *keys[G_N_ELEMENTS(hv_fields) + 1];
    static gsize done;
    if (g_once_init_enter(&done)) {
        for (size_t i = 0; i < G_N_ELEMENTS(hv_fields); i++)
            keys[i] = hv_fields[i].key;
        g_once_init_leave(&done, 1);
    }
    return keys;
}

gboolean hv_profile_set(HvProfile *p, const char *key, double value, GError **error)
{
    const HvProfileField *f = hv_field_find(key);
    if (!f) {
        g_set_error(error, HV_ERROR, HV_ERROR_UNKNOWN, "unknown hypervisor profile key '%s'", key);
        return FALSE;
    }
    if (!(value >= f->min && value <= f->max)) {
        g_set_error(error, HV_ERROR, HV_ERROR_INVALID,
                    "%s '%g' out of range (expected %g to %g %s)", key, value, f->min, f->max, f->unit);
        return FALSE;
    }
    if (f->type == HV_F_INT && value != floor(value)) {
        g_set_error(error, HV_ERROR, HV_ERROR_INVALID,
                    "%s '%g' is not a whole number (expected an integer %s)", key, value, f->unit);
        return FALSE;
    }
    char *at = (char *)p + f->offset;
    switch (f->type) {
    case HV_F_DOUBLE: *(double *)at = value; break;
    case HV_F_U64:    *(uint64_t *)at = (uint64_t)value; break;
    case HV_F_INT:    *(int *)at = (int)value; break;
    case HV_F_NS:     *(SimTimeNs *)at = (SimTimeNs)value; break;
    case HV_F_BOOL:   *(gboolean *)at = value != 0; break;
    }
    return TRUE;
}

static gboolean hv_set_isolation(HvProfile *p, const char *value, GError **error)
{
    g_auto(GStrv) parts = g_strsplit_set(value, ", ", -1);
    unsigned set = 0;
    for (char **s = parts; *s; s++) {
        unsigned bit;
        if (**s == '\0' || strcmp(*s, "none") == 0)
            continue;
        if (!hv_isolation_from_name(*s, &bit)) {
            g_set_error(error, HV_ERROR, HV_ERROR_UNKNOWN,
                        "unknown isolation mechanism '%s' (expected chroot, namespaces, "
                        "capabilities, cgroups, selinux, seccomp or hw-vm)", *s);
            return FALSE;
        }
        set |= bit;
    }
    p->isolation = set;
    return TRUE;
}

static gboolean hv_bad_name(GError **error, const char *key, const char *value, const char *expected)
{
    g_set_error(error, HV_ERROR, HV_ERROR_UNKNOWN, "unknown %s '%s' (expected %s)", key, value, expected);
    return FALSE;
}

/* "2.6.26" into pv_guest_min or pv_guest_max (packed as hv_guest_version_parse does). */
static gboolean hv_set_version(HvProfile *p, const char *key, const char *value, GError **error)
{
    uint32_t v;
    if (!hv_guest_version_parse(value, &v))
        return hv_bad_name(error, "version", value, "major.minor or major.minor.patch, each "
                                                    "below 1024");
    *(strcmp(key, "pv_guest_min") == 0 ? &p->pv_guest_min : &p->pv_guest_max) = v;
    return TRUE;
}

gboolean hv_profile_set_name(HvProfile *p, const char *key, const char *value, GError **error)
{
    if (strcmp(key, "kind") == 0)
        return hv_kind_from_name(value, &p->kind) ||
               hv_bad_name(error, key, value, "native, type1, type2 or container");
    if (strcmp(key, "technique") == 0)
        return hv_technique_from_name(value, &p->technique) ||
               hv_bad_name(error, key, value, "none, trap-and-emulate, binary-translation, "
                                              "paravirtualization or hardware-assist");
    if (strcmp(key, "paging") == 0)
        return hv_paging_from_name(value, &p->paging) ||
               hv_bad_name(error, key, value, "native, shadow, direct or nested");
    if (strcmp(key, "isolation") == 0)
        return hv_set_isolation(p, value, error);
    if (strcmp(key, "drivers") == 0)
        return hv_drivers_parse(value, &p->drivers, error);
    if (strcmp(key, "pv_guest_min") == 0 || strcmp(key, "pv_guest_max") == 0)
        return hv_set_version(p, key, value, error);
    if (strcmp(key, "isa") == 0) {
        p->isa = value;    /* checked against the ISA table by hv_popek_goldberg_check() */
        return TRUE;
    }
    g_set_error(error, HV_ERROR, HV_ERROR_UNKNOWN, "unknown hypervisor profile key '%s'", key);
    return FALSE;
}

/* ---- validation ----------------------------------------------------------------------- */

static gboolean hv_invalid(GError **error, const HvProfile *p, const char *what)
{
    g_set_error(error, HV_ERROR, HV_ERROR_INVALID, "hypervisor profile '%s': %s", p->name, what);
    return FALSE;
}

gboolean hv_profile_validate(const HvProfile *p, GError **error)
{
    gboolean vmm = p->kind == HV_KIND_TYPE1 || p->kind == HV_KIND_TYPE2;
    if (vmm && p->technique == HV_TECH_NONE)
        return hv_invalid(error, p, "a type1 or type2 hypervisor needs a technique "
                                    "(trap-and-emulate, binary-translation, paravirtualization "
                                    "or hardware-assist)");
    if (!vmm && p->technique != HV_TECH_NONE)
        return hv_invalid(error, p, "native and container kinds take technique 'none'");
    if (p->technique == HV_TECH_HW && (p->hw_gen < 1 || p->hw_gen > HV_HW_GEN_MAX))
        return hv_invalid(error, p, "hardware-assist needs generation 1, 2 or 3");
    if (p->technique != HV_TECH_HW && p->hw_gen != 0)
        return hv_invalid(error, p, "generation applies only to hardware-assist");
    if (p->technique == HV_TECH_PV && p->pv_pt_batch < 1)
        return hv_invalid(error, p, "pt_batch must be at least 1");
    if (p->technique == HV_TECH_HW && p->hw_gen < 2 && p->paging == HV_PAGING_NESTED)
        return hv_invalid(error, p, "nested paging needs hardware-assist generation 2 or 3");
    if (p->technique == HV_TECH_PV && p->paging == HV_PAGING_NESTED)
        return hv_invalid(error, p, "paravirtualization uses direct or shadow paging, not nested");
    if (!vmm && p->paging != HV_PAGING_NATIVE)
        return hv_invalid(error, p, "native and container kinds use native paging");
    if (p->isa == NULL)
        return hv_invalid(error, p, "no isa");
    return TRUE;
}
