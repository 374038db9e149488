/*
 * irb.h - subchannel-status word and interruption-response block.
 * Source: SA22-7832, "Subchannel-Status Word", "Interruption-Response Block".
 */
#ifndef HW_IRB_H
#define HW_IRB_H

#include <stdint.h>

struct scsw {
    uint8_t  flags0;        /* 0x00 key(4) S L CC(2)                        */
    uint8_t  flags1;        /* 0x01 F P I A U Z E N                         */
    uint8_t  fctl_actl;     /* 0x02 . FC(3: start halt clear) AC(4) ...     */
    uint8_t  stctl;         /* 0x03 ... SC: alert primary secondary pending */
    uint32_t cpa;           /* 0x04 CCW address                             */
    uint8_t  dstat;         /* 0x08 device status                           */
    uint8_t  cstat;         /* 0x09 subchannel status                       */
    uint16_t count;         /* 0x0A residual count                          */
};
_Static_assert(sizeof(struct scsw) == 12, "SCSW is 12 bytes");

#define SCSW_FC_START       0x40
#define SCSW_FC_HALT        0x20
#define SCSW_FC_CLEAR       0x10
#define SCSW_FC_MASK        0x70
#define SCSW_SC_ALERT       0x10
#define SCSW_SC_INTERMEDIATE 0x08
#define SCSW_SC_PRIMARY     0x04
#define SCSW_SC_SECONDARY   0x02
#define SCSW_SC_PENDING     0x01

#define DEV_STAT_ATTN       0x80
#define DEV_STAT_SM         0x40
#define DEV_STAT_CUE        0x20
#define DEV_STAT_BUSY       0x10
#define DEV_STAT_CE         0x08
#define DEV_STAT_DE         0x04
#define DEV_STAT_UC         0x02
#define DEV_STAT_UX         0x01

#define SCH_STAT_PCI        0x80
#define SCH_STAT_IL         0x40    /* incorrect length   */
#define SCH_STAT_PROG_CHK   0x20
#define SCH_STAT_PROT_CHK   0x10

struct irb {
    struct scsw scsw;       /* 0x00 */
    uint8_t  esw[20];       /* 0x0C extended-status word                    */
    uint8_t  ecw[32];       /* 0x20 extended-control word                   */
    uint8_t  emw[32];       /* 0x40 extended-measurement word               */
} __attribute__((aligned(4)));
_Static_assert(sizeof(struct irb) == 96, "IRB is 96 bytes");

#endif
