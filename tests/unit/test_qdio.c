/*
 * test_qdio.c - QDIO/OSA control-block layouts (hw/qdio.h, hw/mpc.h,
 * hw/ipa.h) against literal byte fixtures, and the SLSB transition table
 * (qdio/slsb.c) cell by cell.  Fixture values follow
 * shared/reference/qdio-osa.md §4 and what Hyperion 4.9 was seen to send.
 */
#include <string.h>
#include "tests/unit/suites.h"
#include "hw/qdio.h"
#include "hw/mpc.h"
#include "hw/ipa.h"
#include "qdio/slsb.h"

/* ---- QDIO blocks -------------------------------------------------------- */

static void test_sbale(void)
{
    static const uint8_t raw[16] = {
        0x40, 0x00, 0x00, 0x40,                         /* 00 flags: last, PCI  */
        0x00, 0x00, 0x05, 0xDC,                         /* 04 length 1500       */
        0x00, 0x00, 0x00, 0x01, 0x23, 0x45, 0x60, 0x00, /* 08 address           */
    };
    struct sbale e;
    memcpy(&e, raw, sizeof e);
    CU_ASSERT_TRUE(sbale_is_last(&e));
    CU_ASSERT_EQUAL(e.flags[3] & SBALE_F3_PCI_REQ, SBALE_F3_PCI_REQ);
    CU_ASSERT_EQUAL(sbale_length(&e), 1500);
    CU_ASSERT_EQUAL(sbale_addr(&e), 0x0000000123456000ull);

    struct sbale w;
    memset(&w, 0, sizeof w);
    w.flags[0] = SBALE_F0_LAST_ENTRY;
    w.flags[3] = SBALE_F3_PCI_REQ;
    sbale_set_length(&w, 1500);
    sbale_set_addr(&w, 0x0000000123456000ull);
    CU_ASSERT_EQUAL(memcmp(&w, raw, sizeof raw), 0);
}

static void test_sbal_sl_slsb(void)
{
    struct sbal b;
    memset(&b, 0, sizeof b);
    uint8_t *p = (uint8_t *)&b;
    p[0x10] = SBALE_F0_FIRST_FRAG;                      /* SBALE 1 flags        */
    p[0x17] = 0x20;                                     /* SBALE 1 length 0x20  */
    p[0x1F] = 0x80;                                     /* SBALE 1 addr 0x80    */
    p[0xF0] = SBALE_F0_LAST_ENTRY | SBALE_F0_LAST_FRAG; /* SBALE 15             */
    CU_ASSERT_EQUAL(b.e[1].flags[0] & SBALE_F0_FRAG_MASK, SBALE_F0_FIRST_FRAG);
    CU_ASSERT_EQUAL(sbale_length(&b.e[1]), 0x20);
    CU_ASSERT_EQUAL(sbale_addr(&b.e[1]), 0x80);
    CU_ASSERT_TRUE(sbale_is_last(&b.e[15]));
    CU_ASSERT_EQUAL(b.e[15].flags[0] & SBALE_F0_FRAG_MASK, SBALE_F0_LAST_FRAG);

    struct sl s;
    memset(&s, 0, sizeof s);
    p = (uint8_t *)&s;
    p[0x3F8 + 5] = 0x12;                                /* SL[127] = 0x120000   */
    CU_ASSERT_EQUAL(sl_sbala(&s, 127), 0x120000);
    sl_set_sbala(&s, 1, 0x0102030405060708ull);
    CU_ASSERT_EQUAL(p[0x08], 0x01);                     /* SL[1] at 0x08        */
    CU_ASSERT_EQUAL(p[0x0F], 0x08);

    struct slsb q;
    CU_ASSERT_EQUAL(sizeof q.val, 128);
    CU_ASSERT_EQUAL((uint8_t *)&q.val[5] - (uint8_t *)&q, 5);
}

static void test_slsb_values(void)
{
    CU_ASSERT_EQUAL(SLSB_P_INPUT_NOT_INIT, 0x80);
    CU_ASSERT_EQUAL(SLSB_P_INPUT_ACK, 0x81);
    CU_ASSERT_EQUAL(SLSB_CU_INPUT_EMPTY, 0x41);
    CU_ASSERT_EQUAL(SLSB_P_INPUT_PRIMED, 0x82);
    CU_ASSERT_EQUAL(SLSB_P_INPUT_HALTED, 0x8E);
    CU_ASSERT_EQUAL(SLSB_P_INPUT_ERROR, 0x8F);
    CU_ASSERT_EQUAL(SLSB_P_OUTPUT_NOT_INIT, 0xA0);
    CU_ASSERT_EQUAL(SLSB_P_OUTPUT_EMPTY, 0xA1);
    CU_ASSERT_EQUAL(SLSB_CU_OUTPUT_PRIMED, 0x62);
    CU_ASSERT_EQUAL(SLSB_P_OUTPUT_PENDING, 0xA3);
    CU_ASSERT_EQUAL(SLSB_P_OUTPUT_HALTED, 0xAE);
    CU_ASSERT_EQUAL(SLSB_P_OUTPUT_ERROR, 0xAF);
    CU_ASSERT_EQUAL(SLSB_ERROR_ANY, 0xFF);
}

