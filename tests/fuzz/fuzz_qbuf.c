/*
 * fuzz_qbuf.c - libFuzzer harness for QDIO buffer walking (qdio/qbuf.c)
 * and the OSA data path on top of it (qdio/osadata.c), over 64 KB of fake
 * guest storage with a storage key per 4 KB page (cp/vm/gstore.c).
 *
 * Input (missing bytes read as zero):
 *   0x000      mode: bit 0 = OSA variant, bit 1 = tame addresses and
 *              lengths (so that most of them land inside the storage),
 *              bit 2 = qbuf: SBAL address from the parameters (else
 *              SBAL_AT) / OSA: queues inactive; bits 4-7 = access key
 *   0x001      16 storage keys, one per page
 *   0x011      64 bytes of parameters (below)
 *   0x051      256 bytes: the SBAL, stored at SBAL_AT (qbuf variant)
 *   0x151...   storage content from address 0 (then the SBAL over it)
 *
 * qbuf variant, parameters: write length (2), SBAL address (8), qdio
 * header (32).  qbuf_read_output runs on the SBAL and is compared with an
 * independent reading of qbuf.h (result, packet count, every packet's
 * bytes); every packet handed on is 32..QBUF_PACKET_MAX bytes, an L3
 * header whose length field matches; storage is unchanged.  Then
 * qbuf_write_input of the header and a fuzzed datagram: its result agrees
 * with the capacity of the SBAL (never OK when the packet does not fit,
 * nothing stored when it is TOO_BIG or FORMAT), and on OK the SBAL
 * describes exactly the packet, which is where it says when no two areas
 * overlap.
 *
 * OSA variant, parameters: out_next, SIGA mask byte (XOR 80), fc, in_next, datagram
 * length (2), broadcast.  The SLSBs, SLs, SBALs and data are the storage
 * content.  SIGA: only SLSB bytes change, each from 62 to A1/AF, within the
 * ring range walked from out_next; each datagram handed to send lies in
 * the scratch buffer after a qdio header.  Then osa_deliver of a fuzzed
 * datagram: when it reports true the buffer is primed (82) and in_next
 * advanced; when the buffer was not empty (41) nothing changes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "qdio/qbuf.h"
#include "qdio/osa.h"

#define CHECK(x) do { if (!(x)) { fprintf(stderr, "check failed: %s (line %d)\n", #x, __LINE__); abort(); } } while (0)

#define GSIZE       (64 * 1024u)
#define NPAGES      (GSIZE / GS_PAGE_SIZE)
#define SBAL_AT     0x1000u
#define SLSB_OUT_AT 0xE000u
#define SLSB_IN_AT  0xE100u
#define SL_OUT_AT   0xE400u
#define SL_IN_AT    0xE800u
#define IN_MODE     0x000
#define IN_KEYS     0x001
#define IN_PARM     0x011
#define IN_SBAL     0x051
#define IN_MEM      0x151

static uint8_t mem[GSIZE], before[GSIZE];
static uint8_t keys[NPAGES];
static uint8_t *fake_page(void *ctx, uint64_t pfn) { (void)ctx; return mem + pfn * GS_PAGE_SIZE; }
static uint8_t fake_key(void *ctx, uint64_t pfn) { (void)ctx; return keys[pfn]; }
static const struct gstore gs = { NULL, GSIZE, 0, fake_page, fake_key };

static uint8_t pbuf[QBUF_PACKET_MAX], model_buf[QBUF_PACKET_MAX];
static uint8_t data[65536];

static uint64_t be(const uint8_t *p, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v = v << 8 | p[i];
    return v;
}

static uint64_t fnv(const uint8_t *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 0x100000001b3ull;
    return h;
}

/* gstore's rules, read independently: 0, QBUF_ERR_ADDRESSING/PROTECTION. */
static enum qbuf_err acc(uint64_t a, uint64_t n, uint8_t key, bool store)
{
    if (n == 0)
        return QBUF_OK;
    if (a >= GSIZE || n > GSIZE - a)
        return QBUF_ERR_ADDRESSING;
    for (uint64_t pg = a / GS_PAGE_SIZE; pg <= (a + n - 1) / GS_PAGE_SIZE; pg++)
        if (key && keys[pg] >> 4 != key && (store || (keys[pg] & GS_KEY_FETCH)))
            return QBUF_ERR_PROTECTION;
    return QBUF_OK;
}

