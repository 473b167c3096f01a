/* sim/hypervisor/nested.h — nested virtualization: a guest running under a hypervisor that
 * itself runs in a VM (L0 on the hardware, L1 the guest hypervisor, L2 its guest), after
 * Ben-Yehuda et al., "The Turtles Project", OSDI 2010.
 *
 * Model.  x86 offers one level of hardware assist, so every exit of an L2 guest lands in L0
 * first.  L0 reflects it to L1 (it copies the exit into L1's virtual VMCS), L1's handler runs
 * as ordinary guest code, and the privileged instructions that handler executes (VMREAD,
 * VMWRITE, VMRESUME, ...) each exit to L0 in turn.  One L2 exit therefore costs
 *
 *     e2 = e1 + h1 + k * e1,      multiplier M = e2 / e1 = 1 + k + h1 / e1
 *
 * with e1 the cost of one single-level exit (entry/exit round trip + L0 handler), h1 the L1
 * handler's own work and k the L1 exits per reflected L2 exit.  One more level multiplies
 * again: an exit at level L costs e1 * M^(L-1) ("turtles all the way down").
 *
 * Memory: with multi-dimensional paging L0 folds L1's EPT for L2 into its own (EPT02 =
 * EPT12 o EPT01), so the hardware walk stays two-dimensional; the fold costs an exit pair
 * when an L2 page is first touched, priced on the guest's page faults.  With shadow-on-EPT
 * L1 shadows L2's page tables, so every L2 page-table write is an exit (multiplied).
 * I/O: emulated and virtio devices in L1 add an exit (multiplied) and a second backend pass
 * per operation; multi-level device assignment (direct) leaves only the interrupt.
 *
 * Units: cycles and cycles per native second.  Level 1 is an ordinary VM: hv_nested_apply()
 * leaves the breakdown untouched, bit for bit.
 */
#ifndef HV_NESTED_H
#define HV_NESTED_H

#include <glib.h>

#include "sim/hypervisor/overhead.h"

typedef enum { HV_NESTED_MULTIDIM, HV_NESTED_SHADOW_ON_EPT, HV_NESTED_PAGING_COUNT } HvNestedPaging;
typedef enum { HV_NESTED_IO_EMULATED, HV_NESTED_IO_VIRTIO, HV_NESTED_IO_DIRECT,
               HV_NESTED_IO_COUNT } HvNestedIo;

extern const char *const hv_nested_paging_names[];   /* NULL-terminated, enum order */
extern const char *const hv_nested_io_names[];

typedef struct {                  /* a VM's `nested:` keys (scenario data) */
    int    level;                 /* 1: an ordinary VM; 2: in a guest hypervisor; 3: deeper */
    int    paging;                /* HvNestedPaging */
    int    io;                    /* HvNestedIo */
    double l1_exits_per_exit;     /* k: L1 exits while handling one reflected exit */
    double l1_handler_cycles;     /* h1: L1's own handler work per reflected exit; 0: the
                                     profile's exit_handler cycles */
} HvNested;

/* Where one exit's cycles go at this level (explain's table). */
typedef struct {
    double l0_cycles;             /* e1: the exit into L0 and L0's handling/reflection */
    double l1_handler_cycles;     /* h1 x M^(L-2) summed down the levels */
    double l1_exit_cycles;        /* k exits of L1 into L0, each priced as one exit below */
    double total_cycles;          /* e1 * M^(L-1) */
    double multiplier;            /* M^(L-1) */
    double l1_exits;              /* L1 exits per guest exit (all levels) */
} HvNestedExit;

void hv_nested_init(HvNested *n);                      /* level 1, multidim, virtio, Turtles */
/* The cost of one exit at n->level for profile p. */
void hv_nested_exit_cost(const HvNested *n, const HvProfile *p, HvNestedExit *out);
/* Turns the single-level breakdown *o of workload w (priced with inputs in) into the
 * breakdown at n->level; recomputes the total and the speed.  Pure. */
void hv_nested_apply(const HvNested *n, const HvProfile *p, const HvWorkload *w,
                     const HvInputs *in, HvOverhead *o);
/* explain: where an exit's cost goes, and the speed against one level. */
void hv_nested_explain(GString *out, const HvNested *n, const HvProfile *p,
                       const HvOverhead *single, const HvOverhead *nested, double cpu_hz);

#endif
