/*
 * orb.h - operation-request block (command-mode ORB, 32 bytes).
 * Source: SA22-7832, "Operation-Request Block".
 */
#ifndef HW_ORB_H
#define HW_ORB_H

#include <stdint.h>

struct orb {
    uint32_t intparm;       /* 0x00 interruption parameter               */
    uint8_t  key_flags;     /* 0x04 key(4) S C M Y                       */
    uint8_t  flags;         /* 0x05 F P I A U B H T                      */
    uint8_t  lpm;           /* 0x06 logical-path mask                    */
    uint8_t  flags2;        /* 0x07 L D ... X                            */
    uint32_t cpa;           /* 0x08 channel-program address (31-bit)     */
    uint8_t  rsvd_0c[20];   /* 0x0C-0x1F reserved/extensions             */
} __attribute__((aligned(4)));
_Static_assert(sizeof(struct orb) == 32, "ORB is 32 bytes");

#define ORB_FLAGS_FMT1      0x80    /* byte 5 bit 0: format-1 CCWs            */
#define ORB_FLAGS_PREFETCH  0x40    /* byte 5 bit 1: prefetch allowed         */
#define ORB_FLAGS_SUSP      0x08    /* byte 4 bit 4: suspend control          */
#define ORB_LPM_ALL         0xFF

#endif