/* ---- qbuf_read_output ---------------------------------------------------- */

#define MAXPK 16
static unsigned ncb;
static size_t cb_len[MAXPK];
static uint64_t cb_hash[MAXPK];

static void on_packet(void *ctx, const uint8_t *pkt, size_t len)
{
    (void)ctx;
    CHECK(pkt == pbuf);
    CHECK(len >= QDIO_HDR_LEN && len <= QBUF_PACKET_MAX);
    CHECK(pkt[0] == QDIO_HDR_ID_L3);
    CHECK(be(pkt + 8, 2) == len - QDIO_HDR_LEN);
    CHECK(ncb < MAXPK);
    cb_len[ncb] = len;
    cb_hash[ncb] = fnv(pkt, len);
    ncb++;
}

/* qbuf.h's output rules: result; *np packets, each checked against the
 * callbacks' record. */
static enum qbuf_err model_read(uint64_t sbala, uint8_t key, unsigned *np)
{
    uint8_t s[256];
    size_t len = 0;
    bool chain = false;
    enum qbuf_err e;
    *np = 0;
    if (sbala % 256)
        return QBUF_ERR_FORMAT;
    if ((e = acc(sbala, 256, key, false)) != QBUF_OK)
        return e;
    memcpy(s, mem + sbala, 256);
    for (unsigned i = 0; i < 16; i++) {
        const uint8_t *x = s + 16 * i;
        unsigned f = x[0] & 0x0C;
        uint64_t n = be(x + 4, 4), a = be(x + 8, 8);
        bool first = f == 0 || f == 0x04;
        if (first == chain || (first && n < 32) || len + n > QBUF_PACKET_MAX)
            return QBUF_ERR_FORMAT;
        if ((e = acc(a, n, key, false)) != QBUF_OK)
            return e;
        if (n)
            memcpy(model_buf + len, mem + a, n);
        len += n;
        chain = f == 0x04 || f == 0x08;
        if (!chain) {
            if (model_buf[0] != 1 || be(model_buf + 8, 2) != len - 32)
                return QBUF_ERR_FORMAT;
            CHECK(*np < ncb && cb_len[*np] == len && cb_hash[*np] == fnv(model_buf, len));
            (*np)++;
            len = 0;
        }
        if (x[0] & 0x40)
            return chain ? QBUF_ERR_FORMAT : QBUF_OK;
    }
    return QBUF_ERR_FORMAT;
}

/* ---- qbuf_write_input ---------------------------------------------------- */

static bool overlap(uint64_t a, uint64_t n, uint64_t b, uint64_t m)
{
    return n && m && a < b + m && b < a + n;
}

