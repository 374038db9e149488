/*
 * test_osa.c - the QDIO driver side (qdio/qdrv.c) against the adapter side
 * (qdio/osa.c behind cp/vm/vnic.c) through the virtual channel subsystem,
 * over fake guest storage: the whole bring-up as a guest does it (SSCH of
 * real channel programs, TSCH of their status), then IP registration on a
 * real guest LAN table, then what a misbehaving guest gets.
 */
#include <string.h>
#include "tests/unit/suites.h"
#include "cp/vm/gstore.h"
#include "cp/vm/vio.h"
#include "cp/vm/vnic.h"
#include "qdio/qdrv.h"
#include "qdio/osa.h"
#include "guestlan/lan.h"
#include "lib/be.h"

#define GSIZE       (256 * 1024)
#define SSID        0x00010000u
#define ORB_AT      0x1000
#define CCW_AT      0x1100
#define IRB_AT      0x1200
#define SCHIB_AT    0x1300
#define SENSE_AT    0x1400
#define WBUF_AT     0x2000              /* 4 KB: requests                   */
#define RBUF_AT     0x3000              /* 4 KB: replies                    */
#define RBUF2_AT    0x4000              /* 4 KB: a second reply buffer      */
#define QDR_AT      0x8000              /* 4 KB                              */
#define QIB_AT      0x9000
#define SLSB_IN_AT  0x9100
#define SLSB_OUT_AT 0x9200
#define SL_IN_AT    0x9400
#define SL_OUT_AT   0x9800
#define SLIB_IN_AT  0xA000
#define SLIB_OUT_AT 0xA800

static uint8_t mem[GSIZE];
static uint8_t keys[GSIZE / 4096];
static uint8_t *fake_page(void *ctx, uint64_t pfn) { (void)ctx; return mem + pfn * 4096; }
static uint8_t fake_key(void *ctx, uint64_t pfn) { (void)ctx; return keys[pfn]; }
static struct gstore gs = { NULL, GSIZE, 0, fake_page, fake_key };

static struct vio v;
static struct vnic_set ns;
static struct gl_net net;
static struct qdrv drv, drv2;
static uint16_t lan, port, port2;

/* NIC 0700 on subchannels 0-2 and NIC 0800 on 3-5, both ports on LAN1. */
static void setup(void)
{
    memset(mem, 0, sizeof mem);
    memset(keys, 0, sizeof keys);
    memset(&ns, 0, sizeof ns);
    vio_init(&v, &gs);
    gl_net_init(&net);
    CU_ASSERT_EQUAL(gl_lan_define(&net, "LAN1", 0, 16, &lan), GL_OK);
    CU_ASSERT_EQUAL(vnic_define(&ns, &v, 0x0700, 3, false), VNIC_OK);
    CU_ASSERT_EQUAL(vnic_define(&ns, &v, 0x0800, 3, false), VNIC_OK);
    CU_ASSERT_EQUAL(gl_port_add(&net, "GST1", 0x0700, &port), GL_OK);
    CU_ASSERT_EQUAL(gl_port_add(&net, "GST2", 0x0800, &port2), GL_OK);
    vnic_set_port(&ns, 0x0700, &net, port);
    vnic_set_port(&ns, 0x0800, &net, port2);
    CU_ASSERT_EQUAL(gl_couple(&net, port, "LAN1"), GL_OK);
    CU_ASSERT_EQUAL(gl_couple(&net, port2, "LAN1"), GL_OK);
    for (uint32_t s = 0; s < 6; s++) {
        CU_ASSERT_EQUAL(vio_stsch(&v, SSID | s, SCHIB_AT, 0), VIO_CC0);
        mem[SCHIB_AT + 4] = 3 << 3;
        mem[SCHIB_AT + 5] |= 0x80;
        CU_ASSERT_EQUAL(vio_msch(&v, SSID | s, SCHIB_AT, 0), VIO_CC0);
    }
    qdrv_init(&drv, 0x0702, 0x02, 0x0700);
    qdrv_init(&drv2, 0x0802, 0x02, 0x0800);
}

