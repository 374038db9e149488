/*
 * entry.S - CP's interruption entry points and the enabled wait.
 *
 * CP runs with every interruption class disabled except while it waits in
 * arch_wait(): the I/O and external new PSWs then resume right after the
 * wait, so I/O and timer events are handled as ordinary returns.  Program,
 * machine-check, SVC and restart interruptions are never expected: their
 * entries save the GPRs at LC_CP_SAVE_GPRS, switch to the trap stack and
 * call the C reporter, which prints a VMLnnnS message and loads a coded
 * disabled wait (cp/arch/trap.c).  arch_probe() borrows the program new
 * PSW for one instruction to size real storage.
 */
#include "hw/lowcore.h"

        .text
        .globl  arch_pgm_entry, arch_mck_entry, arch_svc_entry, arch_rst_entry

arch_pgm_entry:
        stmg    %r0,%r15,LC_CP_SAVE_GPRS
        larl    %r15,__trap_stack_top
        aghi    %r15,-160
        brasl   %r14,trap_program_check
        j       .

arch_mck_entry:
        stmg    %r0,%r15,LC_CP_SAVE_GPRS
        larl    %r15,__trap_stack_top
        aghi    %r15,-160
        brasl   %r14,trap_machine_check
        j       .

arch_svc_entry:
        stmg    %r0,%r15,LC_CP_SAVE_GPRS
        larl    %r15,__trap_stack_top
        aghi    %r15,-160
        brasl   %r14,trap_svc
        j       .

arch_rst_entry:
        stmg    %r0,%r15,LC_CP_SAVE_GPRS
        larl    %r15,__trap_stack_top
        aghi    %r15,-160
        brasl   %r14,trap_restart
        j       .

/*
 * int arch_wait(void): enabled wait for one I/O or external interruption.
 * Returns 1 after an I/O interruption (SSID word at 0xB8), 2 after an
 * external one (code at 0x86).  All registers but r1/r2 are preserved
 * because the new PSWs resume here, in this function.
 */
        .globl  arch_wait
arch_wait:
        larl    %r1,.Lio_back
        stg     %r1,LC_IO_NEW_PSW+8
        larl    %r1,.Lext_back
        stg     %r1,LC_EXT_NEW_PSW+8
        larl    %r1,.Lwait_psw
        lpswe   0(%r1)
.Lio_back:
        lghi    %r2,1
        br      %r14
.Lext_back:
        lghi    %r2,2
        br      %r14

/*
 * int arch_probe(uint64_t addr): 1 if the byte at real address addr
 * exists, 0 if referencing it gives an addressing exception.
 */
        .globl  arch_probe
arch_probe:
        mvc     LC_CP_SCRATCH(8),LC_PGM_NEW_PSW+8
        larl    %r1,.Lprobe_fail
        stg     %r1,LC_PGM_NEW_PSW+8
        cli     0(%r2),0
        mvc     LC_PGM_NEW_PSW+8(8),LC_CP_SCRATCH
        lghi    %r2,1
        br      %r14
.Lprobe_fail:
        mvc     LC_PGM_NEW_PSW+8(8),LC_CP_SCRATCH
        lghi    %r2,0
        br      %r14

        .section .rodata
        .align  8
/* I/O + external enabled, wait, 64-bit */
.Lwait_psw:     .quad 0x0302000180000000, 0

/*
 * int arch_sie(struct sie_block *sd, uint64_t gprs[16]): run a guest until
 * it is intercepted (returns 0, SD+0x50 says why) or a host I/O or external
 * interruption arrives while it runs (returns 1 or 2, as arch_wait).  SIE
 * swaps r0-r13 with the guest (r14/r15 live in the SD), so the host's
 * registers are saved on the stack and its r15 in LC_CP_SIE_R15.  On a host
 * interruption Hercules backs the guest up and stores its state in the SD;
 * the new PSW lands at .Lsie_io/.Lsie_ext with the guest's r0-r13 loaded.
 */
        .globl  arch_sie
arch_sie:
        stmg    %r6,%r15,48(%r15)
        stg     %r15,LC_CP_SIE_R15
        larl    %r1,.Lsie_io
        stg     %r1,LC_IO_NEW_PSW+8
        larl    %r1,.Lsie_ext
        stg     %r1,LC_EXT_NEW_PSW+8
        mvi     LC_CP_SIE_EVENT,0
        lgr     %r14,%r2
        lgr     %r15,%r3
        lmg     %r0,%r13,0(%r15)
        stosm   LC_CP_SCRATCH,0x03      /* I/O + external enabled */
        sie     0(%r14)
.Lsie_out:
        stnsm   LC_CP_SCRATCH,0xFC
        stmg    %r0,%r13,0(%r15)
        lg      %r15,LC_CP_SIE_R15
        lmg     %r6,%r15,48(%r15)
        llgc    %r2,LC_CP_SIE_EVENT
        br      %r14
.Lsie_io:
        mvi     LC_CP_SIE_EVENT,1
        j       .Lsie_out
.Lsie_ext:
        mvi     LC_CP_SIE_EVENT,2
        j       .Lsie_out