static void check_write(uint64_t sbala, uint8_t key, const uint8_t *hdr, size_t dlen)
{
    uint8_t s[256];
    memcpy(before, mem, sizeof mem);
    bool sbal_ok = sbala % 256 == 0 && acc(sbala, 256, key, false) == QBUF_OK;
    if (sbal_ok)
        memcpy(s, mem + sbala, 256);
    enum qbuf_err e = qbuf_write_input(&gs, sbala, key, hdr, data, dlen);
    CHECK(e <= QBUF_OK && e > -QBUF_ERR_COUNT);
    CHECK(strcmp(qbuf_err_str(e), "unknown buffer error") != 0);
    if (!sbal_ok) {
        CHECK(e == (sbala % 256 ? QBUF_ERR_FORMAT : acc(sbala, 256, key, false)));
        CHECK(memcmp(mem, before, sizeof mem) == 0);
        return;
    }
    /* capacity: the SBALEs up to the last entry */
    uint64_t total = QDIO_HDR_LEN + dlen, room = 0;
    unsigned used = 0;
    while (used < 16 && room < total) {
        room += be(s + 16 * used + 4, 4);
        if (s[16 * used++] & 0x40)
            break;
    }
    if (room < total) {
        CHECK(e == QBUF_ERR_TOO_BIG);
        CHECK(memcmp(mem, before, sizeof mem) == 0);
        return;
    }
    CHECK(e != QBUF_ERR_TOO_BIG);
    if (be(s + 4, 4) < QDIO_HDR_LEN) {
        CHECK(e == QBUF_ERR_FORMAT);
        CHECK(memcmp(mem, before, sizeof mem) == 0);
        return;
    }
    CHECK(e != QBUF_ERR_FORMAT);
    /* the stores, in order: header and data pieces, then the SBAL */
    enum qbuf_err want = QBUF_OK;
    uint64_t off = 0;
    for (unsigned i = 0; i < used && want == QBUF_OK; i++) {
        uint64_t n = be(s + 16 * i + 4, 4), a = be(s + 16 * i + 8, 8);
        if (n > total - off)
            n = total - off;
        uint64_t h = off < 32 ? (32 - off < n ? 32 - off : n) : 0;
        if ((want = acc(a, h, key, true)) == QBUF_OK)
            want = acc(a + h, n - h, key, true);
        off += n;
    }
    if (want == QBUF_OK)
        want = acc(sbala, 256, key, true);
    CHECK(e == want);
    if (e != QBUF_OK)
        return;
    /* OK: the SBAL now describes exactly the packet */
    const uint8_t *t = mem + sbala;
    bool disjoint = true;
    off = 0;
    for (unsigned i = 0; i < used; i++) {
        const uint8_t *x = t + 16 * i;
        uint64_t n = be(x + 4, 4), a = be(x + 8, 8);
        CHECK(a == be(s + 16 * i + 8, 8));
        CHECK(n <= be(s + 16 * i + 4, 4));
        CHECK(!!(x[0] & 0x40) == (i == used - 1));
        unsigned f = x[0] & 0x0C;
        CHECK(used == 1 ? f == 0 : f == (i == 0 ? 0x04 : i == used - 1 ? 0x0C : 0x08));
        CHECK((x[0] & ~0x4C) == (s[16 * i] & ~0x4C));
        disjoint &= !overlap(a, n, sbala, 256);
        for (unsigned j = 0; j < i; j++)
            disjoint &= !overlap(a, n, be(t + 16 * j + 8, 8), be(t + 16 * j + 4, 4));
        off += n;
    }
    CHECK(off == total);
    CHECK(memcmp(t + 16 * used, s + 16 * used, 256 - 16 * used) == 0);
    if (!disjoint)
        return;
    off = 0;
    for (unsigned i = 0; i < used; i++) {
        uint64_t n = be(t + 16 * i + 4, 4), a = be(t + 16 * i + 8, 8);
        for (uint64_t k = 0; k < n; k++, off++)
            CHECK(mem[a + k] == (off < 32 ? hdr[off] : data[off - 32]));
    }
}

static void run_qbuf(const uint8_t *parm, uint8_t mode, uint8_t key)
{
    uint64_t sbala = mode & 4 ? be(parm + 2, 8) : SBAL_AT;
    if ((mode & 6) == 6)
        sbala &= 0x1FFFF;                           /* half inside, some misaligned */
    /* read */
    unsigned np = 99, mnp;
    ncb = 0;
    memcpy(before, mem, sizeof mem);
    enum qbuf_err e = qbuf_read_output(&gs, sbala, key, pbuf, on_packet, NULL, &np);
    CHECK(e <= QBUF_OK && e > -QBUF_ERR_COUNT && e != QBUF_ERR_TOO_BIG);
    CHECK(np == ncb && np <= 16);
    CHECK(memcmp(mem, before, sizeof mem) == 0);
    CHECK(model_read(sbala, key, &mnp) == e);
    CHECK(mnp == np);
    /* write */
    size_t dlen = (size_t)be(parm, 2);
    check_write(sbala, key, parm + 10, dlen);
}

