/*
 * qdrv.h - the driver side of the OSA-Express control path (pure): what a
 * guest's (or CP's uplink) QETH driver sends and how it reads the answers.
 *
 * The driver owns a struct qdrv per NIC: its own tokens, the adapter's
 * tokens taken from each reply (never assumed), sequence numbers, the MTU
 * the adapter reported.  Bring-up order (shared/reference/qdio-osa.md §3):
 *
 *   IDX ACTIVATE on CTL-READ, then on CTL-WRITE      qdrv_idx_request/_reply
 *   CM_ENABLE, CM_SETUP, ULP_ENABLE, ULP_SETUP       qdrv_request/_reply
 *   ESTABLISH QUEUES (qdrv_build_qdr) + ACTIVATE QUEUES on DATA
 *   DM_ACT                                           qdrv_request/_reply
 *   IPA STARTLAN, SETIP ...                          qdrv_ipa_request/_reply
 *
 * Requests are written on CTL-WRITE, replies read on CTL-READ; the I/O is
 * the caller's (CMS: cms-tools/qeth.c; tests: over vio).  Builders never
 * check the order, so a test (or CMS NICBAD SEQ) can send a step early;
 * reply parsers check everything they take.
 */
#ifndef QDIO_QDRV_H
#define QDIO_QDRV_H

#include "port.h"
#include "qdio/pdu.h"
#include "hw/qdio.h"

enum qdrv_step {
    QDRV_CM_ENABLE,
    QDRV_CM_SETUP,
    QDRV_ULP_ENABLE,
    QDRV_ULP_SETUP,
    QDRV_DM_ACT,
    QDRV_STEP_COUNT
};

enum qdrv_err {
    QDRV_OK             =  0,
    QDRV_ERR_PDU        = -1,           /* reply malformed (pdu_err)         */
    QDRV_ERR_NEGATIVE   = -2,           /* IDX ACTIVATE refused              */
    QDRV_ERR_REPLY      = -3,           /* not the reply to this request     */
    QDRV_ERR_COUNT      = 4
};

struct qdrv {
    /* identity */
    uint16_t data_devno;
    uint8_t  data_ua;
    /* our tokens */
    uint32_t issuer, cm_filter, cm_conn, ulp_filter, ulp_conn;
    /* the adapter's, from its replies */
    uint32_t idx_read_r, idx_write_r, cm_filter_r, cm_conn_r, ulp_filter_r, ulp_conn_r;
    uint16_t mtu;                       /* ULP_ENABLE reply                  */
    uint8_t  linktype;
    /* sequence numbers */
    uint32_t th_seq, seq, ackseq;
    uint16_t ipa_seq;
};

const char *qdrv_err_str(enum qdrv_err e);
const char *qdrv_step_name(enum qdrv_step s);   /* "CM_ENABLE" ...           */

/* A driver for the NIC whose DATA device is data_devno (unit address
 * data_ua); token_base makes its tokens distinct (e.g. the read devno). */
void qdrv_init(struct qdrv *d, uint16_t data_devno, uint8_t data_ua, uint32_t token_base);

/* IDX ACTIVATE for CTL-READ (read) or CTL-WRITE into out; returns 0x22. */
size_t qdrv_idx_request(struct qdrv *d, bool read, uint8_t *out);
/* Its reply (len bytes); a refusal is QDRV_ERR_NEGATIVE with *cause. */
enum qdrv_err qdrv_idx_reply(struct qdrv *d, bool read, const uint8_t *buf, size_t len,
                             uint8_t *cause);

/* The PDU of step into out (MPC_PDU_MAX bytes); returns its length. */
size_t qdrv_request(struct qdrv *d, enum qdrv_step step, uint8_t *out);
/* Take the adapter's reply to step: its tokens, the MTU. */
enum qdrv_err qdrv_reply(struct qdrv *d, enum qdrv_step step, const uint8_t *buf, size_t len);

/* IPA command cmd for prot with dlen bytes of data into out; returns the
 * PDU length.  The command's sequence number is d->ipa_seq afterwards. */
size_t qdrv_ipa_request(struct qdrv *d, uint8_t cmd, uint16_t prot, const void *data,
                        size_t dlen, uint8_t *out);
/* Check that buf is the reply to the last IPA command cmd; *rc = its
 * return code, *h its header (inside buf) and *hlen header + data bytes. */
enum qdrv_err qdrv_ipa_reply(struct qdrv *d, uint8_t cmd, const uint8_t *buf, size_t len,
                             uint16_t *rc, const struct ipa_hdr **h, size_t *hlen);

/* One queue's control blocks, guest absolute addresses. */
struct qdrv_queue {
    uint64_t slib, sl, slsb;
};
/* Fill the QDR (format 0, key 0 everywhere) for nin input then nout
 * output queues and the QIB at qib; SLIBs and QIB are filled by the
 * caller with qdrv_build_slib/qdrv_build_qib. */
void qdrv_build_qdr(struct qdr *q, uint64_t qib, const struct qdrv_queue *in, unsigned nin,
                    const struct qdrv_queue *out, unsigned nout);
void qdrv_build_qib(struct qib *qib, uint64_t in_slib, uint64_t out_slib);
void qdrv_build_slib(struct slib *s, uint64_t next, uint64_t sl, uint64_t slsb);

#endif
