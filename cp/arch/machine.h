/*
 * machine.h - z/Architecture instructions CP uses, as tiny inline wrappers,
 * and the entry points in cp/arch/entry.S.  Target only.
 * Source: SA22-7832 (each instruction under its own name).
 */
#ifndef CP_ARCH_MACHINE_H
#define CP_ARCH_MACHINE_H

#include "port.h"
#include "hw/psw.h"
#include "hw/lowcore.h"
#include "insn.h"

#define LC8(off)  (*(volatile uint8_t  *)(uintptr_t)(off))
#define LC16(off) (*(volatile uint16_t *)(uintptr_t)(off))
#define LC32(off) (*(volatile uint32_t *)(uintptr_t)(off))
#define LC64(off) (*(volatile uint64_t *)(uintptr_t)(off))

/* Disabled-wait codes: the PSW address is (message number << 16) | detail,
 * so a stopped CP names its reason in the Hercules log (docs/messages.md). */
#define WAIT_CODE(msgno, detail) (((uint64_t)(msgno) << 16) | ((detail) & 0xFFFFu))

static inline void arch_lctlg14(uint64_t v)
{
    __asm__ volatile("lctlg 14,14,%0" : : "Q"(v));
}

/* DIAGNOSE X'008': a command for the Hercules command processor
 * (Hercules: DIAG8CMD ENABLE).  text is EBCDIC, len bytes. */
static inline void arch_diag8(const uint8_t *text, uint64_t len)
{
    register uint64_t r2 __asm__("2") = (uint64_t)(uintptr_t)text;
    register uint64_t r3 __asm__("3") = len;
    __asm__ volatile("diag %0,%1,8" : "+d"(r2), "+d"(r3) : : "cc", "memory");
}

/* entry.S */
enum arch_event { ARCH_EVENT_IO = 1, ARCH_EVENT_EXT = 2 };
int  arch_wait(void);
int  arch_probe(uint64_t addr);
struct sie_block;
int  arch_sie(struct sie_block *sd, uint64_t *gprs);   /* 0, or an arch_event */
void arch_pgm_entry(void);
void arch_mck_entry(void);
void arch_svc_entry(void);
void arch_rst_entry(void);

/* trap.c */
void trap_init(void);
__attribute__((noreturn)) void trap_stop(uint64_t code, const char *line);

/* timer.c */
void     timer_init(void);
uint64_t timer_ipl_tod(void);
uint64_t timer_busy(void);
void     timer_set_deadline(uint64_t tod);     /* 0 = none */
int      timer_wait(void);                     /* arch_wait with idle accounting */

#endif
