/*
 * fuzz_osa.c - libFuzzer harness for the OSA-Express adapter state machine
 * (qdio/osa.c, with qdio/qdr.c behind ESTABLISH QUEUES).
 *
 * Every input starts from the same place: NIC 0700 (port GST1) coupled to
 * LAN1 (MFS 8K), brought up by the real driver (qdio/qdrv.c) through IDX
 * ACTIVATE on both paths and CM_ENABLE .. ULP_SETUP, DM_ACT, so that the
 * session is established.  Byte 0 of the input chooses extras (STARTLAN,
 * a valid queue set, activated).  The rest is a sequence of operations,
 * each an op byte and its operands (missing bytes read as zero):
 *
 *   RAW    write garbage of a given length on CTL-READ/CTL-WRITE/DATA
 *   READ   read on a role into a buffer of exactly the given size
 *   IDX    the driver's IDX ACTIVATE, possibly on the wrong path or mutated
 *   STEP   the driver's CM/ULP/DM PDU for a step, possibly mutated
 *   IPA    an IPA command from qdrv_ipa_request (fuzzed cmd, prot, data)
 *   SETIP  SETIP/DELIP of an address from a small pool; BULK: up to 40
 *          SETIPs in a row (the OSA_MAX_IPS limit)
 *   CTL    a CM/ULP/DM PDU of any type with CP's tokens (DISABLE, TAKEDOWN)
 *   HALT, ACTIVATE, RESET, UNCOUPLE/COUPLE
 *   QDR    fuzzed QDR bytes, or a valid queue set with mutations, against
 *          64 KB of fake guest storage that FILL and KEY also change
 *
 * Checked after every operation (abort on violation): a READ never
 * reports more than it was given room for (and ASan sees every byte it
 * writes); at most OSA_REPLIES replies are queued; the counters only
 * grow; the LAN's address table and the port agree, hold at most
 * OSA_MAX_IPS addresses, and hold any only while STARTLAN is in force;
 * after osa_reset (or an IDX restart) the session is gone: no addresses,
 * no replies, no queues (osa.h: "queues inactive").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "qdio/osa.h"
#include "qdio/qdrv.h"
#include "guestlan/lan.h"
#include "cp/vm/gstore.h"

#define CHECK(x) do { if (!(x)) { fprintf(stderr, "check failed: %s (line %d)\n", #x, __LINE__); abort(); } } while (0)

#define VDEV        0x0700
#define GSIZE       (64 * 1024u)
#define QIB_AT      0xF000              /* layout of the valid queue set     */
#define SLIB_AT     0x8000              /* + 0x800 * queue                   */
#define SL_AT       0xC000              /* + 0x400 * queue                   */
#define SLSB_AT     0xE000              /* + 0x100 * queue                   */

static uint8_t mem[GSIZE];
static uint8_t keys[GSIZE / GS_PAGE_SIZE];
static uint8_t *fake_page(void *ctx, uint64_t pfn) { (void)ctx; return mem + pfn * GS_PAGE_SIZE; }
static uint8_t fake_key(void *ctx, uint64_t pfn) { (void)ctx; return keys[pfn]; }
static const struct gstore gs = { NULL, GSIZE, 0, fake_page, fake_key };

static struct gl_net net;
static struct osa a;
static struct qdrv d;
static uint16_t lan, port;
static struct osa_counters last;
static uint8_t pdu[MPC_PDU_MAX];

/* ---- input cursor ------------------------------------------------------- */

struct in {
    const uint8_t *p;
    size_t n;
};

static uint8_t get8(struct in *in)
{
    if (!in->n)
        return 0;
    in->n--;
    return *in->p++;
}

static uint16_t get16(struct in *in)
{
    uint16_t hi = get8(in);
    return (uint16_t)(hi << 8 | get8(in));
}

