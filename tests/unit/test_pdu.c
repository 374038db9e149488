/*
 * test_pdu.c - the OSA-Express control-path codecs (qdio/pdu.c): IDX
 * ACTIVATE request/reply, MPC PDUs in the driver and adapter layouts,
 * PUK/PUS chains and the IPA header.  Builders are checked byte by byte
 * against literal fixtures (shared/reference/qdio-osa.md §3-§4); parsers
 * against every documented error and against data that would lie outside
 * the buffer.
 */
#include <string.h>
#include "tests/unit/suites.h"
#include "qdio/pdu.h"

/* ---- IDX ACTIVATE ----------------------------------------------------------- */

static const uint8_t idx_read_fixture[0x22] = {
    0x00, 0x00, 0x80, 0x00,                             /* 00 first4            */
    0x00, 0x00, 0x00, 0x00,                             /* 04 TH seq            */
    0x19, 0x01,                                         /* 08 type read         */
    0x01,                                               /* 0A datapaths         */
    0x83,                                               /* 0B 0x80 | port 3     */
    0x12, 0x34, 0x56, 0x78,                             /* 0C issuer token      */
    0x00, 0x00,                                         /* 10 function level    */
    0x00, 0x00, 0x00, 0x00,                             /* 12 ucode level       */
    0xC8, 0xC1, 0xD3, 0xD3, 0xD6, 0xD3, 0xC5, 0x40,     /* 16 "HALLOLE "        */
    0x00, 0x02,                                         /* 1E data CUA, UA      */
    0x0A, 0x02,                                         /* 20 data devno        */
};

static void test_idx_request_build(void)
{
    uint8_t out[sizeof(struct idx_act)];
    struct idx_req r = { .read = true, .port = 3, .token = 0x12345678,
                         .data_devno = 0x0A02, .data_ua = 0x02 };

    memset(out, 0xEE, sizeof out);
    idx_build_request(out, &r);
    CU_ASSERT_EQUAL(memcmp(out, idx_read_fixture, sizeof out), 0);
    CU_ASSERT_EQUAL(be_get32(out + 0x00), IDX_FIRST4);
    CU_ASSERT_EQUAL(be_get16(out + 0x08), IDX_TYPE_READ);
    CU_ASSERT_EQUAL(out[0x0B], 0x83);
    CU_ASSERT_EQUAL(be_get32(out + 0x0C), 0x12345678);
    CU_ASSERT_EQUAL(memcmp(out + 0x16, "\xC8\xC1\xD3\xD3\xD6\xD3\xC5\x40", 8), 0);
    CU_ASSERT_EQUAL(out[0x1F], 0x02);
    CU_ASSERT_EQUAL(be_get16(out + 0x20), 0x0A02);

    /* write; port bits above 0x7F do not leak into the activate bit */
    r = (struct idx_req){ .read = false, .port = 0xFF, .token = 0xD8C5E3F1,
                          .data_devno = 0x0602, .data_ua = 0x42 };
    idx_build_request(out, &r);
    CU_ASSERT_EQUAL(be_get32(out + 0x00), IDX_FIRST4);
    CU_ASSERT_EQUAL(out[0x08], 0x15);
    CU_ASSERT_EQUAL(out[0x09], 0x01);
    CU_ASSERT_EQUAL(out[0x0A], 1);
    CU_ASSERT_EQUAL(out[0x0B], 0xFF);
    CU_ASSERT_EQUAL(be_get32(out + 0x0C), 0xD8C5E3F1);
    CU_ASSERT_EQUAL(memcmp(out + 0x16, idx_read_fixture + 0x16, 8), 0);
    CU_ASSERT_EQUAL(out[0x1F], 0x42);
    CU_ASSERT_EQUAL(be_get16(out + 0x20), 0x0602);
}

static void test_idx_request_parse(void)
{
    struct idx_req r;
    memset(&r, 0, sizeof r);
    CU_ASSERT_EQUAL(idx_parse_request(idx_read_fixture, sizeof idx_read_fixture, &r), PDU_OK);
    CU_ASSERT_TRUE(r.read);
    CU_ASSERT_EQUAL(r.port, 3);
    CU_ASSERT_EQUAL(r.token, 0x12345678);
    CU_ASSERT_EQUAL(r.data_devno, 0x0A02);
    CU_ASSERT_EQUAL(r.data_ua, 0x02);

    /* build -> parse round trip, write side; longer buffers are fine */
    uint8_t buf[0x40];
    struct idx_req w = { .read = false, .port = 0x12, .token = 0xCAFEF00D,
                         .data_devno = 0x1234, .data_ua = 0x34 }, back;
    memset(buf, 0, sizeof buf);
    idx_build_request(buf, &w);
    memset(&back, 0xAA, sizeof back);
    CU_ASSERT_EQUAL(idx_parse_request(buf, sizeof buf, &back), PDU_OK);
    CU_ASSERT_FALSE(back.read);
    CU_ASSERT_EQUAL(back.port, 0x12);
    CU_ASSERT_EQUAL(back.token, 0xCAFEF00D);
    CU_ASSERT_EQUAL(back.data_devno, 0x1234);
    CU_ASSERT_EQUAL(back.data_ua, 0x34);

    uint8_t bad[0x22];
    CU_ASSERT_EQUAL(idx_parse_request(idx_read_fixture, 0x21, &r), PDU_ERR_SHORT);
    CU_ASSERT_EQUAL(idx_parse_request(idx_read_fixture, 0, &r), PDU_ERR_SHORT);
    memcpy(bad, idx_read_fixture, sizeof bad);
    bad[0x02] = 0xC0;                                   /* MPC TH end first4    */
    CU_ASSERT_EQUAL(idx_parse_request(bad, sizeof bad, &r), PDU_ERR_IDX_FIRST4);
    memcpy(bad, idx_read_fixture, sizeof bad);
    bad[0x08] = 0x19;
    bad[0x09] = 0x02;                                   /* type 1902            */
    CU_ASSERT_EQUAL(idx_parse_request(bad, sizeof bad, &r), PDU_ERR_IDX_TYPE);
    bad[0x08] = 0x02;
    bad[0x09] = 0x00;                                   /* a reply, not a req   */
    CU_ASSERT_EQUAL(idx_parse_request(bad, sizeof bad, &r), PDU_ERR_IDX_TYPE);
}

