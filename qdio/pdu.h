/*
 * pdu.h - codecs for the OSA-Express control path, shared by both sides
 * (pure): IDX ACTIVATE requests and replies, MPC PDUs (TH + RRH + PH +
 * data), the PUK/PUS chain of CM/ULP/DM PDUs, and the IPA header.
 *
 * Formats are in include/hw/mpc.h and include/hw/ipa.h (sources cited
 * there; shared/reference/qdio-osa.md §3-§4).  The adapter (CP's NIC,
 * qdio/osa.c) parses what a guest wrote and builds replies; the driver
 * (CMS, qdio/qdrv.c; CP's uplink driver later) builds requests and parses
 * replies.  Parsers take untrusted bytes: every offset and length is
 * checked against the buffer before it is used, and a parser that returns
 * an error has told nothing about the bytes.  No I/O, no storage access.
 */
#ifndef QDIO_PDU_H
#define QDIO_PDU_H

#include "port.h"
#include "hw/mpc.h"
#include "hw/ipa.h"

#define MPC_PDU_MAX     4096            /* one control READ/WRITE buffer     */

enum pdu_err {
    PDU_OK              =  0,
    PDU_ERR_SHORT       = -1,           /* shorter than its fixed header     */
    PDU_ERR_IDX_FIRST4  = -2,           /* not an IDX ACTIVATE               */
    PDU_ERR_IDX_TYPE    = -3,           /* neither 1901 (read) nor 1501      */
    PDU_ERR_TH          = -4,           /* TH first4, length or RRH offset   */
    PDU_ERR_RRH         = -5,           /* RRH count, PH offset, token type  */
    PDU_ERR_PH          = -6,           /* PH location or data outside PDU   */
    PDU_ERR_PUK         = -7,           /* PUK length / PUS sum              */
    PDU_ERR_PUS         = -8,           /* a PUS length or mark              */
    PDU_ERR_IPA         = -9,           /* IPA data shorter than its header  */
    PDU_ERR_COUNT       = 10
};

const char *pdu_err_str(enum pdu_err e);

/* ---- IDX ACTIVATE ------------------------------------------------------ */

struct idx_req {
    bool     read;                      /* type 1901 (CTL-READ) or 1501      */
    uint8_t  port;                      /* relative port (low 7 bits)        */
    uint32_t token;                     /* issuer token                      */
    uint16_t data_devno;                /* DATA device number                */
    uint8_t  data_ua;                   /* DATA device unit address          */
};

/* Build the 0x22-byte request into out. */
void idx_build_request(uint8_t out[sizeof(struct idx_act)], const struct idx_req *r);
/* Parse a request of len bytes. */
enum pdu_err idx_parse_request(const uint8_t *buf, size_t len, struct idx_req *r);
/* Build the 0x22-byte reply (IEAR): positive with token, or negative
 * with cause (IDX_CAUSE_*). */
void idx_build_reply(uint8_t out[sizeof(struct idx_act)], bool read, bool positive,
                     uint8_t cause, uint32_t token);
/* Parse a reply: *positive, *cause and *token (valid when positive). */
enum pdu_err idx_parse_reply(const uint8_t *buf, size_t len, bool *positive,
                             uint8_t *cause, uint32_t *token);

/* ---- MPC PDU -------------------------------------------------------- */

/* The header fields of one PDU and where its data is. */
struct mpc_pdu {
    uint32_t th_seq;
    uint8_t  type;                      /* MPC_RRH_TYPE_*                    */
    uint8_t  proto;                     /* MPC_RRH_PROTO_*                   */
    uint32_t seq;                       /* RRH sequence number               */
    uint32_t ackseq;
    uint32_t token;                     /* destination token                 */
    const uint8_t *data;                /* inside the parsed buffer          */
    size_t   len;
};

/* Parse one PDU of len bytes (any RRH length: driver 0x24, adapter 0x1C;
 * exactly one RRH and one PH; data inside both the TH length and len). */
enum pdu_err mpc_parse(const uint8_t *buf, size_t len, struct mpc_pdu *out);

/* Write the headers of a PDU carrying dlen bytes of data into buf: the
 * driver layout (RRH 0x24, data at 0x40) or the adapter's (RRH 0x1C, data
 * at 0x38).  p's type, proto, seq, ackseq, token and th_seq are used.
 * Returns the data offset; the caller stores the data there.  The caller
 * guarantees offset + dlen <= the buffer (MPC_PDU_MAX). */
size_t mpc_build(uint8_t *buf, bool adapter, const struct mpc_pdu *p, size_t dlen);

/* ---- PUK and PUS ---------------------------------------------------- */

struct mpc_puk_view {
    uint8_t  what;                      /* MPC_PUK_WHAT_*                    */
    uint8_t  type;                      /* MPC_PUK_TYPE_*                    */
    const uint8_t *pus;                 /* first PUS                         */
    size_t   lenpus;                    /* sum of the PUS lengths            */
};

/* Parse the PUK at the start of a CM/ULP/DM PDU's data and check that its
 * PUSes tile lenpus exactly (each >= 4 bytes, marked 0x04). */
enum pdu_err mpc_puk_parse(const uint8_t *data, size_t len, struct mpc_puk_view *out);
/* The first PUS of type with at least minlen bytes, or NULL. */
const uint8_t *mpc_pus_find(const struct mpc_puk_view *pk, uint8_t type, size_t minlen);
/* Token of a token-carrying PUS (types 01: at +7; 03/04/05/08: at +5). */
uint32_t mpc_pus_token(const uint8_t *pus);

/* Builders: each writes at p and returns the byte after what it wrote. */
uint8_t *mpc_put_puk(uint8_t *p, uint8_t what, uint8_t type, uint16_t lenpus);
uint8_t *mpc_put_pus01(uint8_t *p, uint8_t proto, uint32_t token);
uint8_t *mpc_put_pus_token(uint8_t *p, uint8_t type, uint32_t token);
uint8_t *mpc_put_pus06(uint8_t *p, uint16_t value);
/* A PUS of type with content bytes of body (length 4 + n). */
uint8_t *mpc_put_pus(uint8_t *p, uint8_t type, const uint8_t *body, size_t n);

/* ---- IPA ------------------------------------------------------------ */

/* Write an IPA header (command cmd, sequence seq, prot) followed by dlen
 * bytes of data at out; returns 20 + dlen. */
size_t ipa_build(uint8_t *out, uint8_t cmd, uint16_t seq, uint16_t prot,
                 const void *data, size_t dlen);
/* Check that data holds an IPA header; *h points into data. */
enum pdu_err ipa_parse(const uint8_t *data, size_t len, const struct ipa_hdr **h);

/* Prefix length of a contiguous IPv4 mask (0xFFFFFF00 -> 24), or -1. */
int ipa_mask_prefix(uint32_t mask);
/* The IPv4 mask of prefix length n (0..32). */
uint32_t ipa_prefix_mask(unsigned n);

#endif