/* QDR with one input and one output queue, as the driver probe built it. */
static const uint8_t qdr_head[0x80] = {
    0x00, 0x00, 0x00, 0x00,                             /* 00 qfmt OSA, pfmt, ac */
    0x00, 0x01, 0x00, 0x01,                             /* 05 iqdcnt, 07 oqdcnt  */
    0x00, 0x08, 0x00, 0x08,                             /* 09 iqdsz, 0B oqdsz    */
    [0x30] = 0, 0, 0, 0, 0x00, 0x01, 0x00, 0x00,        /* 30 QIB 0x10000        */
    [0x3C] = 0x60,                                      /* 3C QIB key 6          */
    [0x40] = 0, 0, 0, 0, 0x00, 0x02, 0x00, 0x00,        /* 40 in SLIB 0x20000    */
    [0x48] = 0, 0, 0, 0, 0x00, 0x02, 0x08, 0x00,        /* 48 in SL 0x20800      */
    [0x50] = 0, 0, 0, 0, 0x00, 0x02, 0x0C, 0x00,        /* 50 in SLSB 0x20C00    */
    [0x5C] = 0x12, 0x34,                                /* 5C keys 1 2 3 4       */
    [0x60] = 0, 0, 0, 0, 0x00, 0x03, 0x00, 0x00,        /* 60 out SLIB 0x30000   */
    [0x7C] = 0x56, 0x78,                                /* 7C keys 5 6 7 8       */
};

static void test_qdr(void)
{
    static struct qdr q;
    memset(&q, 0, sizeof q);
    memcpy(&q, qdr_head, sizeof qdr_head);
    CU_ASSERT_EQUAL(q.qfmt, QDR_QFMT_OSA);
    CU_ASSERT_EQUAL(q.iqdcnt, 1);
    CU_ASSERT_EQUAL(q.oqdcnt, 1);
    CU_ASSERT_EQUAL(q.iqdsz, QDR_QDSZ_FMT0);
    CU_ASSERT_EQUAL(q.oqdsz, QDR_QDSZ_FMT0);
    CU_ASSERT_EQUAL(qdr_qiba(&q), 0x10000);
    CU_ASSERT_EQUAL(qdr_qkey(&q), 6);
    const struct qdesfmt0 *in = &q.qdf0[0], *out = &q.qdf0[q.iqdcnt];
    CU_ASSERT_EQUAL(qdesc_sliba(in), 0x20000);
    CU_ASSERT_EQUAL(qdesc_sla(in), 0x20800);
    CU_ASSERT_EQUAL(qdesc_slsba(in), 0x20C00);
    CU_ASSERT_EQUAL(qdesc_key_slib(in), 1);
    CU_ASSERT_EQUAL(qdesc_key_sl(in), 2);
    CU_ASSERT_EQUAL(qdesc_key_sbal(in), 3);
    CU_ASSERT_EQUAL(qdesc_key_slsb(in), 4);
    CU_ASSERT_EQUAL(qdesc_sliba(out), 0x30000);
    CU_ASSERT_EQUAL(qdesc_key_slib(out), 5);
    CU_ASSERT_EQUAL(qdesc_key_slsb(out), 8);

    static struct qdr w;
    memset(&w, 0, sizeof w);
    w.iqdcnt = w.oqdcnt = 1;
    w.iqdsz = w.oqdsz = QDR_QDSZ_FMT0;
    qdr_set_qiba(&w, 0x10000);
    w.qkey = 0x60;
    qdesc_set(&w.qdf0[0], 0x20000, 0x20800, 0x20C00);
    w.qdf0[0].keys_slib_sl = 0x12;
    w.qdf0[0].keys_sbal_slsb = 0x34;
    qdesc_set(&w.qdf0[1], 0x30000, 0, 0);
    w.qdf0[1].keys_slib_sl = 0x56;
    w.qdf0[1].keys_sbal_slsb = 0x78;
    CU_ASSERT_EQUAL(memcmp(&w, qdr_head, sizeof qdr_head), 0);
    /* the last descriptor ends exactly at the end of the page */
    CU_ASSERT_EQUAL((uint8_t *)&w.qdf0[QDR_QDESC_MAX - 1] - (uint8_t *)&w, 0xFE0);
}

static void test_qib_slib(void)
{
    static const uint8_t raw[0x30] = {
        0x00, 0x00, 0x80, 0x40,                         /* 00 qfmt, pfmt, QEBSM, ac */
        [0x08] = 0, 0, 0, 0, 0x00, 0x02, 0x00, 0x00,    /* 08 in SLIB 0x20000    */
        [0x10] = 0, 0, 0, 0, 0x00, 0x03, 0x00, 0x00,    /* 10 out SLIB 0x30000   */
        [0x20] = 0xE5, 0xD4, 0xD3, 0xC1, 0xD5, 0x40, 0x40, 0x40, /* 20 'VMLAN   ' */
    };
    struct qib q;
    memset(&q, 0, sizeof q);
    memcpy(&q, raw, sizeof raw);
    CU_ASSERT_EQUAL(q.rflags, QIB_RFLAGS_QEBSM);
    CU_ASSERT_EQUAL(q.ac, QIB_AC_OUTBOUND_PCI);
    CU_ASSERT_EQUAL(qib_isliba(&q), 0x20000);
    CU_ASSERT_EQUAL(qib_osliba(&q), 0x30000);
    CU_ASSERT_EQUAL(q.ebcnam[0], 0xE5);
    CU_ASSERT_EQUAL((uint8_t *)&q.parm[0] - (uint8_t *)&q, 0x80);

    static struct slib s;
    memset(&s, 0, sizeof s);
    uint8_t *p = (uint8_t *)&s;
    p[0x05] = 0x03;                                     /* 00 next SLIB 0x30000  */
    p[0x0D] = 0x02; p[0x0E] = 0x08;                     /* 08 SL 0x20800         */
    p[0x15] = 0x02; p[0x16] = 0x0C;                     /* 10 SLSB 0x20C00       */
    p[0x400 + 8 * 2] = 0xAB;                            /* SLIBE[2] byte 0       */
    CU_ASSERT_EQUAL(slib_nsliba(&s), 0x30000);
    CU_ASSERT_EQUAL(slib_sla(&s), 0x20800);
    CU_ASSERT_EQUAL(slib_slsba(&s), 0x20C00);
    CU_ASSERT_EQUAL(s.slibe[2][0], 0xAB);
}