static void test_idx_reply(void)
{
    static const uint8_t positive_fixture[0x22] = {
        0x00, 0x00, 0x80, 0x00,                         /* 00 first4            */
        0x00, 0x00, 0x00, 0x00,                         /* 04 TH seq            */
        0x02, 0x00,                                     /* 08 resp OK, cause 0  */
        0x01,                                           /* 0A datapaths         */
        0xC0,                                           /* 0B flags             */
        0xD8, 0xC5, 0xE3, 0xF1,                         /* 0C token 'QET1'      */
        0x02, 0x01,                                     /* 10 function level    */
        0xE5, 0xD4, 0xD3, 0xF1,                         /* 12 ucode 'VML1'      */
        0, 0, 0, 0, 0, 0, 0, 0,                         /* 16 name              */
        0x00, 0x00, 0x00, 0x00,                         /* 1E-21                */
    };
    uint8_t out[sizeof(struct idx_act)];
    bool pos;
    uint8_t cause;
    uint32_t token;

    memset(out, 0xEE, sizeof out);
    idx_build_reply(out, true, true, 0x19, 0xD8C5E3F1);
    CU_ASSERT_EQUAL(memcmp(out, positive_fixture, sizeof out), 0);
    CU_ASSERT_TRUE(idx_reply_positive((const struct idx_act *)out));
    CU_ASSERT_EQUAL(idx_parse_reply(out, sizeof out, &pos, &cause, &token), PDU_OK);
    CU_ASSERT_TRUE(pos);
    CU_ASSERT_EQUAL(cause, 0);
    CU_ASSERT_EQUAL(token, 0xD8C5E3F1);

    memset(out, 0xEE, sizeof out);
    idx_build_reply(out, false, false, IDX_CAUSE_IN_USE, 0xD8C5E3F1);
    CU_ASSERT_EQUAL(be_get32(out), IDX_FIRST4);
    CU_ASSERT_NOT_EQUAL(out[0x08] & IDX_RESP_MASK, IDX_RESP_POSITIVE);
    CU_ASSERT_EQUAL(out[0x09], 0x19);
    CU_ASSERT_EQUAL(out[0x0B], IDX_REPLY_FLAGS);
    CU_ASSERT_EQUAL(be_get32(out + 0x0C), 0);           /* no token when refused */
    CU_ASSERT_EQUAL(be_get16(out + 0x10), IDX_REPLY_FUNC_LEVEL);
    CU_ASSERT_FALSE(idx_reply_positive((const struct idx_act *)out));
    pos = true;
    CU_ASSERT_EQUAL(idx_parse_reply(out, sizeof out, &pos, &cause, &token), PDU_OK);
    CU_ASSERT_FALSE(pos);
    CU_ASSERT_EQUAL(cause, IDX_CAUSE_IN_USE);

    /* Hercules' reply: byte 8 with other bits set is still positive */
    uint8_t herc[0x22];
    memcpy(herc, positive_fixture, sizeof herc);
    herc[0x08] = 0xE2;
    CU_ASSERT_EQUAL(idx_parse_reply(herc, sizeof herc, &pos, &cause, &token), PDU_OK);
    CU_ASSERT_TRUE(pos);
    CU_ASSERT_EQUAL(idx_parse_reply(herc, 0x21, &pos, &cause, &token), PDU_ERR_SHORT);
}

/* ---- MPC PDU ------------------------------------------------------------------ */

