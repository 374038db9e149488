/*
 * schib.h - subchannel-information block: PMCW + SCSW + model-dependent area.
 * Source: SA22-7832, "Subchannel-Information Block", "Path-Management-Control Word".
 */
#ifndef HW_SCHIB_H
#define HW_SCHIB_H

#include <stdint.h>
#include "hw/irb.h"

struct pmcw {
    uint32_t intparm;       /* 0x00 interruption parameter                  */
    uint8_t  flags0;        /* 0x04 Q . ISC(3) . . A                        */
    uint8_t  flags1;        /* 0x05 E LM(2) MM(2) D T V                     */
    uint16_t devno;         /* 0x06 device number                           */
    uint8_t  lpm;           /* 0x08 logical-path mask                       */
    uint8_t  pnom;          /* 0x09                                         */
    uint8_t  lpum;          /* 0x0A                                         */
    uint8_t  pim;           /* 0x0B path-installed mask                     */
    uint16_t mbi;           /* 0x0C measurement-block index                 */
    uint8_t  pom;           /* 0x0E                                         */
    uint8_t  pam;           /* 0x0F path-available mask                     */
    uint8_t  chpid[8];      /* 0x10-0x17 channel-path ids                   */
    uint8_t  rsvd_18[3];    /* 0x18-0x1A                                    */
    uint8_t  flags3;        /* 0x1B . . . . . F X S                         */
};
_Static_assert(sizeof(struct pmcw) == 28, "PMCW is 28 bytes");

#define PMCW_ISC_SHIFT      3
#define PMCW_ISC_MASK       0x38
#define PMCW_F1_ENABLED     0x80    /* E: enabled                           */
#define PMCW_F1_DEVNO_VALID 0x01    /* V: device number valid               */

struct schib {
    struct pmcw pmcw;       /* 0x00 */
    struct scsw scsw;       /* 0x1C */
    uint8_t  mda[12];       /* 0x28 model-dependent area                    */
} __attribute__((aligned(4)));
_Static_assert(sizeof(struct schib) == 52, "SCHIB is 52 bytes");
_Static_assert(__builtin_offsetof(struct schib, scsw) == 0x1C, "SCSW at 0x1C");

#endif