static void put_ccw(unsigned i, uint8_t cmd, uint8_t flags, uint16_t count, uint32_t cda)
{
    uint8_t *c = mem + CCW_AT + 8 * i;
    c[0] = cmd;
    c[1] = flags;
    be_put16(c + 2, count);
    be_put32(c + 4, cda);
}

/* SSCH of the program at CCW_AT on sch; returns the SSCH cc. */
static int start(uint32_t sch)
{
    memset(mem + ORB_AT, 0, 32);
    mem[ORB_AT + 5] = 0x80;             /* format-1 CCWs */
    mem[ORB_AT + 6] = 0xFF;
    be_put32(mem + ORB_AT + 8, CCW_AT);
    return (int)vio_ssch(&v, SSID | sch, ORB_AT, 0);
}

static int tsch(uint32_t sch) { return (int)vio_tsch(&v, SSID | sch, IRB_AT, 0); }
static uint8_t dstat(void) { return mem[IRB_AT + 8]; }
static uint8_t cstat(void) { return mem[IRB_AT + 9]; }
static uint16_t resid(void) { return be_get16(mem + IRB_AT + 10); }

/* Run the program and take its final status: true if CE+DE, no errors. */
static bool run(uint32_t sch)
{
    if (start(sch) != 0 || tsch(sch) != 0)
        return false;
    return dstat() == 0x0C && cstat() == 0;
}

/* SENSE byte 0 after a unit check on sch. */
static uint8_t sense0(uint32_t sch)
{
    put_ccw(0, 0x04, 0x20, 32, SENSE_AT);
    CU_ASSERT_TRUE(run(sch));
    return mem[SENSE_AT];
}

/* IDX ACTIVATE: WRITE (chained) + READ on the READ (0) or WRITE (1) device. */
static bool idx(struct qdrv *d, uint32_t base, bool read)
{
    uint8_t cause;
    size_t n = qdrv_idx_request(d, read, mem + WBUF_AT);
    put_ccw(0, 0x01, 0x40, (uint16_t)n, WBUF_AT);
    put_ccw(1, 0x02, 0x20, 4096, RBUF_AT);
    if (!run(base + (read ? 0 : 1)))
        return false;
    return qdrv_idx_reply(d, read, mem + RBUF_AT, 4096 - resid(), &cause) == QDRV_OK;
}

/* Write n bytes of WBUF_AT on CTL-WRITE, read the reply on CTL-READ. */
static bool exchange(uint32_t base, size_t n, size_t *rlen)
{
    put_ccw(0, 0x01, 0x00, (uint16_t)n, WBUF_AT);
    if (!run(base + 1))
        return false;
    put_ccw(0, 0x02, 0x20, 4096, RBUF_AT);
    if (!run(base))
        return false;
    *rlen = 4096 - resid();
    return true;
}

static bool step(struct qdrv *d, uint32_t base, enum qdrv_step s)
{
    size_t rlen;
    size_t n = qdrv_request(d, s, mem + WBUF_AT);
    return exchange(base, n, &rlen) && qdrv_reply(d, s, mem + RBUF_AT, rlen) == QDRV_OK;
}

/* An IPA command; returns its rc, or -1 when the I/O failed. */
static int ipa(struct qdrv *d, uint32_t base, uint8_t cmd, const void *data, size_t dlen)
{
    size_t rlen, hlen;
    uint16_t rc;
    const struct ipa_hdr *h;
    size_t n = qdrv_ipa_request(d, cmd, IPA_PROT_IPV4, data, dlen, mem + WBUF_AT);
    if (!exchange(base, n, &rlen)
        || qdrv_ipa_reply(d, cmd, mem + RBUF_AT, rlen, &rc, &h, &hlen) != QDRV_OK)
        return -1;
    return rc;
}

static int setip(struct qdrv *d, uint32_t base, uint8_t cmd, uint32_t addr, unsigned prefix)
{
    struct ipa_setip4 s;
    be_put32(s.addr, addr);
    be_put32(s.mask, ipa_prefix_mask(prefix));
    be_put32(s.flags, 0);
    return ipa(d, base, cmd, &s, sizeof s);
}

