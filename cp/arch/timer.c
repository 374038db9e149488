/*
 * timer.c - TOD clock, clock-comparator deadlines, CP busy-time accounting.
 *
 * CP waits only in timer_wait(); the time spent there is idle, so busy =
 * (now - IPL) - idle.  One deadline at a time goes into the clock
 * comparator (CR0 bit 52 enables its external interruption, code 1004).
 */
#include "cp/arch/machine.h"

#define CR0_CLOCK_COMP_MASK 0x0000000000000800ull   /* bit 52 */
#define TOD_NEVER           0xFFFFFFFFFFFFFFFFull

static uint64_t ipl_tod;
static uint64_t idle_tod;

void timer_init(void)
{
    ipl_tod = insn_stck();
    insn_sckc(TOD_NEVER);
    insn_lctlg0(insn_stctg0() | CR0_CLOCK_COMP_MASK);
}

uint64_t timer_ipl_tod(void)
{
    return ipl_tod;
}

uint64_t timer_busy(void)
{
    return insn_stck() - ipl_tod - idle_tod;
}

void timer_set_deadline(uint64_t tod)
{
    insn_sckc(tod ? tod : TOD_NEVER);
}

int timer_wait(void)
{
    uint64_t t0 = insn_stck();
    int ev = arch_wait();
    idle_tod += insn_stck() - t0;
    if (ev == ARCH_EVENT_EXT && LC16(LC_EXT_INT_CODE) == EXT_CODE_CLOCK_COMP)
        insn_sckc(TOD_NEVER);       /* one-shot: the owner re-arms it */
    return ev;
}