/* ---- IDX / MPC ------------------------------------------------------------ */

static void test_idx(void)
{
    static const uint8_t req[0x22] = {
        0x00, 0x00, 0x80, 0x00,                         /* 00 IEA first4         */
        0x00, 0x00, 0x00, 0x00,                         /* 04 TH seq             */
        0x19, 0x01,                                     /* 08 type: read         */
        0x01,                                           /* 0A one data path      */
        0x80,                                           /* 0B activate, port 0   */
        0x00, 0x01, 0x01, 0x03,                         /* 0C issuer token       */
        0x00, 0x00,                                     /* 10 function level     */
        0x00, 0x00, 0x00, 0x00,                         /* 12 ucode level        */
        0xC8, 0xC1, 0xD3, 0xD3, 0xD6, 0xD3, 0xC5, 0x40, /* 16 'HALLOLE '         */
        0x00, 0x02,                                     /* 1E CUA, UA            */
        0x0A, 0x02,                                     /* 20 data devno 0A02    */
    };
    struct idx_act a;
    memcpy(&a, req, sizeof a);
    CU_ASSERT_EQUAL(be_get32(a.first4), IDX_FIRST4);
    CU_ASSERT_EQUAL(be_get16(a.type), IDX_TYPE_READ);
    CU_ASSERT_EQUAL(a.port, IDX_PORT_ACTIVATE | 0);
    CU_ASSERT_EQUAL(be_get32(a.token), 0x00010103);
    CU_ASSERT_EQUAL(a.name[7], 0x40);
    CU_ASSERT_EQUAL(a.data_ua, 0x02);
    CU_ASSERT_EQUAL(be_get16(a.data_devno), 0x0A02);

    static const uint8_t reply[0x16] = {
        0x00, 0x00, 0x80, 0x00,                         /* 00                    */
        0x00, 0x00, 0x00, 0x00,                         /* 04                    */
        0x02, 0x00,                                     /* 08 resp positive      */
        0x01, 0xC0,                                     /* 0A paths, flags       */
        0xD8, 0xC5, 0xE3, 0xF1,                         /* 0C token 'QET1'       */
        0x02, 0x01,                                     /* 10 function level     */
        0xC8, 0xD9, 0xC3, 0xF1,                         /* 12 ucode 'HRC1'       */
    };
    memset(&a, 0, sizeof a);
    memcpy(&a, reply, sizeof reply);
    CU_ASSERT_TRUE(idx_reply_positive(&a));
    CU_ASSERT_EQUAL(a.port, IDX_REPLY_FLAGS);
    CU_ASSERT_EQUAL(be_get32(a.token), 0xD8C5E3F1);
    CU_ASSERT_EQUAL(be_get16(a.func_level), IDX_REPLY_FUNC_LEVEL);
    a.type[0] = 0x01;                                   /* negative, in use      */
    a.type[1] = IDX_CAUSE_IN_USE;
    CU_ASSERT_FALSE(idx_reply_positive(&a));
}

/* CM_ENABLE as a driver sends it: TH, 0x24-byte RRH, PH, PUK, PUS01, PUS02. */
static const uint8_t cm_enable[0x63] = {
    0x00, 0xE0, 0x00, 0x00,                             /* 00 TH first4          */
    0x00, 0x00, 0x00, 0x01,                             /* 04 TH seq             */
    0x00, 0x00, 0x00, 0x14,                             /* 08 offrrh             */
    0x00, 0x00, 0x00, 0x63,                             /* 0C total length       */
    0x10, 0x00, 0x00, 0x01,                             /* 10 x1000, numrrh      */
    0x00, 0x00, 0x00, 0x00,                             /* 14 RRH next           */
    0x81, 0x7E, 0x00, 0x01,                             /* 18 CM, control, numph */
    0x00, 0x00, 0x00, 0x00,                             /* 1C RRH seq            */
    0x00, 0x00, 0x00, 0x00,                             /* 20 ackseq             */
    0x00, 0x24, 0x00, 0x23,                             /* 24 offph, lenfida     */
    0x00, 0x00, 0x23, 0x05,                             /* 28 lenalda, toktype   */
    0xD8, 0xC5, 0xE3, 0xF1,                             /* 2C token 'QET1'       */
    0, 0, 0, 0, 0, 0, 0, 0,                             /* 30-37                 */
    0x01, 0x00, 0x00, 0x23,                             /* 38 PH loc, len        */
    0x00, 0x00, 0x00, 0x40,                             /* 3C PH offdata         */
    0x00, 0x0C, 0x41, 0x02,                             /* 40 PUK len, ENABLE    */
    0x00, 0x17, 0, 0, 0, 0, 0, 0,                       /* 44 lenpus             */
    0x00, 0x0B, 0x04, 0x01, 0x7E, 0x04, 0x05,           /* 4C PUS01              */
    0x00, 0x01, 0x01, 0x0F,                             /* 53 cm_filter token    */
    0x00, 0x0C, 0x04, 0x02, 0, 0, 0, 0, 0, 0, 0, 0,     /* 57 PUS02 user data    */
};

