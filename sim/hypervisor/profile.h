/* sim/hypervisor/profile.h — hypervisor profiles: what kind of virtualization layer a host
 * runs (native, Type 1, Type 2, container engine), which CPU-virtualization technique it uses
 * (trap-and-emulate, binary translation, paravirtualization, hardware assist of generation
 * 1-3), and what each of its mechanisms costs in host core cycles.
 *
 * A profile is plain data.  Built-ins are named after real systems (xen-pv, kvm, esxi-bt,
 * firecracker, docker, ...) and live in one table in profile.c; a user profile is a copy of a
 * built-in (`base:`) with fields overridden through hv_profile_set(), whose key table is also
 * the list of scenario keys.  Every built-in number is cited in docs/models.md, section
 * "Virtualization overhead (sim/hypervisor)"; numbers that are our assumptions say so there.
 *
 * Units: costs in host core cycles (_cycles), sizes in bytes, times in ns, fractions in 0..1.
 * A cost of 0 in vm_exit_cycles / hypercall_cycles means "the default for this hardware
 * generation" (hv_profile_vm_exit_cycles()); no other field has a hidden default.
 */
#ifndef HV_PROFILE_H
#define HV_PROFILE_H

#include <glib.h>
#include <stdint.h>

#include "sim/core/time.h"

#define HV_ERROR (hv_error_quark())
typedef enum {
    HV_ERROR_UNKNOWN,        /* unknown name or key */
    HV_ERROR_INVALID,        /* value out of range, inconsistent combination */
    HV_ERROR_NOT_VIRTUALIZABLE, /* Popek-Goldberg condition fails for the technique */
} HvErrorCode;
GQuark hv_error_quark(void);

typedef enum { HV_KIND_NATIVE, HV_KIND_TYPE1, HV_KIND_TYPE2, HV_KIND_CONTAINER, HV_KIND_COUNT } HvKind;

typedef enum {
    HV_TECH_NONE,            /* no VMM: native, or a container on the host kernel */
    HV_TECH_TRAP_EMULATE,    /* classic: deprivileged guest kernel, every sensitive op traps */
    HV_TECH_BT,              /* binary translation of guest kernel code (VMware, 1999-2006) */
    HV_TECH_PV,              /* paravirtualization: modified guest, hypercalls (Xen 2003) */
    HV_TECH_HW,              /* hardware assist (VT-x / AMD-V), generation hw_gen */
    HV_TECH_COUNT
} HvTechnique;

/* Taxonomy for `vdcsim list`: what layer the virtualization sits at. */
typedef enum { HV_LEVEL_NONE, HV_LEVEL_PROCESS, HV_LEVEL_OS, HV_LEVEL_SYSTEM, HV_LEVEL_COUNT } HvLevel;

/* Paging mode the profile runs guests under, as a hint for sim/memory. */
typedef enum { HV_PAGING_NATIVE, HV_PAGING_SHADOW, HV_PAGING_DIRECT, HV_PAGING_NESTED, HV_PAGING_COUNT } HvPaging;

/* Isolation mechanisms, a bit set. */
typedef enum {
    HV_ISO_CHROOT       = 1u << 0,
    HV_ISO_NAMESPACES   = 1u << 1,
    HV_ISO_CAPABILITIES = 1u << 2,
    HV_ISO_CGROUPS      = 1u << 3,
    HV_ISO_SELINUX      = 1u << 4,
    HV_ISO_SECCOMP      = 1u << 5,
    HV_ISO_HW_VM        = 1u << 6,  /* a separate guest kernel behind a VMM */
} HvIsolation;
#define HV_ISO_COUNT 7

/* Hardware-assist generations: 1 root/guest mode with VM entry/exit; 2 nested (extended) page
 * tables and tagged TLBs (VPID/ASID); 3 I/O: IOMMU, SR-IOV, posted interrupts. */
#define HV_HW_GEN_MAX 3

