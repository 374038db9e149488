/*
 * sie.h - SIE state descriptor, format 2 (Hercules SIE2BK), 512 bytes.
 * Source: Hercules 3.13 esa390.h SIE2BK and sie.c (IBM publishes no SIE
 * specification); field use verified in shared/reference/hercules.md §5 and
 * sie-irq.md.  Must be 512-byte aligned, not in page 0 or the prefix page.
 */
#ifndef HW_SIE_H
#define HW_SIE_H

#include <stdint.h>

struct sie_block {
    uint8_t  v;             /* 0x00 intervention requests: 02 I/O, 01 ext  */
    uint8_t  s;             /* 0x01                                        */
    uint8_t  mx;            /* 0x02 08 = z/Architecture guest              */
    uint8_t  m;             /* 0x03 08 = V=R guest                         */
    uint32_t prefix;        /* 0x04 guest prefix                           */
    uint8_t  rsvd_08[0x20]; /* 0x08-0x27                                   */
    int64_t  cputimer;      /* 0x28 guest CPU timer                        */
    uint64_t clockcomp;     /* 0x30 guest clock comparator                 */
    uint64_t epoch;         /* 0x38 TOD epoch difference                   */
    uint32_t svc_ctl;       /* 0x40                                        */
    uint16_t lctl_ctl;      /* 0x44 LCTL interception mask                 */
    uint16_t cpuad;         /* 0x46                                        */
    uint32_t ic;            /* 0x48 interception controls                  */
    uint32_t ec;            /* 0x4C execution controls                     */
    uint8_t  c;             /* 0x50 interception code                      */
    uint8_t  f;             /* 0x51 80 = IPA/IPB valid                     */
    uint16_t lhcpu;         /* 0x52                                        */
    uint16_t rsvd_54;       /* 0x54                                        */
    uint16_t ipa;           /* 0x56 instruction parcel A (opcode, R1R2)    */
    uint32_t ipb;           /* 0x58 instruction parcel B                   */
    uint32_t ipc;           /* 0x5C                                        */
    uint32_t rcpo;          /* 0x60                                        */
    uint32_t scao;          /* 0x64                                        */
    uint8_t  rsvd_68[0x18]; /* 0x68-0x7F                                   */
    uint64_t mso;           /* 0x80 main-storage origin (1 MB units)       */
    uint64_t mse;           /* 0x88 main-storage extent                    */
    uint64_t psw_mask;      /* 0x90 guest PSW                              */
    uint64_t psw_addr;      /* 0x98                                        */
    uint64_t gr14;          /* 0xA0 guest GR14                             */
    uint64_t gr15;          /* 0xA8 guest GR15                             */
    uint8_t  rsvd_b0[0x10]; /* 0xB0-0xBF                                   */
    uint8_t  psa[0x34];     /* 0xC0 copy of guest PSA 0x80-0xB3            */
    uint8_t  rsvd_f4[0x0C]; /* 0xF4-0xFF                                   */
    uint64_t cr[16];        /* 0x100 guest control registers               */
    uint8_t  rsvd_180[0x80];/* 0x180-0x1FF                                 */
} __attribute__((aligned(512)));
_Static_assert(sizeof(struct sie_block) == 512, "SIE2BK is 512 bytes");
_Static_assert(__builtin_offsetof(struct sie_block, c) == 0x50, "c at 0x50");
_Static_assert(__builtin_offsetof(struct sie_block, ipa) == 0x56, "ipa at 0x56");
_Static_assert(__builtin_offsetof(struct sie_block, mso) == 0x80, "mso at 0x80");
_Static_assert(__builtin_offsetof(struct sie_block, psw_mask) == 0x90, "psw at 0x90");
_Static_assert(__builtin_offsetof(struct sie_block, psa) == 0xC0, "psa copy at 0xC0");
_Static_assert(__builtin_offsetof(struct sie_block, cr) == 0x100, "cr at 0x100");

/* the PSA copy holds guest PSA bytes 0x80..: offset = PSA offset - 0x80 */
#define SIE_PSA(off)        ((off) - 0x80)

#define SIE_V_IO            0x02
#define SIE_V_EXT           0x01
#define SIE_MX_ZARCH        0x08
#define SIE_F_IPAB_VALID    0x80

#define SIE_IC_OPEREX       0x80000000u     /* intercept operation exceptions */
#define SIE_IC_PRIVOP       0x40000000u
#define SIE_IC_PGMALL       0x20000000u     /* intercept all program interruptions */
#define SIE_EC_EXTA         0x80000000u     /* external-interruption assist */
#define SIE_EC_WAIA         0x20000000u
#define SIE_EC_IOA          0x04000000u

/* interception codes (SD+0x50) */
#define SIE_C_HOST          0               /* ended by a host interruption */
#define SIE_C_INST          4
#define SIE_C_PGM           8
#define SIE_C_INST_PGM      12
#define SIE_C_EXTREQ        16
#define SIE_C_EXTINT        20
#define SIE_C_IOREQ         24
#define SIE_C_WAIT          28
#define SIE_C_VALIDITY      32
#define SIE_C_STOPREQ       40
#define SIE_C_OPEREX        44
#define SIE_C_COUNT         48

#endif
