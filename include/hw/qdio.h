/*
 * qdio.h - Queued Direct I/O control blocks: QDR with format-0 queue
 * descriptors, QIB, SLIB, SL, SBAL/SBALE and the SLSB state values.
 *
 * Source: IBM publishes no QDIO specification.  Layouts follow the Linux
 * s390 QDIO engine (arch/s390/include/asm/qdio.h: struct qdr, qdesfmt0,
 * qdio_ib, sl, slib, qdio_buffer(_element), slsb) and Hercules Hyperion 4.9
 * qdio.h, as summarised and checked against a running Hyperion QETH in
 * shared/reference/qdio-osa.md §4.  All blocks live in guest storage and
 * are big-endian.
 *
 * Representation: every block is a struct of uint8_t arrays (no bitfields,
 * no pointers, no host-endian integers), so the x86 host tests and the
 * s390x image decode the same bytes the same way.  Multi-byte fields are
 * read and written only through the accessors below (lib/be.h); using such
 * a field in integer arithmetic does not compile under -Werror.
 * Addresses inside the blocks are guest absolute addresses (uint64_t).
 */
#ifndef HW_QDIO_H
#define HW_QDIO_H

#include "lib/be.h"

#define QDIO_MAX_QUEUES         32      /* per direction (Hyperion QDIO_MAXQ)   */
#define QDIO_MAX_BUFFERS        128     /* buffers per queue = SLSB bytes       */
#define QDIO_MAX_SBALES         16      /* SBALEs per SBAL                      */

/* ---- QDR: queue-description record (ESTABLISH QUEUES data, 4 KB) ------- */

/* Format-0 queue descriptor (QDESFMT0), 32 bytes; input descriptors first. */
struct qdesfmt0 {
    uint8_t sliba[8];           /* 0x00 SLIB address                        */
    uint8_t sla[8];             /* 0x08 SL address                          */
    uint8_t slsba[8];           /* 0x10 SLSB address                        */
    uint8_t rsvd_18[4];         /* 0x18-0x1B                                */
    uint8_t keys_slib_sl;       /* 0x1C key SLIB (high nibble), SL (low)    */
    uint8_t keys_sbal_slsb;     /* 0x1D key SBALs (high nibble), SLSB (low) */
    uint8_t rsvd_1e[2];         /* 0x1E-0x1F                                */
};
_Static_assert(sizeof(struct qdesfmt0) == 32, "QDESFMT0 is 32 bytes");
_Static_assert(__builtin_offsetof(struct qdesfmt0, slsba) == 0x10, "slsba at 0x10");
_Static_assert(__builtin_offsetof(struct qdesfmt0, keys_slib_sl) == 0x1C, "keys at 0x1C");

#define QDR_QDESC_MAX           126     /* (4096 - 0x40) / 32                   */

struct qdr {
    uint8_t qfmt;               /* 0x00 queue format, QDR_QFMT_*            */
    uint8_t pfmt;               /* 0x01 parameter format                    */
    uint8_t rsvd_02;            /* 0x02                                     */
    uint8_t ac;                 /* 0x03 adapter characteristics             */
    uint8_t rsvd_04;            /* 0x04                                     */
    uint8_t iqdcnt;             /* 0x05 number of input queue descriptors   */
    uint8_t rsvd_06;            /* 0x06                                     */
    uint8_t oqdcnt;             /* 0x07 number of output queue descriptors  */
    uint8_t rsvd_08;            /* 0x08                                     */
    uint8_t iqdsz;              /* 0x09 input descriptor size in words      */
    uint8_t rsvd_0a;            /* 0x0A                                     */
    uint8_t oqdsz;              /* 0x0B output descriptor size in words     */
    uint8_t rsvd_0c[0x24];      /* 0x0C-0x2F                                */
    uint8_t qiba[8];            /* 0x30 QIB address                         */
    uint8_t rsvd_38[4];         /* 0x38-0x3B                                */
    uint8_t qkey;               /* 0x3C QIB storage key in the high nibble  */
    uint8_t rsvd_3d[3];         /* 0x3D-0x3F                                */
    struct qdesfmt0 qdf0[QDR_QDESC_MAX]; /* 0x40 input, then output queues  */
};
_Static_assert(sizeof(struct qdr) == 4096, "QDR is 4 KB");
_Static_assert(__builtin_offsetof(struct qdr, iqdcnt) == 0x05, "iqdcnt at 0x05");
_Static_assert(__builtin_offsetof(struct qdr, oqdsz) == 0x0B, "oqdsz at 0x0B");
_Static_assert(__builtin_offsetof(struct qdr, qiba) == 0x30, "qiba at 0x30");
_Static_assert(__builtin_offsetof(struct qdr, qkey) == 0x3C, "qkey at 0x3C");
_Static_assert(__builtin_offsetof(struct qdr, qdf0) == 0x40, "qdf0 at 0x40");

