/*
 * qeth.c - the CMS QDIO network driver (target only; see qeth.h).
 *
 * Control path: a request is one WRITE on CTL-WRITE, its reply one READ
 * on CTL-READ right after (CP queues the reply while it takes the WRITE),
 * so no READ is kept outstanding.  Data path: the queues are set up and
 * activated; moving datagrams comes with the guest IP stack.
 */
#include "cms-tools/qeth.h"
#include "cms-tools/cio.h"
#include "cms-tools/cms.h"
#include "insn.h"
#include "lib/tod.h"

#define CMD_WRITE       0x01
#define CMD_READ        0x02
#define CMD_EQ          0x1B
#define CMD_AQ          0x1F
#define QDR_LEN         4096
#define PAGE            4096

struct qeth_if qeth_ifs[QETH_MAX_IF];
uint8_t qeth_wbuf[MPC_PDU_MAX] __attribute__((aligned(8)));
uint8_t qeth_rbuf[MPC_PDU_MAX] __attribute__((aligned(8)));

/* The QDIO control blocks of one interface: one input queue of nbuf_in
 * buffers (sized from the MTU, size_input) and one output queue of
 * QETH_NBUF 64 KB buffers, reused around the 128-entry rings (entry k uses
 * buffer k % n).  The buffers' data pages are above the nucleus
 * (qeth_buffer). */
struct qeth_area {
    _Alignas(4096) struct qdr qdr;
    _Alignas(2048) struct slib slib_in;
    _Alignas(2048) struct slib slib_out;
    _Alignas(1024) struct sl sl_in;
    _Alignas(1024) struct sl sl_out;
    _Alignas(256) struct qib qib;
    _Alignas(256) struct slsb slsb_in;
    _Alignas(256) struct slsb slsb_out;
    _Alignas(256) struct sbal sbal_in[QETH_NBUF_IN_MAX];
    _Alignas(256) struct sbal sbal_out[QETH_NBUF];
};
static struct qeth_area areas[QETH_MAX_IF];
static struct ccw1 ccws[2];
static struct irb irb;

static const struct {
    uint16_t    rc;
    const char *text;
} ipa_rcs[] = {
    { IPA_RC_NOTSUPP,           "not supported" },
    { IPA_RC_INVALID_FORMAT,    "invalid format" },
    { IPA_RC_DUP_IP,            "duplicate IP address" },
    { IPA_RC_IP_TABLE_FULL,     "IP address table full" },
    { IPA_RC_SETIP_NO_STARTLAN, "SETIP before STARTLAN" },
    { IPA_RC_BAD_SUBCMD,        "unsupported subcommand" },
    { IPA_RC_IP_NOT_DEFINED,    "IP address not defined" },
    { IPA_RC_LAN_OFFLINE,       "LAN offline" },
};

const char *qeth_ipa_rc_text(uint16_t rc)
{
    for (size_t i = 0; i < ARRAY_SIZE(ipa_rcs); i++)
        if (ipa_rcs[i].rc == rc)
            return ipa_rcs[i].text;
    return "";
}

static uint32_t addr31(const void *p)
{
    return (uint32_t)(uintptr_t)p;
}

struct qeth_if *qeth_find(uint16_t vdev, bool create)
{
    struct qeth_if *free_if = NULL;
    for (unsigned i = 0; i < QETH_MAX_IF; i++) {
        if (qeth_ifs[i].used && qeth_ifs[i].vdev == vdev)
            return &qeth_ifs[i];
        if (!qeth_ifs[i].used && !free_if)
            free_if = &qeth_ifs[i];
    }
    if (!create || !free_if)
        return NULL;
    memset(free_if, 0, sizeof *free_if);
    free_if->used = true;
    free_if->vdev = vdev;
    free_if->area = (unsigned)(free_if - qeth_ifs);
    return free_if;
}

bool qeth_attach(struct qeth_if *q)
{
    static struct schib s;
    unsigned found = 0;
    for (uint32_t sch = 0; sch < 256; sch++) {
        if (cms_stsch(CMS_CIO_SSID_BASE | sch, &s) != 0 || !(s.pmcw.flags1 & PMCW_F1_DEVNO_VALID))
            continue;
        uint16_t d = s.pmcw.devno;
        if (d >= q->vdev && d - q->vdev < 3) {
            q->sch[d - q->vdev] = CMS_CIO_SSID_BASE | sch;
            found |= 1u << (d - q->vdev);
        }
    }
    if (found != 7)
        return false;
    for (int i = 0; i < 3; i++)
        if (!cms_cio_enable(q->sch[i], true))
            return false;
    return true;
}

