/*
 * machine.h - the z/Architecture instructions the CMS nucleus issues, as
 * tiny inline wrappers, the entry points in cms-tools/start.S, the
 * lowcore words CMS uses and its disabled-wait codes.  Target only.
 * Source: SA22-7832 (each instruction under its own name); DIAGNOSE
 * X'008' as z/VM CP Programming Services (SC24-6272) describes it.
 *
 * Every privileged instruction CMS executes is here or in start.S
 * (LPSWE, LCTLG, DIAGNOSE) or in cio.c (STSCH, MSCH, SSCH, TSCH); under
 * vmlan CP each one is interpreted by SIE or intercepted and emulated.
 */
#ifndef CMS_MACHINE_H
#define CMS_MACHINE_H

#include "port.h"
#include "hw/psw.h"
#include "insn.h"
#include "hw/lowcore.h"

#define CMS_LC8(off)  (*(volatile uint8_t  *)(uintptr_t)(off))
#define CMS_LC16(off) (*(volatile uint16_t *)(uintptr_t)(off))
#define CMS_LC32(off) (*(volatile uint32_t *)(uintptr_t)(off))
#define CMS_LC64(off) (*(volatile uint64_t *)(uintptr_t)(off))

/* 0x200-0x27F of the guest's lowcore (not architected): the GPRs at the
 * last program check, stored by cms_pgm_entry. */
#define CMS_LC_SAVE_GPRS    0x200

/* PSW masks CMS loads (SA22-7832 "Program-Status Word"). */
#define CMS_PSW_DISABLED    PSW_MASK_64                                 /* 0x0000000180000000 */
#define CMS_PSW_DISABLED_WAIT (PSW_MASK_WAIT | PSW_MASK_64)             /* 0x0002000180000000 */

/* Disabled-wait codes: the PSW address is 0xCCkk0000 | detail, so a
 * stopped CMS names its reason in the CP or Hercules log (docs/cms.md).
 * CRASH WAIT uses the fixed address 0xDEAD instead. */
#define CMS_WAIT(kind, detail) ((uint64_t)(0xCC00u | (kind)) << 16 | ((detail) & 0xFFFFu))
#define CMS_WAIT_NO_CONSOLE     0x01    /* no 3215 found; detail 0            */
#define CMS_WAIT_CONSOLE_GONE   0x02    /* console SSCH cc 3; detail = subch  */
#define CMS_WAIT_ASSERT         0x03    /* CP_ASSERT failed; detail = line    */
#define CMS_WAIT_PGM_RECURSION  0x04    /* program check while recovering     */
#define CMS_WAIT_EXTERNAL       0x05    /* unexpected interruption classes:   */
#define CMS_WAIT_SVC            0x06    /*   the new PSW itself is the wait   */
#define CMS_WAIT_RESTART        0x08
#define CMS_WAIT_CHECKSUM       0x09    /* CKSM-based inet_sum gave a wrong   */
                                        /* known answer; detail = the value   */
#define CMS_WAIT_RETURNED       0xEE    /* cms_main returned (start.S)        */
#define CMS_WAIT_CRASH          0x000000000000DEADull

/* LOAD PSW EXTENDED of a disabled wait whose address is code. */
__attribute__((noreturn)) static inline void cms_disabled_wait(uint64_t code)
{
    struct psw p = { CMS_PSW_DISABLED_WAIT, code };
    __asm__ volatile("lpswe %0" : : "Q"(p) : "memory");
    __builtin_unreachable();
}

/* The result of DIAGNOSE X'008' with a response buffer. */
struct cms_diag8_result {
    uint32_t rc;            /* Ry: CP's return code (0 or a message number) */
    uint32_t len;           /* Ry+1: bytes stored, or (cc 1) bytes lost     */
    int      cc;            /* 0, or 1 when the response did not fit         */
};

#define CMS_DIAG8_RESPONSE  0x40000000u     /* Ry flag: response buffer given */
#define CMS_DIAG8_CMD_MAX   240u

/* DIAGNOSE X'008': issue the EBCDIC CP command cmd[0..len) and collect
 * the response (EBCDIC lines separated by X'15') in resp[0..resp_len).
 * Rx = r2 (command), Rx+1 = r3 (buffer), Ry = r4 (length + flag),
 * Ry+1 = r5 (buffer length): Rx and Ry even, not adjacent. */
static inline struct cms_diag8_result cms_diag8(const uint8_t *cmd, uint32_t len,
                                                uint8_t *resp, uint32_t resp_len)
{
    register uint64_t r2 __asm__("2") = (uint64_t)(uintptr_t)cmd;
    register uint64_t r3 __asm__("3") = (uint64_t)(uintptr_t)resp;
    register uint64_t r4 __asm__("4") = (uint64_t)(len | CMS_DIAG8_RESPONSE);
    register uint64_t r5 __asm__("5") = resp_len;
    int cc;
    __asm__ volatile("diag %1,%3,8\n\tipm %0\n\tsrl %0,28"
                     : "=d"(cc), "+d"(r2), "+d"(r3), "+d"(r4), "+d"(r5)
                     : : "cc", "memory");
    return (struct cms_diag8_result){ (uint32_t)r4, (uint32_t)r5, cc };
}

#define CR0_CLOCK_COMP      0x800ull    /* external subclass masks (CR0 bits 52, 53) */
#define CR0_CPU_TIMER       0x400ull
#define EXT_CLOCK_COMP      0x1004
#define EXT_CPU_TIMER       0x1005

/* start.S */
void cms_wait(void);
/* Enabled wait for one I/O or external interruption: 0 after an I/O
 * interruption (SSID word at X'B8'), else the external code. */
uint16_t cms_wait_any(void);
uint16_t cms_wait_ext(void);
void cms_mck_entry(void);               /* machine-check new PSW target      */
extern volatile uint32_t cms_channel_reports;   /* channel-report signals    */            /* enabled wait for one external int.  */
uint16_t cms_spin_ext(void);            /* compute until an external int.     */                    /* enabled wait for one I/O interruption */
int  cms_probe(uint64_t addr);          /* 1 if the byte at addr exists          */
void cms_pgm_entry(void);               /* program new PSW target                */
__attribute__((noreturn)) void cms_crash_loop(void);   /* program-check loop    */

#endif
