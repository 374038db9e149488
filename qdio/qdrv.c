/*
 * qdrv.c - the driver side of the OSA-Express control path (pure; see
 * qdrv.h).  PDU contents per step follow the token chain in hw/mpc.h.
 */
#include "qdio/qdrv.h"

static const char *const err_names[QDRV_ERR_COUNT] = {
    [0] = "ok",
    [1] = "malformed reply",
    [2] = "IDX ACTIVATE refused",
    [3] = "unexpected reply",
};

static const char *const step_names[QDRV_STEP_COUNT] = {
    [QDRV_CM_ENABLE] = "CM_ENABLE",
    [QDRV_CM_SETUP] = "CM_SETUP",
    [QDRV_ULP_ENABLE] = "ULP_ENABLE",
    [QDRV_ULP_SETUP] = "ULP_SETUP",
    [QDRV_DM_ACT] = "DM_ACT",
};

const char *qdrv_err_str(enum qdrv_err e)
{
    unsigned i = (unsigned)-(int)e;
    return i < ARRAY_SIZE(err_names) ? err_names[i] : "unknown driver error";
}

const char *qdrv_step_name(enum qdrv_step s)
{
    return (unsigned)s < QDRV_STEP_COUNT ? step_names[s] : "?";
}

void qdrv_init(struct qdrv *d, uint16_t data_devno, uint8_t data_ua, uint32_t token_base)
{
    memset(d, 0, sizeof *d);
    d->data_devno = data_devno;
    d->data_ua = data_ua;
    uint32_t t = (token_base & 0xFFFF) << 8;
    d->issuer = 0x00010000u | t | 0x03;
    d->cm_filter = 0x00010000u | t | 0x0F;
    d->cm_conn = 0x00010000u | t | 0x11;
    d->ulp_filter = 0x00010000u | t | 0x12;
    d->ulp_conn = 0x00010000u | t | 0x14;
    d->th_seq = 1;
}

size_t qdrv_idx_request(struct qdrv *d, bool read, uint8_t *out)
{
    struct idx_req r = { read, 0, d->issuer, d->data_devno, d->data_ua };
    idx_build_request(out, &r);
    return sizeof(struct idx_act);
}

enum qdrv_err qdrv_idx_reply(struct qdrv *d, bool read, const uint8_t *buf, size_t len,
                             uint8_t *cause)
{
    bool positive;
    uint32_t token;
    *cause = 0;
    if (idx_parse_reply(buf, len, &positive, cause, &token) != PDU_OK)
        return QDRV_ERR_PDU;
    if (!positive)
        return QDRV_ERR_NEGATIVE;
    if (read)
        d->idx_read_r = token;
    else
        d->idx_write_r = token;
    return QDRV_OK;
}

/* Headers of a control PDU (RRH type, proto 7E) to token, data dlen. */
static uint8_t *ctl_pdu(struct qdrv *d, uint8_t *out, uint8_t type, uint8_t proto,
                        uint32_t token, size_t dlen)
{
    struct mpc_pdu p = { .th_seq = d->th_seq++, .type = type, .proto = proto,
                         .seq = d->seq++, .ackseq = d->ackseq, .token = token };
    return out + mpc_build(out, false, &p, dlen);
}