/* ---- channel programs --------------------------------------------------------- */

/* Run ccws on role's subchannel; false with r filled unless it ended with
 * channel end + device end and no channel error. */
static bool run(struct qeth_if *q, int role, const char *step, struct qeth_result *r)
{
    r->step = step;
    if (cms_cio_run(q->sch[role], ccws, &irb) != CMS_CIO_OK) {
        r->err = QETH_ERR_NO_DEVICE;
        return false;
    }
    uint8_t ds = irb.scsw.dstat, cs = irb.scsw.cstat & (uint8_t)~SCH_STAT_PCI;
    if (ds == (DEV_STAT_CE | DEV_STAT_DE) && !cs)
        return true;
    r->err = QETH_ERR_IO;
    r->dstat = ds;
    r->cstat = cs;
    r->sense = 0;
    q->io_errors++;
    if (ds & DEV_STAT_UC) {             /* fetch the sense byte */
        static uint8_t sense[32];
        ccws[0] = (struct ccw1){ CCW_CMD_SENSE, CCW_FLAG_SLI, sizeof sense, addr31(sense) };
        if (cms_cio_run(q->sch[role], ccws, &irb) == CMS_CIO_OK)
            r->sense = sense[0];
    }
    return false;
}

bool qeth_idx(struct qeth_if *q, struct qeth_result *r)
{
    static const char *const steps[2] = { "IDX ACTIVATE READ", "IDX ACTIVATE WRITE" };
    qdrv_init(&q->drv, (uint16_t)(q->vdev + 2), 0x02, q->vdev);
    q->session = q->lan = q->has_addr = false;
    for (int role = 0; role < 2; role++) {
        size_t n = qdrv_idx_request(&q->drv, role == 0, qeth_wbuf);
        memset(qeth_rbuf, 0, sizeof qeth_rbuf);
        ccws[0] = (struct ccw1){ CMD_WRITE, CCW_FLAG_CC, (uint16_t)n, addr31(qeth_wbuf) };
        ccws[1] = (struct ccw1){ CMD_READ, CCW_FLAG_SLI, sizeof qeth_rbuf, addr31(qeth_rbuf) };
        if (!run(q, role, steps[role], r))
            return false;
        size_t got = sizeof qeth_rbuf - irb.scsw.count;
        enum qdrv_err e = qdrv_idx_reply(&q->drv, role == 0, qeth_rbuf, got, &r->cause);
        if (e != QDRV_OK) {
            r->err = e == QDRV_ERR_NEGATIVE ? QETH_ERR_IDX : QETH_ERR_REPLY;
            return false;
        }
    }
    return true;
}

bool qeth_exchange(struct qeth_if *q, size_t len, bool want_reply, size_t *rlen,
                   struct qeth_result *r)
{
    const char *step = r->step;
    ccws[0] = (struct ccw1){ CMD_WRITE, 0, (uint16_t)len, addr31(qeth_wbuf) };
    if (!run(q, 1, step, r))
        return false;
    q->pdus++;
    if (!want_reply)
        return true;
    memset(qeth_rbuf, 0, sizeof qeth_rbuf);
    ccws[0] = (struct ccw1){ CMD_READ, CCW_FLAG_SLI, sizeof qeth_rbuf, addr31(qeth_rbuf) };
    if (!run(q, 0, step, r))
        return false;
    *rlen = sizeof qeth_rbuf - irb.scsw.count;
    return true;
}

bool qeth_steps(struct qeth_if *q, enum qdrv_step from, enum qdrv_step to,
                struct qeth_result *r)
{
    for (int s = from; s <= (int)to; s++) {
        size_t rlen;
        r->step = qdrv_step_name((enum qdrv_step)s);
        size_t n = qdrv_request(&q->drv, (enum qdrv_step)s, qeth_wbuf);
        if (!qeth_exchange(q, n, true, &rlen, r))
            return false;
        if (qdrv_reply(&q->drv, (enum qdrv_step)s, qeth_rbuf, rlen) != QDRV_OK) {
            r->err = QETH_ERR_REPLY;
            return false;
        }
    }
    return true;
}