/* QDR with one input and one output queue at the fixed addresses. */
static void build_qdr(void)
{
    struct qdrv_queue in = { SLIB_IN_AT, SL_IN_AT, SLSB_IN_AT };
    struct qdrv_queue out = { SLIB_OUT_AT, SL_OUT_AT, SLSB_OUT_AT };
    qdrv_build_slib((struct slib *)(mem + SLIB_IN_AT), 0, SL_IN_AT, SLSB_IN_AT);
    qdrv_build_slib((struct slib *)(mem + SLIB_OUT_AT), 0, SL_OUT_AT, SLSB_OUT_AT);
    qdrv_build_qib((struct qib *)(mem + QIB_AT), SLIB_IN_AT, SLIB_OUT_AT);
    qdrv_build_qdr((struct qdr *)(mem + QDR_AT), QIB_AT, &in, 1, &out, 1);
}

static bool establish(uint32_t base)
{
    put_ccw(0, 0x1B, 0x00, 4096, QDR_AT);
    return run(base + 2);
}

/* ACTIVATE QUEUES: starts and stays active (no status). */
static bool activate(uint32_t base)
{
    put_ccw(0, 0x1F, 0x20, 0, 0);
    return start(base + 2) == 0 && tsch(base + 2) == 1;
}

/* The whole handshake up to DM_ACT. */
static bool bring_up(struct qdrv *d, uint32_t base)
{
    if (!idx(d, base, true) || !idx(d, base, false))
        return false;
    for (int s = QDRV_CM_ENABLE; s <= QDRV_ULP_SETUP; s++)
        if (!step(d, base, (enum qdrv_step)s))
            return false;
    build_qdr();
    return establish(base) && activate(base) && step(d, base, QDRV_DM_ACT);
}