/* Up to want bytes of input (fewer at its end); *got = how many. */
static const uint8_t *take(struct in *in, size_t want, size_t *got)
{
    const uint8_t *p = in->p;
    *got = want < in->n ? want : in->n;
    in->p += *got;
    in->n -= *got;
    return p;
}

/* ---- invariants ---------------------------------------------------------- */

static void invariants(void)
{
    const struct gl_port *p = gl_port_at(&net, port);
    const struct gl_lan *l = gl_lan_at(&net, lan);
    const uint64_t *now = (const uint64_t *)&a.c, *was = (const uint64_t *)&last;

    CHECK(a.count <= OSA_REPLIES && a.head < OSA_REPLIES);
    for (unsigned i = 0; i < a.count; i++)
        CHECK(a.replies[(a.head + i) % OSA_REPLIES].len <= OSA_REPLY_MAX);
    for (size_t i = 0; i < sizeof a.c / sizeof *now; i++)
        CHECK(now[i] >= was[i]);
    last = a.c;
    CHECK((unsigned)a.phase < OSA_PHASE_COUNT);
    CHECK(strcmp(osa_phase_name(a.phase), "?") != 0);
    CHECK(strlen(a.conn_name) <= 8);
    CHECK(!a.active || a.established);
    CHECK(!a.lan_started || a.phase == OSA_PHASE_DM_ACTIVE);
    CHECK(p && l);
    CHECK(l->naddrs == p->naddrs);
    CHECK(p->naddrs <= OSA_MAX_IPS);
    CHECK(p->naddrs == 0 || a.lan_started);
    struct gl_addr list[OSA_MAX_IPS];
    size_t n = 0;
    CHECK(gl_ip_list(&net, port, list, ARRAY_SIZE(list), &n) == GL_OK);
    CHECK(n == p->naddrs);
}

/* The session is gone (osa_reset, IDX restart). */
static void check_reset(void)
{
    CHECK(gl_port_at(&net, port)->naddrs == 0);
    CHECK(gl_lan_at(&net, lan)->naddrs == 0);
    CHECK(a.count == 0 && a.phase == OSA_PHASE_NONE && !a.lan_started);
    CHECK(!a.active && !a.established);
}

/* ---- driver helpers ------------------------------------------------------ */

/* Read on role into a heap buffer of exactly max bytes. */
static enum osa_outcome read_role(enum osa_role role, size_t max, uint8_t *copy, size_t *len)
{
    uint8_t *out = malloc(max ? max : 1);
    CHECK(out);
    *len = (size_t)-1;
    enum osa_outcome o = osa_read(&a, role, out, max, len);
    CHECK(o == OSA_DONE || o == OSA_WAIT || o == OSA_CMD_REJECT);
    if (o == OSA_DONE) {
        CHECK(*len <= max);
        if (copy)
            memcpy(copy, out, *len);
    }
    free(out);
    return o;
}

static enum osa_outcome write_role(enum osa_role role, const uint8_t *buf, size_t len,
                                   bool *ready)
{
    uint8_t *copy = malloc(len ? len : 1);  /* exactly sized: ASan sees over-reads */
    CHECK(copy);
    if (len)
        memcpy(copy, buf, len);
    bool was_read = a.idx_read;
    *ready = true;
    enum osa_outcome o = osa_write(&a, role, copy, len, ready);
    free(copy);
    CHECK(o == OSA_DONE || o == OSA_CMD_REJECT || o == OSA_DATA_CHECK);
    CHECK(!*ready || o == OSA_DONE);
    if (role == OSA_ROLE_READ && was_read && o == OSA_DONE)
        check_reset();                  /* IDX on CTL-READ again: a restart */
    return o;
}

static bool idx(bool read)
{
    uint8_t req[sizeof(struct idx_act)], rep[MPC_PDU_MAX], cause;
    size_t n = qdrv_idx_request(&d, read, req), len;
    bool ready;
    enum osa_role role = read ? OSA_ROLE_READ : OSA_ROLE_WRITE;
    return write_role(role, req, n, &ready) == OSA_DONE && ready
        && read_role(role, sizeof rep, rep, &len) == OSA_DONE
        && qdrv_idx_reply(&d, read, rep, len, &cause) == QDRV_OK;
}

