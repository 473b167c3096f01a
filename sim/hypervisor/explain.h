/* sim/hypervisor/explain.h — the teaching view of the overhead model: for one VM, a table of
 * mechanism | events/s | cycles/event | overhead % of native, the native and virtualized time
 * per native second, where the guest kernel and applications run (rings), and the
 * Popek-Goldberg verdict for the profile's technique on its ISA.  `vdcsim explain` prints it.
 */
#ifndef HV_EXPLAIN_H
#define HV_EXPLAIN_H

#include <glib.h>

#include "sim/hypervisor/overhead.h"

/* Appends the explanation to out.  o must come from hv_overhead_compute(w, p, in, o).
 * vm_name may be NULL.  Output is deterministic (fixed mechanism order, fixed formats). */
void hv_explain_format(GString *out, const char *vm_name, const HvWorkload *w,
                       const HvProfile *p, const HvInputs *in, const HvOverhead *o);

#endif