static void full_bring_up_and_registration(void)
{
    setup();
    struct osa *a = &vnic_find(&ns, 0x0700)->osa;
    CU_ASSERT_TRUE(idx(&drv, 0, true));
    CU_ASSERT_EQUAL(drv.idx_read_r, OSA_TOKEN(0x0700, OSA_TOK_IDX_READ));
    CU_ASSERT_TRUE(idx(&drv, 0, false));
    CU_ASSERT_EQUAL(drv.idx_write_r, OSA_TOKEN(0x0700, OSA_TOK_IDX_WRITE));
    CU_ASSERT_EQUAL(a->phase, OSA_PHASE_IDX);
    CU_ASSERT_STRING_EQUAL(a->conn_name, "HALLOLE");
    CU_ASSERT_TRUE(step(&drv, 0, QDRV_CM_ENABLE));
    CU_ASSERT_EQUAL(drv.cm_filter_r, OSA_TOKEN(0x0700, OSA_TOK_CM_FILTER));
    CU_ASSERT_TRUE(step(&drv, 0, QDRV_CM_SETUP));
    CU_ASSERT_EQUAL(drv.cm_conn_r, OSA_TOKEN(0x0700, OSA_TOK_CM_CONN));
    CU_ASSERT_TRUE(step(&drv, 0, QDRV_ULP_ENABLE));
    CU_ASSERT_EQUAL(drv.ulp_filter_r, OSA_TOKEN(0x0700, OSA_TOK_ULP_FILTER));
    CU_ASSERT_EQUAL(drv.mtu, 16384);                    /* the LAN's MFS 16K */
    CU_ASSERT_TRUE(step(&drv, 0, QDRV_ULP_SETUP));
    CU_ASSERT_EQUAL(drv.ulp_conn_r, OSA_TOKEN(0x0700, OSA_TOK_ULP_CONN));
    build_qdr();
    CU_ASSERT_TRUE(establish(0));
    CU_ASSERT_TRUE(a->established);
    CU_ASSERT_EQUAL(a->queues.nin, 1);
    CU_ASSERT_EQUAL(a->queues.out[0].slsb, SLSB_OUT_AT);
    CU_ASSERT_TRUE(activate(0));
    CU_ASSERT_TRUE(a->active);
    CU_ASSERT_TRUE(step(&drv, 0, QDRV_DM_ACT));
    CU_ASSERT_EQUAL(a->phase, OSA_PHASE_DM_ACTIVE);
    /* IPA: SETIP before STARTLAN, then the real thing */
    CU_ASSERT_EQUAL(setip(&drv, 0, IPA_CMD_SETIP, 0x0A010005, 24), IPA_RC_SETIP_NO_STARTLAN);
    CU_ASSERT_EQUAL(ipa(&drv, 0, IPA_CMD_STARTLAN, NULL, 0), IPA_RC_OK);
    CU_ASSERT_EQUAL(ipa(&drv, 0, IPA_CMD_QIPASSIST, NULL, 0), IPA_RC_OK);
    CU_ASSERT_EQUAL(ipa(&drv, 0, 0xEE, NULL, 0), IPA_RC_NOTSUPP);
    uint8_t sap[12] = { 0, 0, 0, 1, 0, 12, 0, 1, 0xFF, 0xFF, 1, 1 };
    CU_ASSERT_EQUAL(ipa(&drv, 0, IPA_CMD_SETASSPARMS, sap, sizeof sap), IPA_RC_OK);
    CU_ASSERT_EQUAL(be_get16(mem + RBUF_AT + MPC_DATA_OFF_ADAPTER + 20 + 8), 0);  /* sub rc */
    CU_ASSERT_EQUAL(setip(&drv, 0, IPA_CMD_SETIP, 0x0A010005, 24), IPA_RC_OK);
    CU_ASSERT_EQUAL(gl_ip_owner(&net, lan, 0x0A010005), port);
    /* the second NIC on the same LAN: the same address is a duplicate */
    CU_ASSERT_TRUE(bring_up(&drv2, 3));
    CU_ASSERT_EQUAL(ipa(&drv2, 3, IPA_CMD_STARTLAN, NULL, 0), IPA_RC_OK);
    CU_ASSERT_EQUAL(setip(&drv2, 3, IPA_CMD_SETIP, 0x0A010005, 24), IPA_RC_DUP_IP);
    CU_ASSERT_EQUAL(setip(&drv2, 3, IPA_CMD_SETIP, 0x0A010006, 24), IPA_RC_OK);
    CU_ASSERT_EQUAL(gl_lan_at(&net, lan)->naddrs, 2);
    /* DELIP, twice */
    CU_ASSERT_EQUAL(setip(&drv, 0, IPA_CMD_DELIP, 0x0A010005, 24), IPA_RC_OK);
    CU_ASSERT_EQUAL(gl_ip_owner(&net, lan, 0x0A010005), GL_PORT_NONE);
    CU_ASSERT_EQUAL(setip(&drv, 0, IPA_CMD_DELIP, 0x0A010005, 24), IPA_RC_IP_NOT_DEFINED);
    /* counters: 3 IPA refusals on NIC 0700 (E008, 0001, E010) */
    CU_ASSERT_EQUAL(a->c.ipa_refused, 3);
    CU_ASSERT_EQUAL(a->c.pdu_errors + a->c.seq_errors + a->c.qdio_errors, 0);
    /* UNCOUPLE drops 0800's address; SETIP is then refused: LAN offline */
    CU_ASSERT_EQUAL(gl_uncouple(&net, port2), GL_OK);
    CU_ASSERT_EQUAL(setip(&drv2, 3, IPA_CMD_SETIP, 0x0A010007, 24), IPA_RC_LAN_OFFLINE);
    CU_ASSERT_EQUAL(gl_couple(&net, port2, "LAN1"), GL_OK);
    CU_ASSERT_EQUAL(setip(&drv2, 3, IPA_CMD_DELIP, 0x0A010006, 24), IPA_RC_IP_NOT_DEFINED);
    CU_ASSERT_EQUAL(setip(&drv2, 3, IPA_CMD_SETIP, 0x0A010007, 24), IPA_RC_OK);
    /* HSCH on the DATA device stops the queues */
    CU_ASSERT_EQUAL(vio_hsch(&v, SSID | 2), VIO_CC0);
    CU_ASSERT_EQUAL(tsch(2), 0);
    CU_ASSERT_FALSE(a->active);
    /* STOPLAN unregisters; a restart (IDX on CTL-READ again) too */
    CU_ASSERT_EQUAL(ipa(&drv2, 3, IPA_CMD_STOPLAN, NULL, 0), IPA_RC_OK);
    CU_ASSERT_EQUAL(gl_lan_at(&net, lan)->naddrs, 0);
    CU_ASSERT_EQUAL(ipa(&drv2, 3, IPA_CMD_STARTLAN, NULL, 0), IPA_RC_OK);
    CU_ASSERT_EQUAL(setip(&drv2, 3, IPA_CMD_SETIP, 0x0A010008, 24), IPA_RC_OK);
    qdrv_init(&drv2, 0x0802, 0x02, 0x0800);
    CU_ASSERT_TRUE(idx(&drv2, 3, true));
    CU_ASSERT_EQUAL(gl_lan_at(&net, lan)->naddrs, 0);
    CU_ASSERT_EQUAL(vnic_find(&ns, 0x0800)->osa.phase, OSA_PHASE_NONE);
    CU_ASSERT_FALSE(vnic_find(&ns, 0x0800)->osa.active);     /* queues end with the session */
    CU_ASSERT_FALSE(vnic_find(&ns, 0x0800)->osa.established);
}

