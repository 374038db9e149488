/*
 * fuzz_pdu.c - libFuzzer harness for the OSA-Express control-path codecs
 * (qdio/pdu.c).  The input, copied into an exactly-sized heap buffer so
 * that ASan sees any over-read, is offered to every parser as an IDX
 * ACTIVATE request and reply, an MPC PDU, a PUK and an IPA command; a PDU
 * that parses has its data parsed again as a PUK (all PUS lookups and
 * tokens) and as an IPA command.  Every pointer a parser reports must lie,
 * with its length, inside the input; accepted IDX requests and MPC PDUs
 * must survive a build -> parse round trip unchanged.  The first word
 * also checks ipa_mask_prefix against ipa_prefix_mask.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "qdio/pdu.h"

#define CHECK(x) do { if (!(x)) { fprintf(stderr, "check failed: %s (line %d)\n", #x, __LINE__); abort(); } } while (0)

/* [p, p + n) lies within [base, base + size). */
static int inside(const uint8_t *base, size_t size, const void *p, size_t n)
{
    uintptr_t b = (uintptr_t)base, q = (uintptr_t)p;
    return q >= b && q - b <= size && n <= size - (q - b);
}

static void check_err(enum pdu_err e)
{
    CHECK(e <= PDU_OK && e > -PDU_ERR_COUNT);
    CHECK(strcmp(pdu_err_str(e), "unknown PDU error") != 0);
}

static void fuzz_idx(const uint8_t *buf, size_t size)
{
    struct idx_req r, back;
    enum pdu_err e = idx_parse_request(buf, size, &r);
    check_err(e);
    if (e == PDU_OK) {
        uint8_t out[sizeof(struct idx_act)];
        idx_build_request(out, &r);
        CHECK(idx_parse_request(out, sizeof out, &back) == PDU_OK);
        CHECK(back.read == r.read && back.port == r.port && back.token == r.token);
        CHECK(back.data_devno == r.data_devno && back.data_ua == r.data_ua);
    } else {
        CHECK(e == PDU_ERR_SHORT || e == PDU_ERR_IDX_FIRST4 || e == PDU_ERR_IDX_TYPE);
    }

    bool pos;
    uint8_t cause;
    uint32_t token;
    e = idx_parse_reply(buf, size, &pos, &cause, &token);
    check_err(e);
    CHECK(e == PDU_OK || e == PDU_ERR_SHORT);
    CHECK((e == PDU_OK) == (size >= sizeof(struct idx_act)));
}

/* Parse data as a PUK and look up every PUS type. */
static void fuzz_puk(const uint8_t *base, size_t size, const uint8_t *data, size_t len)
{
    struct mpc_puk_view v;
    enum pdu_err e = mpc_puk_parse(data, len, &v);
    check_err(e);
    if (e != PDU_OK) {
        CHECK(e == PDU_ERR_SHORT || e == PDU_ERR_PUK || e == PDU_ERR_PUS);
        return;
    }
    CHECK(inside(base, size, v.pus, v.lenpus));
    CHECK(v.pus == data + sizeof(struct mpc_puk));
    for (unsigned t = 0; t <= MPC_PUS_DEVICE + 1; t++) {
        const uint8_t *any = mpc_pus_find(&v, (uint8_t)t, 0);
        if (any) {
            CHECK(any >= v.pus && inside(v.pus, v.lenpus, any, be_get16(any)));
            CHECK(any[MPC_PUS_OFF_TYPE] == t && any[MPC_PUS_OFF_MARK] == MPC_PUS_MARK);
            CHECK(be_get16(any) >= MPC_PUS_HDR_LEN);
        }
        size_t need = t == MPC_PUS_FILTER ? MPC_PUS01_LEN : MPC_PUSTOK_LEN;
        const uint8_t *tok = mpc_pus_find(&v, (uint8_t)t, need);
        CHECK(tok == NULL || tok == any);
        if (tok) {
            CHECK(inside(base, size, tok, need));
            volatile uint32_t sink = mpc_pus_token(tok);
            (void)sink;
        }
    }
}

static void fuzz_ipa(const uint8_t *base, size_t size, const uint8_t *data, size_t len)
{
    const struct ipa_hdr *h = NULL;
    enum pdu_err e = ipa_parse(data, len, &h);
    check_err(e);
    CHECK((e == PDU_OK) == (len >= sizeof(struct ipa_hdr)));
    if (e == PDU_OK) {
        CHECK((const uint8_t *)h == data && inside(base, size, h, sizeof *h));
        volatile uint32_t sink = (uint32_t)ipa_seq(h) + ipa_rc(h) + ipa_prot(h) +
                                 ipa_supported(h) + ipa_enabled(h);
        (void)sink;
    }
}

static void fuzz_mpc(const uint8_t *buf, size_t size)
{
    struct mpc_pdu p;
    enum pdu_err e = mpc_parse(buf, size, &p);
    check_err(e);
    if (e != PDU_OK) {
        CHECK(e == PDU_ERR_SHORT || e == PDU_ERR_TH || e == PDU_ERR_RRH || e == PDU_ERR_PH);
        return;
    }
    CHECK(inside(buf, size, p.data, p.len));
    CHECK(p.len <= MPC_PDU_MAX || size > MPC_PDU_MAX);
    fuzz_puk(buf, size, p.data, p.len);
    fuzz_ipa(buf, size, p.data, p.len);

    /* rebuild in both layouts and parse back */
    if (p.len > MPC_PDU_MAX - MPC_DATA_OFF_DRIVER)
        return;
    static uint8_t out[MPC_PDU_MAX];
    for (int adapter = 0; adapter < 2; adapter++) {
        struct mpc_pdu q;
        size_t off = mpc_build(out, adapter, &p, p.len);
        memcpy(out + off, p.data, p.len);
        CHECK(mpc_parse(out, off + p.len, &q) == PDU_OK);
        CHECK(q.th_seq == p.th_seq && q.type == p.type && q.proto == p.proto);
        CHECK(q.seq == p.seq && q.ackseq == p.ackseq && q.token == p.token);
        CHECK(q.data == out + off && q.len == p.len && memcmp(q.data, p.data, p.len) == 0);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *buf = malloc(size ? size : 1);
    if (!buf)
        return 0;
    if (size)
        memcpy(buf, data, size);
    fuzz_idx(buf, size);
    fuzz_mpc(buf, size);
    fuzz_puk(buf, size, buf, size);
    fuzz_ipa(buf, size, buf, size);
    if (size >= 4) {                    /* prefix <-> mask agree both ways */
        uint32_t mask = be_get32(buf);
        int n = ipa_mask_prefix(mask);
        CHECK(n >= -1 && n <= 32);
        if (n >= 0)
            CHECK(ipa_prefix_mask((unsigned)n) == mask);
        else
            for (unsigned k = 0; k <= 32; k++)
                CHECK(ipa_prefix_mask(k) != mask);
    }
    free(buf);
    return 0;
}