typedef struct {
    const char *name;                /* static for built-ins; owned by the caller otherwise */
    HvKind      kind;
    HvTechnique technique;
    int         hw_gen;              /* 1..3 with HV_TECH_HW, else 0 */
    const char *isa;                 /* ISA profile name (isa.h) the host CPU offers */
    HvPaging    paging;              /* guest paging mode this VMM uses */
    gboolean    pv_x86_64;           /* PV guest kernel in ring 3 (x86-64) instead of ring 1 */

    /* hardware assist and trap-and-emulate */
    double vm_exit_cycles;           /* VM exit + entry round trip; 0 = generation default */
    double exit_handler_cycles;      /* VMM work to decode and emulate one exit; 0 = generation default */
    double hypercall_cycles;         /* one hypercall round trip; 0 = as a VM exit (HW) */
    double trap_cycles;              /* trap-and-emulate: fault into the VMM + emulation */
    double shadow_emulate_cycles;    /* hardware assist: fetching, decoding and emulating the
                                        guest instruction that wrote a shadowed page table
                                        (binary translation rewrote it ahead of time) */

    /* binary translation */
    double   bt_reflect_cycles;      /* guest syscall/fault/interrupt entering the VMM and
                                        reflected into the translated guest kernel */
    double   bt_inline_cycles;       /* privileged or sensitive instruction emulated inline in
                                        translated code (a callout-free rewrite) */
    double   bt_trace_cycles;        /* write to a traced (shadowed) page-table page */
    double   bt_return_cycles;       /* a return or indirect call/jump in translated kernel
                                        code: the translation-cache lookup of its target */
    double   bt_kernel_slowdown_frac;/* extra time of translated kernel code vs native, beyond
                                        its returns and indirect branches */
    double   bt_translate_cycles;    /* translating one translation unit (TC miss) */
    uint64_t bt_tc_bytes;            /* translation-cache capacity */
    double   bt_expansion;           /* translated code bytes per guest code byte */
    double   bt_units_per_entry;     /* translation units run per guest kernel entry */

    /* paravirtualization (Xen) */
    double pv_pt_update_cycles;      /* validating one page-table update inside a hypercall */
    int    pv_pt_batch;              /* updates carried by one mmu_update hypercall */
    double pv_fault_cycles;          /* a guest page fault taken by Xen and bounced to the guest */
    double pv_syscall_cycles;        /* syscall bounce through Xen (x86-64); 0 = fast trap */
    double pv_event_cycles;          /* an interrupt delivered as an event-channel upcall */

    /* Type 2 host-OS path */
    double host_switch_cycles;       /* one VMM <-> host OS world switch (round trip) */
    double host_switches_per_io;     /* world switches per guest network I/O operation */
    double host_switches_per_disk_io;/* world switches per guest disk operation: one per
                                        emulated controller register access that the VMM
                                        hands to the host-world device model, plus the
                                        completion interrupt */
    double host_exit_frac;           /* fraction of other exits/traps handled in the host world */
    double host_io_cycles;           /* host OS I/O stack (syscalls, driver) per guest I/O op */

    /* containers */
    double   ctr_syscall_cycles;     /* seccomp filter + namespace lookups per syscall */
    double   ctr_io_cycles;          /* cgroup accounting, veth/bridge per I/O op */
    unsigned isolation;              /* HvIsolation bit set */
    double   cpu_cap_cores;          /* cgroup CPU cap (quota / period) in cores; 0 = none */
    uint64_t mem_limit_bytes;        /* cgroup memory limit; 0 = none */

    /* guests, drivers and trust (guest.h, trust.h) */
    uint32_t pv_guest_min;           /* paravirtual guest kernels this interface supports, */
    uint32_t pv_guest_max;           /*   hv_guest_version_parse() encoded, inclusive */
    int      host_kernel;            /* HvGuestKernel of the host OS (a container's only kernel) */
    unsigned drivers;                /* device kinds it has drivers for (trust.h bit set); a
                                        Type 2, container or native host has the host OS's */
    gboolean driver_domain;          /* drivers and I/O back-ends live in a driver domain
                                        (Xen's dom0): a host may give it CPUs and memory */
    double   tcb_hypervisor_kloc;    /* trusted computing base: the hypervisor itself, */
    double   tcb_os_kloc;            /*   and the OS every guest must trust too (host OS,
                                        dom0, the KVM host's Linux), thousands of lines */

    /* footprint and provisioning */
    uint64_t  host_footprint_bytes;  /* hypervisor / host OS resident on the host */
    uint64_t  vm_footprint_bytes;    /* per guest: VMM process, device model, tables */
    SimTimeNs boot_ns;               /* from start request to guest ready */
    uint64_t  image_bytes;           /* typical guest image to transfer */

    /* measured on real hosts (`vdcsim calibrate`); 0 = the models' own figure */
    double    walk_extra_cycles;     /* a guest TLB miss beyond a native one, nested paging */
    SimTimeNs pv_io_latency_ns;      /* latency one paravirtual I/O op adds over native */
    double    pv_io_cycles;          /* CPU cycles one paravirtual I/O op adds over native */
} HvProfile;