/* CM_ENABLE as a driver writes it (qdio-osa.md §3 step 3): data at 0x40. */
static const uint8_t cm_enable[0x63] = {
    0x00, 0xE0, 0x00, 0x00,                             /* 00 TH first4          */
    0x00, 0x00, 0x00, 0x01,                             /* 04 TH seq             */
    0x00, 0x00, 0x00, 0x14,                             /* 08 offrrh             */
    0x00, 0x00, 0x00, 0x63,                             /* 0C total length       */
    0x10, 0x00, 0x00, 0x01,                             /* 10 x1000, numrrh      */
    0x00, 0x00, 0x00, 0x00,                             /* 14 RRH next           */
    0x81, 0x7E, 0x00, 0x01,                             /* 18 CM, control, numph */
    0x00, 0x00, 0x00, 0x02,                             /* 1C RRH seq            */
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

/* An adapter reply (short RRH): PH at 0x30, 4 data bytes at 0x38. */
static const uint8_t adapter_pdu[0x3C] = {
    0x00, 0xE0, 0x00, 0x00,                             /* 00 TH first4          */
    0x00, 0x00, 0x00, 0x09,                             /* 04 TH seq             */
    0x00, 0x00, 0x00, 0x14,                             /* 08 offrrh             */
    0x00, 0x00, 0x00, 0x3C,                             /* 0C total length       */
    0x0F, 0xFC, 0x00, 0x01,                             /* 10 x, numrrh          */
    0x00, 0x00, 0x00, 0x00,                             /* 14 RRH next           */
    0xC1, 0x03, 0x00, 0x01,                             /* 18 IPA, L3, numph     */
    0x00, 0x00, 0x00, 0x07,                             /* 1C RRH seq            */
    0x00, 0x00, 0x00, 0x05,                             /* 20 ackseq             */
    0x00, 0x1C, 0x00, 0x04,                             /* 24 offph, lenfida     */
    0x00, 0x00, 0x04, 0x05,                             /* 28 lenalda, toktype   */
    0xD8, 0xC5, 0xE3, 0xF5,                             /* 2C token 'QET5'       */
    0x01, 0x00, 0x00, 0x04,                             /* 30 PH loc, len        */
    0x00, 0x00, 0x00, 0x38,                             /* 34 PH offdata         */
    0xDE, 0xAD, 0xBE, 0xEF,                             /* 38 data               */
};

static void test_mpc_build_driver(void)
{
    uint8_t buf[MPC_PDU_MAX];
    static const uint8_t user[8];
    struct mpc_pdu p = { .th_seq = 1, .type = MPC_RRH_TYPE_CM, .proto = MPC_RRH_PROTO_CONTROL,
                         .seq = 2, .ackseq = 0, .token = 0xD8C5E3F1 };

    memset(buf, 0xEE, sizeof buf);
    size_t off = mpc_build(buf, false, &p, 0x23);
    CU_ASSERT_EQUAL(off, MPC_DATA_OFF_DRIVER);
    uint8_t *q = mpc_put_puk(buf + off, MPC_PUK_WHAT_CM_ULP, MPC_PUK_TYPE_ENABLE, 0x17);
    q = mpc_put_pus01(q, MPC_RRH_PROTO_CONTROL, 0x0001010F);
    q = mpc_put_pus(q, MPC_PUS_USERDATA, user, sizeof user);
    CU_ASSERT_EQUAL(q - buf, 0x63);
    CU_ASSERT_EQUAL(memcmp(buf, cm_enable, sizeof cm_enable), 0);
    CU_ASSERT_EQUAL(be_get32(buf + 0x00), MPC_TH_FIRST4);
    CU_ASSERT_EQUAL(be_get32(buf + 0x08), 0x14);
    CU_ASSERT_EQUAL(be_get32(buf + 0x0C), 0x63);
    CU_ASSERT_EQUAL(buf[0x18], 0x81);
    CU_ASSERT_EQUAL(buf[0x19], 0x7E);
    CU_ASSERT_EQUAL(be_get32(buf + 0x2C), 0xD8C5E3F1);
    CU_ASSERT_EQUAL(buf[0x38], MPC_PH_LOC_IMMEDIATE);
    CU_ASSERT_EQUAL(be_get32(buf + 0x3C), 0x40);
    CU_ASSERT_EQUAL(buf[0x63], 0xEE);                   /* nothing written past */
}

static void test_mpc_build_adapter(void)
{
    uint8_t buf[0x80];
    struct mpc_pdu p = { .th_seq = 9, .type = MPC_RRH_TYPE_IPA, .proto = MPC_RRH_PROTO_L3,
                         .seq = 7, .ackseq = 5, .token = 0xD8C5E3F5 };

    memset(buf, 0xEE, sizeof buf);
    size_t off = mpc_build(buf, true, &p, 4);
    CU_ASSERT_EQUAL(off, MPC_DATA_OFF_ADAPTER);
    memcpy(buf + off, "\xDE\xAD\xBE\xEF", 4);
    CU_ASSERT_EQUAL(memcmp(buf, adapter_pdu, sizeof adapter_pdu), 0);
    CU_ASSERT_EQUAL(be_get16(buf + 0x10), MPC_TH_X_ADAPTER);
    CU_ASSERT_EQUAL(be_get16(buf + 0x24), MPC_RRH_LEN_ADAPTER);
    CU_ASSERT_EQUAL(buf[0x30], MPC_PH_LOC_IMMEDIATE);
    CU_ASSERT_EQUAL(be_get32(buf + 0x34), 0x38);
    CU_ASSERT_EQUAL(buf[0x3C], 0xEE);

    /* no data at all: a PDU of headers only */
    memset(buf, 0xEE, sizeof buf);
    CU_ASSERT_EQUAL(mpc_build(buf, true, &p, 0), 0x38);
    CU_ASSERT_EQUAL(be_get32(buf + 0x0C), 0x38);
    CU_ASSERT_EQUAL(mpc_get24(buf + 0x31), 0);
    CU_ASSERT_EQUAL(buf[0x38], 0xEE);
}

static void test_mpc_parse_ok(void)
{
    struct mpc_pdu p;

    memset(&p, 0, sizeof p);
    CU_ASSERT_EQUAL(mpc_parse(cm_enable, sizeof cm_enable, &p), PDU_OK);
    CU_ASSERT_EQUAL(p.th_seq, 1);
    CU_ASSERT_EQUAL(p.type, MPC_RRH_TYPE_CM);
    CU_ASSERT_EQUAL(p.proto, MPC_RRH_PROTO_CONTROL);
    CU_ASSERT_EQUAL(p.seq, 2);
    CU_ASSERT_EQUAL(p.ackseq, 0);
    CU_ASSERT_EQUAL(p.token, 0xD8C5E3F1);
    CU_ASSERT_PTR_EQUAL(p.data, cm_enable + 0x40);
    CU_ASSERT_EQUAL(p.len, 0x23);

    memset(&p, 0, sizeof p);
    CU_ASSERT_EQUAL(mpc_parse(adapter_pdu, sizeof adapter_pdu, &p), PDU_OK);
    CU_ASSERT_EQUAL(p.th_seq, 9);
    CU_ASSERT_EQUAL(p.type, MPC_RRH_TYPE_IPA);
    CU_ASSERT_EQUAL(p.proto, MPC_RRH_PROTO_L3);
    CU_ASSERT_EQUAL(p.seq, 7);
    CU_ASSERT_EQUAL(p.ackseq, 5);
    CU_ASSERT_EQUAL(p.token, 0xD8C5E3F5);
    CU_ASSERT_PTR_EQUAL(p.data, adapter_pdu + 0x38);
    CU_ASSERT_EQUAL(p.len, 4);

    /* a READ buffer longer than the PDU: the TH length rules */
    uint8_t big[0x100];
    memset(big, 0xEE, sizeof big);
    memcpy(big, cm_enable, sizeof cm_enable);
    CU_ASSERT_EQUAL(mpc_parse(big, sizeof big, &p), PDU_OK);
    CU_ASSERT_EQUAL(p.len, 0x23);

    /* build -> parse round trip in both layouts */
    for (int adapter = 0; adapter < 2; adapter++) {
        struct mpc_pdu in = { .th_seq = 0x01020304, .type = MPC_RRH_TYPE_ULP,
                              .proto = MPC_RRH_PROTO_L2, .seq = 0x11121314,
                              .ackseq = 0x21222324, .token = 0x31323334 }, out;
        size_t off = mpc_build(big, adapter, &in, 0x20);
        memset(big + off, 0x5A, 0x20);
        memset(&out, 0, sizeof out);
        CU_ASSERT_EQUAL(mpc_parse(big, off + 0x20, &out), PDU_OK);
        CU_ASSERT_EQUAL(out.th_seq, in.th_seq);
        CU_ASSERT_EQUAL(out.type, in.type);
        CU_ASSERT_EQUAL(out.proto, in.proto);
        CU_ASSERT_EQUAL(out.seq, in.seq);
        CU_ASSERT_EQUAL(out.ackseq, in.ackseq);
        CU_ASSERT_EQUAL(out.token, in.token);
        CU_ASSERT_PTR_EQUAL(out.data, big + off);
        CU_ASSERT_EQUAL(out.len, 0x20);
        CU_ASSERT_EQUAL(mpc_parse(big, off + 0x1F, &out), PDU_ERR_TH);
    }
}

/* Parse cm_enable with one byte (at off) replaced; len bytes. */
static enum pdu_err parse_patched(size_t off, uint8_t val, size_t len)
{
    uint8_t buf[sizeof cm_enable];
    struct mpc_pdu p;
    memcpy(buf, cm_enable, sizeof buf);
    buf[off] = val;
    enum pdu_err e = mpc_parse(buf, len, &p);
    if (e == PDU_OK)
        CU_ASSERT_TRUE(p.data >= buf && p.len <= (size_t)(buf + len - p.data));
    return e;
}

static void test_mpc_parse_errors(void)
{
    const size_t n = sizeof cm_enable;
    struct mpc_pdu p;

    /* short */
    CU_ASSERT_EQUAL(mpc_parse(cm_enable, 0x13, &p), PDU_ERR_SHORT);
    CU_ASSERT_EQUAL(mpc_parse(cm_enable, 0, &p), PDU_ERR_SHORT);
    /* TH: first4, length vs buffer, length too small, offrrh range */
    CU_ASSERT_EQUAL(parse_patched(0x01, 0xE1, n), PDU_ERR_TH);
    CU_ASSERT_EQUAL(parse_patched(0x02, 0xC0, n), PDU_ERR_TH);     /* 00E0C000 */
    CU_ASSERT_EQUAL(mpc_parse(cm_enable, n - 1, &p), PDU_ERR_TH);  /* TH 63 > 62 */
    CU_ASSERT_EQUAL(parse_patched(0x0C, 0x01, n), PDU_ERR_TH);     /* 0x01000063 */
    CU_ASSERT_EQUAL(parse_patched(0x0F, 0x13, n), PDU_ERR_TH);     /* < TH */
    CU_ASSERT_EQUAL(parse_patched(0x0F, 0x2F, n), PDU_ERR_TH);     /* RRH no fit */
    CU_ASSERT_EQUAL(parse_patched(0x0B, 0x10, n), PDU_ERR_TH);     /* offrrh < 14 */
    CU_ASSERT_EQUAL(parse_patched(0x0B, 0x48, n), PDU_ERR_TH);     /* 48+1C > 63 */
    CU_ASSERT_EQUAL(parse_patched(0x0B, 0x64, n), PDU_ERR_TH);     /* > length */
    CU_ASSERT_EQUAL(parse_patched(0x08, 0xFF, n), PDU_ERR_TH);     /* huge */
    /* RRH: numph, token type, PH offset */
    CU_ASSERT_EQUAL(parse_patched(0x1B, 0x02, n), PDU_ERR_RRH);
    CU_ASSERT_EQUAL(parse_patched(0x1B, 0x00, n), PDU_ERR_RRH);
    CU_ASSERT_EQUAL(parse_patched(0x1A, 0x01, n), PDU_ERR_RRH);    /* 0x0101 */
    CU_ASSERT_EQUAL(parse_patched(0x2B, 0x04, n), PDU_ERR_RRH);
    CU_ASSERT_EQUAL(parse_patched(0x25, 0x1B, n), PDU_ERR_RRH);    /* < 0x1C */
    CU_ASSERT_EQUAL(parse_patched(0x25, 0x4C, n), PDU_ERR_RRH);    /* PH at 60 */
    CU_ASSERT_EQUAL(parse_patched(0x25, 0x50, n), PDU_ERR_RRH);    /* > length */
    CU_ASSERT_EQUAL(parse_patched(0x24, 0xFF, n), PDU_ERR_RRH);
    /* PH: location, data offset, data length */
    CU_ASSERT_EQUAL(parse_patched(0x38, 0x02, n), PDU_ERR_PH);
    CU_ASSERT_EQUAL(parse_patched(0x3F, 0x3F, n), PDU_ERR_PH);     /* inside PH */
    CU_ASSERT_EQUAL(parse_patched(0x3F, 0x00, n), PDU_ERR_PH);     /* at TH */
    CU_ASSERT_EQUAL(parse_patched(0x3F, 0x64, n), PDU_ERR_PH);     /* > length */
    CU_ASSERT_EQUAL(parse_patched(0x3C, 0x80, n), PDU_ERR_PH);     /* huge */
    CU_ASSERT_EQUAL(parse_patched(0x3F, 0x41, n), PDU_ERR_PH);     /* 41+23 > 63 */
    CU_ASSERT_EQUAL(parse_patched(0x3B, 0x24, n), PDU_ERR_PH);     /* len 24 */
    CU_ASSERT_EQUAL(parse_patched(0x39, 0xFF, n), PDU_ERR_PH);     /* FF0023 */
    /* still valid: shorter data, token type unchanged */
    CU_ASSERT_EQUAL(parse_patched(0x3B, 0x00, n), PDU_OK);
    CU_ASSERT_EQUAL(parse_patched(0x2B, MPC_TOKEN_TYPE, n), PDU_OK);

    /* an error leaves *out alone */
    memset(&p, 0xA5, sizeof p);
    struct mpc_pdu before = p;
    CU_ASSERT_EQUAL(mpc_parse(cm_enable, n - 1, &p), PDU_ERR_TH);
    CU_ASSERT_EQUAL(memcmp(&p, &before, sizeof p), 0);
}

/* Whatever lendata/offdata claim, a parsed PDU's data lies in the buffer. */
static void test_mpc_parse_bounds(void)
{
    static const uint32_t lens[] = { 0, 1, 0x22, 0x23, 0x24, 0x7FFF, 0xFFFF, 0x800000, 0xFFFFFF };
    static const uint32_t offs[] = { 0, 0x3F, 0x40, 0x41, 0x62, 0x63, 0x64, 0x1000,
                                     0x7FFFFFFF, 0xFFFFFFC0, 0xFFFFFFFF };
    uint8_t buf[sizeof cm_enable];
    unsigned ok = 0;

    for (size_t i = 0; i < ARRAY_SIZE(lens); i++)
        for (size_t j = 0; j < ARRAY_SIZE(offs); j++) {
            struct mpc_pdu p;
            memcpy(buf, cm_enable, sizeof buf);
            mpc_put24(buf + 0x39, lens[i]);
            be_put32(buf + 0x3C, offs[j]);
            if (mpc_parse(buf, sizeof buf, &p) != PDU_OK)
                continue;
            ok++;
            CU_ASSERT_TRUE(p.data >= buf + 0x40);
            CU_ASSERT_TRUE(p.data <= buf + sizeof buf);
            CU_ASSERT_TRUE(p.len <= (size_t)(buf + sizeof buf - p.data));
        }
    /* valid: (0|1|22|23 at 40), (0|1|22 at 41), (0|1 at 62), (0 at 63) */
    CU_ASSERT_EQUAL(ok, 4 + 3 + 2 + 1);

    /* huge TH length or offsets never wrap around */
    static const uint32_t totals[] = { 0xFFFFFFFF, 0x80000000, 0x63 + 0x100 };
    for (size_t i = 0; i < ARRAY_SIZE(totals); i++) {
        struct mpc_pdu p;
        memcpy(buf, cm_enable, sizeof buf);
        be_put32(buf + 0x0C, totals[i]);
        CU_ASSERT_EQUAL(mpc_parse(buf, sizeof buf, &p), PDU_ERR_TH);
    }
}

/* ---- PUK / PUS --------------------------------------------------------------- */

static void test_puk_build_parse(void)
{
    static const uint8_t link[16] = {
        0x00, 0x20, 0x00, 0x00,                         /* +4 word             */
        0x05, 0xDC, 0x01, 0x08,                         /* +8 mtu, link#, nlen */
        0xC8, 0xC1, 0xD3, 0xD3, 0xD6, 0xD3, 0xC5, 0x40, /* +C name             */
    };
    static const uint8_t expect[0x0C + 0x40] = {
        0x00, 0x0C, 0x41, 0x04, 0x00, 0x40, 0, 0, 0, 0, 0, 0,   /* 00 PUK SETUP */
        0x00, 0x0B, 0x04, 0x01, 0x03, 0x04, 0x05,               /* 0C PUS01     */
        0x11, 0x11, 0x11, 0x11,                                 /* 13 token     */
        0x00, 0x09, 0x04, 0x04, 0x05, 0x44, 0x44, 0x44, 0x44,   /* 17 PUS04     */
        0x00, 0x09, 0x04, 0x05, 0x05, 0x55, 0x55, 0x55, 0x55,   /* 20 PUS05     */
        0x00, 0x09, 0x04, 0x08, 0x05, 0x88, 0x88, 0x88, 0x88,   /* 29 PUS08     */
        0x00, 0x06, 0x04, 0x06, 0xC8, 0x00,                     /* 32 PUS06     */
        0x00, 0x14, 0x04, 0x0A,                                 /* 38 PUS0A     */
        0x00, 0x20, 0x00, 0x00, 0x05, 0xDC, 0x01, 0x08,         /* 3C           */
        0xC8, 0xC1, 0xD3, 0xD3, 0xD6, 0xD3, 0xC5, 0x40,         /* 44 name      */
    };
    uint8_t buf[0x80];

    memset(buf, 0xEE, sizeof buf);
    uint8_t *q = mpc_put_puk(buf, MPC_PUK_WHAT_CM_ULP, MPC_PUK_TYPE_SETUP, 0x40);
    CU_ASSERT_EQUAL(q - buf, 0x0C);
    q = mpc_put_pus01(q, MPC_ULP_PROTO_L3, 0x11111111);
    CU_ASSERT_EQUAL(q - buf, 0x17);
    q = mpc_put_pus_token(q, MPC_PUS_CONNECTION, 0x44444444);
    q = mpc_put_pus_token(q, MPC_PUS_PEER_FILTER, 0x55555555);
    q = mpc_put_pus_token(q, MPC_PUS_PEER_CONN, 0x88888888);
    CU_ASSERT_EQUAL(q - buf, 0x32);
    q = mpc_put_pus06(q, MPC_PUS06_CM);
    q = mpc_put_pus(q, MPC_PUS_LINK, link, sizeof link);
    CU_ASSERT_EQUAL(q - buf, (long)sizeof expect);
    CU_ASSERT_EQUAL(memcmp(buf, expect, sizeof expect), 0);
    CU_ASSERT_EQUAL(buf[sizeof expect], 0xEE);

    struct mpc_puk_view v;
    CU_ASSERT_EQUAL(mpc_puk_parse(expect, sizeof expect, &v), PDU_OK);
    CU_ASSERT_EQUAL(v.what, MPC_PUK_WHAT_CM_ULP);
    CU_ASSERT_EQUAL(v.type, MPC_PUK_TYPE_SETUP);
    CU_ASSERT_PTR_EQUAL(v.pus, expect + 0x0C);
    CU_ASSERT_EQUAL(v.lenpus, 0x40);
    /* trailing bytes after lenpus are not PUSes */
    CU_ASSERT_EQUAL(mpc_puk_parse(buf, sizeof buf, &v), PDU_OK);
    CU_ASSERT_EQUAL(v.lenpus, 0x40);

    CU_ASSERT_EQUAL(mpc_puk_parse(expect, sizeof expect, &v), PDU_OK);
    const uint8_t *s = mpc_pus_find(&v, MPC_PUS_FILTER, MPC_PUS01_LEN);
    CU_ASSERT_PTR_EQUAL(s, expect + 0x0C);
    CU_ASSERT_EQUAL(mpc_pus_token(s), 0x11111111);
    CU_ASSERT_EQUAL(s[MPC_PUS01_OFF_PROTO], MPC_ULP_PROTO_L3);
    s = mpc_pus_find(&v, MPC_PUS_CONNECTION, MPC_PUSTOK_LEN);
    CU_ASSERT_PTR_EQUAL(s, expect + 0x17);
    CU_ASSERT_EQUAL(mpc_pus_token(s), 0x44444444);
    s = mpc_pus_find(&v, MPC_PUS_PEER_FILTER, MPC_PUSTOK_LEN);
    CU_ASSERT_PTR_EQUAL(s, expect + 0x20);
    CU_ASSERT_EQUAL(mpc_pus_token(s), 0x55555555);
    s = mpc_pus_find(&v, MPC_PUS_PEER_CONN, MPC_PUSTOK_LEN);
    CU_ASSERT_PTR_EQUAL(s, expect + 0x29);
    CU_ASSERT_EQUAL(mpc_pus_token(s), 0x88888888);
    s = mpc_pus_find(&v, MPC_PUS_06, MPC_PUS06_LEN);
    CU_ASSERT_PTR_EQUAL(s, expect + 0x32);
    CU_ASSERT_EQUAL(be_get16(s + 4), MPC_PUS06_CM);
    s = mpc_pus_find(&v, MPC_PUS_LINK, MPC_PUS0A_LEN_REQ);
    CU_ASSERT_PTR_EQUAL(s, expect + 0x38);
    CU_ASSERT_EQUAL(be_get16(s + MPC_PUS0A_OFF_MTU), 1500);
    CU_ASSERT_EQUAL(be_get32(s + MPC_PUS0A_OFF_WORD), MPC_PUS0A_WORD);
    /* minlen: a request-sized PUS0A is too short for a reply's linktype */
    CU_ASSERT_PTR_NULL(mpc_pus_find(&v, MPC_PUS_LINK, MPC_PUS0A_LEN_REPLY));
    CU_ASSERT_PTR_NULL(mpc_pus_find(&v, MPC_PUS_FILTER, MPC_PUS01_LEN + 1));
    CU_ASSERT_PTR_NULL(mpc_pus_find(&v, MPC_PUS_DEVICE, 0));
    CU_ASSERT_PTR_NULL(mpc_pus_find(&v, MPC_PUS_USERDATA, 0));
    CU_ASSERT_PTR_NOT_NULL(mpc_pus_find(&v, MPC_PUS_LINK, 0));

    /* no PUSes at all */
    static const uint8_t empty[0x0C] = { 0x00, 0x0C, 0x43, 0x60 };
    CU_ASSERT_EQUAL(mpc_puk_parse(empty, sizeof empty, &v), PDU_OK);
    CU_ASSERT_EQUAL(v.what, MPC_PUK_WHAT_DM);
    CU_ASSERT_EQUAL(v.type, MPC_PUK_TYPE_ACTIVE);
    CU_ASSERT_EQUAL(v.lenpus, 0);
    CU_ASSERT_PTR_NULL(mpc_pus_find(&v, MPC_PUS_CONNECTION, 0));

    /* the CM_ENABLE fixture's data */
    struct mpc_pdu p;
    CU_ASSERT_EQUAL(mpc_parse(cm_enable, sizeof cm_enable, &p), PDU_OK);
    CU_ASSERT_EQUAL(mpc_puk_parse(p.data, p.len, &v), PDU_OK);
    CU_ASSERT_EQUAL(v.type, MPC_PUK_TYPE_ENABLE);
    s = mpc_pus_find(&v, MPC_PUS_FILTER, MPC_PUS01_LEN);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_EQUAL(mpc_pus_token(s), 0x0001010F);
    CU_ASSERT_PTR_NOT_NULL(mpc_pus_find(&v, MPC_PUS_USERDATA, MPC_PUS02_LEN));
}

/* PUK 41 02 with PUS01 (0x0B) + PUS06 (6): lenpus 0x11 at 0x04. */
static const uint8_t puk_small[0x0C + 0x11] = {
    0x00, 0x0C, 0x41, 0x02, 0x00, 0x11, 0, 0, 0, 0, 0, 0,       /* 00 PUK       */
    0x00, 0x0B, 0x04, 0x01, 0x08, 0x04, 0x05, 1, 2, 3, 4,       /* 0C PUS01     */
    0x00, 0x06, 0x04, 0x06, 0x40, 0x00,                         /* 17 PUS06     */
};

static enum pdu_err puk_patched(size_t off, uint8_t val, size_t len)
{
    uint8_t buf[sizeof puk_small];
    struct mpc_puk_view v;
    memcpy(buf, puk_small, sizeof buf);
    buf[off] = val;
    enum pdu_err e = mpc_puk_parse(buf, len, &v);
    if (e == PDU_OK)
        CU_ASSERT_TRUE(v.pus >= buf && v.lenpus <= (size_t)(buf + len - v.pus));
    return e;
}

static void test_puk_errors(void)
{
    const size_t n = sizeof puk_small;
    struct mpc_puk_view v;

    CU_ASSERT_EQUAL(puk_patched(0, 0, n), PDU_OK);
    CU_ASSERT_EQUAL(mpc_puk_parse(puk_small, 0x0B, &v), PDU_ERR_SHORT);
    CU_ASSERT_EQUAL(mpc_puk_parse(puk_small, 0, &v), PDU_ERR_SHORT);
    /* PUK length must be 0x0C */
    CU_ASSERT_EQUAL(puk_patched(0x01, 0x0B, n), PDU_ERR_PUK);
    CU_ASSERT_EQUAL(puk_patched(0x01, 0x0D, n), PDU_ERR_PUK);
    CU_ASSERT_EQUAL(puk_patched(0x00, 0x01, n), PDU_ERR_PUK);
    /* lenpus beyond the data */
    CU_ASSERT_EQUAL(mpc_puk_parse(puk_small, n - 1, &v), PDU_ERR_PUK);
    CU_ASSERT_EQUAL(puk_patched(0x05, 0x12, n), PDU_ERR_PUK);
    CU_ASSERT_EQUAL(puk_patched(0x04, 0xFF, n), PDU_ERR_PUK);
    CU_ASSERT_EQUAL(mpc_puk_parse(puk_small, 0x0C, &v), PDU_ERR_PUK);
    /* PUS length 0, 2, 3, beyond lenpus */
    CU_ASSERT_EQUAL(puk_patched(0x0D, 0x00, n), PDU_ERR_PUS);
    CU_ASSERT_EQUAL(puk_patched(0x0D, 0x02, n), PDU_ERR_PUS);
    CU_ASSERT_EQUAL(puk_patched(0x0D, 0x03, n), PDU_ERR_PUS);
    CU_ASSERT_EQUAL(puk_patched(0x0D, 0x12, n), PDU_ERR_PUS);
    CU_ASSERT_EQUAL(puk_patched(0x0C, 0x01, n), PDU_ERR_PUS);
    CU_ASSERT_EQUAL(puk_patched(0x18, 0x07, n), PDU_ERR_PUS);  /* 2nd PUS    */
    CU_ASSERT_EQUAL(puk_patched(0x18, 0x05, n), PDU_ERR_PUS);  /* gap of 1   */
    /* lenpus ending inside a PUS header, or inside a PUS */
    CU_ASSERT_EQUAL(puk_patched(0x05, 0x0E, n), PDU_ERR_PUS);
    CU_ASSERT_EQUAL(puk_patched(0x05, 0x10, n), PDU_ERR_PUS);
    CU_ASSERT_EQUAL(puk_patched(0x05, 0x0B, n), PDU_OK);       /* PUS01 only */
    CU_ASSERT_EQUAL(puk_patched(0x05, 0x00, n), PDU_OK);
    /* wrong mark byte */
    CU_ASSERT_EQUAL(puk_patched(0x0E, 0x05, n), PDU_ERR_PUS);
    CU_ASSERT_EQUAL(puk_patched(0x19, 0x00, n), PDU_ERR_PUS);

    /* an error leaves *out alone */
    memset(&v, 0xA5, sizeof v);
    struct mpc_puk_view before = v;
    CU_ASSERT_EQUAL(mpc_puk_parse(puk_small, n - 1, &v), PDU_ERR_PUK);
    CU_ASSERT_EQUAL(memcmp(&v, &before, sizeof v), 0);

    /* a too-short PUS of the wanted type is NULL, not the next one */
    uint8_t two[0x0C + 8 + 9];
    uint8_t *q = mpc_put_puk(two, MPC_PUK_WHAT_CM_ULP, MPC_PUK_TYPE_SETUP, 8 + 9);
    q = mpc_put_pus(q, MPC_PUS_CONNECTION, (const uint8_t *)"\x05\x01\x02\x03", 4);
    q = mpc_put_pus_token(q, MPC_PUS_CONNECTION, 0x0A0B0C0D);
    CU_ASSERT_EQUAL(q - two, (long)sizeof two);
    CU_ASSERT_EQUAL(mpc_puk_parse(two, sizeof two, &v), PDU_OK);
    CU_ASSERT_PTR_NULL(mpc_pus_find(&v, MPC_PUS_CONNECTION, MPC_PUSTOK_LEN));
    CU_ASSERT_PTR_EQUAL(mpc_pus_find(&v, MPC_PUS_CONNECTION, 8), two + 0x0C);
}

/* ---- IPA ---------------------------------------------------------------- */

static void test_ipa_build_parse(void)
{
    static const uint8_t setip[12] = {
        0x0A, 0x00, 0x00, 0x05,                         /* addr 10.0.0.5       */
        0xFF, 0xFF, 0xFF, 0x00,                         /* mask /24            */
        0x00, 0x00, 0x00, 0x00,                         /* flags               */
    };
    static const uint8_t expect[20 + 12] = {
        0xB1, 0x00, 0x12, 0x34,                         /* 00 cmd, init, seq   */
        0x00, 0x00, 0x01, 0x00,                         /* 04 rc, type, port   */
        0x01, 0x01, 0x00, 0x04,                         /* 08 ver, count, prot */
        0, 0, 0, 0, 0, 0, 0, 0,                         /* 0C supp, enabled    */
        0x0A, 0x00, 0x00, 0x05, 0xFF, 0xFF, 0xFF, 0x00, /* 14 SETIP data       */
        0x00, 0x00, 0x00, 0x00,
    };
    uint8_t buf[0x40];
    const struct ipa_hdr *h = NULL;

    memset(buf, 0xEE, sizeof buf);
    CU_ASSERT_EQUAL(ipa_build(buf, IPA_CMD_SETIP, 0x1234, IPA_PROT_IPV4, setip, sizeof setip),
                    sizeof expect);
    CU_ASSERT_EQUAL(memcmp(buf, expect, sizeof expect), 0);
    CU_ASSERT_EQUAL(buf[sizeof expect], 0xEE);
    CU_ASSERT_EQUAL(ipa_parse(buf, sizeof expect, &h), PDU_OK);
    CU_ASSERT_PTR_EQUAL(h, (const struct ipa_hdr *)buf);
    CU_ASSERT_EQUAL(h->cmd, IPA_CMD_SETIP);
    CU_ASSERT_EQUAL(ipa_seq(h), 0x1234);
    CU_ASSERT_EQUAL(ipa_rc(h), IPA_RC_OK);
    CU_ASSERT_EQUAL(ipa_prot(h), IPA_PROT_IPV4);

    memset(buf, 0xEE, sizeof buf);
    CU_ASSERT_EQUAL(ipa_build(buf, IPA_CMD_STARTLAN, 1, IPA_PROT_IPV6, NULL, 0), 20);
    CU_ASSERT_EQUAL(buf[20], 0xEE);
    h = NULL;
    CU_ASSERT_EQUAL(ipa_parse(buf, 20, &h), PDU_OK);
    CU_ASSERT_PTR_EQUAL(h, (const struct ipa_hdr *)buf);
    CU_ASSERT_EQUAL(ipa_prot(h), IPA_PROT_IPV6);
    h = NULL;
    CU_ASSERT_EQUAL(ipa_parse(buf, 19, &h), PDU_ERR_IPA);
    CU_ASSERT_PTR_NULL(h);
    CU_ASSERT_EQUAL(ipa_parse(buf, 0, &h), PDU_ERR_IPA);
}

static void test_ipa_masks(void)
{
    CU_ASSERT_EQUAL(ipa_mask_prefix(0), 0);
    CU_ASSERT_EQUAL(ipa_mask_prefix(0x80000000u), 1);
    CU_ASSERT_EQUAL(ipa_mask_prefix(0xFFFFFF00u), 24);
    CU_ASSERT_EQUAL(ipa_mask_prefix(0xFFFFFFFEu), 31);
    CU_ASSERT_EQUAL(ipa_mask_prefix(0xFFFFFFFFu), 32);
    CU_ASSERT_EQUAL(ipa_mask_prefix(0xFF00FF00u), -1);
    CU_ASSERT_EQUAL(ipa_mask_prefix(0x7FFFFFFFu), -1);
    CU_ASSERT_EQUAL(ipa_mask_prefix(0x00000001u), -1);
    CU_ASSERT_EQUAL(ipa_mask_prefix(0xFFFFFF01u), -1);

    CU_ASSERT_EQUAL(ipa_prefix_mask(0), 0);
    CU_ASSERT_EQUAL(ipa_prefix_mask(1), 0x80000000u);
    CU_ASSERT_EQUAL(ipa_prefix_mask(24), 0xFFFFFF00u);
    CU_ASSERT_EQUAL(ipa_prefix_mask(32), 0xFFFFFFFFu);
    for (unsigned n = 0; n <= 32; n++)
        CU_ASSERT_EQUAL(ipa_mask_prefix(ipa_prefix_mask(n)), (int)n);
}

static void test_pdu_err_str(void)
{
    CU_ASSERT_STRING_EQUAL(pdu_err_str(PDU_OK), "ok");
    CU_ASSERT_STRING_EQUAL(pdu_err_str(PDU_ERR_SHORT), "too short");
    CU_ASSERT_STRING_EQUAL(pdu_err_str(PDU_ERR_IPA), "IPA command too short");
    for (int e = 0; e > -PDU_ERR_COUNT; e--) {
        const char *s = pdu_err_str((enum pdu_err)e);
        CU_ASSERT_PTR_NOT_NULL_FATAL(s);
        CU_ASSERT_STRING_NOT_EQUAL(s, "unknown PDU error");
        CU_ASSERT_NOT_EQUAL(s[0], '\0');
    }
    CU_ASSERT_STRING_EQUAL(pdu_err_str((enum pdu_err)-PDU_ERR_COUNT), "unknown PDU error");
    CU_ASSERT_STRING_EQUAL(pdu_err_str((enum pdu_err)1), "unknown PDU error");
    CU_ASSERT_STRING_EQUAL(pdu_err_str((enum pdu_err)-1000), "unknown PDU error");
}

void register_pdu_tests(void)
{
    static const struct unit_test tests[] = {
        { "idx request build", test_idx_request_build },
        { "idx request parse + errors", test_idx_request_parse },
        { "idx reply build/parse", test_idx_reply },
        { "mpc build driver (CM_ENABLE)", test_mpc_build_driver },
        { "mpc build adapter", test_mpc_build_adapter },
        { "mpc parse both layouts", test_mpc_parse_ok },
        { "mpc parse errors", test_mpc_parse_errors },
        { "mpc parse data bounds", test_mpc_parse_bounds },
        { "puk/pus build, parse, find", test_puk_build_parse },
        { "puk/pus errors", test_puk_errors },
        { "ipa build/parse", test_ipa_build_parse },
        { "ipa masks", test_ipa_masks },
        { "pdu_err_str", test_pdu_err_str },
        { NULL, NULL },
    };
    unit_add_suite("pdu", tests);
}
