/*
 * netcmds.c - CMS network commands over the QDIO driver (target only):
 * IFCONFIG, NETSTAT and NICBAD.  docs/cms.md is the user reference.
 *
 * IFCONFIG vdev addr/prefix [GATEWAY addr] brings the NIC up (the whole
 * handshake, queues, STARTLAN) unless it is up already, then registers
 * the address (SETIP); on an interface that has an address the old one is
 * unregistered first (DELIP; "not defined" is fine: UNCOUPLE dropped it).
 * A failure in the channel I/O or a malformed reply ends the session, so
 * the next IFCONFIG starts over from IDX ACTIVATE.
 */
#include "cms-tools/cms.h"
#include "cms-tools/qeth.h"
#include "lib/inet.h"
#include "hw/irb.h"
#include "insn.h"

#define SENSE_CMD_REJECT    0x80
#define SENSE_DATA_CHECK    0x08
#define BAD_IPA_CMD         0xEE        /* no such IPA command               */
#define IFCONFIG_SYNTAX     "IFconfig [vdev addr/prefix [GATEWAY addr]|vdev DOWN]"

/* What went wrong, for DMSNET102E. */
static void describe(const struct qeth_result *r, char *out, size_t n)
{
    switch (r->err) {
    case QETH_ERR_NO_DEVICE:
        ksnprintf(out, n, "device not operational");
        break;
    case QETH_ERR_IO:
        if (r->dstat & DEV_STAT_UC)
            ksnprintf(out, n, "unit check, sense %02X%s", r->sense,
                      r->sense == SENSE_CMD_REJECT ? " (command reject)"
                      : r->sense == SENSE_DATA_CHECK ? " (data check)" : "");
        else
            ksnprintf(out, n, "device status %02X, channel status %02X%s", r->dstat, r->cstat,
                      r->cstat & SCH_STAT_PROG_CHK ? " (program check)"
                      : r->cstat & SCH_STAT_PROT_CHK ? " (protection check)" : "");
        break;
    case QETH_ERR_IDX:
        ksnprintf(out, n, "IDX ACTIVATE refused, cause %02X", r->cause);
        break;
    case QETH_ERR_STORAGE:
        ksnprintf(out, n, "virtual storage too small for the buffers (needs %lluK)",
                  (unsigned long long)(QETH_BUF_BASE + QETH_MAX_IF * QETH_AREA_SIZE) >> 10);
        break;
    default:
        ksnprintf(out, n, "unexpected reply");
        break;
    }
}

static int report(const char *cmd, uint16_t vdev, const struct qeth_result *r)
{
    char what[64];
    if (r->err == QETH_ERR_IPA)
        return cms_msg(CMS_MSG_NIC_IPA_FAILED, cmd, vdev, r->step, r->ipa_rc,
                       qeth_ipa_rc_text(r->ipa_rc));
    describe(r, what, sizeof what);
    return cms_msg(CMS_MSG_NIC_FAILED, cmd, vdev, r->step, what);
}

/* The interface for vdev with its subchannels found, or NULL (reported). */
static struct qeth_if *interface(uint16_t vdev, int *rc)
{
    struct qeth_if *q = qeth_find(vdev, true);
    if (!q) {
        *rc = cms_msg(CMS_MSG_IF_TABLE_FULL, vdev, (unsigned)QETH_MAX_IF);
        return NULL;
    }
    if (!q->session && !qeth_attach(q)) {
        q->used = false;
        *rc = cms_msg(CMS_MSG_NIC_NOT_FOUND, vdev, vdev, (unsigned)(vdev + 2) & 0xFFFF);
        return NULL;
    }
    return q;
}

/* A failed step: I/O or reply trouble ends the session. */
static int failed(struct qeth_if *q, const char *cmd, const struct qeth_result *r)
{
    if (r->err != QETH_ERR_IPA)
        qeth_stop(q);
    return report(cmd, q->vdev, r);
}