static void read_waits_for_its_reply(void)
{
    setup();
    CU_ASSERT_TRUE(idx(&drv, 0, true));
    CU_ASSERT_TRUE(idx(&drv, 0, false));
    /* a READ kept outstanding on CTL-READ (as Linux does) blocks ... */
    put_ccw(0, 0x02, 0x20, 4096, RBUF2_AT);
    CU_ASSERT_EQUAL(start(0), 0);
    CU_ASSERT_EQUAL(tsch(0), 1);
    /* ... until the WRITE of CM_ENABLE queues the reply */
    size_t n = qdrv_request(&drv, QDRV_CM_ENABLE, mem + WBUF_AT);
    put_ccw(0, 0x01, 0x00, (uint16_t)n, WBUF_AT);
    CU_ASSERT_TRUE(run(1));
    CU_ASSERT_EQUAL(tsch(0), 0);
    CU_ASSERT_EQUAL(dstat(), 0x0C);
    CU_ASSERT_EQUAL(qdrv_reply(&drv, QDRV_CM_ENABLE, mem + RBUF2_AT, 4096 - resid()), QDRV_OK);
    /* READ on CTL-WRITE after its IDX: nothing can come, command reject */
    put_ccw(0, 0x02, 0x20, 4096, RBUF_AT);
    CU_ASSERT_EQUAL(start(1), 0);
    CU_ASSERT_EQUAL(tsch(1), 0);
    CU_ASSERT_EQUAL(dstat(), 0x0E);
    CU_ASSERT_EQUAL(sense0(1), 0x80);
    /* RCD on any device: two NEDs, "VM" as plant */
    put_ccw(0, 0xFA, 0x20, 128, RBUF_AT);
    CU_ASSERT_TRUE(run(2));
    CU_ASSERT_EQUAL(mem[RBUF_AT + 16], 0xE5);           /* V */
    CU_ASSERT_EQUAL(mem[RBUF_AT + 31], 0x02);           /* unit address */
}

