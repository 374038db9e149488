/*
 * start.S - IPL entry of the CP image.
 *
 * The card-deck loader (ipl/mkdeck.c) reads the flat image to 0x10000 and
 * loads an ESA/390 IPL PSW that points here.  Hercules performs every IPL
 * in ESA/390 mode, so the first instructions must be ESA/390 ones:
 * SIGP SET ARCHITECTURE (order 0x12, parameter 1) switches to
 * z/Architecture (SA22-7832, "Set Architecture").  Then 64-bit addressing,
 * the stack, a cleared .bss, and C.  Started again with loadcore (already
 * in z/Arch) the SIGP answers cc1 and is harmless.
 */
        .section .text.start,"ax"
        .globl  _start
_start:
        lhi     %r1,1
        sigp    %r1,%r0,0x12
        sam64
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

        brasl   %r14,cp_main
        /* cp_main never returns; if it does, stop with wait code 0xEEEE */
        larl    %r1,.Lreturned_psw
        lpswe   0(%r1)

        .section .rodata
        .align  8
.Lreturned_psw: .quad 0x0002000180000000, 0x000000000000EEEE