size_t qdrv_request(struct qdrv *d, enum qdrv_step step, uint8_t *out)
{
    uint8_t body[MPC_PUS0A_LEN_REQ - MPC_PUS_HDR_LEN];
    uint8_t *data, *p;
    size_t lenpus;
    switch (step) {
    case QDRV_CM_ENABLE: {
        static const uint8_t user[8] = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
        lenpus = MPC_PUS01_LEN + MPC_PUS02_LEN;
        data = ctl_pdu(d, out, MPC_RRH_TYPE_CM, MPC_RRH_PROTO_CONTROL, d->idx_write_r,
                       sizeof(struct mpc_puk) + lenpus);
        p = mpc_put_puk(data, MPC_PUK_WHAT_CM_ULP, MPC_PUK_TYPE_ENABLE, (uint16_t)lenpus);
        p = mpc_put_pus01(p, MPC_RRH_PROTO_CONTROL, d->cm_filter);
        p = mpc_put_pus(p, MPC_PUS_USERDATA, user, sizeof user);
        break;
    }
    case QDRV_CM_SETUP:
        lenpus = 2 * MPC_PUSTOK_LEN + MPC_PUS06_LEN;
        data = ctl_pdu(d, out, MPC_RRH_TYPE_CM, MPC_RRH_PROTO_CONTROL, d->cm_filter_r,
                       sizeof(struct mpc_puk) + lenpus);
        p = mpc_put_puk(data, MPC_PUK_WHAT_CM_ULP, MPC_PUK_TYPE_SETUP, (uint16_t)lenpus);
        p = mpc_put_pus_token(p, MPC_PUS_CONNECTION, d->cm_conn);
        p = mpc_put_pus_token(p, MPC_PUS_PEER_FILTER, d->cm_filter_r);
        p = mpc_put_pus06(p, MPC_PUS06_CM);
        break;
    case QDRV_ULP_ENABLE:
        lenpus = MPC_PUS01_LEN + MPC_PUS0A_LEN_REQ;
        data = ctl_pdu(d, out, MPC_RRH_TYPE_ULP, MPC_RRH_PROTO_CONTROL, d->cm_conn_r,
                       sizeof(struct mpc_puk) + lenpus);
        p = mpc_put_puk(data, MPC_PUK_WHAT_CM_ULP, MPC_PUK_TYPE_ENABLE, (uint16_t)lenpus);
        p = mpc_put_pus01(p, MPC_ULP_PROTO_L3, d->ulp_filter);
        memset(body, 0, sizeof body);
        be_put32(body + MPC_PUS0A_OFF_WORD - MPC_PUS_HDR_LEN, MPC_PUS0A_WORD);
        be_put16(body + MPC_PUS0A_OFF_MTU - MPC_PUS_HDR_LEN, 0xFFFF);
        body[MPC_PUS0A_OFF_NAMELEN - MPC_PUS_HDR_LEN] = 8;
        memset(body + MPC_PUS0A_OFF_NAME - MPC_PUS_HDR_LEN, 0x40, 8);   /* EBCDIC blanks */
        p = mpc_put_pus(p, MPC_PUS_LINK, body, sizeof body);
        break;
    case QDRV_ULP_SETUP:
        lenpus = 2 * MPC_PUSTOK_LEN + MPC_PUS06_LEN + MPC_PUS0B_LEN;
        data = ctl_pdu(d, out, MPC_RRH_TYPE_ULP, MPC_RRH_PROTO_CONTROL, d->cm_conn_r,
                       sizeof(struct mpc_puk) + lenpus);
        p = mpc_put_puk(data, MPC_PUK_WHAT_CM_ULP, MPC_PUK_TYPE_SETUP, (uint16_t)lenpus);
        p = mpc_put_pus_token(p, MPC_PUS_CONNECTION, d->ulp_conn);
        p = mpc_put_pus_token(p, MPC_PUS_PEER_FILTER, d->ulp_filter_r);
        p = mpc_put_pus06(p, MPC_PUS06_ULP);
        be_put16(body, d->data_devno);
        body[2] = 0;
        body[3] = d->data_ua;
        p = mpc_put_pus(p, MPC_PUS_DEVICE, body, MPC_PUS0B_LEN - MPC_PUS_HDR_LEN);
        break;
    case QDRV_DM_ACT:
        lenpus = MPC_PUSTOK_LEN;
        data = ctl_pdu(d, out, MPC_RRH_TYPE_ULP, MPC_RRH_PROTO_CONTROL, d->cm_conn_r,
                       sizeof(struct mpc_puk) + lenpus);
        p = mpc_put_puk(data, MPC_PUK_WHAT_DM, MPC_PUK_TYPE_ACTIVE, (uint16_t)lenpus);
        p = mpc_put_pus_token(p, MPC_PUS_CONNECTION, d->ulp_conn_r);
        break;
    default:
        return 0;
    }
    return (size_t)(p - out);
}

/* Parse a control reply; the PUK must be what/type. */
static enum qdrv_err ctl_reply(struct qdrv *d, const uint8_t *buf, size_t len, uint8_t what,
                               uint8_t type, struct mpc_puk_view *pk)
{
    struct mpc_pdu pdu;
    if (mpc_parse(buf, len, &pdu) != PDU_OK || mpc_puk_parse(pdu.data, pdu.len, pk) != PDU_OK)
        return QDRV_ERR_PDU;
    if (pk->what != what || pk->type != type)
        return QDRV_ERR_REPLY;
    d->ackseq = pdu.seq;
    return QDRV_OK;
}

/* The token of the reply's PUS of type into *tok. */
static enum qdrv_err reply_token(const struct mpc_puk_view *pk, uint8_t type, uint32_t *tok)
{
    const uint8_t *pus = mpc_pus_find(pk, type,
                                      type == MPC_PUS_FILTER ? MPC_PUS01_LEN : MPC_PUSTOK_LEN);
    if (!pus)
        return QDRV_ERR_REPLY;
    *tok = mpc_pus_token(pus);
    return QDRV_OK;
}

