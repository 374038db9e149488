/*
 * qdr.h - the adapter's reading of an ESTABLISH QUEUES request (pure):
 * the QDR with its format-0 queue descriptors, checked against the
 * guest's storage before any queue is used.
 *
 * Formats in include/hw/qdio.h (Linux asm/qdio.h, Hercules Hyperion
 * qdio.h; shared/reference/qdio-osa.md §4).  Rules, each a qdr_err:
 * queue format 0 (OSA); 1..QDR_MAX_INQ input and 1..QDR_MAX_OUTQ output
 * queues; descriptor sizes 8 words; QIB 256-byte aligned, SLIB 2 KB, SL
 * 1 KB and SLSB 256-byte aligned; every block inside the guest's storage
 * and accessible with its key from the descriptor (QIB: QDR byte 0x3C);
 * a SLIB's SL/SLSB addresses equal the descriptor's.  SBAL addresses are
 * checked when a buffer is used (they may change while queues run).
 */
#ifndef QDIO_QDR_H
#define QDIO_QDR_H

#include "port.h"
#include "hw/qdio.h"
#include "cp/vm/gstore.h"

#define QDR_MAX_INQ     4
#define QDR_MAX_OUTQ    4
#define QDR_MIN_LEN     0x40            /* header; descriptors follow        */

struct qdr_queue {
    uint64_t slib, sl, slsb;            /* guest absolute addresses          */
    uint8_t  key_slib, key_sl, key_sbal, key_slsb;
};

struct qdr_config {
    uint8_t  nin, nout;
    uint64_t qib;
    uint8_t  qkey;
    struct qdr_queue in[QDR_MAX_INQ];
    struct qdr_queue out[QDR_MAX_OUTQ];
};

enum qdr_err {
    QDR_OK              =  0,
    QDR_ERR_SHORT       = -1,           /* fewer bytes than its descriptors  */
    QDR_ERR_FORMAT      = -2,           /* queue format not 0 (OSA)          */
    QDR_ERR_QUEUES      = -3,           /* queue counts out of range         */
    QDR_ERR_DESC_SIZE   = -4,           /* descriptor size not 8 words       */
    QDR_ERR_ALIGN       = -5,           /* a block misaligned                */
    QDR_ERR_ADDRESSING  = -6,           /* a block outside guest storage     */
    QDR_ERR_PROTECTION  = -7,           /* a block's key does not match      */
    QDR_ERR_SLIB        = -8,           /* SLIB disagrees with descriptor    */
    QDR_ERR_COUNT       = 9
};

const char *qdr_err_str(enum qdr_err e);

/* Validate the QDR in buf (len bytes, already fetched from the guest)
 * against storage gs; on QDR_OK *out describes the queues. */
enum qdr_err qdr_parse(const uint8_t *buf, size_t len, const struct gstore *gs,
                       struct qdr_config *out);

#endif