#define QDR_QFMT_OSA            0x00    /* OSA-Express (QETH)                   */
#define QDR_QFMT_FCP            0x01
#define QDR_QFMT_IQD            0x02    /* HiperSockets                         */
#define QDR_QDSZ_FMT0           8       /* 32-byte descriptor, in words         */

/* ---- QIB: queue-information block, 256 bytes ----------------------------- */
struct qib {
    uint8_t qfmt;               /* 0x00 queue format, QDR_QFMT_*            */
    uint8_t pfmt;               /* 0x01 parameter format                    */
    uint8_t rflags;             /* 0x02 QIB_RFLAGS_*                        */
    uint8_t ac;                 /* 0x03 adapter characteristics, QIB_AC_*   */
    uint8_t rsvd_04[4];         /* 0x04-0x07                                */
    uint8_t isliba[8];          /* 0x08 first input SLIB address            */
    uint8_t osliba[8];          /* 0x10 first output SLIB address           */
    uint8_t rsvd_18[8];         /* 0x18-0x1F                                */
    uint8_t ebcnam[8];          /* 0x20 adapter name, EBCDIC                */
    uint8_t rsvd_28[0x58];      /* 0x28-0x7F                                */
    uint8_t parm[128];          /* 0x80 queue-format-dependent parameters   */
};
_Static_assert(sizeof(struct qib) == 256, "QIB is 256 bytes");
_Static_assert(__builtin_offsetof(struct qib, isliba) == 0x08, "isliba at 0x08");
_Static_assert(__builtin_offsetof(struct qib, osliba) == 0x10, "osliba at 0x10");
_Static_assert(__builtin_offsetof(struct qib, ebcnam) == 0x20, "ebcnam at 0x20");
_Static_assert(__builtin_offsetof(struct qib, parm) == 0x80, "parm at 0x80");

#define QIB_RFLAGS_QEBSM        0x80    /* QEBSM (SQBS/EQBS) enabled            */
#define QIB_AC_OUTBOUND_PCI     0x40    /* set by the adapter                   */

/* ---- SLIB: storage-list-information block, 2 KB ------------------------ */
struct slib {
    uint8_t nsliba[8];          /* 0x000 next SLIB address (next queue)     */
    uint8_t sla[8];             /* 0x008 SL address                         */
    uint8_t slsba[8];           /* 0x010 SLSB address                       */
    uint8_t rsvd_018[0x3E8];    /* 0x018-0x3FF                              */
    uint8_t slibe[QDIO_MAX_BUFFERS][8]; /* 0x400 per-buffer entries (parms) */
};
_Static_assert(sizeof(struct slib) == 2048, "SLIB is 2 KB");
_Static_assert(__builtin_offsetof(struct slib, slsba) == 0x10, "slsba at 0x10");
_Static_assert(__builtin_offsetof(struct slib, slibe) == 0x400, "slibe at 0x400");

/* ---- SL: storage list, 1 KB: one SBAL address per buffer --------------- */
struct sl {
    uint8_t sbala[QDIO_MAX_BUFFERS][8]; /* 0x000 + 8*i SBAL address         */
};
_Static_assert(sizeof(struct sl) == 1024, "SL is 1 KB");

