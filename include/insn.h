/*
 * insn.h - the privileged and clock instructions both freestanding images
 * (CP and CMS) execute, as tiny inline wrappers returning the condition
 * code where there is one.  Target only.  Source: SA22-7832, each
 * instruction under its own name ("I/O Instructions", "Control Instructions").
 */
#ifndef VMLAN_INSN_H
#define VMLAN_INSN_H

#include <stdint.h>
#include "hw/psw.h"

struct schib;
struct orb;
struct irb;

static inline uint64_t insn_stck(void)
{
    uint64_t t;
    __asm__ volatile("stck %0" : "=Q"(t) : : "cc");
    return t;
}

static inline void insn_sckc(uint64_t t)
{
    __asm__ volatile("sckc %0" : : "Q"(t));
}

static inline void insn_spt(int64_t t)
{
    __asm__ volatile("spt %0" : : "Q"(t));
}

static inline uint64_t insn_stctg0(void)
{
    uint64_t v;
    __asm__ volatile("stctg 0,0,%0" : "=Q"(v));
    return v;
}

static inline void insn_lctlg0(uint64_t v)
{
    __asm__ volatile("lctlg 0,0,%0" : : "Q"(v));
}

static inline uint64_t insn_stctg14(void)
{
    uint64_t v;
    __asm__ volatile("stctg 14,14,%0" : "=Q"(v));
    return v;
}

static inline void insn_lctlg14(uint64_t v)
{
    __asm__ volatile("lctlg 14,14,%0" : : "Q"(v));
}

static inline void insn_lctlg6(uint64_t v)
{
    __asm__ volatile("lctlg 6,6,%0" : : "Q"(v));
}

/* A disabled wait whose PSW address is code: the program's last word. */
__attribute__((noreturn)) static inline void insn_disabled_wait(uint64_t code)
{
    struct psw p = { PSW_MASK_WAIT | PSW_MASK_64, code };
    __asm__ volatile("lpswe %0" : : "Q"(p) : "memory");
    __builtin_unreachable();
}

#define INSN_IO(name, mnemonic, type)                                          \
    static inline int name(uint32_t schid, type *block)                       \
    {                                                                          \
        register uint32_t r1 __asm__("1") = schid;                             \
        int cc;                                                                \
        __asm__ volatile(mnemonic " 0(%2)\n\tipm %0\n\tsrl %0,28"              \
                         : "=d"(cc) : "d"(r1), "a"(block) : "cc", "memory");   \
        return cc;                                                             \
    }

INSN_IO(insn_stsch, "stsch", struct schib)
INSN_IO(insn_msch,  "msch",  struct schib)
INSN_IO(insn_ssch,  "ssch",  struct orb)
INSN_IO(insn_tsch,  "tsch",  struct irb)
#undef INSN_IO

/* STORE CHANNEL REPORT WORD: cc 0 = a CRW was stored, 1 = none pending. */
static inline int insn_stcrw(uint32_t *crw)
{
    int cc;
    __asm__ volatile("stcrw %1\n\tipm %0\n\tsrl %0,28" : "=d"(cc), "=Q"(*crw) : : "cc", "memory");
    return cc;
}

/* SIGNAL ADAPTER: GR0 function code, GR1 subchannel, GR2 queue mask. */
static inline int insn_siga(uint32_t fc, uint32_t schid, uint32_t mask)
{
    register uint64_t r0 __asm__("0") = fc;
    register uint64_t r1 __asm__("1") = schid;
    register uint64_t r2 __asm__("2") = mask;
    int cc;
    __asm__ volatile("siga 0\n\tipm %0\n\tsrl %0,28"
                     : "=d"(cc) : "d"(r0), "d"(r1), "d"(r2) : "cc", "memory");
    return cc;
}

static inline int insn_hsch(uint32_t schid)
{
    register uint32_t r1 __asm__("1") = schid;
    int cc;
    __asm__ volatile("hsch\n\tipm %0\n\tsrl %0,28" : "=d"(cc) : "d"(r1) : "cc", "memory");
    return cc;
}

static inline int insn_csch(uint32_t schid)
{
    register uint32_t r1 __asm__("1") = schid;
    int cc;
    __asm__ volatile("csch\n\tipm %0\n\tsrl %0,28" : "=d"(cc) : "d"(r1) : "cc", "memory");
    return cc;
}

#endif