/* Write len bytes of pdu on CTL-WRITE; read and return the reply if any. */
static bool exchange(size_t len, uint8_t *rep, size_t *rlen)
{
    bool ready;
    if (write_role(OSA_ROLE_WRITE, pdu, len, &ready) != OSA_DONE || !ready)
        return false;
    return read_role(OSA_ROLE_READ, MPC_PDU_MAX, rep, rlen) == OSA_DONE;
}

static bool step(enum qdrv_step s)
{
    static uint8_t rep[MPC_PDU_MAX];
    size_t rlen;
    return exchange(qdrv_request(&d, s, pdu), rep, &rlen)
        && qdrv_reply(&d, s, rep, rlen) == QDRV_OK;
}

/* IPA command; *rc its return code when true. */
static bool ipa(uint8_t cmd, uint16_t prot, const void *data, size_t dlen, uint16_t *rc)
{
    static uint8_t rep[MPC_PDU_MAX];
    const struct ipa_hdr *h;
    size_t rlen, hlen;
    return exchange(qdrv_ipa_request(&d, cmd, prot, data, dlen, pdu), rep, &rlen)
        && qdrv_ipa_reply(&d, cmd, rep, rlen, rc, &h, &hlen) == QDRV_OK;
}

/* A valid queue set of nin + nout queues in storage, its QDR in q. */
static void valid_qdr(struct qdr *q, unsigned nin, unsigned nout)
{
    struct qdrv_queue qs[QDR_MAX_INQ + QDR_MAX_OUTQ];
    for (unsigned i = 0; i < nin + nout; i++) {
        qs[i] = (struct qdrv_queue){ SLIB_AT + 0x800u * i, SL_AT + 0x400u * i,
                                     SLSB_AT + 0x100u * i };
        uint64_t next = i + 1 < nin + nout ? qs[i].slib + 0x800 : 0;
        qdrv_build_slib((struct slib *)(mem + qs[i].slib), next, qs[i].sl, qs[i].slsb);
    }
    qdrv_build_qib((struct qib *)(mem + QIB_AT), qs[0].slib, qs[nin].slib);
    qdrv_build_qdr(q, QIB_AT, qs, nin, qs + nin, nout);
}

static void bring_up(uint8_t flags)
{
    gl_net_init(&net);
    CHECK(gl_lan_define(&net, "LAN1", 0, 8, &lan) == GL_OK);
    CHECK(gl_port_add(&net, "GST1", VDEV, &port) == GL_OK);
    CHECK(gl_couple(&net, port, "LAN1") == GL_OK);
    osa_init(&a, VDEV, &net, port);
    qdrv_init(&d, VDEV + 2, 2, VDEV);
    memset(mem, 0, sizeof mem);
    memset(keys, 0, sizeof keys);
    memset(&last, 0, sizeof last);
    CHECK(idx(true) && idx(false));
    CHECK(a.phase == OSA_PHASE_IDX);
    for (enum qdrv_step s = QDRV_CM_ENABLE; s <= QDRV_DM_ACT; s++)
        CHECK(step(s));
    CHECK(a.phase == OSA_PHASE_DM_ACTIVE);
    CHECK(d.mtu == 8192);
    uint16_t rc;
    if (flags & 1) {
        CHECK(ipa(IPA_CMD_STARTLAN, IPA_PROT_IPV4, NULL, 0, &rc) && rc == IPA_RC_OK);
        CHECK(a.lan_started);
    }
    if (flags & 2) {
        static struct qdr q;
        valid_qdr(&q, 1, 1);
        CHECK(osa_establish(&a, &gs, (const uint8_t *)&q, sizeof q) == OSA_DONE);
        if (flags & 4)
            CHECK(osa_activate(&a) == OSA_WAIT && a.active);
    }
    CHECK(a.c.pdus == QDRV_STEP_COUNT);
    CHECK(a.c.idx_errors + a.c.pdu_errors + a.c.seq_errors + a.c.qdio_errors == 0);
    invariants();
}

