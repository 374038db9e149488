/*
 * dispatch.c - running guests on the one CPU under SIE (target only).
 *
 * Fair share: each guest's virtual time grows by its CPU time scaled by
 * 100/share (RELATIVE n); the runnable guest with the least virtual time
 * runs next, for at most one slice (the host clock comparator ends SIE).
 * ABSOLUTE n% caps a guest at n% of each 100 ms window.  A guest in an
 * enabled wait is not dispatched until an interruption is due for it: an
 * I/O interruption its PSW and CR6 accept, or its clock comparator.
 * Host I/O interruptions end SIE too, so CP's consoles stay responsive.
 */
#include "cp/vm/vm.h"
#include "cp/arch/machine.h"
#include "cp/io/cio.h"
#include "cp/io/con3215.h"
#include "lib/tod.h"

#define SLICE           (5 * TOD_UNITS_PER_SEC / 1000)
#define ABS_WINDOW      (100 * TOD_UNITS_PER_SEC / 1000)
#define CR0_CKC_MASK    0x800ull

static inline void load_cr1(uint64_t asce)
{
    __asm__ volatile("lctlg 1,1,%0" : : "Q"(asce));
}

/* Is an interruption due for a waiting guest? */
static bool interrupt_due(const struct vm *v, uint64_t now)
{
    const struct sie_block *sd = v->sd;
    if ((sd->psw_mask & PSW_MASK_IO) && vio_irq_pending(&v->vio, sd->cr[6]))
        return true;
    if ((sd->psw_mask & PSW_MASK_MCHECK) && v->vio.crw_signal && v->vio.ncrw
        && (sd->cr[14] & 0x10000000ull))
        return true;
    if ((sd->psw_mask & PSW_MASK_EXT) && (sd->cr[0] & CR0_CKC_MASK) && sd->clockcomp <= now)
        return true;
    return false;
}

static uint64_t min_vtime(void)
{
    uint64_t m = ~0ull;
    for (int i = 0; i < VM_MAX; i++)
        if (vms[i].state == VM_RUNNABLE && vms[i].vtime < m)
            m = vms[i].vtime;
    return m == ~0ull ? 0 : m;
}

void vm_wake(struct vm *v)
{
    if (v->state != VM_WAITING && v->state != VM_RUNNABLE)
        return;
    if (v->state == VM_WAITING && !interrupt_due(v, insn_stck()))
        return;
    uint64_t floor = min_vtime();
    if (v->vtime < floor)
        v->vtime = floor;               /* no credit for time spent waiting */
    v->state = VM_RUNNABLE;
}

uint64_t vm_deadline(void)
{
    uint64_t d = 0;
    for (int i = 0; i < VM_MAX; i++) {
        const struct vm *v = &vms[i];
        uint64_t t = 0;
        if (v->state == VM_WAITING && (v->sd->psw_mask & PSW_MASK_EXT) &&
            (v->sd->cr[0] & CR0_CKC_MASK))
            t = v->sd->clockcomp;
        else if (v->state == VM_RUNNABLE && v->share_absolute)
            t = v->window_start + ABS_WINDOW;
        if (t && (!d || t < d))
            d = t;
    }
    return d;
}

/* May v run now under its ABSOLUTE cap? */
static bool within_cap(struct vm *v, uint64_t now)
{
    if (!v->share_absolute)
        return true;
    if (now - v->window_start >= ABS_WINDOW) {
        v->window_start = now;
        v->window_cpu = 0;
    }
    return v->window_cpu < ABS_WINDOW * v->share / 100;
}

static struct vm *pick(uint64_t now)
{
    struct vm *best = NULL;
    for (int i = 0; i < VM_MAX; i++) {
        struct vm *v = &vms[i];
        if (v->state == VM_WAITING && interrupt_due(v, now))
            vm_wake(v);
        if (v->state != VM_RUNNABLE || !within_cap(v, now))
            continue;
        if (!best || v->vtime < best->vtime)
            best = v;
    }
    return best;
}

static uint64_t earliest(uint64_t a, uint64_t b)
{
    return !a ? b : !b ? a : a < b ? a : b;
}

bool vm_dispatch(void)
{
    uint64_t now = insn_stck();
    struct vm *v = pick(now);
    if (!v)
        return false;

    if (vm_inject_mck(v))
        ;                               /* machine check first: one per entry */
    else if (!vm_inject_io(v) && vio_irq_pending(&v->vio, v->sd->cr[6]))
        v->sd->v |= SIE_V_IO;           /* exit (c=24) as soon as it enables */
    load_cr1(v->asce);
    timer_set_deadline(earliest(now + SLICE, con_deadline()));
    v->sd->c = 0;
    uint64_t t0 = insn_stck();
    int ev = arch_sie(v->sd, v->gpr);
    timer_set_deadline(0);
    /* A host interruption can be taken right after SIE ended with an
     * interception (both were pending): then both need handling, or the
     * guest's intercepted instruction would be skipped. */
    if (v->sd->c != SIE_C_HOST)
        vm_intercept(v);
    /* The guest pays for what CP did on its behalf (a SIGA that copies
     * datagrams to other guests), as z/VM charges CP time to the user. */
    uint64_t used = insn_stck() - t0;
    v->cpu += used;
    v->window_cpu += used;
    v->vtime += used * 100 / (v->share_absolute || !v->share ? 100 : v->share);
    v->exits++;
    if (ev == ARCH_EVENT_IO)
        cio_interrupt();
    else if (ev == ARCH_EVENT_EXT)
        con_timeouts(insn_stck());
    if (v->logoff_pending)
        vm_logoff(v, v->forced_by);
    return true;
}
