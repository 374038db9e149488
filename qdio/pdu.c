/*
 * pdu.c - IDX, MPC PDU, PUK/PUS and IPA codecs (pure; see pdu.h).
 */
#include "qdio/pdu.h"

static const char *const err_names[PDU_ERR_COUNT] = {
    [0] = "ok",
    [1] = "too short",
    [2] = "not an IDX ACTIVATE",
    [3] = "bad IDX type",
    [4] = "bad transport header",
    [5] = "bad request/response header",
    [6] = "bad protocol-data header",
    [7] = "bad PUK",
    [8] = "bad PUS",
    [9] = "IPA command too short",
};

const char *pdu_err_str(enum pdu_err e)
{
    unsigned i = (unsigned)-(int)e;
    return i < ARRAY_SIZE(err_names) ? err_names[i] : "unknown PDU error";
}

/* Name Linux and Hercules put in an IDX ACTIVATE: "HALLOLE " in EBCDIC. */
static const uint8_t idx_name[8] = { 0xC8, 0xC1, 0xD3, 0xD3, 0xD6, 0xD3, 0xC5, 0x40 };
/* Microcode level in replies: "VML1" in EBCDIC. */
static const uint8_t idx_ucode[4] = { 0xE5, 0xD4, 0xD3, 0xF1 };

/* ---- IDX ------------------------------------------------------------------ */

void idx_build_request(uint8_t out[sizeof(struct idx_act)], const struct idx_req *r)
{
    struct idx_act *a = (struct idx_act *)out;
    memset(out, 0, sizeof *a);
    be_put32(a->first4, IDX_FIRST4);
    be_put16(a->type, r->read ? IDX_TYPE_READ : IDX_TYPE_WRITE);
    a->datapaths = 1;
    a->port = (uint8_t)(IDX_PORT_ACTIVATE | (r->port & 0x7F));
    be_put32(a->token, r->token);
    be_put16(a->func_level, r->read ? 0x0000 : 0xFFFF);
    memcpy(a->name, idx_name, sizeof idx_name);
    a->data_ua = r->data_ua;
    be_put16(a->data_devno, r->data_devno);
}

enum pdu_err idx_parse_request(const uint8_t *buf, size_t len, struct idx_req *r)
{
    const struct idx_act *a = (const struct idx_act *)buf;
    if (len < sizeof *a)
        return PDU_ERR_SHORT;
    if (be_get32(a->first4) != IDX_FIRST4)
        return PDU_ERR_IDX_FIRST4;
    uint16_t type = be_get16(a->type);
    if (type != IDX_TYPE_READ && type != IDX_TYPE_WRITE)
        return PDU_ERR_IDX_TYPE;
    r->read = type == IDX_TYPE_READ;
    r->port = a->port & 0x7F;
    r->token = be_get32(a->token);
    r->data_devno = be_get16(a->data_devno);
    r->data_ua = a->data_ua;
    return PDU_OK;
}

void idx_build_reply(uint8_t out[sizeof(struct idx_act)], bool read, bool positive,
                     uint8_t cause, uint32_t token)
{
    struct idx_act *a = (struct idx_act *)out;
    memset(out, 0, sizeof *a);
    be_put32(a->first4, IDX_FIRST4);
    a->type[0] = positive ? IDX_RESP_POSITIVE : 0x01;
    a->type[1] = positive ? 0 : cause;
    a->datapaths = 1;
    a->port = IDX_REPLY_FLAGS;
    be_put32(a->token, positive ? token : 0);
    be_put16(a->func_level, IDX_REPLY_FUNC_LEVEL);
    memcpy(a->ucode_level, idx_ucode, sizeof idx_ucode);
    (void)read;
}

enum pdu_err idx_parse_reply(const uint8_t *buf, size_t len, bool *positive,
                             uint8_t *cause, uint32_t *token)
{
    const struct idx_act *a = (const struct idx_act *)buf;
    if (len < sizeof *a)
        return PDU_ERR_SHORT;
    *positive = idx_reply_positive(a);
    *cause = a->type[1];
    *token = be_get32(a->token);
    return PDU_OK;
}

/* ---- MPC PDU ---------------------------------------------------------------- */