static void test_mpc_driver_pdu(void)
{
    const struct mpc_th *th = (const struct mpc_th *)cm_enable;
    CU_ASSERT_EQUAL(be_get32(th->first4), MPC_TH_FIRST4);
    CU_ASSERT_EQUAL(mpc_th_offrrh(th), MPC_RRH_OFF);
    CU_ASSERT_EQUAL(mpc_th_length(th), sizeof cm_enable);
    CU_ASSERT_EQUAL(be_get16(th->x1000), MPC_TH_X_DRIVER);
    const struct mpc_rrh *rrh = (const struct mpc_rrh *)(cm_enable + mpc_th_offrrh(th));
    CU_ASSERT_EQUAL(rrh->type, MPC_RRH_TYPE_CM);
    CU_ASSERT_EQUAL(rrh->proto, MPC_RRH_PROTO_CONTROL);
    CU_ASSERT_EQUAL(rrh->tokentype, MPC_TOKEN_TYPE);
    CU_ASSERT_EQUAL(mpc_rrh_offph(rrh), MPC_RRH_LEN_DRIVER);
    CU_ASSERT_EQUAL(mpc_get24(rrh->lenalda), 0x23);
    CU_ASSERT_EQUAL(mpc_rrh_token(rrh), 0xD8C5E3F1);
    uint32_t phoff = MPC_RRH_OFF + mpc_rrh_offph(rrh);
    CU_ASSERT_EQUAL(phoff, MPC_PH_OFF_DRIVER);
    const struct mpc_ph *ph = (const struct mpc_ph *)(cm_enable + phoff);
    CU_ASSERT_EQUAL(ph->locdata, MPC_PH_LOC_IMMEDIATE);
    CU_ASSERT_EQUAL(mpc_ph_lendata(ph), 0x23);
    CU_ASSERT_EQUAL(mpc_ph_offdata(ph), MPC_DATA_OFF_DRIVER);
    const struct mpc_puk *puk = (const struct mpc_puk *)(cm_enable + mpc_ph_offdata(ph));
    CU_ASSERT_EQUAL(be_get16(puk->length), sizeof *puk);
    CU_ASSERT_EQUAL(puk->what, MPC_PUK_WHAT_CM_ULP);
    CU_ASSERT_EQUAL(puk->type, MPC_PUK_TYPE_ENABLE);
    CU_ASSERT_EQUAL(mpc_puk_lenpus(puk), MPC_PUS01_LEN + 0x0C);
    const uint8_t *pus = (const uint8_t *)puk + sizeof *puk;
    CU_ASSERT_EQUAL(be_get16(pus + MPC_PUS_OFF_LEN), MPC_PUS01_LEN);
    CU_ASSERT_EQUAL(pus[MPC_PUS_OFF_MARK], MPC_PUS_MARK);
    CU_ASSERT_EQUAL(pus[MPC_PUS_OFF_TYPE], MPC_PUS_FILTER);
    CU_ASSERT_EQUAL(be_get32(pus + MPC_PUS01_OFF_TOKEN), 0x0001010F);
    pus += MPC_PUS01_LEN;
    CU_ASSERT_EQUAL(pus[MPC_PUS_OFF_TYPE], MPC_PUS_USERDATA);
    CU_ASSERT_EQUAL(pus + be_get16(pus) - cm_enable, (long)sizeof cm_enable);
}