/* ---- operations ------------------------------------------------------------ */

/* Flip up to a few bytes of buf[0..len) as the input says. */
static void mutate(struct in *in, uint8_t *buf, size_t len)
{
    unsigned k = get8(in) & 3;
    for (unsigned i = 0; i < k && len; i++) {
        size_t at = get16(in) % len;
        buf[at] ^= get8(in);
    }
}

/* Every block a good QDR names is aligned and inside the 64 KB. */
static void check_config(const struct qdr_config *c)
{
    CHECK(c->nin >= 1 && c->nin <= QDR_MAX_INQ && c->nout >= 1 && c->nout <= QDR_MAX_OUTQ);
    CHECK(c->qib % 256 == 0 && c->qib < GSIZE && GSIZE - c->qib >= sizeof(struct qib));
    for (unsigned i = 0; i < (unsigned)c->nin + c->nout; i++) {
        const struct qdr_queue *q = i < c->nin ? &c->in[i] : &c->out[i - c->nin];
        CHECK(q->slib % 2048 == 0 && q->slib < GSIZE && GSIZE - q->slib >= sizeof(struct slib));
        CHECK(q->sl % 1024 == 0 && q->sl < GSIZE && GSIZE - q->sl >= sizeof(struct sl));
        CHECK(q->slsb % 256 == 0 && q->slsb < GSIZE && GSIZE - q->slsb >= sizeof(struct slsb));
    }
}

/* ESTABLISH QUEUES with qdr; qdr_parse decides unless the state refuses. */
static void establish(const uint8_t *qdr, size_t len)
{
    struct qdr_config c;
    uint8_t *copy = malloc(len ? len : 1);
    CHECK(copy);
    if (len)
        memcpy(copy, qdr, len);
    enum qdr_err e = qdr_parse(copy, len, &gs, &c);
    CHECK(e <= QDR_OK && e > -QDR_ERR_COUNT);
    CHECK(strcmp(qdr_err_str(e), "unknown QDR error") != 0);
    if (e == QDR_OK)
        check_config(&c);
    bool may = a.phase >= OSA_PHASE_ULP_SETUP && !a.active;
    enum osa_outcome o = osa_establish(&a, &gs, copy, len);
    free(copy);
    if (!may)
        CHECK(o == OSA_CMD_REJECT);
    else if (e == QDR_OK)
        CHECK(o == OSA_DONE && a.established && memcmp(&a.queues, &c, sizeof c) == 0);
    else
        CHECK(o == OSA_DATA_CHECK && !a.established);
}

static void op_qdr_valid(struct in *in)
{
    static struct qdr q;
    uint8_t b = get8(in);
    unsigned nin = 1 + (b & 3), nout = 1 + (b >> 2 & 3);
    valid_qdr(&q, nin, nout);
    if (b & 0x10)
        q.qkey = get8(in);
    if (b & 0x20)
        for (unsigned i = 0; i < nin + nout; i++) {
            q.qdf0[i].keys_slib_sl = get8(in);
            q.qdf0[i].keys_sbal_slsb = get8(in);
        }
    size_t len = QDR_MIN_LEN + (nin + nout) * sizeof(struct qdesfmt0);
    if (b & 0x40)
        mutate(in, (uint8_t *)&q, len);
    if (b & 0x80)
        len = sizeof q;
    establish((const uint8_t *)&q, len);
}

