/*
 * osa.c - OSA-Express adapter emulation for one guest NIC (pure; see
 * osa.h for the protocol and the outcomes of bad input).
 *
 * Control PDUs are checked in three passes: the codec (qdio/pdu.c) checks
 * the structure, the step table below checks that the PDU is the next one
 * the session accepts and carries CP's token for that step, and the step
 * handler checks the PUSes it needs.  Only then is the session changed
 * and the reply queued.
 */
#include "qdio/osa.h"

#define REPLY_HDR       MPC_DATA_OFF_ADAPTER
#define IPA_ASSISTS     0x00000001u     /* ARP processing: the LAN needs no ARP */

static const char *const phase_names[OSA_PHASE_COUNT] = {
    [OSA_PHASE_NONE] = "None",
    [OSA_PHASE_IDX] = "IDX Active",
    [OSA_PHASE_CM_ENABLED] = "CM Enabled",
    [OSA_PHASE_CM_SETUP] = "CM Setup",
    [OSA_PHASE_ULP_ENABLED] = "ULP Enabled",
    [OSA_PHASE_ULP_SETUP] = "ULP Setup",
    [OSA_PHASE_DM_ACTIVE] = "Session Established",
};

const char *osa_phase_name(enum osa_phase p)
{
    return (unsigned)p < OSA_PHASE_COUNT ? phase_names[p] : "Unknown";
}

void osa_init(struct osa *a, uint16_t vdev, struct gl_net *net, uint16_t port)
{
    memset(a, 0, sizeof *a);
    a->vdev = vdev;
    a->net = net;
    a->port = port;
}

static uint32_t token(const struct osa *a, enum osa_token_kind k)
{
    return OSA_TOKEN(a->vdev, k);
}

static bool coupled(const struct osa *a)
{
    const struct gl_port *p = a->net ? gl_port_at(a->net, a->port) : NULL;
    return p && p->lan != GL_LAN_NONE;
}

/* Unregister every address this NIC registered. */
static void drop_addresses(struct osa *a)
{
    struct gl_addr list[OSA_MAX_IPS];
    size_t n;
    if (!coupled(a) || gl_ip_list(a->net, a->port, list, ARRAY_SIZE(list), &n) != GL_OK)
        return;
    for (size_t i = 0; i < n && i < ARRAY_SIZE(list); i++)
        if (list[i].af == GL_AF_IPV4)
            gl_ip_unregister(a->net, a->port, be_get32(list[i].a));
}

void osa_reset(struct osa *a)
{
    drop_addresses(a);
    a->phase = OSA_PHASE_NONE;
    a->idx_read = a->idx_write = false;
    a->idx_reply_pending[0] = a->idx_reply_pending[1] = false;
    a->lan_started = false;
    a->head = a->count = 0;
    a->conn_name[0] = '\0';
    a->established = a->active = false;     /* a running AQ program ends with HSCH/CSCH */
}

/* ---- replies --------------------------------------------------------------- */

/* Room for one more reply?  Counted as an overrun when not. */
static bool reply_room(struct osa *a)
{
    if (a->count < OSA_REPLIES)
        return true;
    a->c.reply_overruns++;
    return false;
}

/* Start a reply PDU in the next free slot: headers for dlen bytes of data
 * to token tok; returns where the data goes. */
static uint8_t *reply_start(struct osa *a, uint8_t type, uint8_t proto, uint32_t tok, size_t dlen)
{
    struct osa_reply *r = &a->replies[(a->head + a->count) % OSA_REPLIES];
    struct mpc_pdu p = { .th_seq = ++a->th_seq, .type = type, .proto = proto,
                         .seq = ++a->seq, .ackseq = a->ackseq, .token = tok };
    size_t off = mpc_build(r->buf, true, &p, dlen);
    r->len = (uint16_t)(off + dlen);
    a->count++;
    return r->buf + off;
}

/* ---- IDX ACTIVATE ---------------------------------------------------------- */