/* ULP_ENABLE reply as Hercules sends it: short RRH, PH at 0x30, data 0x38. */
static void test_mpc_adapter_pdu(void)
{
    static const uint8_t raw[0x38 + 0x0C + 0x18] = {
        0x00, 0xE0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, /* 00 TH first4, seq    */
        0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x5C, /* 08 offrrh, length    */
        0x0F, 0xFC, 0x00, 0x01,                         /* 10 x, numrrh          */
        0x00, 0x00, 0x00, 0x00, 0x41, 0x7E, 0x00, 0x01, /* 14 RRH: ULP           */
        0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x02, /* 1C seq 7, ackseq 2    */
        0x00, 0x1C, 0x00, 0x24, 0x00, 0x00, 0x24, 0x05, /* 24 offph 1C, lens     */
        0xD8, 0xC5, 0xE3, 0xF2,                         /* 2C token              */
        0x01, 0x00, 0x00, 0x24, 0x00, 0x00, 0x00, 0x38, /* 30 PH                 */
        0x00, 0x0C, 0x41, 0x02, 0x00, 0x18, 0, 0, 0, 0, 0, 0, /* 38 PUK          */
        0x00, 0x18, 0x04, 0x0A, 0x00, 0x20, 0x00, 0x00, /* 44 PUS0A              */
        0x05, 0xDC, 0x01, 0x08,                         /* 4C mtu, link#, namelen*/
        0, 0, 0, 0, 0, 0, 0, 0,                         /* 50 name               */
        0x01, 0x00, 0x00, 0x00,                         /* 58 linktype           */
    };
    const struct mpc_th *th = (const struct mpc_th *)raw;
    CU_ASSERT_EQUAL(mpc_th_length(th), sizeof raw);
    CU_ASSERT_EQUAL(be_get16(th->x1000), MPC_TH_X_ADAPTER);
    const struct mpc_rrh *rrh = (const struct mpc_rrh *)(raw + mpc_th_offrrh(th));
    CU_ASSERT_EQUAL(mpc_rrh_seq(rrh), 7);
    CU_ASSERT_EQUAL(be_get32(rrh->ackseq), 2);
    CU_ASSERT_EQUAL(mpc_rrh_offph(rrh), MPC_RRH_LEN_ADAPTER);
    const struct mpc_ph *ph = (const struct mpc_ph *)(raw + MPC_RRH_OFF + mpc_rrh_offph(rrh));
    CU_ASSERT_EQUAL((const uint8_t *)ph - raw, MPC_PH_OFF_ADAPTER);
    CU_ASSERT_EQUAL(mpc_ph_offdata(ph), MPC_DATA_OFF_ADAPTER);
    const struct mpc_puk *puk = (const struct mpc_puk *)(raw + mpc_ph_offdata(ph));
    CU_ASSERT_EQUAL(mpc_puk_lenpus(puk), MPC_PUS0A_LEN_REPLY);
    const uint8_t *pus = (const uint8_t *)(puk + 1);
    CU_ASSERT_EQUAL(pus[MPC_PUS_OFF_TYPE], MPC_PUS_LINK);
    CU_ASSERT_EQUAL(be_get16(pus + MPC_PUS0A_OFF_MTU), 1500);
    CU_ASSERT_EQUAL(pus[MPC_PUS0A_OFF_NAMELEN], 8);
    CU_ASSERT_EQUAL(pus[MPC_PUS0A_OFF_LINKTYPE], 0x01);

    uint8_t b[3];
    mpc_put24(b, 0x123456);
    CU_ASSERT_TRUE(b[0] == 0x12 && b[1] == 0x34 && b[2] == 0x56);
}

/* ULP_SETUP PUK and PUSes (PDU 0x40..), as the driver probe sends them. */
static void test_mpc_ulp_setup_pus(void)
{
    static const uint8_t raw[0x0C + 0x20] = {
        0x00, 0x0C, 0x41, 0x04, 0x00, 0x20, 0, 0, 0, 0, 0, 0, /* 00 PUK SETUP    */
        0x00, 0x09, 0x04, 0x04, 0x05, 0x00, 0x01, 0x01, 0x14, /* 0C PUS04 conn   */
        0x00, 0x09, 0x04, 0x05, 0x05, 0xD8, 0xC5, 0xE3, 0xF4, /* 15 PUS05 filter */
        0x00, 0x06, 0x04, 0x06, 0x40, 0x00,             /* 1E PUS06 ULP          */
        0x00, 0x08, 0x04, 0x0B, 0x0A, 0x02, 0x00, 0x02, /* 24 PUS0B data device  */
    };
    const struct mpc_puk *puk = (const struct mpc_puk *)raw;
    CU_ASSERT_EQUAL(puk->type, MPC_PUK_TYPE_SETUP);
    CU_ASSERT_EQUAL(mpc_puk_lenpus(puk), 2 * MPC_PUSTOK_LEN + MPC_PUS06_LEN + MPC_PUS0B_LEN);
    const uint8_t *p = raw + sizeof *puk, *end = p + mpc_puk_lenpus(puk);
    static const uint8_t types[] = { MPC_PUS_CONNECTION, MPC_PUS_PEER_FILTER, MPC_PUS_06,
                                     MPC_PUS_DEVICE };
    unsigned n = 0;
    for (; p < end && n < ARRAY_SIZE(types); p += be_get16(p + MPC_PUS_OFF_LEN), n++) {
        CU_ASSERT_EQUAL(p[MPC_PUS_OFF_MARK], MPC_PUS_MARK);
        CU_ASSERT_EQUAL(p[MPC_PUS_OFF_TYPE], types[n]);
        if (n == 0)
            CU_ASSERT_EQUAL(be_get32(p + MPC_PUSTOK_OFF_TOKEN), 0x00010114);
        if (n == 1)
            CU_ASSERT_EQUAL(be_get32(p + MPC_PUSTOK_OFF_TOKEN), 0xD8C5E3F4);
        if (n == 2)
            CU_ASSERT_EQUAL(be_get16(p + MPC_PUS_HDR_LEN), MPC_PUS06_ULP);
        if (n == 3) {
            CU_ASSERT_EQUAL(be_get16(p + MPC_PUS0B_OFF_DEVNO), 0x0A02);
            CU_ASSERT_EQUAL(p[MPC_PUS0B_OFF_UA], 0x02);
        }
    }
    CU_ASSERT_EQUAL(n, 4);
    CU_ASSERT_PTR_EQUAL(p, end);
}

/* ---- IPA and qdio headers ------------------------------------------------ */