/* ---- queues -------------------------------------------------------------------- */

uint64_t qeth_buffer(const struct qeth_if *q, bool input, unsigned b)
{
    uint64_t area = QETH_BUF_BASE + (uint64_t)q->area * QETH_AREA_SIZE;
    if (input)
        return area + (uint64_t)b * q->in_pages * PAGE;
    return area + QETH_AREA_SIZE / 2 + (uint64_t)b * QETH_BUF_SIZE;
}

void qeth_arm_sbal(struct sbal *s, uint64_t data, unsigned pages)
{
    memset(s, 0, sizeof *s);
    for (unsigned i = 0; i < pages; i++) {
        sbale_set_length(&s->e[i], PAGE);
        sbale_set_addr(&s->e[i], data + (uint64_t)i * PAGE);
    }
    s->e[pages - 1].flags[0] = SBALE_F0_LAST_ENTRY;
}

/* Input buffers for the MTU the adapter reported: pages enough for one
 * datagram and its header, and as many buffers (a power of two, at most
 * QETH_NBUF_IN_MAX) as half the interface's area holds. */
static void size_input(struct qeth_if *q)
{
    unsigned pages = (unsigned)((q->drv.mtu + QDIO_HDR_LEN + PAGE - 1) / PAGE);
    if (pages < 1)
        pages = 1;
    if (pages > QDIO_MAX_SBALES)
        pages = QDIO_MAX_SBALES;
    unsigned n = QETH_NBUF_IN_MAX;
    while (n > QETH_NBUF && (uint64_t)n * pages * PAGE > QETH_AREA_SIZE / 2)
        n /= 2;
    q->in_pages = (uint8_t)pages;
    q->nbuf_in = (uint8_t)n;
}

struct sbal *qeth_sbal(const struct qeth_if *q, bool input, unsigned b)
{
    return input ? &areas[q->area].sbal_in[b] : &areas[q->area].sbal_out[b];
}

struct slsb *qeth_slsb(const struct qeth_if *q, bool input)
{
    return input ? &areas[q->area].slsb_in : &areas[q->area].slsb_out;
}

static void build_queues(struct qeth_if *q, struct qeth_area *a)
{
    memset(&a->slsb_in, 0, sizeof a->slsb_in);
    memset(&a->slsb_out, 0, sizeof a->slsb_out);
    size_input(q);
    for (unsigned k = 0; k < QDIO_MAX_BUFFERS; k++) {
        sl_set_sbala(&a->sl_in, k, (uint64_t)(uintptr_t)&a->sbal_in[k % q->nbuf_in]);
        sl_set_sbala(&a->sl_out, k, (uint64_t)(uintptr_t)&a->sbal_out[k % QETH_NBUF]);
        a->slsb_in.val[k] = k < q->nbuf_in ? SLSB_CU_INPUT_EMPTY : SLSB_P_INPUT_NOT_INIT;
        a->slsb_out.val[k] = SLSB_P_OUTPUT_NOT_INIT;
    }
    for (unsigned b = 0; b < QETH_NBUF; b++)
        memset(&a->sbal_out[b], 0, sizeof a->sbal_out[b]);
    for (unsigned b = 0; b < q->nbuf_in; b++)
        qeth_arm_sbal(&a->sbal_in[b], qeth_buffer(q, true, b), q->in_pages);
    struct qdrv_queue in = { (uint64_t)(uintptr_t)&a->slib_in, (uint64_t)(uintptr_t)&a->sl_in,
                             (uint64_t)(uintptr_t)&a->slsb_in };
    struct qdrv_queue out = { (uint64_t)(uintptr_t)&a->slib_out, (uint64_t)(uintptr_t)&a->sl_out,
                              (uint64_t)(uintptr_t)&a->slsb_out };
    qdrv_build_slib(&a->slib_in, 0, in.sl, in.slsb);
    qdrv_build_slib(&a->slib_out, 0, out.sl, out.slsb);
    qdrv_build_qib(&a->qib, in.slib, out.slib);
    qdrv_build_qdr(&a->qdr, (uint64_t)(uintptr_t)&a->qib, &in, 1, &out, 1);
}