/* ---- SBAL: storage-block address list, 256 bytes = 16 SBALEs ------------ */
struct sbale {
    uint8_t flags[4];           /* 0x00 [0] SBALE_F0_*, [3] SBALE_F3_*       */
    uint8_t length[4];          /* 0x04 data length (input: used length)    */
    uint8_t addr[8];            /* 0x08 data address                        */
};
_Static_assert(sizeof(struct sbale) == 16, "SBALE is 16 bytes");
_Static_assert(__builtin_offsetof(struct sbale, length) == 0x04, "length at 0x04");
_Static_assert(__builtin_offsetof(struct sbale, addr) == 0x08, "addr at 0x08");

struct sbal {
    struct sbale e[QDIO_MAX_SBALES]; /* 0x00 + 16*i                         */
};
_Static_assert(sizeof(struct sbal) == 256, "SBAL is 256 bytes");

/* flags[0], any SBALE */
#define SBALE_F0_LAST_ENTRY     0x40
#define SBALE_F0_CONTIGUOUS     0x20
#define SBALE_F0_FIRST_FRAG     0x04
#define SBALE_F0_MIDDLE_FRAG    0x08
#define SBALE_F0_LAST_FRAG      0x0C
#define SBALE_F0_FRAG_MASK      0x0C
/* flags[3], SBALE 0 only */
#define SBALE_F3_PCI_REQ        0x40    /* request a PCI when processed         */

/* ---- SLSB: storage-list-state block, 128 state bytes ------------------- */
struct slsb {
    uint8_t val[QDIO_MAX_BUFFERS];      /* 0x00 + i state of buffer i       */
};
_Static_assert(sizeof(struct slsb) == 128, "SLSB state bytes");

/* A state byte is owner | type | state. */
#define SLSB_OWNER_PROG         0x80
#define SLSB_OWNER_CU           0x40    /* adapter (control unit)               */
#define SLSB_OWNER_MASK         0xC0
#define SLSB_TYPE_INPUT         0x00
#define SLSB_TYPE_OUTPUT        0x20
#define SLSB_TYPE_MASK          0x20
#define SLSB_STATE_NOT_INIT     0x00
#define SLSB_STATE_EMPTY        0x01
#define SLSB_STATE_PRIMED       0x02
#define SLSB_STATE_PENDING      0x03
#define SLSB_STATE_HALTED       0x0E
#define SLSB_STATE_ERROR        0x0F
#define SLSB_STATE_MASK         0x0F

#define SLSB_P_INPUT_NOT_INIT   (SLSB_OWNER_PROG | SLSB_TYPE_INPUT  | SLSB_STATE_NOT_INIT) /* 0x80 */
#define SLSB_P_INPUT_ACK        (SLSB_OWNER_PROG | SLSB_TYPE_INPUT  | SLSB_STATE_EMPTY)    /* 0x81 */
#define SLSB_CU_INPUT_EMPTY     (SLSB_OWNER_CU   | SLSB_TYPE_INPUT  | SLSB_STATE_EMPTY)    /* 0x41 */
#define SLSB_P_INPUT_PRIMED     (SLSB_OWNER_PROG | SLSB_TYPE_INPUT  | SLSB_STATE_PRIMED)   /* 0x82 */
#define SLSB_P_INPUT_HALTED     (SLSB_OWNER_PROG | SLSB_TYPE_INPUT  | SLSB_STATE_HALTED)   /* 0x8E */
#define SLSB_P_INPUT_ERROR      (SLSB_OWNER_PROG | SLSB_TYPE_INPUT  | SLSB_STATE_ERROR)    /* 0x8F */
#define SLSB_P_OUTPUT_NOT_INIT  (SLSB_OWNER_PROG | SLSB_TYPE_OUTPUT | SLSB_STATE_NOT_INIT) /* 0xA0 */
#define SLSB_P_OUTPUT_EMPTY     (SLSB_OWNER_PROG | SLSB_TYPE_OUTPUT | SLSB_STATE_EMPTY)    /* 0xA1 */
#define SLSB_CU_OUTPUT_PRIMED   (SLSB_OWNER_CU   | SLSB_TYPE_OUTPUT | SLSB_STATE_PRIMED)   /* 0x62 */
#define SLSB_P_OUTPUT_PENDING   (SLSB_OWNER_PROG | SLSB_TYPE_OUTPUT | SLSB_STATE_PENDING)  /* 0xA3 */
#define SLSB_P_OUTPUT_HALTED    (SLSB_OWNER_PROG | SLSB_TYPE_OUTPUT | SLSB_STATE_HALTED)   /* 0xAE */
#define SLSB_P_OUTPUT_ERROR     (SLSB_OWNER_PROG | SLSB_TYPE_OUTPUT | SLSB_STATE_ERROR)    /* 0xAF */
/* Hercules sets this for any error, input or output; not owner|type|state. */
#define SLSB_ERROR_ANY          0xFF