/* ---- osa_siga / osa_deliver ------------------------------------------------ */

static struct osa a;
static unsigned nsend;

static void on_send(void *ctx, struct osa *o, const uint8_t *dg, size_t len, uint32_t nexthop)
{
    (void)nexthop;
    CHECK(ctx == &nsend && o == &a);
    CHECK(dg == pbuf + QDIO_HDR_LEN);
    CHECK(len <= 65535 && len + QDIO_HDR_LEN <= QBUF_PACKET_MAX);
    CHECK(be(pbuf + 8, 2) == len);
    nsend++;
}

static void tame_osa(void)
{
    static const uint8_t out_states[8] = { 0x62, 0x62, 0x62, 0x62, 0xA1, 0x41, 0x82, 0xAF };
    static const uint8_t in_states[8] = { 0x41, 0x41, 0x41, 0x82, 0x80, 0x8F, 0x62, 0x41 };
    for (unsigned i = 0; i < QDIO_MAX_BUFFERS; i++) {
        for (unsigned q = 0; q < 2; q++) {
            uint8_t *sl = mem + (q ? SL_IN_AT : SL_OUT_AT) + 8 * i;
            uint64_t sbala = be(sl, 8) & 0xFF00;
            memset(sl, 0, 6);
            sl[6] = (uint8_t)(sbala >> 8);
            sl[7] = 0;
            if (sbala >= SLSB_OUT_AT)
                continue;                           /* keep the queue blocks */
            for (unsigned k = 0; k < 16; k++) {
                uint8_t *x = mem + sbala + 16 * k;
                memset(x + 4, 0, 2);
                x[6] &= 0x07;                       /* length < 2 KB */
                memset(x + 8, 0, 6);                /* address < 64 KB */
            }
        }
    }
    for (unsigned i = 0; i < QDIO_MAX_BUFFERS; i++) {
        mem[SLSB_OUT_AT + i] = out_states[mem[SLSB_OUT_AT + i] & 7];
        mem[SLSB_IN_AT + i] = in_states[mem[SLSB_IN_AT + i] & 7];
    }
}

