/*
 * psw.h - z/Architecture program-status word (16 bytes).
 * Source: z/Architecture Principles of Operation SA22-7832, "Program-Status Word".
 */
#ifndef HW_PSW_H
#define HW_PSW_H

#include <stdint.h>

struct psw {
    uint64_t mask;          /* 0x00 bits 0-63: masks, key, state, CC, AM   */
    uint64_t addr;          /* 0x08 instruction address                    */
} __attribute__((aligned(8)));
_Static_assert(sizeof(struct psw) == 16, "PSW is 16 bytes");

#define PSW_MASK_PER      0x4000000000000000ull  /* bit 1  */
#define PSW_MASK_DAT      0x0400000000000000ull  /* bit 5  */
#define PSW_MASK_IO       0x0200000000000000ull  /* bit 6  */
#define PSW_MASK_EXT      0x0100000000000000ull  /* bit 7  */
#define PSW_MASK_KEY      0x00F0000000000000ull  /* bits 8-11 */
#define PSW_MASK_MCHECK   0x0004000000000000ull  /* bit 13 */
#define PSW_MASK_WAIT     0x0002000000000000ull  /* bit 14 */
#define PSW_MASK_PSTATE   0x0001000000000000ull  /* bit 15 */
#define PSW_MASK_CC       0x0000300000000000ull  /* bits 18-19 */
#define PSW_MASK_EA       0x0000000100000000ull  /* bit 31 */
#define PSW_MASK_BA       0x0000000080000000ull  /* bit 32 */
#define PSW_MASK_64       (PSW_MASK_EA | PSW_MASK_BA)

#endif