static void op_setip(struct in *in)
{
    static const uint32_t special[] = { 0, 0xFFFFFFFFu, 0xE0000001u, 0x7F000001u };
    uint8_t b = get8(in), c = get8(in);
    struct ipa_setip4 s;
    uint32_t ip = b >= 0xF0 ? special[b & 3] : 0x0A000000u | (b % 48);
    be_put32(s.addr, ip);
    be_put32(s.mask, c & 0x80 ? (uint32_t)get8(in) << 24 | 0xFFFF : ipa_prefix_mask(c % 33));
    be_put32(s.flags, c >> 5 & 3);
    uint8_t cmd = c & 0x40 ? IPA_CMD_DELIP : IPA_CMD_SETIP;
    uint16_t rc;
    if (ipa(cmd, IPA_PROT_IPV4, &s, sizeof s, &rc) && rc == IPA_RC_OK)
        CHECK(gl_ip_owner(&net, lan, ip) == (cmd == IPA_CMD_SETIP ? port : GL_PORT_NONE));
}

/* SETIP of up to 40 consecutive addresses: reaches OSA_MAX_IPS. */
static void op_bulk(struct in *in)
{
    uint8_t b = get8(in), c = get8(in);
    for (unsigned i = 0; i <= b % 40u; i++) {
        struct ipa_setip4 s;
        uint16_t rc;
        be_put32(s.addr, 0x0A000100u + (c + i) % 64u);
        be_put32(s.mask, ipa_prefix_mask(24));
        be_put32(s.flags, IPA_SETIP_FLAG_DEFAULT);
        if (ipa(IPA_CMD_SETIP, IPA_PROT_IPV4, &s, sizeof s, &rc) && rc == IPA_RC_OK)
            CHECK(gl_port_at(&net, port)->naddrs <= OSA_MAX_IPS);
    }
}

static void op_ipa(struct in *in)
{
    static const uint8_t cmds[] = { IPA_CMD_STARTLAN, IPA_CMD_STOPLAN, IPA_CMD_QIPASSIST,
                                    IPA_CMD_SETASSPARMS, IPA_CMD_SETIP, IPA_CMD_DELIP };
    uint8_t b = get8(in), c = get8(in);
    uint8_t cmd = b & 0x80 ? get8(in) : cmds[b % ARRAY_SIZE(cmds)];
    uint16_t prot = c & 0x80 ? get16(in) : c & 0x40 ? IPA_PROT_IPV6 : IPA_PROT_IPV4;
    size_t dlen;
    const uint8_t *data = take(in, c & 0x3F, &dlen);
    size_t n = qdrv_ipa_request(&d, cmd, prot, data, dlen, pdu);
    if (b & 0x40)
        mutate(in, pdu, n);
    bool ready;
    write_role(OSA_ROLE_WRITE, pdu, n, &ready);
}

/* A CM/ULP/DM PDU the driver never sends (DISABLE, TAKEDOWN, ...) or one
 * with another step's token: RRH type, PUK and tokens from the input. */
static void op_ctl(struct in *in)
{
    static const uint8_t types[] = { MPC_PUK_TYPE_ENABLE, MPC_PUK_TYPE_DISABLE,
                                     MPC_PUK_TYPE_SETUP, MPC_PUK_TYPE_TAKEDOWN,
                                     MPC_PUK_TYPE_CONFIRM, MPC_PUK_TYPE_ACTIVE };
    uint8_t b = get8(in), t = get8(in);
    struct mpc_pdu h = { .th_seq = 1, .type = b & 1 ? MPC_RRH_TYPE_CM : MPC_RRH_TYPE_ULP,
                         .proto = MPC_RRH_PROTO_CONTROL,
                         .token = OSA_TOKEN(VDEV, 1 + t % 6) };
    uint8_t type = types[(b >> 1) % ARRAY_SIZE(types)];
    uint8_t *p = pdu + mpc_build(pdu, false, &h, sizeof(struct mpc_puk) + MPC_PUSTOK_LEN);
    p = mpc_put_puk(p, b & 0x80 ? MPC_PUK_WHAT_DM : MPC_PUK_WHAT_CM_ULP, type, MPC_PUSTOK_LEN);
    p = mpc_put_pus_token(p, MPC_PUS_CONNECTION, OSA_TOKEN(VDEV, 1 + (t >> 4) % 6));
    uint64_t pdus = a.c.pdus;
    bool ready;
    write_role(OSA_ROLE_WRITE, pdu, (size_t)(p - pdu), &ready);
    if (a.c.pdus > pdus && (type == MPC_PUK_TYPE_DISABLE || type == MPC_PUK_TYPE_TAKEDOWN)) {
        CHECK(!ready && !a.lan_started);
        CHECK(a.phase == OSA_PHASE_IDX || a.phase == OSA_PHASE_CM_SETUP);
        CHECK(gl_port_at(&net, port)->naddrs == 0);
    }
}