/* Built-in by name, or NULL.  The pointer is static; copy it to modify. */
const HvProfile *hv_profile_lookup(const char *name);
/* Built-ins in table order (deterministic); *n_out gets the count. */
const HvProfile *hv_profile_builtins(size_t *n_out);

/* Sets field `key` (a scenario key, e.g. "vm_exit", "pt_batch") to value, given in the
 * field's unit (hv_profile_key_unit()).  Enumerated keys ("kind", "technique", "paging",
 * "isa") go through hv_profile_set_name().  FALSE + HV_ERROR on an unknown key or a value out
 * of range; the message names the key and the expected range. */
gboolean    hv_profile_set(HvProfile *p, const char *key, double value, GError **error);
gboolean    hv_profile_set_name(HvProfile *p, const char *key, const char *value, GError **error);
/* Unit the parser must read for key: "cycles", "bytes", "ns", "frac", "count", "cores", "bool";
 * NULL if the key is unknown.  hv_profile_keys() lists the numeric keys, NULL-terminated. */
const char *hv_profile_key_unit(const char *key);
const char *const *hv_profile_keys(void);

/* Consistency of a whole profile (technique vs kind vs generation, positive costs). */
gboolean hv_profile_validate(const HvProfile *p, GError **error);

/* Effective costs: the generation default when the field is 0. */
double hv_vm_exit_cycles_for_gen(int hw_gen);
double hv_exit_handler_cycles_for_gen(int hw_gen);
/* The profile's exit handler, or its generation's when 0. */
double hv_profile_exit_handler_cycles(const HvProfile *p);
double hv_profile_vm_exit_cycles(const HvProfile *p);
double hv_profile_hypercall_cycles(const HvProfile *p);
/* pv: (hypercall + batch x per_update) / batch, cycles per page-table update. */
double hv_pv_pt_update_cost_cycles(double hypercall_cycles, double per_update_cycles, int batch);

/* Kernel versions as profiles (pv_guest_min/max) and guests (guest.h) hold them. */
/* "5.10" -> 5 << 20 | 10 << 10; "2.6.23" -> 2 << 20 | 6 << 10 | 23.  FALSE if not of the form
 * N.N or N.N.N with parts below 1024. */
gboolean    hv_guest_version_parse(const char *text, uint32_t *out);
/* Writes "5.10" or "2.6.23" into buf (at least 16 bytes). */
void        hv_guest_version_format(uint32_t version, char *buf, size_t size);

/* Device kinds a profile may list under `drivers`, NULL-terminated, in IoDeviceKind order. */
extern const char *const hv_driver_kind_names[];
#define HV_DRIVERS_ALL 0x3fu             /* every kind above */

/* "nic, disk, vnic" (or "none") into out. */
void        hv_drivers_format(unsigned set, GString *out);
/* Parses "nic, disk" into a set; FALSE with HV_ERROR naming the bad kind. */
gboolean    hv_drivers_parse(const char *text, unsigned *out, GError **error);
HvLevel     hv_profile_level(const HvProfile *p);
const char *hv_kind_name(HvKind k);
const char *hv_technique_name(HvTechnique t);
const char *hv_level_name(HvLevel l);
const char *hv_paging_name(HvPaging m);
const char *hv_isolation_name(unsigned single_bit);
/* Writes "namespaces, cgroups, ..." (or "none") into out. */
void        hv_isolation_format(unsigned set, GString *out);
gboolean    hv_kind_from_name(const char *name, HvKind *out);
gboolean    hv_technique_from_name(const char *name, HvTechnique *out);
gboolean    hv_paging_from_name(const char *name, HvPaging *out);
gboolean    hv_isolation_from_name(const char *name, unsigned *bit_out);

#endif
