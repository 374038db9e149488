/*
 * start.S - entry of the CMS nucleus and its interruption glue.
 *
 * CP loads the image at guest real 0x10000 and starts the guest there in
 * z/Architecture mode, 64-bit addressing, DAT off, prefix 0, supervisor
 * state, every interruption class disabled; general registers undefined.
 * _start sets up the stack, clears .bss and calls cms_main (main.c).
 *
 * CMS runs disabled.  It is interrupted only inside cms_wait(), whose
 * I/O new PSW resumes right after the wait, and by program checks, which
 * enter cms_pgm_entry: the failed command is abandoned, the stack is
 * reset and cms_abend() reports it and returns to the command loop.
 * Source: SA22-7832, "Interruptions", "LOAD PSW EXTENDED".
 */
#include "hw/lowcore.h"

#define CMS_LC_SAVE_GPRS 0x200          /* as cms-tools/machine.h */

        .section .text.start,"ax"
        .globl  _start
_start:
        larl    %r15,__stack_top
        aghi    %r15,-160
        xc      0(8,%r15),0(%r15)

        larl    %r2,__bss_start
        larl    %r3,__bss_end
        sgr     %r3,%r2
        lghi    %r4,0
        lghi    %r5,0
0:      mvcle   %r2,%r4,0
        jo      0b

        brasl   %r14,cms_main
        /* cms_main never returns; if it does: wait code CCEE0000 */
        larl    %r1,.Lreturned_psw
        lpswe   0(%r1)

        .text
/*
 * Program new PSW target: keep the GPRs of the failure in the lowcore
 * save area, reset the stack and report (cms_abend never returns).
 */
        .globl  cms_pgm_entry
cms_pgm_entry:
        stmg    %r0,%r15,CMS_LC_SAVE_GPRS
        larl    %r15,__stack_top
        aghi    %r15,-160
        xc      0(8,%r15),0(%r15)
        brasl   %r14,cms_abend
        j       .

/*
 * void cms_wait(void): enabled wait for one I/O interruption (I/O mask
 * on, CR6 selects the subclasses).  Returns after the interruption; its
 * SSID word is at 0xB8.  Clobbers r1 only: the I/O new PSW resumes here
 * with every register as it was.
 */
        .globl  cms_wait
cms_wait:
        larl    %r1,.Lio_back
        stg     %r1,LC_IO_NEW_PSW+8
        larl    %r1,.Lwait_psw
        lpswe   0(%r1)
.Lio_back:
        br      %r14

/*
 * int cms_probe(uint64_t addr): 1 if the byte at real address addr
 * exists, 0 if referencing it gives a program check (addressing).  The
 * program new PSW is borrowed for the one CLI; r3 keeps its address.
 */
        .globl  cms_probe
cms_probe:
        lg      %r3,LC_PGM_NEW_PSW+8
        larl    %r1,.Lprobe_fail
        stg     %r1,LC_PGM_NEW_PSW+8
        cli     0(%r2),0
        stg     %r3,LC_PGM_NEW_PSW+8
        lghi    %r2,1
        br      %r14
.Lprobe_fail:
        stg     %r3,LC_PGM_NEW_PSW+8
        lghi    %r2,0
        br      %r14

/*
 * void cms_crash_loop(void): CRASH LOOP.  The program new PSW is pointed
 * at a halfword 0000 (an invalid operation code) and CMS branches to it:
 * every operation exception loads a PSW that raises the next one.
 */
        .globl  cms_crash_loop
cms_crash_loop:
        larl    %r1,.Lloop_psw
        mvc     LC_PGM_NEW_PSW(16),0(%r1)
        larl    %r1,.Linvalid_op
        br      %r1
        .align  2
.Linvalid_op:
        .hword  0x0000


/*
 * uint16_t cms_wait_ext(void): enabled wait for one external interruption
 * (CR0 selects the subclasses); returns its code (from 0x86).
 * uint16_t cms_spin_ext(void): go on computing, enabled for external
 * interruptions, until one comes; returns its code.  Both borrow the
 * external new PSW and put the "unexpected interruption" one back.
 */
        .globl  cms_wait_ext, cms_spin_ext
cms_wait_ext:
        larl    %r1,.Lext_saved
        mvc     0(16,%r1),LC_EXT_NEW_PSW
        larl    %r1,.Lext_new
        mvc     LC_EXT_NEW_PSW(16),0(%r1)
        larl    %r1,.Lext_wait_psw
        lpswe   0(%r1)
cms_spin_ext:
        larl    %r1,.Lext_saved
        mvc     0(16,%r1),LC_EXT_NEW_PSW
        larl    %r1,.Lext_new
        mvc     LC_EXT_NEW_PSW(16),0(%r1)
        larl    %r1,.Lext_spin_psw
        lpswe   0(%r1)
.Lext_spin:
        j       .Lext_spin
.Lext_back:
        larl    %r1,.Lext_saved
        mvc     LC_EXT_NEW_PSW(16),0(%r1)
        llgh    %r2,LC_EXT_INT_CODE
        br      %r14

/*
 * uint16_t cms_wait_any(void): enabled wait for one I/O or external
 * interruption; 0 after an I/O interruption, else the external code.
 * Borrows the external new PSW (as cms_wait_ext) and the I/O one's address.
 */
        .globl  cms_wait_any
cms_wait_any:
        larl    %r1,.Lext_saved
        mvc     0(16,%r1),LC_EXT_NEW_PSW
        larl    %r1,.Lext_new
        mvc     LC_EXT_NEW_PSW(16),0(%r1)
        larl    %r1,.Lany_io_back
        stg     %r1,LC_IO_NEW_PSW+8
        larl    %r1,.Lany_wait_psw
        lpswe   0(%r1)
.Lany_io_back:
        larl    %r1,.Lext_saved
        mvc     LC_EXT_NEW_PSW(16),0(%r1)
        lghi    %r2,0
        br      %r14
        .section .data
        .align  8
.Lext_saved:    .quad 0, 0
        .section .rodata
        .align  8
.Lext_new:      .quad 0x0000000180000000, .Lext_back    /* disabled, 64-bit */
.Lext_wait_psw: .quad 0x0106000180000000, 0             /* ext + mck, wait */
.Lext_spin_psw: .quad 0x0100000180000000, .Lext_spin    /* ext enabled */
.Lany_wait_psw: .quad 0x0306000180000000, 0             /* I/O + ext + mck, wait */
        .text

/*
 * Machine-check entry: CMS enables machine checks only in its waits and
 * only for channel reports (CR14 bit 35), so this counts the signal and
 * resumes the wait; QUERY DEVICES reads the reports with STCRW.
 */
        .globl  cms_mck_entry, cms_channel_reports
cms_mck_entry:
        stg     %r1,0x288
        larl    %r1,cms_channel_reports
        asi     0(%r1),1
        lg      %r1,0x288
        lpswe   0x160

        .section .data
        .align  4
cms_channel_reports:    .long 0
        .text

        .section .rodata
        .align  8
/* I/O and machine checks enabled, wait, 64-bit */
.Lwait_psw:     .quad 0x0206000180000000, 0     /* + machine checks */
.Lreturned_psw: .quad 0x0002000180000000, 0x00000000CCEE0000
.Lloop_psw:     .quad 0x0000000180000000, .Linvalid_op