static void show(const struct qeth_if *q)
{
    char a[INET4_TEXT_MAX], g[INET4_TEXT_MAX];
    if (!q->lan) {
        cms_printf("%04X DOWN", q->vdev);
        return;
    }
    if (q->has_addr)
        cms_printf("%04X UP %s/%u GATEWAY %s MTU %u", q->vdev, inet4_format(q->addr, a),
                   q->prefix, q->gateway ? inet4_format(q->gateway, g) : "NONE", q->drv.mtu);
    else
        cms_printf("%04X UP NO ADDRESS MTU %u", q->vdev, q->drv.mtu);
}

static int ifconfig_list(void)
{
    unsigned n = 0;
    for (unsigned i = 0; i < QETH_MAX_IF; i++)
        if (qeth_ifs[i].used) {
            show(&qeth_ifs[i]);
            n++;
        }
    if (!n)
        cms_print("No interfaces");
    return 0;
}

static int ifconfig_down(uint16_t vdev)
{
    struct qeth_result r = { 0 };
    uint16_t rc;
    struct qeth_if *q = qeth_find(vdev, false);
    if (!q || !q->lan)
        return cms_msg(CMS_MSG_IF_NOT_UP, vdev);
    if (q->has_addr)
        (void)qeth_ip(q, IPA_CMD_DELIP, q->addr, q->prefix, &rc, &r);
    (void)qeth_ipa(q, IPA_CMD_STOPLAN, NULL, 0, &rc, &r);
    qeth_stop(q);
    q->used = false;
    cms_printf("%04X DOWN", vdev);
    return 0;
}

static int ifconfig_up(uint16_t vdev, uint32_t addr, uint8_t prefix, uint32_t gateway)
{
    struct qeth_result r = { 0 };
    uint16_t rc;
    int mrc;
    struct qeth_if *q = interface(vdev, &mrc);
    if (!q)
        return mrc;
    if (!q->lan && !qeth_up(q, &r))
        return failed(q, "IFCONFIG", &r);
    if (q->has_addr) {
        q->has_addr = false;
        if (!qeth_ip(q, IPA_CMD_DELIP, q->addr, q->prefix, &rc, &r)
            && !(r.err == QETH_ERR_IPA && rc == IPA_RC_IP_NOT_DEFINED))
            return failed(q, "IFCONFIG", &r);
    }
    if (!qeth_ip(q, IPA_CMD_SETIP, addr, prefix, &rc, &r))
        return failed(q, "IFCONFIG", &r);
    q->has_addr = true;
    q->addr = addr;
    q->prefix = prefix;
    q->gateway = gateway;
    show(q);
    return 0;
}

int cms_cmd_ifconfig(const struct cms_line *l)
{
    uint16_t vdev;
    uint32_t addr, gw = 0;
    int prefix, rc;
    if (l->t.n == 1 && !l->t.overflow)
        return ifconfig_list();
    if (l->t.n < 3)
        return cms_msg(CMS_MSG_OPERAND_MISSING, IFCONFIG_SYNTAX);
    if (!cp_vdev(l->t.tok[1], &vdev))
        return cms_msg(CMS_MSG_INVALID_PARAMETER, l->t.tok[1]);
    if (cp_abbrev(l->t.tok[2], "DOWN", 4)) {
        if (cms_extra_operand(l, 3, &rc))
            return rc;
        return ifconfig_down(vdev);
    }
    if (!inet4_parse_prefix(l->t.tok[2], &addr, &prefix) || prefix < 1)
        return cms_msg(CMS_MSG_INVALID_PARAMETER, l->t.tok[2]);
    if (l->t.n >= 4) {
        if (!cp_abbrev(l->t.tok[3], "GATEWAY", 2))
            return cms_msg(CMS_MSG_INVALID_OPTION, l->t.tok[3]);
        if (l->t.n < 5)
            return cms_msg(CMS_MSG_OPERAND_MISSING, IFCONFIG_SYNTAX);
        if (!inet4_parse(l->t.tok[4], &gw))
            return cms_msg(CMS_MSG_INVALID_PARAMETER, l->t.tok[4]);
        if (cms_extra_operand(l, 5, &rc))
            return rc;
    }
    return ifconfig_up(vdev, addr, (uint8_t)prefix, gw);
}