static void misbehaving_guest(void)
{
    setup();
    struct osa *a = &vnic_find(&ns, 0x0700)->osa;
    /* IDX on CTL-WRITE first, a garbage IDX, a second IDX on CTL-WRITE */
    CU_ASSERT_FALSE(idx(&drv, 0, false));
    CU_ASSERT_EQUAL(sense0(1), 0x80);
    memset(mem + WBUF_AT, 0x5A, 0x22);
    put_ccw(0, 0x01, 0x40, 0x22, WBUF_AT);
    put_ccw(1, 0x02, 0x20, 4096, RBUF_AT);
    CU_ASSERT_FALSE(run(0));
    CU_ASSERT_EQUAL(sense0(0), 0x08);
    CU_ASSERT_TRUE(idx(&drv, 0, true));
    CU_ASSERT_TRUE(idx(&drv, 0, false));
    CU_ASSERT_FALSE(idx(&drv, 0, false));               /* negative reply, in use */
    CU_ASSERT_EQUAL(mem[RBUF_AT + 9], IDX_CAUSE_IN_USE);
    CU_ASSERT_EQUAL(a->c.idx_errors, 3);
    /* out of sequence, wrong token, malformed */
    size_t n = qdrv_request(&drv, QDRV_ULP_SETUP, mem + WBUF_AT);
    put_ccw(0, 0x01, 0x00, (uint16_t)n, WBUF_AT);
    CU_ASSERT_FALSE(run(1));
    CU_ASSERT_EQUAL(sense0(1), 0x80);
    uint32_t good = drv.idx_write_r;
    drv.idx_write_r = 0x12345678;
    CU_ASSERT_FALSE(step(&drv, 0, QDRV_CM_ENABLE));
    CU_ASSERT_EQUAL(sense0(1), 0x80);
    drv.idx_write_r = good;
    n = qdrv_request(&drv, QDRV_CM_ENABLE, mem + WBUF_AT);
    be_put32(mem + WBUF_AT + 0x0C, 0x2000);             /* TH length past the data */
    put_ccw(0, 0x01, 0x00, (uint16_t)n, WBUF_AT);
    CU_ASSERT_FALSE(run(1));
    CU_ASSERT_EQUAL(sense0(1), 0x08);
    CU_ASSERT_EQUAL(a->c.seq_errors, 2);
    CU_ASSERT_EQUAL(a->c.pdu_errors, 1);
    /* the session still works afterwards */
    for (int s = QDRV_CM_ENABLE; s <= QDRV_ULP_SETUP; s++)
        CU_ASSERT_TRUE(step(&drv, 0, (enum qdrv_step)s));
    /* ACTIVATE before ESTABLISH; QDRs with bad blocks */
    put_ccw(0, 0x1F, 0x20, 0, 0);
    CU_ASSERT_FALSE(run(2));
    CU_ASSERT_EQUAL(sense0(2), 0x80);
    build_qdr();
    qdesc_set(&((struct qdr *)(mem + QDR_AT))->qdf0[1], SLIB_OUT_AT, SL_OUT_AT, GSIZE + 0x100);
    CU_ASSERT_FALSE(establish(0));
    CU_ASSERT_EQUAL(sense0(2), 0x08);
    build_qdr();
    keys[SLSB_IN_AT / 4096] = 0x50;                     /* key 5 page, descriptor key 0 */
    ((struct qdr *)(mem + QDR_AT))->qdf0[0].keys_sbal_slsb = 0x03;
    CU_ASSERT_FALSE(establish(0));
    CU_ASSERT_EQUAL(sense0(2), 0x08);
    keys[SLSB_IN_AT / 4096] = 0;
    build_qdr();
    ((struct qdr *)(mem + QDR_AT))->qfmt = QDR_QFMT_IQD;
    CU_ASSERT_FALSE(establish(0));
    CU_ASSERT_EQUAL(a->c.qdio_errors, 4);
    /* a QDR outside the guest: channel program check, nothing counted */
    put_ccw(0, 0x1B, 0x00, 4096, GSIZE - 0x800);
    CU_ASSERT_EQUAL(start(2), 0);
    CU_ASSERT_EQUAL(tsch(2), 0);
    CU_ASSERT_EQUAL(cstat(), 0x20);
    build_qdr();
    CU_ASSERT_TRUE(establish(0));
    CU_ASSERT_TRUE(activate(0));
    CU_ASSERT_EQUAL(start(2), 2);                       /* busy while active */
    CU_ASSERT_TRUE(step(&drv, 0, QDRV_DM_ACT));
    /* short IPA data, a multicast address, a mask with holes */
    uint8_t four[4] = { 10, 1, 0, 9 };
    CU_ASSERT_EQUAL(ipa(&drv, 0, IPA_CMD_STARTLAN, NULL, 0), IPA_RC_OK);
    CU_ASSERT_EQUAL(ipa(&drv, 0, IPA_CMD_SETIP, four, sizeof four), IPA_RC_INVALID_FORMAT);
    CU_ASSERT_EQUAL(setip(&drv, 0, IPA_CMD_SETIP, 0xE0000001, 24), IPA_RC_INVALID_FORMAT);
    struct ipa_setip4 s;
    be_put32(s.addr, 0x0A010009);
    be_put32(s.mask, 0xFF00FF00);                       /* not contiguous */
    be_put32(s.flags, 0);
    CU_ASSERT_EQUAL(ipa(&drv, 0, IPA_CMD_SETIP, &s, sizeof s), IPA_RC_INVALID_FORMAT);
    CU_ASSERT_EQUAL(a->c.ipa_refused, 3);
    /* the other NIC never noticed */
    CU_ASSERT_TRUE(bring_up(&drv2, 3));
    CU_ASSERT_EQUAL(vnic_find(&ns, 0x0800)->osa.c.seq_errors, 0);
}