enum qdrv_err qdrv_reply(struct qdrv *d, enum qdrv_step step, const uint8_t *buf, size_t len)
{
    struct mpc_puk_view pk;
    enum qdrv_err e;
    switch (step) {
    case QDRV_CM_ENABLE:
        if ((e = ctl_reply(d, buf, len, MPC_PUK_WHAT_CM_ULP, MPC_PUK_TYPE_ENABLE, &pk)))
            return e;
        return reply_token(&pk, MPC_PUS_FILTER, &d->cm_filter_r);
    case QDRV_CM_SETUP:
        if ((e = ctl_reply(d, buf, len, MPC_PUK_WHAT_CM_ULP, MPC_PUK_TYPE_CONFIRM, &pk)))
            return e;
        return reply_token(&pk, MPC_PUS_PEER_CONN, &d->cm_conn_r);
    case QDRV_ULP_ENABLE: {
        if ((e = ctl_reply(d, buf, len, MPC_PUK_WHAT_CM_ULP, MPC_PUK_TYPE_ENABLE, &pk)))
            return e;
        const uint8_t *link = mpc_pus_find(&pk, MPC_PUS_LINK, MPC_PUS0A_OFF_NAME);
        if (!link)
            return QDRV_ERR_REPLY;
        d->mtu = be_get16(link + MPC_PUS0A_OFF_MTU);
        d->linktype = be_get16(link) > MPC_PUS0A_OFF_LINKTYPE ? link[MPC_PUS0A_OFF_LINKTYPE] : 0;
        return reply_token(&pk, MPC_PUS_FILTER, &d->ulp_filter_r);
    }
    case QDRV_ULP_SETUP:
        if ((e = ctl_reply(d, buf, len, MPC_PUK_WHAT_CM_ULP, MPC_PUK_TYPE_CONFIRM, &pk)))
            return e;
        return reply_token(&pk, MPC_PUS_PEER_CONN, &d->ulp_conn_r);
    case QDRV_DM_ACT:
        return ctl_reply(d, buf, len, MPC_PUK_WHAT_DM, MPC_PUK_TYPE_ACTIVE, &pk);
    default:
        return QDRV_ERR_REPLY;
    }
}

size_t qdrv_ipa_request(struct qdrv *d, uint8_t cmd, uint16_t prot, const void *data,
                        size_t dlen, uint8_t *out)
{
    uint8_t *p = ctl_pdu(d, out, MPC_RRH_TYPE_IPA, MPC_RRH_PROTO_L3, d->ulp_conn_r,
                         sizeof(struct ipa_hdr) + dlen);
    return (size_t)(p - out) + ipa_build(p, cmd, ++d->ipa_seq, prot, data, dlen);
}

enum qdrv_err qdrv_ipa_reply(struct qdrv *d, uint8_t cmd, const uint8_t *buf, size_t len,
                             uint16_t *rc, const struct ipa_hdr **h, size_t *hlen)
{
    struct mpc_pdu pdu;
    if (mpc_parse(buf, len, &pdu) != PDU_OK || ipa_parse(pdu.data, pdu.len, h) != PDU_OK)
        return QDRV_ERR_PDU;
    if (pdu.type != MPC_RRH_TYPE_IPA || (*h)->cmd != cmd || ipa_seq(*h) != d->ipa_seq)
        return QDRV_ERR_REPLY;
    d->ackseq = pdu.seq;
    *rc = ipa_rc(*h);
    *hlen = pdu.len;
    return QDRV_OK;
}

void qdrv_build_qdr(struct qdr *q, uint64_t qib, const struct qdrv_queue *in, unsigned nin,
                    const struct qdrv_queue *out, unsigned nout)
{
    memset(q, 0, sizeof *q);
    q->qfmt = QDR_QFMT_OSA;
    q->iqdcnt = (uint8_t)nin;
    q->oqdcnt = (uint8_t)nout;
    q->iqdsz = QDR_QDSZ_FMT0;
    q->oqdsz = QDR_QDSZ_FMT0;
    qdr_set_qiba(q, qib);
    for (unsigned i = 0; i < nin + nout && i < QDR_QDESC_MAX; i++) {
        const struct qdrv_queue *x = i < nin ? &in[i] : &out[i - nin];
        qdesc_set(&q->qdf0[i], x->slib, x->sl, x->slsb);
    }
}

void qdrv_build_qib(struct qib *qib, uint64_t in_slib, uint64_t out_slib)
{
    memset(qib, 0, sizeof *qib);
    qib->qfmt = QDR_QFMT_OSA;
    be_put64(qib->isliba, in_slib);
    be_put64(qib->osliba, out_slib);
}

void qdrv_build_slib(struct slib *s, uint64_t next, uint64_t sl, uint64_t slsb)
{
    memset(s, 0, sizeof *s);
    be_put64(s->nsliba, next);
    be_put64(s->sla, sl);
    be_put64(s->slsba, slsb);
}