int cms_cmd_netstat(const struct cms_line *l)
{
    int rc;
    unsigned n = 0;
    if (cms_extra_operand(l, 1, &rc))
        return rc;
    for (unsigned i = 0; i < QETH_MAX_IF; i++) {
        const struct qeth_if *q = &qeth_ifs[i];
        if (!q->used)
            continue;
        show(q);
        cms_printf("  PDUS %llu IPA %llu IPA-FAILED %llu IO-ERRORS %llu QUEUES %s",
                   (unsigned long long)q->pdus, (unsigned long long)q->ipa_cmds,
                   (unsigned long long)q->ipa_failed, (unsigned long long)q->io_errors,
                   q->queues ? "ACTIVE" : "INACTIVE");
        cms_printf("  BRING-UP %llu US", (unsigned long long)q->bringup_us);
        cms_printf("  TX %llu BYTES %llu ERRORS %llu  RX %llu BYTES %llu ERRORS %llu DROPPED %llu",
                   (unsigned long long)q->tx_packets, (unsigned long long)q->tx_bytes,
                   (unsigned long long)q->tx_errors, (unsigned long long)q->rx_packets,
                   (unsigned long long)q->rx_bytes, (unsigned long long)q->rx_errors,
                   (unsigned long long)q->rx_dropped);
        n++;
    }
    if (!n)
        cms_print("No interfaces");
    return 0;
}

/* ---- NICBAD ------------------------------------------------------------------ */

/* One probe: it must have failed (ok == false) exactly as expected. */
static bool expect(const char *variant, uint16_t vdev, const char *probe, bool ok,
                   const struct qeth_result *r, enum qeth_err err, uint16_t code)
{
    char got[64], want[64];
    bool match = !ok && r->err == err
                 && (err == QETH_ERR_IPA ? r->ipa_rc == code : r->sense == code);
    if (ok)
        ksnprintf(got, sizeof got, "success");
    else if (r->err == QETH_ERR_IPA)
        ksnprintf(got, sizeof got, "IPA return code %04X (%s)", r->ipa_rc,
                  qeth_ipa_rc_text(r->ipa_rc));
    else
        describe(r, got, sizeof got);
    if (match) {
        cms_printf("NICBAD %s %04X: %s: %s", variant, vdev, probe, got);
        return true;
    }
    if (err == QETH_ERR_IPA)
        ksnprintf(want, sizeof want, "IPA return code %04X", code);
    else
        ksnprintf(want, sizeof want, "unit check, sense %02X", code);
    cms_msg(CMS_MSG_NICBAD_ACCEPTED, variant, vdev, probe, want, got);
    return false;
}

static bool bad_qdr(struct qeth_if *q, struct qeth_result *r)
{
    if (!qeth_idx(q, r) || !qeth_steps(q, QDRV_CM_ENABLE, QDRV_ULP_SETUP, r))
        return report("NICBAD", q->vdev, r), false;
    bool ok = qeth_establish(q, true, r);
    return expect("QDR", q->vdev, "SLSB outside storage", ok, r, QETH_ERR_IO, SENSE_DATA_CHECK);
}

static bool bad_ipa(struct qeth_if *q, struct qeth_result *r)
{
    uint16_t rc;
    uint8_t four[4] = { 10, 0, 0, 1 };
    size_t rlen;
    if (!qeth_up(q, r))
        return report("NICBAD", q->vdev, r), false;
    bool all = expect("IPA", q->vdev, "unknown command EE",
                      qeth_ipa(q, BAD_IPA_CMD, NULL, 0, &rc, r), r, QETH_ERR_IPA, IPA_RC_NOTSUPP);
    all &= expect("IPA", q->vdev, "SETIP with 4 bytes of data",
                  qeth_ipa(q, IPA_CMD_SETIP, four, sizeof four, &rc, r), r, QETH_ERR_IPA,
                  IPA_RC_INVALID_FORMAT);
    size_t n = qdrv_ipa_request(&q->drv, IPA_CMD_SETIP, IPA_PROT_IPV4, four, sizeof four,
                                qeth_wbuf);
    be_put32(qeth_wbuf + 0x0C, 0x10);   /* TH length shorter than the TH */
    r->step = "WRITE";
    all &= expect("IPA", q->vdev, "PDU length 16", qeth_exchange(q, n, false, &rlen, r), r,
                  QETH_ERR_IO, SENSE_DATA_CHECK);
    return all;
}