enum pdu_err mpc_parse(const uint8_t *buf, size_t len, struct mpc_pdu *out)
{
    const struct mpc_th *th = (const struct mpc_th *)buf;
    if (len < sizeof *th)
        return PDU_ERR_SHORT;
    uint32_t total = mpc_th_length(th), offrrh = mpc_th_offrrh(th);
    if (be_get32(th->first4) != MPC_TH_FIRST4 || total > len || total < sizeof *th
        || offrrh < sizeof *th || offrrh > total || total - offrrh < sizeof(struct mpc_rrh))
        return PDU_ERR_TH;
    const struct mpc_rrh *rrh = (const struct mpc_rrh *)(buf + offrrh);
    uint32_t offph = mpc_rrh_offph(rrh);
    if (be_get16(rrh->numph) != 1 || rrh->tokentype != MPC_TOKEN_TYPE
        || offph < sizeof *rrh || offph > total - offrrh
        || total - offrrh - offph < sizeof(struct mpc_ph))
        return PDU_ERR_RRH;
    const struct mpc_ph *ph = (const struct mpc_ph *)(buf + offrrh + offph);
    uint32_t offdata = mpc_ph_offdata(ph), lendata = mpc_ph_lendata(ph);
    if (ph->locdata != MPC_PH_LOC_IMMEDIATE || offdata < offrrh + offph + sizeof *ph
        || offdata > total || lendata > total - offdata)
        return PDU_ERR_PH;
    *out = (struct mpc_pdu){
        .th_seq = be_get32(th->seq), .type = rrh->type, .proto = rrh->proto,
        .seq = mpc_rrh_seq(rrh), .ackseq = be_get32(rrh->ackseq),
        .token = mpc_rrh_token(rrh), .data = buf + offdata, .len = lendata,
    };
    return PDU_OK;
}

size_t mpc_build(uint8_t *buf, bool adapter, const struct mpc_pdu *p, size_t dlen)
{
    size_t rrhlen = adapter ? MPC_RRH_LEN_ADAPTER : MPC_RRH_LEN_DRIVER;
    size_t offph = MPC_RRH_OFF + rrhlen, offdata = offph + sizeof(struct mpc_ph);
    memset(buf, 0, offdata);
    struct mpc_th *th = (struct mpc_th *)buf;
    be_put32(th->first4, MPC_TH_FIRST4);
    be_put32(th->seq, p->th_seq);
    be_put32(th->offrrh, MPC_RRH_OFF);
    be_put32(th->length, (uint32_t)(offdata + dlen));
    be_put16(th->x1000, adapter ? MPC_TH_X_ADAPTER : MPC_TH_X_DRIVER);
    be_put16(th->numrrh, 1);
    struct mpc_rrh *rrh = (struct mpc_rrh *)(buf + MPC_RRH_OFF);
    rrh->type = p->type;
    rrh->proto = p->proto;
    be_put16(rrh->numph, 1);
    be_put32(rrh->seq, p->seq);
    be_put32(rrh->ackseq, p->ackseq);
    be_put16(rrh->offph, (uint16_t)rrhlen);
    be_put16(rrh->lenfida, (uint16_t)dlen);
    mpc_put24(rrh->lenalda, (uint32_t)dlen);
    rrh->tokentype = MPC_TOKEN_TYPE;
    be_put32(rrh->token, p->token);
    struct mpc_ph *ph = (struct mpc_ph *)(buf + offph);
    ph->locdata = MPC_PH_LOC_IMMEDIATE;
    mpc_put24(ph->lendata, (uint32_t)dlen);
    be_put32(ph->offdata, (uint32_t)offdata);
    return offdata;
}

/* ---- PUK / PUS -------------------------------------------------------------- */

enum pdu_err mpc_puk_parse(const uint8_t *data, size_t len, struct mpc_puk_view *out)
{
    const struct mpc_puk *pk = (const struct mpc_puk *)data;
    if (len < sizeof *pk)
        return PDU_ERR_SHORT;
    size_t lenpus = be_get16(pk->lenpus);
    if (be_get16(pk->length) != sizeof *pk || lenpus > len - sizeof *pk)
        return PDU_ERR_PUK;
    const uint8_t *pus = data + sizeof *pk;
    for (size_t off = 0; off < lenpus;) {
        size_t n = lenpus - off;
        if (n < MPC_PUS_HDR_LEN)
            return PDU_ERR_PUS;
        uint16_t l = be_get16(pus + off + MPC_PUS_OFF_LEN);
        if (l < MPC_PUS_HDR_LEN || l > n || pus[off + MPC_PUS_OFF_MARK] != MPC_PUS_MARK)
            return PDU_ERR_PUS;
        off += l;
    }
    *out = (struct mpc_puk_view){ pk->what, pk->type, pus, lenpus };
    return PDU_OK;
}

