/*
 * qeth.h - the CMS QDIO (OSA-Express, layer 3) network driver (target
 * only).  The protocol is qdio/qdrv.c's; this file does the I/O: channel
 * programs on the CTL-READ, CTL-WRITE and DATA subchannels of a NIC, the
 * QDIO control blocks in CMS storage, and the IPA commands.
 *
 * An interface is a NIC the user named with IFCONFIG.  Bring-up
 * (qeth_up) runs the whole handshake from IDX ACTIVATE to DM_ACT, with
 * ESTABLISH and ACTIVATE QUEUES in between, then STARTLAN; qeth_setip
 * registers its address.  Every failure names the step it happened in.
 */
#ifndef CMS_QETH_H
#define CMS_QETH_H

#include "port.h"
#include "qdio/qdrv.h"

#define QETH_MAX_IF     2
#define QETH_NBUF       8               /* output buffers in use             */
#define QETH_NBUF_IN_MAX 64             /* input buffers (a power of two, so */
                                        /* ring entry k keeps buffer k % n)  */
#define QETH_BUF_SIZE   (QDIO_MAX_SBALES * 4096)    /* 64 KB: a whole MTU   */
#define QETH_AREA_SIZE  (2 * QETH_NBUF * QETH_BUF_SIZE)     /* 1 MB per NIC  */
#define QETH_BUF_BASE   0x100000ull     /* buffers live above the nucleus    */

/* How a step ended. */
enum qeth_err {
    QETH_OK = 0,
    QETH_ERR_NO_DEVICE,                 /* the NIC's subchannels not found   */
    QETH_ERR_IO,                        /* the channel program failed        */
    QETH_ERR_REPLY,                     /* reply malformed or unexpected     */
    QETH_ERR_IDX,                       /* IDX ACTIVATE refused              */
    QETH_ERR_IPA,                       /* IPA command rc != 0               */
    QETH_ERR_STORAGE,                   /* the guest is too small for buffers */
};

/* Outcome details for messages. */
struct qeth_result {
    enum qeth_err err;
    const char   *step;                 /* "IDX ACTIVATE READ", "SETIP", ... */
    uint8_t       dstat, cstat, sense;  /* QETH_ERR_IO                       */
    uint8_t       cause;                /* QETH_ERR_IDX                      */
    uint16_t      ipa_rc;               /* QETH_ERR_IPA                      */
};

struct qeth_if {
    bool     used;
    uint16_t vdev;
    uint32_t sch[3];                    /* CTL-READ, CTL-WRITE, DATA         */
    struct qdrv drv;
    bool     session;                   /* DM_ACT done                        */
    bool     queues;                    /* ACTIVATE QUEUES running            */
    bool     lan;                       /* STARTLAN done                      */
    bool     has_addr;
    uint32_t addr, gateway;             /* host order                         */
    uint8_t  prefix;
    unsigned area;                      /* index of its QDIO storage         */
    uint8_t  in_next, out_next;         /* ring positions (cms-tools/netio.c) */
    uint8_t  nbuf_in, in_pages;         /* input buffers and pages per buffer */
    /* counters */
    uint64_t pdus, ipa_cmds, ipa_failed, io_errors;
    uint64_t tx_packets, tx_bytes, tx_errors, rx_packets, rx_bytes, rx_errors, rx_dropped;
    uint64_t bringup_us;                /* last qeth_up, IDX to STARTLAN     */
};

extern struct qeth_if qeth_ifs[QETH_MAX_IF];

/* The interface of NIC vdev (creating it if create); NULL if none/full. */
struct qeth_if *qeth_find(uint16_t vdev, bool create);
/* Locate and enable the NIC's three subchannels. */
bool qeth_attach(struct qeth_if *q);
/* Full bring-up: a fresh session (any old one is ended first), queues,
 * DM_ACT, STARTLAN. */
bool qeth_up(struct qeth_if *q, struct qeth_result *r);
/* Stop the queues (HSCH on DATA) and forget the session. */
void qeth_stop(struct qeth_if *q);

/* One IPA command with dlen bytes of data; *rc = its return code. */
bool qeth_ipa(struct qeth_if *q, uint8_t cmd, const void *data, size_t dlen, uint16_t *rc,
              struct qeth_result *r);
/* SETIP / DELIP of addr/prefix. */
bool qeth_ip(struct qeth_if *q, uint8_t cmd, uint32_t addr, uint8_t prefix, uint16_t *rc,
             struct qeth_result *r);

/* ---- steps for NICBAD (bad input on purpose) ---------------------------- */
/* IDX ACTIVATE on both paths with a fresh driver state. */
bool qeth_idx(struct qeth_if *q, struct qeth_result *r);
/* Write len bytes of wbuf on CTL-WRITE; read the reply when want_reply. */
bool qeth_exchange(struct qeth_if *q, size_t len, bool want_reply, size_t *rlen,
                   struct qeth_result *r);
/* The control-path handshake steps from..to (qdrv_step) in order. */
bool qeth_steps(struct qeth_if *q, enum qdrv_step from, enum qdrv_step to,
                struct qeth_result *r);
/* ESTABLISH QUEUES with q's control blocks; bad = point the first input
 * SLSB outside guest storage. */
bool qeth_establish(struct qeth_if *q, bool bad, struct qeth_result *r);

/* Data path helpers: guest address of buffer b's 64 KB (input or output
 * queue), its SBAL, and the queue's SLSB; qeth_arm_sbal points the 16
 * SBALEs of s at the 16 pages from data (last entry marked). */
uint64_t qeth_buffer(const struct qeth_if *q, bool input, unsigned b);
struct sbal *qeth_sbal(const struct qeth_if *q, bool input, unsigned b);
struct slsb *qeth_slsb(const struct qeth_if *q, bool input);
void qeth_arm_sbal(struct sbal *s, uint64_t data, unsigned pages);

/* The control-path buffers qeth_exchange uses. */
extern uint8_t qeth_wbuf[MPC_PDU_MAX], qeth_rbuf[MPC_PDU_MAX];

/* Text of an IPA return code ("duplicate IP address"), or "". */
const char *qeth_ipa_rc_text(uint16_t rc);

#endif