static void reply_queue_overrun(void)
{
    setup();
    struct osa *a = &vnic_find(&ns, 0x0700)->osa;
    CU_ASSERT_TRUE(bring_up(&drv, 0));
    /* IPA commands written without reading the replies */
    for (unsigned i = 0; i < OSA_REPLIES + 1; i++) {
        size_t n = qdrv_ipa_request(&drv, IPA_CMD_QIPASSIST, IPA_PROT_IPV4, NULL, 0,
                                    mem + WBUF_AT);
        put_ccw(0, 0x01, 0x00, (uint16_t)n, WBUF_AT);
        CU_ASSERT_EQUAL(run(1), i < OSA_REPLIES);
    }
    CU_ASSERT_EQUAL(a->c.reply_overruns, 1);
    CU_ASSERT_EQUAL(a->count, OSA_REPLIES);
    put_ccw(0, 0x02, 0x20, 8, RBUF_AT);                  /* truncated to the count */
    CU_ASSERT_TRUE(run(0));
    CU_ASSERT_EQUAL(resid(), 0);
    CU_ASSERT_EQUAL(a->count, OSA_REPLIES - 1);
}

static void layer2_refused(void)
{
    setup();
    CU_ASSERT_TRUE(idx(&drv, 0, true));
    CU_ASSERT_TRUE(idx(&drv, 0, false));
    CU_ASSERT_TRUE(step(&drv, 0, QDRV_CM_ENABLE));
    CU_ASSERT_TRUE(step(&drv, 0, QDRV_CM_SETUP));
    size_t n = qdrv_request(&drv, QDRV_ULP_ENABLE, mem + WBUF_AT);
    uint8_t *pus01 = mem + WBUF_AT + MPC_DATA_OFF_DRIVER + sizeof(struct mpc_puk);
    CU_ASSERT_EQUAL(pus01[MPC_PUS_OFF_TYPE], MPC_PUS_FILTER);
    pus01[MPC_PUS01_OFF_PROTO] = MPC_ULP_PROTO_L2;
    put_ccw(0, 0x01, 0x00, (uint16_t)n, WBUF_AT);
    CU_ASSERT_FALSE(run(1));
    CU_ASSERT_EQUAL(sense0(1), 0x80);
    CU_ASSERT_EQUAL(vnic_find(&ns, 0x0700)->osa.phase, OSA_PHASE_CM_SETUP);
    CU_ASSERT_TRUE(step(&drv, 0, QDRV_ULP_ENABLE));         /* layer 3 is fine */
}

void register_osa_tests(void)
{
    CU_pSuite s = CU_add_suite("osa", NULL, NULL);
    CU_add_test(s, "full bring-up and IP registration", full_bring_up_and_registration);
    CU_add_test(s, "a READ waits for its reply", read_waits_for_its_reply);
    CU_add_test(s, "misbehaving guest", misbehaving_guest);
    CU_add_test(s, "reply queue overrun", reply_queue_overrun);
    CU_add_test(s, "layer 2 refused", layer2_refused);
}