static bool bad_seq(struct qeth_if *q, struct qeth_result *r)
{
    uint16_t rc;
    if (!qeth_idx(q, r))
        return report("NICBAD", q->vdev, r), false;
    bool all = expect("SEQ", q->vdev, "ULP_SETUP before CM_ENABLE",
                      qeth_steps(q, QDRV_ULP_SETUP, QDRV_ULP_SETUP, r), r, QETH_ERR_IO,
                      SENSE_CMD_REJECT);
    all &= expect("SEQ", q->vdev, "IPA before DM_ACT",
                  qeth_ipa(q, IPA_CMD_STARTLAN, NULL, 0, &rc, r), r, QETH_ERR_IO,
                  SENSE_CMD_REJECT);
    if (!qeth_steps(q, QDRV_CM_ENABLE, QDRV_ULP_SETUP, r) || !qeth_establish(q, false, r)
        || !qeth_steps(q, QDRV_DM_ACT, QDRV_DM_ACT, r))
        return report("NICBAD", q->vdev, r), false;
    all &= expect("SEQ", q->vdev, "SETIP before STARTLAN",
                  qeth_ip(q, IPA_CMD_SETIP, 0x0A000001u, 24, &rc, r), r, QETH_ERR_IPA,
                  IPA_RC_SETIP_NO_STARTLAN);
    return all;
}

/* Prime output buffer entry q->out_next as the caller set up its SBAL
 * and SIGA-w it; the SLSB state after the SIGA (*cc its cc). */
static uint8_t prime_and_siga(struct qeth_if *q, int *cc)
{
    unsigned idx = q->out_next;
    volatile uint8_t *st = &qeth_slsb(q, false)->val[idx];
    *st = SLSB_CU_OUTPUT_PRIMED;
    *cc = insn_siga(0, q->sch[2], 0x80000000u);
    q->out_next = (uint8_t)((idx + 1) % QDIO_MAX_BUFFERS);
    return *st;
}

/* One data-path probe: the state CP left (or the SIGA cc) must be want. */
static bool expect_state(const char *variant, uint16_t vdev, const char *probe, unsigned got,
                         unsigned want, const char *what)
{
    char g[32], w[32];
    if (got == want) {
        cms_printf("NICBAD %s %04X: %s: %s %02X", variant, vdev, probe, what, got);
        return true;
    }
    ksnprintf(g, sizeof g, "%s %02X", what, got);
    ksnprintf(w, sizeof w, "%s %02X", what, want);
    cms_msg(CMS_MSG_NICBAD_ACCEPTED, variant, vdev, probe, w, g);
    return false;
}