static void one_op(struct in *in)
{
    uint8_t op = get8(in), b;
    size_t n, len;
    bool ready;
    switch (op % 16) {
    case 0: {                           /* RAW */
        b = get8(in);
        const uint8_t *p = take(in, get16(in) % 1024, &n);
        write_role((enum osa_role)(b % 3), p, n, &ready);
        break;
    }
    case 1:                             /* READ */
        b = get8(in);
        read_role((enum osa_role)(b % 3), get16(in) % (MPC_PDU_MAX + 1), NULL, &len);
        break;
    case 2: {                           /* IDX */
        uint8_t req[sizeof(struct idx_act)];
        b = get8(in);
        n = qdrv_idx_request(&d, b & 1, req);
        if (b & 4)
            mutate(in, req, n);
        write_role(b & 2 ? OSA_ROLE_WRITE : OSA_ROLE_READ, req, n, &ready);
        break;
    }
    case 3:                             /* STEP */
        b = get8(in);
        n = qdrv_request(&d, (enum qdrv_step)(b % QDRV_STEP_COUNT), pdu);
        if (b & 0x80)
            mutate(in, pdu, n);
        if (b & 0x40) {
            static uint8_t rep[MPC_PDU_MAX];
            if (exchange(n, rep, &len))
                qdrv_reply(&d, (enum qdrv_step)(b % QDRV_STEP_COUNT), rep, len);
        } else {
            write_role(OSA_ROLE_WRITE, pdu, n, &ready);
        }
        break;
    case 4:
        op_ipa(in);
        break;
    case 5:
        op_setip(in);
        break;
    case 6:
        osa_halt(&a);
        CHECK(!a.active);
        break;
    case 7: {
        bool est = a.established;
        enum osa_outcome o = osa_activate(&a);
        CHECK(est ? o == OSA_WAIT && a.active : o == OSA_CMD_REJECT);
        break;
    }
    case 8:
        osa_reset(&a);
        check_reset();
        break;
    case 9:
        if (gl_port_at(&net, port)->lan == GL_LAN_NONE)
            CHECK(gl_couple(&net, port, "LAN1") == GL_OK);
        else
            CHECK(gl_uncouple(&net, port) == GL_OK);
        break;
    case 10: {                          /* QDR: fuzzed bytes */
        const uint8_t *p = take(in, get16(in) % (sizeof(struct qdr) + 1), &n);
        establish(p, n);
        break;
    }
    case 11:
        op_qdr_valid(in);
        break;
    case 12: {                          /* FILL storage */
        uint16_t at = get16(in);
        const uint8_t *p = take(in, get8(in), &n);
        n = n < GSIZE - at ? n : GSIZE - at;
        memcpy(mem + at, p, n);
        break;
    }
    case 13:                            /* KEY */
        b = get8(in);
        keys[b % ARRAY_SIZE(keys)] = get8(in);
        break;
    case 14:
        op_ctl(in);
        break;
    case 15:
        op_bulk(in);
        break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct in in = { data, size };
    bring_up(get8(&in));
    while (in.n) {
        one_op(&in);
        invariants();
    }
    return 0;
}