bool qeth_establish(struct qeth_if *q, bool bad, struct qeth_result *r)
{
    struct qeth_area *a = &areas[q->area];
    build_queues(q, a);
    q->in_next = q->out_next = 0;
    if (bad)        /* an SLSB 1 MB past the end of the guest's storage */
        qdesc_set(&a->qdr.qdf0[0], qdesc_sliba(&a->qdr.qdf0[0]), qdesc_sla(&a->qdr.qdf0[0]),
                  cms_storage_bytes + 0x100000);
    ccws[0] = (struct ccw1){ CMD_EQ, 0, QDR_LEN, addr31(&a->qdr) };
    return run(q, 2, "ESTABLISH QUEUES", r);
}

void qeth_stop(struct qeth_if *q)
{
    if (q->queues)
        (void)cms_cio_halt(q->sch[2], &irb);
    q->queues = q->session = q->lan = q->has_addr = false;
}

/* ---- IPA ------------------------------------------------------------------------ */

static const char *ipa_name(uint8_t cmd)
{
    switch (cmd) {
    case IPA_CMD_STARTLAN:  return "STARTLAN";
    case IPA_CMD_STOPLAN:   return "STOPLAN";
    case IPA_CMD_SETIP:     return "SETIP";
    case IPA_CMD_DELIP:     return "DELIP";
    case IPA_CMD_QIPASSIST: return "QIPASSIST";
    default:                return "IPA";
    }
}

bool qeth_ipa(struct qeth_if *q, uint8_t cmd, const void *data, size_t dlen, uint16_t *rc,
              struct qeth_result *r)
{
    const struct ipa_hdr *h;
    size_t rlen, hlen;
    r->step = ipa_name(cmd);
    size_t n = qdrv_ipa_request(&q->drv, cmd, IPA_PROT_IPV4, data, dlen, qeth_wbuf);
    if (!qeth_exchange(q, n, true, &rlen, r))
        return false;
    if (qdrv_ipa_reply(&q->drv, cmd, qeth_rbuf, rlen, rc, &h, &hlen) != QDRV_OK) {
        r->err = QETH_ERR_REPLY;
        return false;
    }
    q->ipa_cmds++;
    if (*rc) {
        q->ipa_failed++;
        r->err = QETH_ERR_IPA;
        r->ipa_rc = *rc;
        return false;
    }
    return true;
}

bool qeth_ip(struct qeth_if *q, uint8_t cmd, uint32_t addr, uint8_t prefix, uint16_t *rc,
             struct qeth_result *r)
{
    struct ipa_setip4 d;
    be_put32(d.addr, addr);
    be_put32(d.mask, ipa_prefix_mask(prefix));
    be_put32(d.flags, IPA_SETIP_FLAG_DEFAULT);
    return qeth_ipa(q, cmd, &d, sizeof d, rc, r);
}

bool qeth_up(struct qeth_if *q, struct qeth_result *r)
{
    uint16_t rc;
    uint64_t t0 = insn_stck();
    qeth_stop(q);
    if (cms_storage_bytes < qeth_buffer(q, false, QETH_NBUF)) {
        r->step = "ESTABLISH QUEUES";
        r->err = QETH_ERR_STORAGE;
        return false;
    }
    if (!qeth_idx(q, r) || !qeth_steps(q, QDRV_CM_ENABLE, QDRV_ULP_SETUP, r)
        || !qeth_establish(q, false, r))
        return false;
    ccws[0] = (struct ccw1){ CMD_AQ, CCW_FLAG_SLI, 0, 0 };
    r->step = "ACTIVATE QUEUES";
    enum cms_cio_err e = cms_cio_start(q->sch[2], ccws);
    if (e != CMS_CIO_OK) {
        r->err = e == CMS_CIO_NOT_OPER ? QETH_ERR_NO_DEVICE : QETH_ERR_IO;
        return false;
    }
    q->queues = true;
    if (!qeth_steps(q, QDRV_DM_ACT, QDRV_DM_ACT, r))
        return false;
    q->session = true;
    if (!qeth_ipa(q, IPA_CMD_STARTLAN, NULL, 0, &rc, r)
        || !qeth_ipa(q, IPA_CMD_QIPASSIST, NULL, 0, &rc, r))
        return false;
    q->lan = true;
    q->bringup_us = (insn_stck() - t0) / TOD_UNITS_PER_US;
    return true;
}