_Static_assert(SLSB_CU_INPUT_EMPTY == 0x41 && SLSB_P_INPUT_PRIMED == 0x82, "input");
_Static_assert(SLSB_CU_OUTPUT_PRIMED == 0x62 && SLSB_P_OUTPUT_EMPTY == 0xA1, "output");

/* ---- accessors --------------------------------------------------------- */

static inline uint64_t qdr_qiba(const struct qdr *q) { return be_get64(q->qiba); }
static inline void qdr_set_qiba(struct qdr *q, uint64_t a) { be_put64(q->qiba, a); }
static inline uint8_t qdr_qkey(const struct qdr *q) { return (uint8_t)(q->qkey >> 4); }

static inline uint64_t qdesc_sliba(const struct qdesfmt0 *d) { return be_get64(d->sliba); }
static inline uint64_t qdesc_sla(const struct qdesfmt0 *d) { return be_get64(d->sla); }
static inline uint64_t qdesc_slsba(const struct qdesfmt0 *d) { return be_get64(d->slsba); }
static inline void qdesc_set(struct qdesfmt0 *d, uint64_t slib, uint64_t sl, uint64_t slsb)
{
    be_put64(d->sliba, slib);
    be_put64(d->sla, sl);
    be_put64(d->slsba, slsb);
}
static inline uint8_t qdesc_key_slib(const struct qdesfmt0 *d) { return (uint8_t)(d->keys_slib_sl >> 4); }
static inline uint8_t qdesc_key_sl(const struct qdesfmt0 *d) { return d->keys_slib_sl & 0x0F; }
static inline uint8_t qdesc_key_sbal(const struct qdesfmt0 *d) { return (uint8_t)(d->keys_sbal_slsb >> 4); }
static inline uint8_t qdesc_key_slsb(const struct qdesfmt0 *d) { return d->keys_sbal_slsb & 0x0F; }

static inline uint64_t qib_isliba(const struct qib *q) { return be_get64(q->isliba); }
static inline uint64_t qib_osliba(const struct qib *q) { return be_get64(q->osliba); }

static inline uint64_t slib_nsliba(const struct slib *s) { return be_get64(s->nsliba); }
static inline uint64_t slib_sla(const struct slib *s) { return be_get64(s->sla); }
static inline uint64_t slib_slsba(const struct slib *s) { return be_get64(s->slsba); }

/* SBAL address of buffer i (i < QDIO_MAX_BUFFERS, caller-checked). */
static inline uint64_t sl_sbala(const struct sl *s, unsigned i) { return be_get64(s->sbala[i]); }
static inline void sl_set_sbala(struct sl *s, unsigned i, uint64_t a) { be_put64(s->sbala[i], a); }

static inline uint32_t sbale_length(const struct sbale *e) { return be_get32(e->length); }
static inline uint64_t sbale_addr(const struct sbale *e) { return be_get64(e->addr); }
static inline void sbale_set_length(struct sbale *e, uint32_t n) { be_put32(e->length, n); }
static inline void sbale_set_addr(struct sbale *e, uint64_t a) { be_put64(e->addr, a); }
static inline bool sbale_is_last(const struct sbale *e)
{
    return (e->flags[0] & SBALE_F0_LAST_ENTRY) != 0;
}

#endif