const uint8_t *mpc_pus_find(const struct mpc_puk_view *pk, uint8_t type, size_t minlen)
{
    for (size_t off = 0; off < pk->lenpus; off += be_get16(pk->pus + off)) {
        const uint8_t *p = pk->pus + off;
        if (p[MPC_PUS_OFF_TYPE] == type)
            return be_get16(p) >= minlen ? p : NULL;
    }
    return NULL;
}

uint32_t mpc_pus_token(const uint8_t *pus)
{
    return be_get32(pus + (pus[MPC_PUS_OFF_TYPE] == MPC_PUS_FILTER ? MPC_PUS01_OFF_TOKEN
                                                                  : MPC_PUSTOK_OFF_TOKEN));
}

uint8_t *mpc_put_puk(uint8_t *p, uint8_t what, uint8_t type, uint16_t lenpus)
{
    memset(p, 0, sizeof(struct mpc_puk));
    be_put16(p, sizeof(struct mpc_puk));
    p[2] = what;
    p[3] = type;
    be_put16(p + 4, lenpus);
    return p + sizeof(struct mpc_puk);
}

static uint8_t *pus_head(uint8_t *p, uint8_t type, size_t len)
{
    be_put16(p, (uint16_t)len);
    p[MPC_PUS_OFF_MARK] = MPC_PUS_MARK;
    p[MPC_PUS_OFF_TYPE] = type;
    return p + MPC_PUS_HDR_LEN;
}

uint8_t *mpc_put_pus01(uint8_t *p, uint8_t proto, uint32_t token)
{
    uint8_t *b = pus_head(p, MPC_PUS_FILTER, MPC_PUS01_LEN);
    b[0] = proto;
    b[1] = 0x04;
    b[2] = MPC_TOKEN_TYPE;
    be_put32(b + 3, token);
    return p + MPC_PUS01_LEN;
}

uint8_t *mpc_put_pus_token(uint8_t *p, uint8_t type, uint32_t token)
{
    uint8_t *b = pus_head(p, type, MPC_PUSTOK_LEN);
    b[0] = MPC_TOKEN_TYPE;
    be_put32(b + 1, token);
    return p + MPC_PUSTOK_LEN;
}

uint8_t *mpc_put_pus06(uint8_t *p, uint16_t value)
{
    be_put16(pus_head(p, MPC_PUS_06, MPC_PUS06_LEN), value);
    return p + MPC_PUS06_LEN;
}

uint8_t *mpc_put_pus(uint8_t *p, uint8_t type, const uint8_t *body, size_t n)
{
    memcpy(pus_head(p, type, MPC_PUS_HDR_LEN + n), body, n);
    return p + MPC_PUS_HDR_LEN + n;
}

/* ---- IPA ------------------------------------------------------------------ */

size_t ipa_build(uint8_t *out, uint8_t cmd, uint16_t seq, uint16_t prot,
                 const void *data, size_t dlen)
{
    struct ipa_hdr *h = (struct ipa_hdr *)out;
    memset(h, 0, sizeof *h);
    h->cmd = cmd;
    h->initiator = IPA_INIT_HOST;
    be_put16(h->seq, seq);
    h->adapter_type = IPA_ADAPTER_TYPE;
    h->prim_version = IPA_PRIM_VERSION;
    h->param_count = 1;
    be_put16(h->prot, prot);
    if (dlen)
        memcpy(out + sizeof *h, data, dlen);
    return sizeof *h + dlen;
}

enum pdu_err ipa_parse(const uint8_t *data, size_t len, const struct ipa_hdr **h)
{
    if (len < sizeof(struct ipa_hdr))
        return PDU_ERR_IPA;
    *h = (const struct ipa_hdr *)data;
    return PDU_OK;
}

int ipa_mask_prefix(uint32_t mask)
{
    int n = 0;
    while (n < 32 && (mask & (0x80000000u >> n)))
        n++;
    return (n < 32 && (mask << n)) ? -1 : n;
}

uint32_t ipa_prefix_mask(unsigned n)
{
    return n == 0 ? 0 : n >= 32 ? 0xFFFFFFFFu : ~0u << (32 - n);
}