static void run_osa(const uint8_t *parm, uint8_t mode, uint8_t key, const uint8_t *in,
                    size_t size)
{
    osa_init(&a, 0x0700, NULL, GL_PORT_NONE);
    a.established = true;
    a.active = !(mode & 4);
    a.queues.nin = a.queues.nout = 1;
    a.queues.in[0] = (struct qdr_queue){ 0, SL_IN_AT, SLSB_IN_AT, key, key, key, key };
    a.queues.out[0] = (struct qdr_queue){ 0, SL_OUT_AT, SLSB_OUT_AT, key, key, key, key };
    a.out_next[0] = parm[0] & 0x7F;
    a.in_next = parm[3] & 0x7F;
    if (mode & 2)
        tame_osa();
    uint32_t mask = (uint32_t)(parm[1] ^ 0x80) << 24;       /* zero: queue 0 */
    unsigned fc = parm[2] % 3;

    memcpy(before, mem, sizeof mem);
    struct osa_counters c0 = a.c;
    unsigned next0 = a.out_next[0];
    nsend = 0;
    int cc = osa_siga(&a, &gs, fc, mask, pbuf, on_send, &nsend);
    CHECK(a.c.sigas == c0.sigas + 1);
    if (!a.active) {
        CHECK(cc == 1 && a.c.siga_errors == c0.siga_errors + 1);
    } else {
        CHECK(cc == 0 && a.c.siga_errors == c0.siga_errors);
    }
    CHECK(a.c.buffer_errors >= c0.buffer_errors && a.c.slsb_errors >= c0.slsb_errors);
    unsigned walked = (a.out_next[0] - next0 + QDIO_MAX_BUFFERS) % QDIO_MAX_BUFFERS;
    bool took = walked != 0 || nsend != 0 || memcmp(mem, before, sizeof mem) != 0;
    if (!a.active || fc != OSA_SIGA_WRITE || !(mask & 0x80000000u)) {
        CHECK(!took && a.out_next[0] == next0);
    }
    for (unsigned i = 0; i < GSIZE; i++) {
        if (mem[i] == before[i])
            continue;
        CHECK(i >= SLSB_OUT_AT && i < SLSB_OUT_AT + QDIO_MAX_BUFFERS);
        unsigned idx = i - SLSB_OUT_AT;
        CHECK(before[i] == SLSB_CU_OUTPUT_PRIMED);
        CHECK(mem[i] == SLSB_P_OUTPUT_EMPTY || mem[i] == SLSB_P_OUTPUT_ERROR);
        /* in the range walked (all 128 when it came round to next0) */
        unsigned rel = (idx - next0 + QDIO_MAX_BUFFERS) % QDIO_MAX_BUFFERS;
        CHECK(rel < walked || walked == 0);
    }
    CHECK(nsend <= 16u * QDIO_MAX_BUFFERS);

    /* deliver a fuzzed datagram */
    size_t dlen = (size_t)be(parm + 4, 2) % 4096;
    for (size_t i = 0; i < dlen; i++)
        data[i] = size ? in[i % size] : 0;
    unsigned in0 = a.in_next;
    uint8_t st0 = mem[SLSB_IN_AT + in0];
    memcpy(before, mem, sizeof mem);
    c0 = a.c;
    bool ok = osa_deliver(&a, &gs, data, dlen, parm[6] & 1);
    if (ok) {
        CHECK(a.active && st0 == SLSB_CU_INPUT_EMPTY);
        /* a delivery the guest sees: primed (an SLSB CP cannot store is
         * refused before anything moves) */
        CHECK(mem[SLSB_IN_AT + in0] == SLSB_P_INPUT_PRIMED);
        CHECK(a.in_next == (in0 + 1) % QDIO_MAX_BUFFERS);
        CHECK(a.c.buffer_errors == c0.buffer_errors);
    } else if (!a.active || st0 != SLSB_CU_INPUT_EMPTY) {
        CHECK(memcmp(mem, before, sizeof mem) == 0);
        CHECK(a.in_next == in0);
    } else {
        /* too big (stays empty, nothing stored) or error state 8F */
        uint8_t st = mem[SLSB_IN_AT + in0];
        CHECK(st == SLSB_CU_INPUT_EMPTY || st == SLSB_P_INPUT_ERROR
              || a.c.slsb_errors > c0.slsb_errors);
        if (a.in_next == in0)
            CHECK(memcmp(mem, before, sizeof mem) == 0);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size)
{
    static uint8_t head[IN_MEM];
    size_t n = size < sizeof head ? size : sizeof head;
    memset(head, 0, sizeof head);
    memcpy(head, in, n);
    in += n, size -= n;
    memcpy(keys, head + IN_KEYS, sizeof keys);
    memset(mem, 0, sizeof mem);
    memcpy(mem, in, size < GSIZE ? size : GSIZE);

    uint8_t mode = head[IN_MODE], key = mode >> 4;
    const uint8_t *parm = head + IN_PARM;
    if (mode & 1) {
        run_osa(parm, mode, key, in, size);
        return 0;
    }
    memcpy(mem + SBAL_AT, head + IN_SBAL, 256);
    if (mode & 2) {                                 /* tame the SBAL */
        for (unsigned k = 0; k < 16; k++) {
            uint8_t *x = mem + SBAL_AT + 16 * k;
            memset(x + 4, 0, 2);
            memset(x + 8, 0, 6);
        }
    }
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (uint8_t)(i * 31 + (size ? in[i % size] : 0));
    run_qbuf(parm, mode, key);
    return 0;
}