static void ebcdic_name(char out[9], const uint8_t name[8])
{
    static const char letters[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    size_t n = 0;
    for (size_t i = 0; i < 8; i++) {
        uint8_t c = name[i];
        char ch = 0;
        if (c >= 0xC1 && c <= 0xC9) ch = letters[c - 0xC1];
        else if (c >= 0xD1 && c <= 0xD9) ch = letters[9 + c - 0xD1];
        else if (c >= 0xE2 && c <= 0xE9) ch = letters[18 + c - 0xE2];
        else if (c >= 0xF0 && c <= 0xF9) ch = (char)('0' + c - 0xF0);
        if (!ch)
            break;
        out[n++] = ch;
    }
    out[n] = '\0';
}

static enum osa_outcome idx_activate(struct osa *a, enum osa_role role, const uint8_t *buf,
                                     size_t len)
{
    struct idx_req r;
    if (idx_parse_request(buf, len, &r) != PDU_OK || r.read != (role == OSA_ROLE_READ)
        || r.data_devno != (uint16_t)(a->vdev + OSA_ROLE_DATA)) {
        a->c.idx_errors++;
        return OSA_DATA_CHECK;
    }
    if (role == OSA_ROLE_READ) {
        if (a->idx_read)
            osa_reset(a);               /* the guest restarts the adapter */
        a->idx_read = true;
        ebcdic_name(a->conn_name, ((const struct idx_act *)buf)->name);
    } else if (!a->idx_read) {
        a->c.idx_errors++;              /* write path before the read path */
        return OSA_CMD_REJECT;
    } else if (a->idx_write) {
        a->c.idx_errors++;
        idx_build_reply(a->idx_reply[role], false, false, IDX_CAUSE_IN_USE, 0);
        a->idx_reply_pending[role] = true;
        return OSA_DONE;
    } else {
        a->idx_write = true;
        a->phase = OSA_PHASE_IDX;
    }
    idx_build_reply(a->idx_reply[role], role == OSA_ROLE_READ, true, 0,
                    token(a, role == OSA_ROLE_READ ? OSA_TOK_IDX_READ : OSA_TOK_IDX_WRITE));
    a->idx_reply_pending[role] = true;
    return OSA_DONE;
}

/* ---- CM / ULP / DM --------------------------------------------------------- */

/* Handlers return OSA_DONE with the reply queued, or the outcome. */
typedef enum osa_outcome (*step_fn)(struct osa *a, const struct mpc_puk_view *pk);

static enum osa_outcome cm_enable(struct osa *a, const struct mpc_puk_view *pk)
{
    if (!mpc_pus_find(pk, MPC_PUS_FILTER, MPC_PUS01_LEN))
        return OSA_DATA_CHECK;
    uint8_t *p = reply_start(a, MPC_RRH_TYPE_CM, MPC_RRH_PROTO_CONTROL, 0,
                             sizeof(struct mpc_puk) + MPC_PUS01_LEN);
    p = mpc_put_puk(p, MPC_PUK_WHAT_CM_ULP, MPC_PUK_TYPE_ENABLE, MPC_PUS01_LEN);
    mpc_put_pus01(p, MPC_RRH_PROTO_CONTROL, token(a, OSA_TOK_CM_FILTER));
    return OSA_DONE;
}

/* CONFIRM reply of a SETUP: echo the guest's connection token, give ours. */
static void confirm(struct osa *a, uint8_t rrh_type, uint32_t theirs, uint32_t ours,
                    uint16_t pus06)
{
    uint16_t lenpus = 2 * MPC_PUSTOK_LEN + MPC_PUS06_LEN;
    uint8_t *p = reply_start(a, rrh_type, MPC_RRH_PROTO_CONTROL, theirs,
                             sizeof(struct mpc_puk) + lenpus);
    p = mpc_put_puk(p, MPC_PUK_WHAT_CM_ULP, MPC_PUK_TYPE_CONFIRM, lenpus);
    p = mpc_put_pus_token(p, MPC_PUS_CONNECTION, theirs);
    p = mpc_put_pus_token(p, MPC_PUS_PEER_CONN, ours);
    mpc_put_pus06(p, pus06);
}

/* A SETUP's PUS04 (their connection) and PUS05 (must be our filter). */
static enum osa_outcome setup_tokens(struct osa *a, const struct mpc_puk_view *pk,
                                     enum osa_token_kind filter, uint32_t *theirs)
{
    const uint8_t *conn = mpc_pus_find(pk, MPC_PUS_CONNECTION, MPC_PUSTOK_LEN);
    const uint8_t *peer = mpc_pus_find(pk, MPC_PUS_PEER_FILTER, MPC_PUSTOK_LEN);
    if (!conn || !peer)
        return OSA_DATA_CHECK;
    if (mpc_pus_token(peer) != token(a, filter))
        return OSA_CMD_REJECT;
    *theirs = mpc_pus_token(conn);
    return OSA_DONE;
}

static enum osa_outcome cm_setup(struct osa *a, const struct mpc_puk_view *pk)
{
    enum osa_outcome o = setup_tokens(a, pk, OSA_TOK_CM_FILTER, &a->drv_cm_conn);
    if (o == OSA_DONE)
        confirm(a, MPC_RRH_TYPE_CM, a->drv_cm_conn, token(a, OSA_TOK_CM_CONN), MPC_PUS06_CM);
    return o;
}

static enum osa_outcome ulp_enable(struct osa *a, const struct mpc_puk_view *pk)
{
    const uint8_t *f = mpc_pus_find(pk, MPC_PUS_FILTER, MPC_PUS01_LEN);
    if (!f)
        return OSA_DATA_CHECK;
    if (f[MPC_PUS01_OFF_PROTO] != MPC_ULP_PROTO_L3)
        return OSA_CMD_REJECT;          /* a TRANSPORT IP LAN: layer 3 only */
    a->ulp_proto = f[MPC_PUS01_OFF_PROTO];
    const struct gl_port *port = a->net ? gl_port_at(a->net, a->port) : NULL;
    const struct gl_lan *lan = port ? gl_lan_at(a->net, port->lan) : NULL;
    a->mtu = (uint16_t)(lan ? lan->mtu : OSA_MTU_UNCOUPLED);
    uint8_t link[MPC_PUS0A_LEN_REPLY - MPC_PUS_HDR_LEN] = { 0 };
    be_put32(link + MPC_PUS0A_OFF_WORD - MPC_PUS_HDR_LEN, MPC_PUS0A_WORD);
    be_put16(link + MPC_PUS0A_OFF_MTU - MPC_PUS_HDR_LEN, a->mtu);
    link[MPC_PUS0A_OFF_NAMELEN - MPC_PUS_HDR_LEN] = 8;
    memset(link + MPC_PUS0A_OFF_NAME - MPC_PUS_HDR_LEN, 0x40, 8);
    link[MPC_PUS0A_OFF_LINKTYPE - MPC_PUS_HDR_LEN] = 0x01;          /* Ethernet-like */
    uint16_t lenpus = MPC_PUS01_LEN + MPC_PUS0A_LEN_REPLY;
    uint8_t *p = reply_start(a, MPC_RRH_TYPE_ULP, MPC_RRH_PROTO_CONTROL, a->drv_cm_conn,
                             sizeof(struct mpc_puk) + lenpus);
    p = mpc_put_puk(p, MPC_PUK_WHAT_CM_ULP, MPC_PUK_TYPE_ENABLE, lenpus);
    p = mpc_put_pus01(p, a->ulp_proto, token(a, OSA_TOK_ULP_FILTER));
    mpc_put_pus(p, MPC_PUS_LINK, link, sizeof link);
    return OSA_DONE;
}

static enum osa_outcome ulp_setup(struct osa *a, const struct mpc_puk_view *pk)
{
    const uint8_t *dev = mpc_pus_find(pk, MPC_PUS_DEVICE, MPC_PUS0B_LEN);
    if (!dev)
        return OSA_DATA_CHECK;
    if (be_get16(dev + MPC_PUS0B_OFF_DEVNO) != (uint16_t)(a->vdev + OSA_ROLE_DATA))
        return OSA_CMD_REJECT;
    enum osa_outcome o = setup_tokens(a, pk, OSA_TOK_ULP_FILTER, &a->drv_ulp_conn);
    if (o == OSA_DONE)
        confirm(a, MPC_RRH_TYPE_ULP, a->drv_ulp_conn, token(a, OSA_TOK_ULP_CONN),
                MPC_PUS06_ULP);
    return o;
}

static enum osa_outcome dm_act(struct osa *a, const struct mpc_puk_view *pk)
{
    const uint8_t *conn = mpc_pus_find(pk, MPC_PUS_CONNECTION, MPC_PUSTOK_LEN);
    if (!conn)
        return OSA_DATA_CHECK;
    if (mpc_pus_token(conn) != token(a, OSA_TOK_ULP_CONN))
        return OSA_CMD_REJECT;
    uint8_t *p = reply_start(a, MPC_RRH_TYPE_ULP, MPC_RRH_PROTO_CONTROL, a->drv_cm_conn,
                             sizeof(struct mpc_puk) + MPC_PUSTOK_LEN);
    p = mpc_put_puk(p, MPC_PUK_WHAT_DM, MPC_PUK_TYPE_ACTIVE, MPC_PUSTOK_LEN);
    mpc_put_pus_token(p, MPC_PUS_CONNECTION, a->drv_ulp_conn);
    return OSA_DONE;
}

/* TAKEDOWN / DISABLE: no reply; the session falls back. */
static enum osa_outcome cm_down(struct osa *a, const struct mpc_puk_view *pk)
{
    (void)pk;
    drop_addresses(a);
    a->lan_started = false;
    a->phase = OSA_PHASE_IDX;
    return OSA_DONE;
}

static enum osa_outcome ulp_down(struct osa *a, const struct mpc_puk_view *pk)
{
    (void)pk;
    drop_addresses(a);
    a->lan_started = false;
    a->phase = OSA_PHASE_CM_SETUP;
    return OSA_DONE;
}

/* Every control PDU the adapter accepts: the RRH type and PUK it has, the
 * phase it needs (it may come in any later phase for the "down" ones),
 * the token CP gave for it, the phase after it, and whether it is
 * answered.  Anything not in the table is a command reject. */
static const struct osa_step {
    uint8_t rrh_type, what, type;
    enum osa_phase need;
    bool at_or_after;
    enum osa_token_kind tok;            /* 0: the IDX write token */
    enum osa_phase next;
    bool replies;
    step_fn run;
} steps[] = {
    { MPC_RRH_TYPE_CM, MPC_PUK_WHAT_CM_ULP, MPC_PUK_TYPE_ENABLE, OSA_PHASE_IDX, false,
      OSA_TOK_IDX_WRITE, OSA_PHASE_CM_ENABLED, true, cm_enable },
    { MPC_RRH_TYPE_CM, MPC_PUK_WHAT_CM_ULP, MPC_PUK_TYPE_SETUP, OSA_PHASE_CM_ENABLED, false,
      OSA_TOK_CM_FILTER, OSA_PHASE_CM_SETUP, true, cm_setup },
    { MPC_RRH_TYPE_ULP, MPC_PUK_WHAT_CM_ULP, MPC_PUK_TYPE_ENABLE, OSA_PHASE_CM_SETUP, false,
      OSA_TOK_CM_CONN, OSA_PHASE_ULP_ENABLED, true, ulp_enable },
    { MPC_RRH_TYPE_ULP, MPC_PUK_WHAT_CM_ULP, MPC_PUK_TYPE_SETUP, OSA_PHASE_ULP_ENABLED, false,
      OSA_TOK_CM_CONN, OSA_PHASE_ULP_SETUP, true, ulp_setup },
    { MPC_RRH_TYPE_ULP, MPC_PUK_WHAT_DM, MPC_PUK_TYPE_ACTIVE, OSA_PHASE_ULP_SETUP, false,
      OSA_TOK_CM_CONN, OSA_PHASE_DM_ACTIVE, true, dm_act },
    { MPC_RRH_TYPE_ULP, MPC_PUK_WHAT_CM_ULP, MPC_PUK_TYPE_DISABLE, OSA_PHASE_ULP_ENABLED, true,
      OSA_TOK_CM_CONN, OSA_PHASE_CM_SETUP, false, ulp_down },
    { MPC_RRH_TYPE_ULP, MPC_PUK_WHAT_CM_ULP, MPC_PUK_TYPE_TAKEDOWN, OSA_PHASE_ULP_SETUP, true,
      OSA_TOK_CM_CONN, OSA_PHASE_CM_SETUP, false, ulp_down },
    { MPC_RRH_TYPE_CM, MPC_PUK_WHAT_CM_ULP, MPC_PUK_TYPE_DISABLE, OSA_PHASE_CM_ENABLED, true,
      OSA_TOK_CM_FILTER, OSA_PHASE_IDX, false, cm_down },
    { MPC_RRH_TYPE_CM, MPC_PUK_WHAT_CM_ULP, MPC_PUK_TYPE_TAKEDOWN, OSA_PHASE_CM_SETUP, true,
      OSA_TOK_CM_CONN, OSA_PHASE_IDX, false, cm_down },
};

static enum osa_outcome control_pdu(struct osa *a, const struct mpc_pdu *pdu, bool *reply)
{
    struct mpc_puk_view pk;
    if (pdu->proto != MPC_RRH_PROTO_CONTROL || mpc_puk_parse(pdu->data, pdu->len, &pk) != PDU_OK) {
        a->c.pdu_errors++;
        return OSA_DATA_CHECK;
    }
    const struct osa_step *s = NULL;
    for (size_t i = 0; i < ARRAY_SIZE(steps) && !s; i++)
        if (steps[i].rrh_type == pdu->type && steps[i].what == pk.what && steps[i].type == pk.type)
            s = &steps[i];
    if (!s || (s->at_or_after ? a->phase < s->need : a->phase != s->need)
        || pdu->token != token(a, s->tok)) {
        a->c.seq_errors++;
        return OSA_CMD_REJECT;
    }
    if (s->replies && !reply_room(a))
        return OSA_CMD_REJECT;
    unsigned queued = a->count;
    enum osa_outcome o = s->run(a, &pk);
    if (o == OSA_DONE) {
        a->phase = s->next;
        a->c.pdus++;
        *reply = a->count > queued;
    } else if (o == OSA_DATA_CHECK) {
        a->c.pdu_errors++;
    } else {
        a->c.seq_errors++;
    }
    return o;
}

/* ---- IPA ---------------------------------------------------------------------- */

/* Handlers check dlen bytes of data after the header h and return the rc;
 * they may fill in h (supported assists) and the data (subcommand rc). */
typedef uint16_t (*ipa_fn)(struct osa *a, struct ipa_hdr *h, uint8_t *data, size_t dlen);

static uint16_t ipa_startlan(struct osa *a, struct ipa_hdr *h, uint8_t *data, size_t dlen)
{
    (void)h, (void)data, (void)dlen;
    if (!coupled(a))
        return IPA_RC_LAN_OFFLINE;
    a->lan_started = true;
    return IPA_RC_OK;
}

static uint16_t ipa_stoplan(struct osa *a, struct ipa_hdr *h, uint8_t *data, size_t dlen)
{
    (void)h, (void)data, (void)dlen;
    drop_addresses(a);
    a->lan_started = false;
    return IPA_RC_OK;
}

static uint16_t ipa_qipassist(struct osa *a, struct ipa_hdr *h, uint8_t *data, size_t dlen)
{
    (void)a, (void)data, (void)dlen;
    be_put32(h->supported, IPA_ASSISTS);
    be_put32(h->enabled, IPA_ASSISTS);
    return IPA_RC_OK;
}

static uint16_t ipa_setassparms(struct osa *a, struct ipa_hdr *h, uint8_t *data, size_t dlen)
{
    (void)a, (void)h;
    if (dlen < sizeof(struct ipa_setassparms_hdr))
        return IPA_RC_INVALID_FORMAT;
    be_put16(((struct ipa_setassparms_hdr *)data)->rc, IPA_RC_OK);
    return IPA_RC_OK;
}

/* Common checks of SETIP/DELIP; *ip and *prefix from the data. */
static uint16_t ip_operand(struct osa *a, const struct ipa_hdr *h, const uint8_t *data,
                           size_t dlen, uint32_t *ip, uint8_t *prefix)
{
    if (ipa_prot(h) != IPA_PROT_IPV4)
        return IPA_RC_NOTSUPP;          /* IPv4 only, for now */
    if (dlen < sizeof(struct ipa_setip4))
        return IPA_RC_INVALID_FORMAT;
    const struct ipa_setip4 *s = (const struct ipa_setip4 *)data;
    int n = ipa_mask_prefix(ipa_setip4_mask(s));
    if (n < 0)
        return IPA_RC_INVALID_FORMAT;
    if (ipa_setip4_flags(s) > IPA_SETIP_FLAG_TAKEOVER)
        return IPA_RC_BAD_SUBCMD;
    if (!a->lan_started)
        return IPA_RC_SETIP_NO_STARTLAN;
    if (!coupled(a))
        return IPA_RC_LAN_OFFLINE;
    *ip = ipa_setip4_addr(s);
    *prefix = (uint8_t)n;
    return IPA_RC_OK;
}

static uint16_t ipa_setip(struct osa *a, struct ipa_hdr *h, uint8_t *data, size_t dlen)
{
    uint32_t ip;
    uint8_t prefix;
    uint16_t rc = ip_operand(a, h, data, dlen, &ip, &prefix);
    if (rc != IPA_RC_OK)
        return rc;
    const struct gl_port *p = gl_port_at(a->net, a->port);
    if (p->naddrs >= OSA_MAX_IPS && gl_ip_owner(a->net, p->lan, ip) != a->port)
        return IPA_RC_IP_TABLE_FULL;
    switch (gl_ip_register(a->net, a->port, ip, prefix)) {
    case GL_OK:                     return IPA_RC_OK;
    case GL_ERR_DUPLICATE_ADDRESS:  return IPA_RC_DUP_IP;
    case GL_ERR_ADDR_TABLE_FULL:    return IPA_RC_IP_TABLE_FULL;
    default:                        return IPA_RC_INVALID_FORMAT;  /* 0.0.0.0, multicast */
    }
}

static uint16_t ipa_delip(struct osa *a, struct ipa_hdr *h, uint8_t *data, size_t dlen)
{
    uint32_t ip;
    uint8_t prefix;
    uint16_t rc = ip_operand(a, h, data, dlen, &ip, &prefix);
    if (rc != IPA_RC_OK)
        return rc;
    return gl_ip_unregister(a->net, a->port, ip) == GL_OK ? IPA_RC_OK : IPA_RC_IP_NOT_DEFINED;
}

static const struct ipa_op {
    uint8_t cmd;
    ipa_fn  run;
} ipa_ops[] = {
    { IPA_CMD_STARTLAN,    ipa_startlan },
    { IPA_CMD_STOPLAN,     ipa_stoplan },
    { IPA_CMD_QIPASSIST,   ipa_qipassist },
    { IPA_CMD_SETASSPARMS, ipa_setassparms },
    { IPA_CMD_SETIP,       ipa_setip },
    { IPA_CMD_DELIP,       ipa_delip },
};

static enum osa_outcome ipa_pdu(struct osa *a, const struct mpc_pdu *pdu, bool *reply)
{
    const struct ipa_hdr *req;
    if (a->phase != OSA_PHASE_DM_ACTIVE || pdu->token != token(a, OSA_TOK_ULP_CONN)) {
        a->c.seq_errors++;
        return OSA_CMD_REJECT;
    }
    if (pdu->proto != MPC_RRH_PROTO_L3 || ipa_parse(pdu->data, pdu->len, &req) != PDU_OK
        || req->initiator != IPA_INIT_HOST) {
        a->c.pdu_errors++;
        return OSA_DATA_CHECK;
    }
    if (!reply_room(a))
        return OSA_CMD_REJECT;
    /* The reply echoes the command (as much as a reply slot holds). */
    size_t n = pdu->len;
    if (n > OSA_REPLY_MAX - REPLY_HDR)
        n = OSA_REPLY_MAX - REPLY_HDR;
    uint8_t *r = reply_start(a, MPC_RRH_TYPE_IPA, MPC_RRH_PROTO_L3, a->drv_ulp_conn, n);
    memcpy(r, pdu->data, n);
    struct ipa_hdr *h = (struct ipa_hdr *)r;
    uint16_t rc = IPA_RC_NOTSUPP;
    for (size_t i = 0; i < ARRAY_SIZE(ipa_ops); i++)
        if (ipa_ops[i].cmd == h->cmd)
            rc = ipa_ops[i].run(a, h, r + sizeof *h, n - sizeof *h);
    ipa_set_rc(h, rc);
    a->ipa_seq = ipa_seq(h);
    a->c.ipa_cmds++;
    if (rc != IPA_RC_OK)
        a->c.ipa_refused++;
    *reply = true;
    return OSA_DONE;
}

/* ---- channel commands ---------------------------------------------------------- */

enum osa_outcome osa_write(struct osa *a, enum osa_role role, const uint8_t *buf, size_t len,
                           bool *reply_ready)
{
    *reply_ready = false;
    if (role == OSA_ROLE_DATA)
        return OSA_CMD_REJECT;
    bool idx = len >= sizeof(struct idx_act) && be_get32(buf) == IDX_FIRST4;
    if (role == OSA_ROLE_READ || !a->idx_write || idx) {
        enum osa_outcome o = idx_activate(a, role, buf, len);
        *reply_ready = o == OSA_DONE;
        return o;
    }
    struct mpc_pdu pdu;
    if (mpc_parse(buf, len, &pdu) != PDU_OK) {
        a->c.pdu_errors++;
        return OSA_DATA_CHECK;
    }
    a->ackseq = pdu.seq;
    if (pdu.type == MPC_RRH_TYPE_IPA)
        return ipa_pdu(a, &pdu, reply_ready);
    return control_pdu(a, &pdu, reply_ready);
}

enum osa_outcome osa_read(struct osa *a, enum osa_role role, uint8_t *out, size_t max,
                          size_t *len)
{
    const uint8_t *src;
    size_t n;
    if (role != OSA_ROLE_DATA && a->idx_reply_pending[role]) {
        a->idx_reply_pending[role] = false;
        src = a->idx_reply[role];
        n = sizeof a->idx_reply[role];
    } else if (role == OSA_ROLE_READ && a->idx_read) {
        if (!a->count)
            return OSA_WAIT;
        const struct osa_reply *r = &a->replies[a->head];
        a->head = (a->head + 1) % OSA_REPLIES;
        a->count--;
        src = r->buf;
        n = r->len;
    } else {
        return OSA_CMD_REJECT;          /* nothing will ever come here */
    }
    *len = n < max ? n : max;
    memcpy(out, src, *len);
    return OSA_DONE;
}

enum osa_outcome osa_establish(struct osa *a, const struct gstore *gs, const uint8_t *qdr,
                               size_t len)
{
    struct qdr_config c;
    if (a->phase < OSA_PHASE_ULP_SETUP || a->active) {
        a->c.qdio_errors++;
        return OSA_CMD_REJECT;
    }
    if (qdr_parse(qdr, len, gs, &c) != QDR_OK) {
        a->c.qdio_errors++;
        a->established = false;
        return OSA_DATA_CHECK;
    }
    a->queues = c;
    a->established = true;
    memset(a->out_next, 0, sizeof a->out_next);
    a->in_next = 0;
    return OSA_DONE;
}

enum osa_outcome osa_activate(struct osa *a)
{
    if (!a->established) {
        a->c.qdio_errors++;
        return OSA_CMD_REJECT;
    }
    a->active = true;
    return OSA_WAIT;
}

void osa_halt(struct osa *a)
{
    a->active = false;
}
