/*
 * ccw.h - format-1 channel-command word and the CCW flags.
 * Source: SA22-7832, "Channel-Command Word" (format 1).
 */
#ifndef HW_CCW_H
#define HW_CCW_H

#include <stdint.h>

struct ccw1 {
    uint8_t  cmd;           /* 0x00 command code                 */
    uint8_t  flags;         /* 0x01 CD CC SLI SKP PCI IDA S MIDA */
    uint16_t count;         /* 0x02 byte count                   */
    uint32_t cda;           /* 0x04 data address (31-bit)        */
} __attribute__((aligned(8)));
_Static_assert(sizeof(struct ccw1) == 8, "format-1 CCW is 8 bytes");

#define CCW_FLAG_CD     0x80    /* chain data              */
#define CCW_FLAG_CC     0x40    /* chain command           */
#define CCW_FLAG_SLI    0x20    /* suppress length ind.    */
#define CCW_FLAG_SKIP   0x10
#define CCW_FLAG_PCI    0x08
#define CCW_FLAG_IDA    0x04

/* Commands common to every device */
#define CCW_CMD_SENSE       0x04
#define CCW_CMD_SENSE_ID    0xE4
#define CCW_CMD_NOP         0x03
#define CCW_CMD_TIC         0x08

#endif