static void test_ipa_setip(void)
{
    static const uint8_t raw[20 + 12] = {
        0xB1, 0x00, 0x00, 0x03,                         /* 00 SETIP, host, seq 3 */
        0xE0, 0x05,                                     /* 04 rc dup address     */
        0x01, 0x00, 0x01, 0x01,                         /* 06 type, port, ver, # */
        0x00, 0x04,                                     /* 0A IPv4               */
        0x00, 0x00, 0x15, 0x71,                         /* 0C supported          */
        0x00, 0x00, 0x00, 0x00,                         /* 10 enabled            */
        0x0A, 0x58, 0x00, 0x02,                         /* 14 addr 10.88.0.2     */
        0xFF, 0xFF, 0xFF, 0x00,                         /* 18 mask /24           */
        0x00, 0x00, 0x00, 0x00,                         /* 1C flags default      */
    };
    struct ipa_hdr h;
    struct ipa_setip4 ip;
    memcpy(&h, raw, sizeof h);
    memcpy(&ip, raw + sizeof h, sizeof ip);
    CU_ASSERT_EQUAL(h.cmd, IPA_CMD_SETIP);
    CU_ASSERT_EQUAL(h.initiator, IPA_INIT_HOST);
    CU_ASSERT_EQUAL(ipa_seq(&h), 3);
    CU_ASSERT_EQUAL(ipa_rc(&h), IPA_RC_DUP_IP);
    CU_ASSERT_EQUAL(h.adapter_type, IPA_ADAPTER_TYPE);
    CU_ASSERT_EQUAL(h.prim_version, IPA_PRIM_VERSION);
    CU_ASSERT_EQUAL(ipa_prot(&h), IPA_PROT_IPV4);
    CU_ASSERT_EQUAL(ipa_supported(&h), IPA_ASSISTS_HERC_IPV4);
    CU_ASSERT_EQUAL(ipa_enabled(&h), 0);
    CU_ASSERT_EQUAL(ipa_setip4_addr(&ip), 0x0A580002);
    CU_ASSERT_EQUAL(ipa_setip4_mask(&ip), 0xFFFFFF00);
    CU_ASSERT_EQUAL(ipa_setip4_flags(&ip), IPA_SETIP_FLAG_DEFAULT);
    ipa_set_rc(&h, IPA_RC_OK);
    CU_ASSERT_TRUE(h.rc[0] == 0 && h.rc[1] == 0);

    CU_ASSERT_EQUAL(IPA_CMD_STARTLAN, 0x01);
    CU_ASSERT_EQUAL(IPA_CMD_STOPLAN, 0x02);
    CU_ASSERT_EQUAL(IPA_CMD_QIPASSIST, 0xB2);
    CU_ASSERT_EQUAL(IPA_CMD_SETASSPARMS, 0xB3);
    CU_ASSERT_EQUAL(IPA_CMD_DELIP, 0xB7);
}

static void test_ipa_parms(void)
{
    static const uint8_t sap[12] = {
        0x00, 0x00, 0x00, 0x10,                         /* 00 assist             */
        0x00, 0x10, 0x00, 0x01,                         /* 04 length, subcmd 1   */
        0x00, 0x00, 0x01, 0x00,                         /* 08 rc, #rep, seq      */
    };
    struct ipa_setassparms_hdr s;
    memcpy(&s, sap, sizeof s);
    CU_ASSERT_EQUAL(be_get32(s.assist), 0x10);
    CU_ASSERT_EQUAL(be_get16(s.length), 0x10);
    CU_ASSERT_EQUAL(be_get16(s.cmd), 1);
    CU_ASSERT_EQUAL(s.num_replies, 1);

    static const uint8_t adp[24] = {
        0x00, 0x01, 0x0C, 0x03, 0, 0, 0, 0,             /* 00 supported, rsvd    */
        0x00, 0x1C, 0, 0,                               /* 08 cmdlength          */
        0x00, 0x00, 0x08, 0x00,                         /* 0C PROMISC            */
        0x00, 0x00, 0x01, 0x01, 0, 0, 0, 0,             /* 10 rc, used, seq      */
    };
    struct ipa_setadp_hdr a;
    memcpy(&a, adp, sizeof a);
    CU_ASSERT_EQUAL(be_get32(a.cmd), IPA_SETADP_PROMISC);
    CU_ASSERT_EQUAL(be_get16(a.cmdlength), 0x1C);
    CU_ASSERT_EQUAL(a.used_total, 1);

    static const uint8_t vmac[10] = {
        0x00, 0x00, 0x00, 0x06, 0x02, 0x00, 0x00, 0xAB, 0xCD, 0x02,
    };
    struct ipa_setvmac m;
    memcpy(&m, vmac, sizeof m);
    CU_ASSERT_EQUAL(be_get32(m.mac_len), 6);
    CU_ASSERT_EQUAL(m.mac[5], 0x02);
}

static void test_qdio_hdr(void)
{
    static const uint8_t l3[32] = {
        0x01, 0x06, 0xBE, 0xEF,                         /* 00 L3, unicast, cksum */
        0x00, 0x00, 0x00, 0x00,                         /* 04 token              */
        0x00, 0x54, 0x00, 0x00,                         /* 08 length 84          */
        0x00, 0x00, 0x00, 0x00,                         /* 0C vlan, frame offset */
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,             /* 10 dest               */
        0x0A, 0x58, 0x00, 0x02,                         /* 1C IPv4 10.88.0.2     */
    };
    struct qdio_hdr_l3 h;
    memcpy(&h, l3, sizeof h);
    CU_ASSERT_EQUAL(h.id, QDIO_HDR_ID_L3);
    CU_ASSERT_EQUAL(h.flags & QDIO_CAST_MASK, QDIO_CAST_UNICAST);
    CU_ASSERT_EQUAL(h.flags & QDIO_L3_F_IPV6, 0);
    CU_ASSERT_EQUAL(qdio_l3_length(&h), 84);
    CU_ASSERT_EQUAL(qdio_l3_v4_dest(&h), 0x0A580002);
    qdio_l3_set_length(&h, 0x1234);
    CU_ASSERT_TRUE(h.length[0] == 0x12 && h.length[1] == 0x34);
    h.flags = 0x84;                                     /* IPv6 multicast        */
    CU_ASSERT_EQUAL(h.flags & QDIO_CAST_MASK, QDIO_CAST_MULTICAST);
    CU_ASSERT_EQUAL(h.flags & QDIO_L3_F_IPV6, QDIO_L3_F_IPV6);

    static const uint8_t l2[32] = {
        0x02, 0x00, 0x00, 0x03,                         /* 00 L2, unicast        */
        0x00, 0x00, 0x00, 0x62,                         /* 04 port, hdrlen, len  */
    };
    struct qdio_hdr_l2 h2;
    memcpy(&h2, l2, sizeof h2);
    CU_ASSERT_EQUAL(h2.id, QDIO_HDR_ID_L2);
    CU_ASSERT_EQUAL(h2.flags[2], QDIO_L2_CAST_UNICAST);
    CU_ASSERT_EQUAL(qdio_l2_pkt_length(&h2), 0x62);
}

