/*
 * fuzz_qdr.c - libFuzzer harness for the ESTABLISH QUEUES check
 * (qdio/qdr.c) against guest storage (cp/vm/gstore.c).
 *
 * Input: bytes 0x0000-0x0FFF are the QDR (zeros past the end of the
 * input); the next 64 bytes are the storage keys of the 64 pages of a
 * 256 KB fake guest storage; the rest is that storage's content from
 * address 0 (zeros past the end of the input).  qdr_parse sees the whole
 * 4 KB QDR.
 *
 * Checked: an error is one of the enum's and has a text; qdr_parse leaves
 * guest storage as it was; QDR_OK exactly when an independent reading of
 * the rules in qdr.h says the QDR is good, and then every block it reports
 * (QIB 256 B, SLIB 2 KB, SL 1 KB, SLSB 128 B) is the one the QDR names,
 * lies inside the storage, has its documented alignment (256, 2 KB, 1 KB,
 * 256), is fetchable with its key (the SLSB storable too), and each SLIB
 * points at its queue's SL and SLSB.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "qdio/qdr.h"

#define CHECK(x) do { if (!(x)) { fprintf(stderr, "check failed: %s (line %d)\n", #x, __LINE__); abort(); } } while (0)

#define GSIZE   (256 * 1024u)
#define NPAGES  (GSIZE / GS_PAGE_SIZE)

static uint8_t mem[GSIZE], before[GSIZE];
static uint8_t keys[NPAGES];
static uint8_t *fake_page(void *ctx, uint64_t pfn) { (void)ctx; return mem + pfn * GS_PAGE_SIZE; }
static uint8_t fake_key(void *ctx, uint64_t pfn) { (void)ctx; return keys[pfn]; }
static const struct gstore gs = { NULL, GSIZE, 0, fake_page, fake_key };

/* [addr, addr+len) inside storage, aligned, and accessible with key
 * (stored into when store): the rules, read independently of qdr.c. */
static bool block_ok(uint64_t addr, uint64_t len, uint64_t align, uint8_t key, bool store)
{
    if (addr % align || addr >= GSIZE || len > GSIZE - addr)
        return false;
    for (uint64_t pg = addr / GS_PAGE_SIZE; pg <= (addr + len - 1) / GS_PAGE_SIZE; pg++) {
        uint8_t k = keys[pg];
        if (key && GS_KEY_ACC(k) != key && (store || (k & GS_KEY_FETCH)))
            return false;
    }
    return true;
}

static uint64_t be64_at(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = v << 8 | p[i];
    return v;
}

/* Is the QDR good by the rules in qdr.h? */
static bool expect_ok(const uint8_t *q)
{
    unsigned nin = q[0x05], nout = q[0x07];
    if (q[0x00] != QDR_QFMT_OSA || nin < 1 || nin > QDR_MAX_INQ || nout < 1
        || nout > QDR_MAX_OUTQ || q[0x09] != 8 || q[0x0B] != 8)
        return false;
    if (!block_ok(be64_at(q + 0x30), 256, 256, q[0x3C] >> 4, false))
        return false;
    for (unsigned i = 0; i < nin + nout; i++) {
        const uint8_t *dq = q + 0x40 + 32 * i;
        uint64_t slib = be64_at(dq), sl = be64_at(dq + 8), slsb = be64_at(dq + 16);
        if (!block_ok(slib, 2048, 2048, dq[0x1C] >> 4, false)
            || !block_ok(sl, 1024, 1024, dq[0x1C] & 15, false)
            || !block_ok(slsb, 128, 256, dq[0x1D] & 15, true)
            || be64_at(mem + slib + 8) != sl || be64_at(mem + slib + 16) != slsb)
            return false;
    }
    return true;
}

/* A block of a good QDR: as named, inside, aligned, accessible. */
static void check_block(uint64_t addr, uint64_t named, uint64_t len, uint64_t align,
                        uint8_t key, bool store)
{
    CHECK(addr == named);
    CHECK(addr < GSIZE && len <= GSIZE - addr);
    CHECK(addr % align == 0);
    CHECK(block_ok(addr, len, align, key, store));
}

static void check_config(const uint8_t *q, const struct qdr_config *c)
{
    CHECK(c->nin == q[0x05] && c->nout == q[0x07]);
    CHECK(c->nin >= 1 && c->nin <= QDR_MAX_INQ && c->nout >= 1 && c->nout <= QDR_MAX_OUTQ);
    CHECK(c->qkey == q[0x3C] >> 4);
    check_block(c->qib, be64_at(q + 0x30), sizeof(struct qib), 256, c->qkey, false);
    for (unsigned i = 0; i < (unsigned)c->nin + c->nout; i++) {
        const struct qdr_queue *x = i < c->nin ? &c->in[i] : &c->out[i - c->nin];
        const uint8_t *dq = q + 0x40 + 32 * i;
        CHECK(x->key_slib == dq[0x1C] >> 4 && x->key_sl == (dq[0x1C] & 15));
        CHECK(x->key_sbal == dq[0x1D] >> 4 && x->key_slsb == (dq[0x1D] & 15));
        check_block(x->slib, be64_at(dq), sizeof(struct slib), 2048, x->key_slib, false);
        check_block(x->sl, be64_at(dq + 8), sizeof(struct sl), 1024, x->key_sl, false);
        check_block(x->slsb, be64_at(dq + 16), sizeof(struct slsb), 256, x->key_slsb, true);
        const struct slib *s = (const struct slib *)(mem + x->slib);
        CHECK(slib_sla(s) == x->sl && slib_slsba(s) == x->slsb);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t qdr[sizeof(struct qdr)];
    size_t n = size < sizeof qdr ? size : sizeof qdr;

    memset(qdr, 0, sizeof qdr);
    memcpy(qdr, data, n);
    data += n, size -= n;
    memset(keys, 0, sizeof keys);
    n = size < sizeof keys ? size : sizeof keys;
    memcpy(keys, data, n);
    data += n, size -= n;
    memset(mem, 0, sizeof mem);
    memcpy(mem, data, size < GSIZE ? size : GSIZE);
    memcpy(before, mem, sizeof mem);

    struct qdr_config c;
    memset(&c, 0xA5, sizeof c);
    uint8_t *q = malloc(sizeof qdr);    /* exactly sized: ASan sees over-reads */
    CHECK(q);
    memcpy(q, qdr, sizeof qdr);
    enum qdr_err e = qdr_parse(q, sizeof qdr, &gs, &c);
    free(q);
    CHECK(e <= QDR_OK && e > -QDR_ERR_COUNT);
    CHECK(strcmp(qdr_err_str(e), "unknown QDR error") != 0);
    CHECK(e != QDR_ERR_SHORT);
    CHECK(memcmp(mem, before, sizeof mem) == 0);
    CHECK((e == QDR_OK) == expect_ok(qdr));
    if (e == QDR_OK)
        check_config(qdr, &c);
    return 0;
}
