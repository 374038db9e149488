/*
 * lowcore.h - z/Architecture prefix area ("lowcore"), the fields CP uses.
 * Source: SA22-7832, "Assigned Storage Locations" (z/Architecture mode).
 * CP runs with prefix 0, so these are absolute addresses as well.
 */
#ifndef HW_LOWCORE_H
#define HW_LOWCORE_H

#define LC_EXT_PARAM        0x080   /* u32 external-interruption parameter   */
#define LC_EXT_CPU_ADDR     0x084   /* u16                                   */
#define LC_EXT_INT_CODE     0x086   /* u16 external-interruption code        */
#define LC_SVC_ILC          0x089   /* u8                                    */
#define LC_SVC_INT_CODE     0x08A   /* u16                                   */
#define LC_PGM_ILC          0x08D   /* u8  instruction-length code (bits)    */
#define LC_PGM_INT_CODE     0x08E   /* u16 program-interruption code         */
#define LC_TRANS_EXC_ID     0x0A8   /* u64 translation-exception id          */
#define LC_SUBCHANNEL_ID    0x0B8   /* u32 SSID word of an I/O interruption  */
#define LC_IO_INT_PARM      0x0BC   /* u32 I/O interruption parameter        */
#define LC_IO_INT_WORD      0x0C0   /* u32 interruption-identification word  */
#define LC_STFL_FAC_LIST    0x0C8   /* u32                                   */
#define LC_MCK_INT_CODE     0x0E8   /* u64 machine-check interruption code   */
#define LC_RESTART_OLD_PSW  0x120
#define LC_EXT_OLD_PSW      0x130
#define LC_SVC_OLD_PSW      0x140
#define LC_PGM_OLD_PSW      0x150
#define LC_MCK_OLD_PSW      0x160
#define LC_IO_OLD_PSW       0x170
#define LC_RESTART_NEW_PSW  0x1A0
#define LC_EXT_NEW_PSW      0x1B0
#define LC_SVC_NEW_PSW      0x1C0
#define LC_PGM_NEW_PSW      0x1D0
#define LC_MCK_NEW_PSW      0x1E0
#define LC_IO_NEW_PSW       0x1F0
/* 0x200-0x3FF: CP's own save areas (see cp/arch/entry.S) */
#define LC_CP_SAVE_GPRS     0x200   /* 16 x u64: GPRs at a program check     */
#define LC_CP_SCRATCH       0x280   /* u64 scratch for the entry code        */
#define LC_CP_SIE_R15       0x288   /* u64 host r15 while a guest runs       */
#define LC_CP_SIE_EVENT     0x290   /* u8  why arch_sie returned             */

/* External-interruption codes */
#define EXT_CODE_CLOCK_COMP 0x1004
#define EXT_CODE_CPU_TIMER  0x1005

#endif