/* ---- SLSB transition table --------------------------------------------- */

#define XX 0x00                 /* invalid cell */
static const uint8_t slsb_rows[13] = {
    0x80, 0x41, 0x82, 0x81, 0x8E, 0x8F, 0xA0, 0x62, 0xA1, 0xA3, 0xAE, 0xAF, 0xFF,
};
/* expected[row][event], events in enum order:
 * ARM_IN FILL_IN ACK_IN IN_ERR PRIME_OUT CONSUME_OUT PENDING OUT_ERR HALT */
static const uint8_t slsb_expected[13][QDIO_EV_COUNT] = {
    /* 80 */ { 0x41, XX,   XX,   XX,   XX,   XX,   XX,   XX,   XX   },
    /* 41 */ { XX,   0x82, XX,   0x8F, XX,   XX,   XX,   XX,   0x8E },
    /* 82 */ { 0x41, XX,   0x81, XX,   XX,   XX,   XX,   XX,   XX   },
    /* 81 */ { 0x41, XX,   XX,   XX,   XX,   XX,   XX,   XX,   XX   },
    /* 8E */ { 0x41, XX,   XX,   XX,   XX,   XX,   XX,   XX,   XX   },
    /* 8F */ { 0x41, XX,   XX,   XX,   XX,   XX,   XX,   XX,   XX   },
    /* A0 */ { XX,   XX,   XX,   XX,   0x62, XX,   XX,   XX,   XX   },
    /* 62 */ { XX,   XX,   XX,   XX,   XX,   0xA1, 0xA3, 0xAF, 0xAE },
    /* A1 */ { XX,   XX,   XX,   XX,   0x62, XX,   XX,   XX,   XX   },
    /* A3 */ { XX,   XX,   XX,   XX,   XX,   0xA1, XX,   0xAF, XX   },
    /* AE */ { XX,   XX,   XX,   XX,   0x62, XX,   XX,   XX,   XX   },
    /* AF */ { XX,   XX,   XX,   XX,   0x62, XX,   XX,   XX,   XX   },
    /* FF */ { 0x41, XX,   XX,   XX,   0x62, XX,   XX,   XX,   XX   },
};

static void test_slsb_every_cell(void)
{
    unsigned cells = 0;
    for (unsigned r = 0; r < ARRAY_SIZE(slsb_rows); r++)
        for (int ev = 0; ev < QDIO_EV_COUNT; ev++) {
            uint8_t next = 0x5A;
            enum qdio_slsb_result res = qdio_slsb_next(slsb_rows[r], (enum qdio_slsb_event)ev, &next);
            if (slsb_expected[r][ev] == XX) {
                CU_ASSERT_EQUAL(res, QDIO_SLSB_INVALID);
                CU_ASSERT_EQUAL(next, 0x5A);        /* untouched */
            } else {
                CU_ASSERT_EQUAL(res, QDIO_SLSB_OK);
                CU_ASSERT_EQUAL(next, slsb_expected[r][ev]);
            }
            cells++;
        }
    CU_ASSERT_EQUAL(cells, 13 * 9);
}

static void test_slsb_unknown(void)
{
    unsigned known = 0;
    for (unsigned s = 0; s < 256; s++) {
        bool in_rows = memchr(slsb_rows, (int)s, sizeof slsb_rows) != NULL;
        CU_ASSERT_EQUAL(qdio_slsb_known((uint8_t)s), in_rows);
        known += in_rows;
        if (!in_rows)
            for (int ev = 0; ev < QDIO_EV_COUNT; ev++) {
                uint8_t next = 0x5A;
                CU_ASSERT_EQUAL(qdio_slsb_next((uint8_t)s, (enum qdio_slsb_event)ev, &next),
                                QDIO_SLSB_UNKNOWN_STATE);
                CU_ASSERT_EQUAL(next, 0x5A);
            }
    }
    CU_ASSERT_EQUAL(known, 13);
    uint8_t next = 0x5A;
    CU_ASSERT_EQUAL(qdio_slsb_next(0x41, QDIO_EV_COUNT, &next), QDIO_SLSB_UNKNOWN_EVENT);
    CU_ASSERT_EQUAL(qdio_slsb_next(0x41, (enum qdio_slsb_event)-1, &next), QDIO_SLSB_UNKNOWN_EVENT);
    CU_ASSERT_EQUAL(next, 0x5A);
}