static bool bad_sbale(struct qeth_if *q, struct qeth_result *r)
{
    int cc;
    if (!qeth_up(q, r))
        return report("NICBAD", q->vdev, r), false;
    struct sbal *s = qeth_sbal(q, false, q->out_next % QETH_NBUF);
    memset(s, 0, sizeof *s);            /* data 1 MB past the end of storage */
    sbale_set_addr(&s->e[0], cms_storage_bytes + 0x100000);
    sbale_set_length(&s->e[0], 100);
    s->e[0].flags[0] = SBALE_F0_LAST_ENTRY;
    bool all = expect_state("SBALE", q->vdev, "data outside storage", prime_and_siga(q, &cc),
                            SLSB_P_OUTPUT_ERROR, "SLSB");
    s = qeth_sbal(q, false, q->out_next % QETH_NBUF);
    memset(s, 0, sizeof *s);            /* a header split over two SBALEs */
    sbale_set_addr(&s->e[0], qeth_buffer(q, false, q->out_next % QETH_NBUF));
    sbale_set_length(&s->e[0], 10);
    s->e[0].flags[0] = SBALE_F0_LAST_ENTRY;
    all &= expect_state("SBALE", q->vdev, "10-byte packet", prime_and_siga(q, &cc),
                        SLSB_P_OUTPUT_ERROR, "SLSB");
    s = qeth_sbal(q, false, q->out_next % QETH_NBUF);
    memset(s, 0, sizeof *s);            /* no last-entry flag in 16 SBALEs */
    for (unsigned i = 0; i < QDIO_MAX_SBALES; i++) {
        sbale_set_addr(&s->e[i], qeth_buffer(q, false, q->out_next % QETH_NBUF));
        sbale_set_length(&s->e[i], 64);
        s->e[i].flags[0] = SBALE_F0_MIDDLE_FRAG;
    }
    all &= expect_state("SBALE", q->vdev, "no last entry", prime_and_siga(q, &cc),
                        SLSB_P_OUTPUT_ERROR, "SLSB");
    return all;
}

static bool bad_slsb(struct qeth_if *q, struct qeth_result *r)
{
    int cc;
    if (!qeth_up(q, r))
        return report("NICBAD", q->vdev, r), false;
    /* an input state in the output queue: CP takes nothing */
    volatile uint8_t *st = &qeth_slsb(q, false)->val[q->out_next];
    *st = SLSB_CU_INPUT_EMPTY;
    cc = insn_siga(0, q->sch[2], 0x80000000u);
    bool all = expect_state("SLSB", q->vdev, "input state in the output queue", *st,
                            SLSB_CU_INPUT_EMPTY, "SLSB");
    *st = SLSB_P_OUTPUT_NOT_INIT;
    /* SIGA once the queues are stopped: cc 1 */
    qeth_stop(q);
    cc = insn_siga(0, q->sch[2], 0x80000000u);
    all &= expect_state("SLSB", q->vdev, "SIGA after HSCH", (unsigned)cc, 1, "cc");
    /* SIGA on a control device: cc 3 */
    cc = insn_siga(0, q->sch[0], 0x80000000u);
    all &= expect_state("SLSB", q->vdev, "SIGA on CTL-READ", (unsigned)cc, 3, "cc");
    return all;
}

static const struct cp_keyword nicbad_ops[] = {
    { "QDR", 3, 0 },
    { "IPA", 3, 1 },
    { "SEQ", 3, 2 },
    { "SBALE", 5, 3 },
    { "SLSB", 4, 4 },
};

int cms_cmd_nicbad(const struct cms_line *l)
{
    static bool (*const run[])(struct qeth_if *, struct qeth_result *) = {
        bad_qdr, bad_ipa, bad_seq, bad_sbale, bad_slsb,
    };
    uint16_t vdev;
    int rc;
    if (l->t.n < 3)
        return cms_msg(CMS_MSG_OPERAND_MISSING, "NICBAD QDR|IPA|SEQ|SBALE|SLSB vdev");
    const struct cp_keyword *k = cp_keyword_find(nicbad_ops, ARRAY_SIZE(nicbad_ops), l->t.tok[1]);
    if (!k)
        return cms_msg(CMS_MSG_INVALID_OPTION, l->t.tok[1]);
    if (!cp_vdev(l->t.tok[2], &vdev))
        return cms_msg(CMS_MSG_INVALID_PARAMETER, l->t.tok[2]);
    if (cms_extra_operand(l, 3, &rc))
        return rc;
    struct qeth_if *q = qeth_find(vdev, false);
    if (q && q->lan)
        return cms_msg(CMS_MSG_INVALID_PARAMETER, "interface is up; IFCONFIG DOWN first");
    if (!(q = interface(vdev, &rc)))
        return rc;
    struct qeth_result r = { 0 };
    bool ok = run[k->value](q, &r);
    qeth_stop(q);
    q->used = false;
    return ok ? 0 : cms_msg_rc(CMS_MSG_NICBAD_ACCEPTED);
}