static void test_slsb_owner_and_names(void)
{
    for (unsigned r = 0; r < ARRAY_SIZE(slsb_rows); r++)
        CU_ASSERT_EQUAL(qdio_slsb_adapter_owned(slsb_rows[r]),
                        slsb_rows[r] == 0x41 || slsb_rows[r] == 0x62);
    CU_ASSERT_STRING_EQUAL(qdio_slsb_event_str(QDIO_EV_ADP_FILL_INPUT), "adp-fill-input");
    CU_ASSERT_STRING_EQUAL(qdio_slsb_event_str(QDIO_EV_COUNT), "?");
    for (int ev = 0; ev < QDIO_EV_COUNT; ev++)
        CU_ASSERT_STRING_NOT_EQUAL(qdio_slsb_event_str((enum qdio_slsb_event)ev), "?");
    CU_ASSERT_STRING_EQUAL(qdio_slsb_result_str(QDIO_SLSB_OK), "ok");
    CU_ASSERT_STRING_EQUAL(qdio_slsb_result_str(QDIO_SLSB_INVALID), "invalid transition");
    CU_ASSERT_STRING_EQUAL(qdio_slsb_result_str(QDIO_SLSB_UNKNOWN_EVENT), "unknown event");
    CU_ASSERT_STRING_EQUAL(qdio_slsb_result_str((enum qdio_slsb_result)-4), "?");
    CU_ASSERT_STRING_EQUAL(qdio_slsb_result_str((enum qdio_slsb_result)1), "?");
    CU_ASSERT_STRING_EQUAL(qdio_slsb_state_str(0x62), "output primed (adapter)");
    CU_ASSERT_STRING_EQUAL(qdio_slsb_state_str(0x00), "?");
}

/* One buffer of each ring through a full life, as driver and adapter see it. */
static void test_slsb_ring_cycle(void)
{
    static const enum qdio_slsb_event in_seq[] = {
        QDIO_EV_DRV_ARM_INPUT, QDIO_EV_ADP_FILL_INPUT, QDIO_EV_DRV_ACK_INPUT,
        QDIO_EV_DRV_ARM_INPUT, QDIO_EV_ADP_INPUT_ERROR, QDIO_EV_DRV_ARM_INPUT,
        QDIO_EV_ADP_HALT,
    };
    static const uint8_t in_states[] = { 0x41, 0x82, 0x81, 0x41, 0x8F, 0x41, 0x8E };
    uint8_t s = SLSB_P_INPUT_NOT_INIT;
    for (unsigned i = 0; i < ARRAY_SIZE(in_seq); i++) {
        CU_ASSERT_EQUAL(qdio_slsb_next(s, in_seq[i], &s), QDIO_SLSB_OK);
        CU_ASSERT_EQUAL(s, in_states[i]);
    }
    static const enum qdio_slsb_event out_seq[] = {
        QDIO_EV_DRV_PRIME_OUTPUT, QDIO_EV_ADP_CONSUME_OUTPUT, QDIO_EV_DRV_PRIME_OUTPUT,
        QDIO_EV_ADP_OUTPUT_PENDING, QDIO_EV_ADP_CONSUME_OUTPUT, QDIO_EV_DRV_PRIME_OUTPUT,
        QDIO_EV_ADP_OUTPUT_ERROR, QDIO_EV_DRV_PRIME_OUTPUT, QDIO_EV_ADP_HALT,
    };
    static const uint8_t out_states[] = { 0x62, 0xA1, 0x62, 0xA3, 0xA1, 0x62, 0xAF, 0x62, 0xAE };
    s = SLSB_P_OUTPUT_NOT_INIT;
    for (unsigned i = 0; i < ARRAY_SIZE(out_seq); i++) {
        CU_ASSERT_EQUAL(qdio_slsb_next(s, out_seq[i], &s), QDIO_SLSB_OK);
        CU_ASSERT_EQUAL(s, out_states[i]);
    }
    /* a guest re-priming a buffer the adapter still owns is caught */
    CU_ASSERT_EQUAL(qdio_slsb_next(0x62, QDIO_EV_DRV_PRIME_OUTPUT, &s), QDIO_SLSB_INVALID);
    CU_ASSERT_EQUAL(qdio_slsb_next(0x41, QDIO_EV_DRV_ARM_INPUT, &s), QDIO_SLSB_INVALID);
}

void register_qdio_tests(void)
{
    static const struct unit_test tests[] = {
        { "sbale fixture", test_sbale },
        { "sbal/sl/slsb layout", test_sbal_sl_slsb },
        { "slsb values", test_slsb_values },
        { "qdr fixture", test_qdr },
        { "qib/slib fixture", test_qib_slib },
        { "idx activate + reply", test_idx },
        { "mpc driver pdu (CM_ENABLE)", test_mpc_driver_pdu },
        { "mpc adapter pdu (ULP_ENABLE reply)", test_mpc_adapter_pdu },
        { "mpc ULP_SETUP puses", test_mpc_ulp_setup_pus },
        { "ipa setip + E005", test_ipa_setip },
        { "ipa setassparms/setadapterparms/setvmac", test_ipa_parms },
        { "qdio headers l3/l2", test_qdio_hdr },
        { "slsb every cell", test_slsb_every_cell },
        { "slsb unknown states/events", test_slsb_unknown },
        { "slsb owners and names", test_slsb_owner_and_names },
        { "slsb ring cycle", test_slsb_ring_cycle },
        { NULL, NULL },
    };
    unit_add_suite("qdio", tests);
}
