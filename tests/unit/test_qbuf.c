/*
 * test_qbuf.c - QDIO buffers in guest storage: qdio/qbuf.c (the packets of
 * a primed output SBAL, one packet written into an input SBAL) and the
 * OSA data path on top of it, qdio/osadata.c (SIGA-w over the output
 * queue by SLSB state, delivery into input queue 0 in ring order).
 *
 * Fake guest storage of 256 KB over a byte array with a storage key per
 * 4 KB page; every page has key 3 (not fetch-protected) unless a case
 * says otherwise, and every access is made with key 3.  The struct osa is
 * set up directly (queues as an accepted QDR would describe them), so the
 * data path is tested without the control session.
 *
 * Layout (guest absolute):
 *   0x01000  SBAL of the qbuf cases          0x02000  SLSB input queue 0
 *   0x04000  data of the qbuf cases (16 KB)  0x02100  SLSB output queue 0
 *   0x10000  output data, 256 B per buffer   0x02400  SL input queue 0
 *   0x20000  output SBALs, 256 B per buffer  0x02800  SL output queue 0
 *   0x28000  input SBALs, 256 B per buffer
 *   0x30000  input data, 512 B per buffer
 */
#include <string.h>
#include "tests/unit/suites.h"
#include "cp/vm/gstore.h"
#include "qdio/qbuf.h"
#include "qdio/osa.h"
#include "lib/ipv4.h"
#include "lib/be.h"

#define GSIZE       (256 * 1024)
#define KEY         3
#define PAGE_KEY    0x30
#define SBAL_AT     0x1000
#define DATA_AT     0x4000
#define SLSB_IN_AT  0x2000
#define SLSB_OUT_AT 0x2100
#define SL_IN_AT    0x2400
#define SL_OUT_AT   0x2800
#define OUT_DATA(i) (0x10000u + 0x100u * (i))
#define OUT_SBAL(i) (0x20000u + 0x100u * (i))
#define IN_SBAL(i)  (0x28000u + 0x100u * (i))
#define IN_DATA(i)  (0x30000u + 0x200u * (i))
#define IP(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (uint32_t)(d))

static uint8_t mem[GSIZE], before[GSIZE];
static uint8_t keys[GSIZE / 4096];
static uint8_t *fake_page(void *ctx, uint64_t pfn) { (void)ctx; return mem + pfn * 4096; }
static uint8_t fake_key(void *ctx, uint64_t pfn) { (void)ctx; return keys[pfn]; }
static const struct gstore gs = { NULL, GSIZE, 0, fake_page, fake_key };

static uint8_t pbuf[QBUF_PACKET_MAX];

/* What the packet / send callbacks saw. */
#define MAX_SEEN    20
static unsigned nseen;
static size_t seen_len[MAX_SEEN];
static uint8_t seen[MAX_SEEN][2048];

static void record(const uint8_t *p, size_t len)
{
    if (nseen < MAX_SEEN) {
        seen_len[nseen] = len;
        memcpy(seen[nseen], p, len < sizeof seen[0] ? len : sizeof seen[0]);
    }
    nseen++;
}

static void on_packet(void *ctx, const uint8_t *p, size_t len)
{
    (void)ctx;
    record(p, len);
}

static void reset_storage(void)
{
    memset(mem, 0, sizeof mem);
    memset(keys, PAGE_KEY, sizeof keys);
    memset(seen_len, 0, sizeof seen_len);
    nseen = 0;
}

static void put_sbale(uint64_t sbal, unsigned i, uint8_t f0, uint32_t len, uint64_t addr)
{
    struct sbale *e = &((struct sbal *)(mem + sbal))->e[i];
    memset(e, 0, sizeof *e);
    e->flags[0] = f0;
    sbale_set_length(e, len);
    sbale_set_addr(e, addr);
}

static const struct sbale *sbale_at(uint64_t sbal, unsigned i)
{
    return &((const struct sbal *)(mem + sbal))->e[i];
}

/* A packet (L3 header with id and length field hlen, then dlen pattern
 * bytes from seed) into out; returns its length. */
static size_t make_packet(uint8_t *out, uint8_t id, uint16_t hlen, size_t dlen, uint8_t seed)
{
    struct qdio_hdr_l3 *h = (struct qdio_hdr_l3 *)out;
    memset(out, 0, QDIO_HDR_LEN);
    h->id = id;
    h->flags = QDIO_CAST_UNICAST;
    qdio_l3_set_length(h, hlen);
    for (size_t i = 0; i < dlen; i++)
        out[QDIO_HDR_LEN + i] = (uint8_t)(seed + i * 13);
    return QDIO_HDR_LEN + dlen;
}

/* A well-formed packet with dlen data bytes at guest address at. */
static size_t put_packet(uint64_t at, size_t dlen, uint8_t seed)
{
    return make_packet(mem + at, QDIO_HDR_ID_L3, (uint16_t)dlen, dlen, seed);
}

static enum qbuf_err read_out(uint64_t sbala, unsigned *np)
{
    return qbuf_read_output(&gs, sbala, KEY, pbuf, on_packet, NULL, np);
}

/* ---- qbuf_read_output -------------------------------------------------- */

static void test_err_str(void)
{
    CU_ASSERT_STRING_EQUAL(qbuf_err_str(QBUF_OK), "ok");
    CU_ASSERT_STRING_EQUAL(qbuf_err_str(QBUF_ERR_TOO_BIG), "packet larger than the buffer");
    CU_ASSERT_STRING_EQUAL(qbuf_err_str((enum qbuf_err)-5), "unknown buffer error");
    CU_ASSERT_STRING_EQUAL(qbuf_err_str((enum qbuf_err)1), "unknown buffer error");
}

static void test_read_one_sbale(void)
{
    reset_storage();
    size_t n = put_packet(DATA_AT, 100, 1);
    put_sbale(SBAL_AT, 0, SBALE_F0_LAST_ENTRY, (uint32_t)n, DATA_AT);
    memcpy(before, mem, sizeof mem);
    unsigned np = 99;
    CU_ASSERT_EQUAL(read_out(SBAL_AT, &np), QBUF_OK);
    CU_ASSERT_EQUAL(np, 1);
    CU_ASSERT_EQUAL(nseen, 1);
    CU_ASSERT_EQUAL(seen_len[0], 132);
    CU_ASSERT_EQUAL(memcmp(seen[0], mem + DATA_AT, 132), 0);
    CU_ASSERT_EQUAL(memcmp(mem, before, sizeof mem), 0);    /* reading stores nothing */
}

static void test_read_fragments(void)
{
    uint8_t lin[2048];
    reset_storage();
    size_t n = make_packet(lin, QDIO_HDR_ID_L3, 1508, 1508, 7);
    CU_ASSERT_EQUAL(n, 1540);
    /* 40 bytes (header + 8), 1000 across a page boundary, the last 500 */
    memcpy(mem + DATA_AT, lin, 40);
    memcpy(mem + DATA_AT + 0x1000 - 300, lin + 40, 1000);
    memcpy(mem + DATA_AT + 0x2000, lin + 1040, 500);
    put_sbale(SBAL_AT, 0, SBALE_F0_FIRST_FRAG, 40, DATA_AT);
    put_sbale(SBAL_AT, 1, SBALE_F0_MIDDLE_FRAG, 1000, DATA_AT + 0x1000 - 300);
    put_sbale(SBAL_AT, 2, SBALE_F0_LAST_FRAG | SBALE_F0_LAST_ENTRY, 500, DATA_AT + 0x2000);
    unsigned np;
    CU_ASSERT_EQUAL(read_out(SBAL_AT, &np), QBUF_OK);
    CU_ASSERT_EQUAL(np, 1);
    CU_ASSERT_EQUAL(seen_len[0], 1540);
    CU_ASSERT_EQUAL(memcmp(seen[0], lin, 1540), 0);
    /* two middles, and an empty middle, are still one packet */
    reset_storage();
    memcpy(mem + DATA_AT, lin, 40);
    memcpy(mem + DATA_AT + 0x100, lin + 40, 500);
    memcpy(mem + DATA_AT + 0x400, lin + 540, 500);
    memcpy(mem + DATA_AT + 0x800, lin + 1040, 500);
    put_sbale(SBAL_AT, 0, SBALE_F0_FIRST_FRAG, 40, DATA_AT);
    put_sbale(SBAL_AT, 1, SBALE_F0_MIDDLE_FRAG, 500, DATA_AT + 0x100);
    put_sbale(SBAL_AT, 2, SBALE_F0_MIDDLE_FRAG, 0, DATA_AT + 0x300);
    put_sbale(SBAL_AT, 3, SBALE_F0_MIDDLE_FRAG, 500, DATA_AT + 0x400);
    put_sbale(SBAL_AT, 4, SBALE_F0_LAST_FRAG | SBALE_F0_LAST_ENTRY, 500, DATA_AT + 0x800);
    CU_ASSERT_EQUAL(read_out(SBAL_AT, &np), QBUF_OK);
    CU_ASSERT_EQUAL(np, 1);
    CU_ASSERT_EQUAL(seen_len[0], 1540);
    CU_ASSERT_EQUAL(memcmp(seen[0], lin, 1540), 0);
}

static void test_read_two_packets(void)
{
    reset_storage();
    size_t n1 = put_packet(DATA_AT, 60, 1);
    size_t n2 = put_packet(DATA_AT + 0x200, 200, 2);
    put_sbale(SBAL_AT, 0, 0, (uint32_t)n1, DATA_AT);
    put_sbale(SBAL_AT, 1, SBALE_F0_LAST_ENTRY, (uint32_t)n2, DATA_AT + 0x200);
    put_sbale(SBAL_AT, 2, 0, 0xFFFF, GSIZE);            /* past the last entry: ignored */
    unsigned np;
    CU_ASSERT_EQUAL(read_out(SBAL_AT, &np), QBUF_OK);
    CU_ASSERT_EQUAL(np, 2);
    CU_ASSERT_EQUAL(nseen, 2);
    CU_ASSERT_EQUAL(seen_len[0], 92);
    CU_ASSERT_EQUAL(seen_len[1], 232);
    CU_ASSERT_EQUAL(memcmp(seen[0], mem + DATA_AT, 92), 0);
    CU_ASSERT_EQUAL(memcmp(seen[1], mem + DATA_AT + 0x200, 232), 0);
    /* a fragmented packet after a whole one */
    reset_storage();
    uint8_t lin[512];
    n1 = put_packet(DATA_AT, 10, 1);
    n2 = make_packet(lin, QDIO_HDR_ID_L3, 300, 300, 9);
    memcpy(mem + DATA_AT + 0x100, lin, 100);
    memcpy(mem + DATA_AT + 0x300, lin + 100, 232);
    put_sbale(SBAL_AT, 0, 0, (uint32_t)n1, DATA_AT);
    put_sbale(SBAL_AT, 1, SBALE_F0_FIRST_FRAG, 100, DATA_AT + 0x100);
    put_sbale(SBAL_AT, 2, SBALE_F0_LAST_FRAG | SBALE_F0_LAST_ENTRY, 232, DATA_AT + 0x300);
    CU_ASSERT_EQUAL(read_out(SBAL_AT, &np), QBUF_OK);
    CU_ASSERT_EQUAL(np, 2);
    CU_ASSERT_EQUAL(seen_len[1], n2);
    CU_ASSERT_EQUAL(memcmp(seen[1], lin, n2), 0);
}

/* One good packet in SBALE 0, then the SBALE 1 of the case. */
static void good_first(void)
{
    reset_storage();
    size_t n = put_packet(DATA_AT, 20, 1);
    put_sbale(SBAL_AT, 0, 0, (uint32_t)n, DATA_AT);
}

static void test_read_errors(void)
{
    unsigned np;
    /* SBAL misaligned, outside storage, straddling its end */
    good_first();
    put_sbale(SBAL_AT, 0, SBALE_F0_LAST_ENTRY, 52, DATA_AT);
    CU_ASSERT_EQUAL(read_out(SBAL_AT + 0x10, &np), QBUF_ERR_FORMAT);
    CU_ASSERT_EQUAL(np, 0);
    CU_ASSERT_EQUAL(read_out(SBAL_AT + 1, &np), QBUF_ERR_FORMAT);
    CU_ASSERT_EQUAL(read_out(GSIZE, &np), QBUF_ERR_ADDRESSING);
    CU_ASSERT_EQUAL(read_out(0xFFFFFFFFFFFFFF00ull, &np), QBUF_ERR_ADDRESSING);
    CU_ASSERT_EQUAL(np, 0);
    CU_ASSERT_EQUAL(read_out(SBAL_AT, &np), QBUF_OK);   /* the control */
    CU_ASSERT_EQUAL(nseen, 1);
    /* the SBAL in a fetch-protected page of another key */
    keys[SBAL_AT / 4096] = 0x58;
    CU_ASSERT_EQUAL(read_out(SBAL_AT, &np), QBUF_ERR_PROTECTION);
    keys[SBAL_AT / 4096] = 0x50;                        /* not fetch-protected */
    CU_ASSERT_EQUAL(read_out(SBAL_AT, &np), QBUF_OK);

    /* data outside storage: packets before the fault were passed on */
    good_first();
    put_sbale(SBAL_AT, 1, SBALE_F0_LAST_ENTRY, 64, GSIZE - 32);
    CU_ASSERT_EQUAL(read_out(SBAL_AT, &np), QBUF_ERR_ADDRESSING);
    CU_ASSERT_EQUAL(np, 1);
    CU_ASSERT_EQUAL(nseen, 1);
    put_sbale(SBAL_AT, 1, SBALE_F0_LAST_ENTRY, 64, 0xFFFFFFFFFFFFFFF0ull);
    CU_ASSERT_EQUAL(read_out(SBAL_AT, &np), QBUF_ERR_ADDRESSING);

    /* data in a fetch-protected page with another key */
    good_first();
    put_packet(DATA_AT + 0x1000, 40, 2);
    put_sbale(SBAL_AT, 1, SBALE_F0_LAST_ENTRY, 72, DATA_AT + 0x1000);
    keys[(DATA_AT + 0x1000) / 4096] = 0x58;
    CU_ASSERT_EQUAL(read_out(SBAL_AT, &np), QBUF_ERR_PROTECTION);
    CU_ASSERT_EQUAL(np, 1);
    keys[(DATA_AT + 0x1000) / 4096] = PAGE_KEY | GS_KEY_FETCH;   /* own key: fine */
    CU_ASSERT_EQUAL(read_out(SBAL_AT, &np), QBUF_OK);
    CU_ASSERT_EQUAL(np, 2);
    /* key 0 accesses anything */
    keys[(DATA_AT + 0x1000) / 4096] = 0x58;
    CU_ASSERT_EQUAL(qbuf_read_output(&gs, SBAL_AT, 0, pbuf, on_packet, NULL, &np), QBUF_OK);

    /* header split: a first SBALE (whole or FIRST) shorter than 32 */
    good_first();
    uint8_t lin[256];
    make_packet(lin, QDIO_HDR_ID_L3, 68, 68, 3);
    memcpy(mem + DATA_AT + 0x100, lin, 20);
    memcpy(mem + DATA_AT + 0x200, lin + 20, 80);
    put_sbale(SBAL_AT, 1, SBALE_F0_FIRST_FRAG, 20, DATA_AT + 0x100);
    put_sbale(SBAL_AT, 2, SBALE_F0_LAST_FRAG | SBALE_F0_LAST_ENTRY, 80, DATA_AT + 0x200);
    CU_ASSERT_EQUAL(read_out(SBAL_AT, &np), QBUF_ERR_FORMAT);
    CU_ASSERT_EQUAL(np, 1);
    put_sbale(SBAL_AT, 1, SBALE_F0_LAST_ENTRY, 31, DATA_AT + 0x100);
    CU_ASSERT_EQUAL(read_out(SBAL_AT, &np), QBUF_ERR_FORMAT);
    put_sbale(SBAL_AT, 1, SBALE_F0_LAST_ENTRY, 0, DATA_AT + 0x100);
    CU_ASSERT_EQUAL(read_out(SBAL_AT, &np), QBUF_ERR_FORMAT);

    /* the header's length field disagrees with the SBALEs */
    good_first();
    make_packet(mem + DATA_AT + 0x100, QDIO_HDR_ID_L3, 100, 99, 4);
    put_sbale(SBAL_AT, 1, SBALE_F0_LAST_ENTRY, 32 + 99, DATA_AT + 0x100);
    CU_ASSERT_EQUAL(read_out(SBAL_AT, &np), QBUF_ERR_FORMAT);
    CU_ASSERT_EQUAL(np, 1);
    put_sbale(SBAL_AT, 1, SBALE_F0_LAST_ENTRY, 32 + 101, DATA_AT + 0x100);
    CU_ASSERT_EQUAL(read_out(SBAL_AT, &np), QBUF_ERR_FORMAT);
    put_sbale(SBAL_AT, 1, SBALE_F0_LAST_ENTRY, 32 + 100, DATA_AT + 0x100);
    CU_ASSERT_EQUAL(read_out(SBAL_AT, &np), QBUF_OK);   /* the control */

    /* not a layer-3 header */
    good_first();
    make_packet(mem + DATA_AT + 0x100, QDIO_HDR_ID_L2, 40, 40, 5);
    put_sbale(SBAL_AT, 1, SBALE_F0_LAST_ENTRY, 72, DATA_AT + 0x100);
    CU_ASSERT_EQUAL(read_out(SBAL_AT, &np), QBUF_ERR_FORMAT);
    CU_ASSERT_EQUAL(np, 1);
}

static void test_read_chain_errors(void)
{
    unsigned np;
    /* 16 whole packets and no last entry */
    reset_storage();
    for (unsigned i = 0; i < QDIO_MAX_SBALES; i++) {
        size_t n = put_packet(DATA_AT + 0x100 * i, 10, (uint8_t)i);
        put_sbale(SBAL_AT, i, 0, (uint32_t)n, DATA_AT + 0x100 * i);
    }
    CU_ASSERT_EQUAL(read_out(SBAL_AT, &np), QBUF_ERR_FORMAT);
    CU_ASSERT_EQUAL(np, 16);
    /* ... the same with the last entry on SBALE 15 is fine */
    ((struct sbal *)(mem + SBAL_AT))->e[15].flags[0] = SBALE_F0_LAST_ENTRY;
    nseen = 0;
    CU_ASSERT_EQUAL(read_out(SBAL_AT, &np), QBUF_OK);
    CU_ASSERT_EQUAL(np, 16);
    CU_ASSERT_EQUAL(nseen, 16);

    /* a chain starting with MIDDLE or LAST */
    reset_storage();
    uint8_t lin[256];
    make_packet(lin, QDIO_HDR_ID_L3, 68, 68, 3);
    memcpy(mem + DATA_AT, lin, 50);
    memcpy(mem + DATA_AT + 0x100, lin + 50, 50);
    put_sbale(SBAL_AT, 0, SBALE_F0_MIDDLE_FRAG, 50, DATA_AT);
    put_sbale(SBAL_AT, 1, SBALE_F0_LAST_FRAG | SBALE_F0_LAST_ENTRY, 50, DATA_AT + 0x100);
    CU_ASSERT_EQUAL(read_out(SBAL_AT, &np), QBUF_ERR_FORMAT);
    CU_ASSERT_EQUAL(np, 0);
    CU_ASSERT_EQUAL(nseen, 0);
    put_sbale(SBAL_AT, 0, SBALE_F0_LAST_FRAG | SBALE_F0_LAST_ENTRY, 100, DATA_AT);
    CU_ASSERT_EQUAL(read_out(SBAL_AT, &np), QBUF_ERR_FORMAT);
    /* FIRST followed by a whole packet, by another FIRST */
    put_sbale(SBAL_AT, 0, SBALE_F0_FIRST_FRAG, 50, DATA_AT);
    put_sbale(SBAL_AT, 1, SBALE_F0_LAST_ENTRY, 50, DATA_AT + 0x100);
    CU_ASSERT_EQUAL(read_out(SBAL_AT, &np), QBUF_ERR_FORMAT);
    put_sbale(SBAL_AT, 1, SBALE_F0_FIRST_FRAG | SBALE_F0_LAST_ENTRY, 50, DATA_AT + 0x100);
    CU_ASSERT_EQUAL(read_out(SBAL_AT, &np), QBUF_ERR_FORMAT);
    /* the last entry inside a chain (FIRST/MIDDLE marked last) */
    put_sbale(SBAL_AT, 1, SBALE_F0_MIDDLE_FRAG | SBALE_F0_LAST_ENTRY, 50, DATA_AT + 0x100);
    CU_ASSERT_EQUAL(read_out(SBAL_AT, &np), QBUF_ERR_FORMAT);
    CU_ASSERT_EQUAL(nseen, 0);
    /* the control: FIRST + LAST */
    put_sbale(SBAL_AT, 1, SBALE_F0_LAST_FRAG | SBALE_F0_LAST_ENTRY, 50, DATA_AT + 0x100);
    CU_ASSERT_EQUAL(read_out(SBAL_AT, &np), QBUF_OK);
    CU_ASSERT_EQUAL(np, 1);
    /* a packet longer than QBUF_PACKET_MAX */
    reset_storage();
    put_sbale(SBAL_AT, 0, SBALE_F0_FIRST_FRAG, 0x8000, DATA_AT);
    put_sbale(SBAL_AT, 1, SBALE_F0_LAST_FRAG | SBALE_F0_LAST_ENTRY, 0x8000 + 33, DATA_AT);
    CU_ASSERT_EQUAL(read_out(SBAL_AT, &np), QBUF_ERR_FORMAT);
    put_sbale(SBAL_AT, 0, SBALE_F0_LAST_ENTRY, 0xFFFFFFFFu, DATA_AT);
    CU_ASSERT_EQUAL(read_out(SBAL_AT, &np), QBUF_ERR_FORMAT);
}

/* The largest packet: header + 65535 bytes across SBALEs. */
static void test_read_largest(void)
{
    unsigned np;
    reset_storage();
    size_t n = make_packet(mem + DATA_AT, QDIO_HDR_ID_L3, 65535, 65535, 1);
    CU_ASSERT_EQUAL(n, QBUF_PACKET_MAX);
    put_sbale(SBAL_AT, 0, SBALE_F0_FIRST_FRAG, 0x8000, DATA_AT);
    put_sbale(SBAL_AT, 1, SBALE_F0_LAST_FRAG | SBALE_F0_LAST_ENTRY, (uint32_t)n - 0x8000,
              DATA_AT + 0x8000);
    CU_ASSERT_EQUAL(read_out(SBAL_AT, &np), QBUF_OK);
    CU_ASSERT_EQUAL(np, 1);
    CU_ASSERT_EQUAL(seen_len[0], QBUF_PACKET_MAX);
    CU_ASSERT_EQUAL(memcmp(pbuf, mem + DATA_AT, n), 0);
}

/* ---- qbuf_write_input -------------------------------------------------- */

static uint8_t hdr[QDIO_HDR_LEN], data[4096];

static void make_hdr_data(size_t len)
{
    for (unsigned i = 0; i < QDIO_HDR_LEN; i++)
        hdr[i] = (uint8_t)(0xA0 + i);
    for (size_t i = 0; i < len; i++)
        data[i] = (uint8_t)(i * 3 + 1);
}

static enum qbuf_err write_in(size_t len)
{
    return qbuf_write_input(&gs, SBAL_AT, KEY, hdr, data, len);
}

static void test_write_one_sbale(void)
{
    reset_storage();
    make_hdr_data(100);
    put_sbale(SBAL_AT, 0, SBALE_F0_MIDDLE_FRAG | SBALE_F0_CONTIGUOUS, 4096, DATA_AT);
    put_sbale(SBAL_AT, 1, SBALE_F0_LAST_ENTRY, 4096, DATA_AT + 0x1000);
    ((struct sbal *)(mem + SBAL_AT))->e[0].flags[3] = SBALE_F3_PCI_REQ;
    memset(mem + DATA_AT, 0x77, 0x2000);
    CU_ASSERT_EQUAL(write_in(100), QBUF_OK);
    const struct sbale *e0 = sbale_at(SBAL_AT, 0), *e1 = sbale_at(SBAL_AT, 1);
    CU_ASSERT_EQUAL(sbale_length(e0), 132);
    CU_ASSERT_EQUAL(e0->flags[0], SBALE_F0_LAST_ENTRY | SBALE_F0_CONTIGUOUS);  /* frag cleared */
    CU_ASSERT_EQUAL(e0->flags[3], SBALE_F3_PCI_REQ);
    CU_ASSERT_EQUAL(sbale_addr(e0), DATA_AT);
    CU_ASSERT_EQUAL(sbale_length(e1), 4096);            /* not used: untouched */
    CU_ASSERT_EQUAL(e1->flags[0], SBALE_F0_LAST_ENTRY);
    CU_ASSERT_EQUAL(memcmp(mem + DATA_AT, hdr, 32), 0);
    CU_ASSERT_EQUAL(memcmp(mem + DATA_AT + 32, data, 100), 0);
    CU_ASSERT_EQUAL(mem[DATA_AT + 132], 0x77);          /* nothing past the packet */
    /* no data at all: just the header */
    reset_storage();
    put_sbale(SBAL_AT, 0, SBALE_F0_LAST_ENTRY, 32, DATA_AT);
    CU_ASSERT_EQUAL(write_in(0), QBUF_OK);
    CU_ASSERT_EQUAL(sbale_length(sbale_at(SBAL_AT, 0)), 32);
    CU_ASSERT_EQUAL(sbale_at(SBAL_AT, 0)->flags[0], SBALE_F0_LAST_ENTRY);
    CU_ASSERT_EQUAL(memcmp(mem + DATA_AT, hdr, 32), 0);
}

static void test_write_three_sbales(void)
{
    reset_storage();
    make_hdr_data(200);
    /* 40 (header + 8), 64 across a page boundary, the rest in 4096 */
    put_sbale(SBAL_AT, 0, 0, 40, DATA_AT);
    put_sbale(SBAL_AT, 1, 0, 64, DATA_AT + 0x1000 - 20);
    put_sbale(SBAL_AT, 2, 0, 4096, DATA_AT + 0x2000);
    put_sbale(SBAL_AT, 3, SBALE_F0_LAST_ENTRY, 4096, DATA_AT + 0x3000);
    CU_ASSERT_EQUAL(write_in(200), QBUF_OK);
    const struct sbale *e = ((const struct sbal *)(mem + SBAL_AT))->e;
    CU_ASSERT_EQUAL(sbale_length(&e[0]), 40);
    CU_ASSERT_EQUAL(sbale_length(&e[1]), 64);
    CU_ASSERT_EQUAL(sbale_length(&e[2]), 128);
    CU_ASSERT_EQUAL(e[0].flags[0], SBALE_F0_FIRST_FRAG);
    CU_ASSERT_EQUAL(e[1].flags[0], SBALE_F0_MIDDLE_FRAG);
    CU_ASSERT_EQUAL(e[2].flags[0], SBALE_F0_LAST_FRAG | SBALE_F0_LAST_ENTRY);
    CU_ASSERT_EQUAL(e[3].flags[0], SBALE_F0_LAST_ENTRY);
    CU_ASSERT_EQUAL(sbale_length(&e[3]), 4096);
    CU_ASSERT_EQUAL(memcmp(mem + DATA_AT, hdr, 32), 0);
    CU_ASSERT_EQUAL(memcmp(mem + DATA_AT + 32, data, 8), 0);
    CU_ASSERT_EQUAL(memcmp(mem + DATA_AT + 0x1000 - 20, data + 8, 64), 0);
    CU_ASSERT_EQUAL(memcmp(mem + DATA_AT + 0x2000, data + 72, 128), 0);
    /* the header itself across the boundary: first SBALE exactly 32 */
    reset_storage();
    put_sbale(SBAL_AT, 0, 0, 32, DATA_AT + 0x1000 - 16);
    put_sbale(SBAL_AT, 1, SBALE_F0_LAST_ENTRY, 4096, DATA_AT + 0x2000);
    CU_ASSERT_EQUAL(write_in(10), QBUF_OK);
    CU_ASSERT_EQUAL(memcmp(mem + DATA_AT + 0x1000 - 16, hdr, 32), 0);
    CU_ASSERT_EQUAL(memcmp(mem + DATA_AT + 0x2000, data, 10), 0);
    CU_ASSERT_EQUAL(sbale_at(SBAL_AT, 0)->flags[0], SBALE_F0_FIRST_FRAG);
    CU_ASSERT_EQUAL(sbale_at(SBAL_AT, 1)->flags[0], SBALE_F0_LAST_FRAG | SBALE_F0_LAST_ENTRY);
    CU_ASSERT_EQUAL(sbale_length(sbale_at(SBAL_AT, 1)), 10);
}

static void test_write_exact_fit(void)
{
    reset_storage();
    make_hdr_data(96);
    put_sbale(SBAL_AT, 0, 0, 64, DATA_AT);
    put_sbale(SBAL_AT, 1, SBALE_F0_LAST_ENTRY, 64, DATA_AT + 0x100);
    CU_ASSERT_EQUAL(write_in(96), QBUF_OK);
    CU_ASSERT_EQUAL(sbale_length(sbale_at(SBAL_AT, 0)), 64);
    CU_ASSERT_EQUAL(sbale_length(sbale_at(SBAL_AT, 1)), 64);
    CU_ASSERT_EQUAL(sbale_at(SBAL_AT, 0)->flags[0], SBALE_F0_FIRST_FRAG);
    CU_ASSERT_EQUAL(sbale_at(SBAL_AT, 1)->flags[0], SBALE_F0_LAST_FRAG | SBALE_F0_LAST_ENTRY);
    CU_ASSERT_EQUAL(memcmp(mem + DATA_AT + 32, data, 32), 0);
    CU_ASSERT_EQUAL(memcmp(mem + DATA_AT + 0x100, data + 32, 64), 0);
    /* all 16 SBALEs, no last-entry flag anywhere: exactly their sum */
    reset_storage();
    for (unsigned i = 0; i < QDIO_MAX_SBALES; i++)
        put_sbale(SBAL_AT, i, 0, 64, DATA_AT + 0x40 * i);
    CU_ASSERT_EQUAL(write_in(16 * 64 - 32 + 1), QBUF_ERR_TOO_BIG);
    CU_ASSERT_EQUAL(write_in(16 * 64 - 32), QBUF_OK);
    CU_ASSERT_EQUAL(sbale_at(SBAL_AT, 15)->flags[0], SBALE_F0_LAST_FRAG | SBALE_F0_LAST_ENTRY);
    CU_ASSERT_EQUAL(memcmp(mem + DATA_AT + 32, data, 16 * 64 - 32), 0);
}

static void test_write_too_big(void)
{
    reset_storage();
    make_hdr_data(97);
    put_sbale(SBAL_AT, 0, 0, 64, DATA_AT);
    put_sbale(SBAL_AT, 1, SBALE_F0_LAST_ENTRY, 64, DATA_AT + 0x100);
    put_sbale(SBAL_AT, 2, 0, 4096, DATA_AT + 0x1000);   /* after the last: not room */
    memcpy(before, mem, sizeof mem);
    CU_ASSERT_EQUAL(write_in(97), QBUF_ERR_TOO_BIG);
    CU_ASSERT_EQUAL(memcmp(mem, before, sizeof mem), 0);
    CU_ASSERT_EQUAL(write_in(4000), QBUF_ERR_TOO_BIG);
    CU_ASSERT_EQUAL(memcmp(mem, before, sizeof mem), 0);
    /* an SBAL of empty SBALEs */
    reset_storage();
    put_sbale(SBAL_AT, 0, SBALE_F0_LAST_ENTRY, 0, DATA_AT);
    memcpy(before, mem, sizeof mem);
    CU_ASSERT_EQUAL(write_in(0), QBUF_ERR_TOO_BIG);
    CU_ASSERT_EQUAL(memcmp(mem, before, sizeof mem), 0);
}

static void test_write_errors(void)
{
    reset_storage();
    make_hdr_data(100);
    /* first SBALE shorter than the header */
    put_sbale(SBAL_AT, 0, 0, 16, DATA_AT);
    put_sbale(SBAL_AT, 1, SBALE_F0_LAST_ENTRY, 4096, DATA_AT + 0x100);
    memcpy(before, mem, sizeof mem);
    CU_ASSERT_EQUAL(write_in(100), QBUF_ERR_FORMAT);
    CU_ASSERT_EQUAL(memcmp(mem, before, sizeof mem), 0);
    put_sbale(SBAL_AT, 0, 0, 31, DATA_AT);
    memcpy(before, mem, sizeof mem);
    CU_ASSERT_EQUAL(write_in(100), QBUF_ERR_FORMAT);
    CU_ASSERT_EQUAL(memcmp(mem, before, sizeof mem), 0);
    /* data page of another key (store: fetch protection bit irrelevant) */
    reset_storage();
    put_sbale(SBAL_AT, 0, SBALE_F0_LAST_ENTRY, 4096, DATA_AT);
    keys[DATA_AT / 4096] = 0x50;
    memcpy(before, mem, sizeof mem);
    CU_ASSERT_EQUAL(write_in(100), QBUF_ERR_PROTECTION);
    CU_ASSERT_EQUAL(memcmp(mem, before, sizeof mem), 0);
    CU_ASSERT_EQUAL(qbuf_write_input(&gs, SBAL_AT, 0, hdr, data, 100), QBUF_OK);  /* key 0 */
    /* the SBAL's page of another key: data may be stored, SBAL not */
    reset_storage();
    put_sbale(SBAL_AT, 0, SBALE_F0_LAST_ENTRY, 4096, DATA_AT);
    keys[SBAL_AT / 4096] = 0x50;
    CU_ASSERT_EQUAL(write_in(100), QBUF_ERR_PROTECTION);
    CU_ASSERT_EQUAL(sbale_length(sbale_at(SBAL_AT, 0)), 4096);
    /* data outside storage; SBAL misaligned or outside */
    reset_storage();
    put_sbale(SBAL_AT, 0, SBALE_F0_LAST_ENTRY, 4096, GSIZE - 64);
    CU_ASSERT_EQUAL(write_in(100), QBUF_ERR_ADDRESSING);
    put_sbale(SBAL_AT, 0, SBALE_F0_LAST_ENTRY, 4096, DATA_AT);
    CU_ASSERT_EQUAL(qbuf_write_input(&gs, SBAL_AT + 8, KEY, hdr, data, 10), QBUF_ERR_FORMAT);
    CU_ASSERT_EQUAL(qbuf_write_input(&gs, GSIZE, KEY, hdr, data, 10), QBUF_ERR_ADDRESSING);
}

/* A written input buffer holding an L3 packet reads back as that packet. */
static void test_write_read_round_trip(void)
{
    reset_storage();
    make_hdr_data(0);
    make_packet(hdr, QDIO_HDR_ID_L3, 300, 0, 0);
    for (size_t i = 0; i < 300; i++)
        data[i] = (uint8_t)(i ^ 0x5A);
    put_sbale(SBAL_AT, 0, 0, 100, DATA_AT);
    put_sbale(SBAL_AT, 1, 0, 100, DATA_AT + 0x1000 - 50);
    put_sbale(SBAL_AT, 2, 0, 100, DATA_AT + 0x2000);
    put_sbale(SBAL_AT, 3, SBALE_F0_LAST_ENTRY, 100, DATA_AT + 0x3000);
    CU_ASSERT_EQUAL(write_in(300), QBUF_OK);
    unsigned np;
    CU_ASSERT_EQUAL(read_out(SBAL_AT, &np), QBUF_OK);
    CU_ASSERT_EQUAL(np, 1);
    CU_ASSERT_EQUAL(seen_len[0], 332);
    CU_ASSERT_EQUAL(memcmp(seen[0], hdr, 32), 0);
    CU_ASSERT_EQUAL(memcmp(seen[0] + 32, data, 300), 0);
}

/* ---- osa_siga / osa_deliver ---------------------------------------------- */

static struct osa a;

static void osa_setup(void)
{
    reset_storage();
    osa_init(&a, 0x0700, NULL, GL_PORT_NONE);
    a.established = a.active = true;
    a.queues.nin = a.queues.nout = 1;
    a.queues.in[0] = (struct qdr_queue){ 0, SL_IN_AT, SLSB_IN_AT, KEY, KEY, KEY, KEY };
    a.queues.out[0] = (struct qdr_queue){ 0, SL_OUT_AT, SLSB_OUT_AT, KEY, KEY, KEY, KEY };
    for (unsigned i = 0; i < QDIO_MAX_BUFFERS; i++) {
        sl_set_sbala((struct sl *)(mem + SL_OUT_AT), i, OUT_SBAL(i));
        sl_set_sbala((struct sl *)(mem + SL_IN_AT), i, IN_SBAL(i));
        mem[SLSB_OUT_AT + i] = SLSB_P_OUTPUT_EMPTY;
        mem[SLSB_IN_AT + i] = SLSB_P_INPUT_NOT_INIT;
        put_sbale(IN_SBAL(i), 0, SBALE_F0_LAST_ENTRY, 0x200, IN_DATA(i));
    }
}

static uint8_t out_state(unsigned i) { return mem[SLSB_OUT_AT + i]; }
static uint8_t in_state(unsigned i) { return mem[SLSB_IN_AT + i]; }

/* Output buffer i primed with one packet of dlen data bytes (seed i). */
static void prime_out(unsigned i, size_t dlen)
{
    size_t n = put_packet(OUT_DATA(i), dlen, (uint8_t)i);
    put_sbale(OUT_SBAL(i), 0, SBALE_F0_LAST_ENTRY, (uint32_t)n, OUT_DATA(i));
    mem[SLSB_OUT_AT + i] = SLSB_CU_OUTPUT_PRIMED;
}

static void on_send(void *ctx, struct osa *o, const uint8_t *dg, size_t len, uint32_t nexthop)
{
    (void)nexthop;
    CU_ASSERT_PTR_EQUAL(o, &a);
    CU_ASSERT_PTR_EQUAL(ctx, &a.c);
    record(dg, len);
}

static int siga(unsigned fc, uint32_t mask)
{
    return osa_siga(&a, &gs, fc, mask, pbuf, on_send, &a.c);
}

/* Was the datagram seen at k the one of output buffer i (dlen bytes)? */
static bool sent_is(unsigned k, unsigned i, size_t dlen)
{
    return seen_len[k] == dlen && memcmp(seen[k], mem + OUT_DATA(i) + 32, dlen) == 0;
}

static void test_siga_ring_order(void)
{
    osa_setup();
    prime_out(0, 10);
    prime_out(1, 20);
    prime_out(2, 30);
    prime_out(4, 40);                                   /* behind an empty one */
    CU_ASSERT_EQUAL(siga(OSA_SIGA_WRITE, 0x80000000u), 0);
    CU_ASSERT_EQUAL(nseen, 3);
    CU_ASSERT_TRUE(sent_is(0, 0, 10));
    CU_ASSERT_TRUE(sent_is(1, 1, 20));
    CU_ASSERT_TRUE(sent_is(2, 2, 30));
    CU_ASSERT_EQUAL(out_state(0), SLSB_P_OUTPUT_EMPTY);
    CU_ASSERT_EQUAL(out_state(1), SLSB_P_OUTPUT_EMPTY);
    CU_ASSERT_EQUAL(out_state(2), SLSB_P_OUTPUT_EMPTY);
    CU_ASSERT_EQUAL(out_state(4), SLSB_CU_OUTPUT_PRIMED);
    CU_ASSERT_EQUAL(a.out_next[0], 3);
    CU_ASSERT_EQUAL(a.c.sigas, 1);
    CU_ASSERT_EQUAL(a.c.buffer_errors + a.c.slsb_errors + a.c.siga_errors, 0);
    /* once 3 is primed, 3 and 4 go */
    prime_out(3, 50);
    CU_ASSERT_EQUAL(siga(OSA_SIGA_WRITE, 0x80000000u), 0);
    CU_ASSERT_EQUAL(nseen, 5);
    CU_ASSERT_TRUE(sent_is(3, 3, 50));
    CU_ASSERT_TRUE(sent_is(4, 4, 40));
    CU_ASSERT_EQUAL(a.out_next[0], 5);
    /* a SIGA with nothing primed takes nothing */
    CU_ASSERT_EQUAL(siga(OSA_SIGA_WRITE, 0x80000000u), 0);
    CU_ASSERT_EQUAL(nseen, 5);
    CU_ASSERT_EQUAL(a.out_next[0], 5);
    /* wrap around the ring: 126, 127, 0 */
    osa_setup();
    a.out_next[0] = 126;
    prime_out(126, 12);
    prime_out(127, 13);
    prime_out(0, 14);
    prime_out(125, 15);                                 /* before the next: not taken */
    CU_ASSERT_EQUAL(siga(OSA_SIGA_WRITE, 0xFFFFFFFFu), 0);
    CU_ASSERT_EQUAL(nseen, 3);
    CU_ASSERT_TRUE(sent_is(0, 126, 12));
    CU_ASSERT_TRUE(sent_is(1, 127, 13));
    CU_ASSERT_TRUE(sent_is(2, 0, 14));
    CU_ASSERT_EQUAL(a.out_next[0], 1);
    CU_ASSERT_EQUAL(out_state(125), SLSB_CU_OUTPUT_PRIMED);
    /* all 128 primed: one SIGA takes every one, once */
    osa_setup();
    a.out_next[0] = 7;
    for (unsigned i = 0; i < QDIO_MAX_BUFFERS; i++)
        prime_out(i, 1 + i);
    CU_ASSERT_EQUAL(siga(OSA_SIGA_WRITE, 0x80000000u), 0);
    CU_ASSERT_EQUAL(nseen, 128);
    CU_ASSERT_EQUAL(a.out_next[0], 7);
    CU_ASSERT_TRUE(sent_is(0, 7, 8));
    for (unsigned i = 0; i < QDIO_MAX_BUFFERS; i++)
        CU_ASSERT_EQUAL(out_state(i), SLSB_P_OUTPUT_EMPTY);
}

static void test_siga_two_packets_per_buffer(void)
{
    osa_setup();
    size_t n1 = put_packet(OUT_DATA(0), 40, 1);
    size_t n2 = put_packet(OUT_DATA(0) + 0x80, 50, 2);
    put_sbale(OUT_SBAL(0), 0, 0, (uint32_t)n1, OUT_DATA(0));
    put_sbale(OUT_SBAL(0), 1, SBALE_F0_LAST_ENTRY, (uint32_t)n2, OUT_DATA(0) + 0x80);
    mem[SLSB_OUT_AT] = SLSB_CU_OUTPUT_PRIMED;
    CU_ASSERT_EQUAL(siga(OSA_SIGA_WRITE, 0x80000000u), 0);
    CU_ASSERT_EQUAL(nseen, 2);
    CU_ASSERT_EQUAL(seen_len[0], 40);
    CU_ASSERT_EQUAL(seen_len[1], 50);
    CU_ASSERT_EQUAL(memcmp(seen[1], mem + OUT_DATA(0) + 0x80 + 32, 50), 0);
    CU_ASSERT_EQUAL(out_state(0), SLSB_P_OUTPUT_EMPTY);
}

static void test_siga_errors(void)
{
    osa_setup();
    /* a malformed buffer: AF, counted, the next one still goes */
    prime_out(0, 10);
    put_sbale(OUT_SBAL(0), 0, SBALE_F0_MIDDLE_FRAG | SBALE_F0_LAST_ENTRY, 42, OUT_DATA(0));
    prime_out(1, 20);
    CU_ASSERT_EQUAL(siga(OSA_SIGA_WRITE, 0x80000000u), 0);
    CU_ASSERT_EQUAL(out_state(0), SLSB_P_OUTPUT_ERROR);
    CU_ASSERT_EQUAL(out_state(1), SLSB_P_OUTPUT_EMPTY);
    CU_ASSERT_EQUAL(a.c.buffer_errors, 1);
    CU_ASSERT_EQUAL(nseen, 1);
    CU_ASSERT_TRUE(sent_is(0, 1, 20));
    CU_ASSERT_EQUAL(a.out_next[0], 2);
    /* an SL entry outside storage, data of another key: AF too */
    prime_out(2, 10);
    sl_set_sbala((struct sl *)(mem + SL_OUT_AT), 2, GSIZE);
    prime_out(3, 10);
    keys[OUT_DATA(3) / 4096] = 0x58;
    CU_ASSERT_EQUAL(siga(OSA_SIGA_WRITE, 0x80000000u), 0);
    CU_ASSERT_EQUAL(out_state(2), SLSB_P_OUTPUT_ERROR);
    CU_ASSERT_EQUAL(out_state(3), SLSB_P_OUTPUT_ERROR);
    CU_ASSERT_EQUAL(a.c.buffer_errors, 3);
    CU_ASSERT_EQUAL(a.out_next[0], 4);
    keys[OUT_DATA(3) / 4096] = PAGE_KEY;
    /* an input state in the output queue: nothing taken */
    osa_setup();
    prime_out(1, 10);
    mem[SLSB_OUT_AT] = SLSB_P_INPUT_PRIMED;
    CU_ASSERT_EQUAL(siga(OSA_SIGA_WRITE, 0x80000000u), 0);
    CU_ASSERT_EQUAL(a.c.slsb_errors, 1);
    CU_ASSERT_EQUAL(nseen, 0);
    CU_ASSERT_EQUAL(a.out_next[0], 0);
    CU_ASSERT_EQUAL(out_state(0), SLSB_P_INPUT_PRIMED);
    CU_ASSERT_EQUAL(out_state(1), SLSB_CU_OUTPUT_PRIMED);
    mem[SLSB_OUT_AT] = SLSB_CU_INPUT_EMPTY;
    CU_ASSERT_EQUAL(siga(OSA_SIGA_WRITE, 0x80000000u), 0);
    CU_ASSERT_EQUAL(a.c.slsb_errors, 2);
    /* other output states and 0 are the program's: no error, nothing taken */
    static const uint8_t quiet[] = { 0x00, SLSB_P_OUTPUT_NOT_INIT, SLSB_P_OUTPUT_EMPTY,
                                     SLSB_P_OUTPUT_PENDING, SLSB_P_OUTPUT_ERROR,
                                     SLSB_P_OUTPUT_HALTED };
    for (unsigned k = 0; k < ARRAY_SIZE(quiet); k++) {
        mem[SLSB_OUT_AT] = quiet[k];
        CU_ASSERT_EQUAL(siga(OSA_SIGA_WRITE, 0x80000000u), 0);
    }
    CU_ASSERT_EQUAL(a.c.slsb_errors, 2);
    CU_ASSERT_EQUAL(nseen, 0);
    /* the SLSB out of reach (moved by a wrong key) */
    mem[SLSB_OUT_AT] = SLSB_CU_OUTPUT_PRIMED;
    keys[SLSB_OUT_AT / 4096] = 0x58;
    CU_ASSERT_EQUAL(siga(OSA_SIGA_WRITE, 0x80000000u), 0);
    CU_ASSERT_EQUAL(a.c.slsb_errors, 3);
    CU_ASSERT_EQUAL(nseen, 0);
    CU_ASSERT_EQUAL(a.out_next[0], 0);
}

static void test_siga_inactive_and_codes(void)
{
    osa_setup();
    prime_out(0, 10);
    a.active = false;
    CU_ASSERT_EQUAL(siga(OSA_SIGA_WRITE, 0x80000000u), 1);
    CU_ASSERT_EQUAL(siga(OSA_SIGA_READ, 0x80000000u), 1);
    CU_ASSERT_EQUAL(a.c.siga_errors, 2);
    CU_ASSERT_EQUAL(a.c.sigas, 2);
    CU_ASSERT_EQUAL(nseen, 0);
    CU_ASSERT_EQUAL(out_state(0), SLSB_CU_OUTPUT_PRIMED);
    a.active = true;
    CU_ASSERT_EQUAL(siga(OSA_SIGA_READ, 0x80000000u), 0);
    CU_ASSERT_EQUAL(siga(OSA_SIGA_SYNC, 0x80000000u), 0);
    CU_ASSERT_EQUAL(siga(OSA_SIGA_WRITE, 0x40000000u), 0);  /* queue 1: not there */
    CU_ASSERT_EQUAL(siga(OSA_SIGA_WRITE, 0), 0);
    CU_ASSERT_EQUAL(nseen, 0);
    CU_ASSERT_EQUAL(out_state(0), SLSB_CU_OUTPUT_PRIMED);
    CU_ASSERT_EQUAL(a.out_next[0], 0);
    CU_ASSERT_EQUAL(a.c.siga_errors, 2);
    CU_ASSERT_EQUAL(a.c.sigas, 6);
    CU_ASSERT_EQUAL(siga(OSA_SIGA_WRITE, 0x80000000u), 0);
    CU_ASSERT_EQUAL(nseen, 1);
}

/* A UDP datagram of total bytes from 10.1.0.1 to dst into out. */
static size_t dgram(uint8_t *out, uint32_t dst, size_t total)
{
    size_t n = total - IPV4_HDR_LEN - UDP_HDR_LEN;
    for (size_t i = 0; i < n; i++)
        out[IPV4_HDR_LEN + UDP_HDR_LEN + i] = (uint8_t)i;
    size_t u = udp_build(out + IPV4_HDR_LEN, IP(10, 1, 0, 1), dst, 9, 9,
                         out + IPV4_HDR_LEN + UDP_HDR_LEN, n);
    ipv4_build(out, IP(10, 1, 0, 1), dst, IPV4_PROTO_UDP, 1, u);
    return total;
}

/* Input buffer i holds the inbound header (cast) and dg[0..n). */
static bool delivered_as(unsigned i, const uint8_t *dg, size_t n, uint8_t cast, uint32_t dst)
{
    const uint8_t *p = mem + IN_DATA(i);
    uint8_t want[QDIO_HDR_LEN] = { 0 };
    want[0x00] = 0x01;
    want[0x01] = cast;
    be_put16(want + 0x08, (uint16_t)n);
    be_put32(want + 0x1C, dst);
    const struct sbale *e = sbale_at(IN_SBAL(i), 0);
    return memcmp(p, want, sizeof want) == 0 && memcmp(p + 32, dg, n) == 0
        && sbale_length(e) == 32 + n && e->flags[0] == SBALE_F0_LAST_ENTRY;
}

static void test_deliver(void)
{
    uint8_t dg[600];
    osa_setup();
    size_t n = dgram(dg, IP(10, 1, 0, 2), 100);
    /* buffer 0 not handed over yet (80), then primed (82): no buffer */
    CU_ASSERT_FALSE(osa_deliver(&a, &gs, dg, n, false));
    mem[SLSB_IN_AT] = SLSB_P_INPUT_PRIMED;
    CU_ASSERT_FALSE(osa_deliver(&a, &gs, dg, n, false));
    mem[SLSB_IN_AT] = SLSB_P_INPUT_ACK;
    CU_ASSERT_FALSE(osa_deliver(&a, &gs, dg, n, false));
    CU_ASSERT_EQUAL(a.in_next, 0);
    CU_ASSERT_EQUAL(a.c.buffer_errors + a.c.slsb_errors, 0);
    /* handed over: filled, primed, next */
    mem[SLSB_IN_AT] = SLSB_CU_INPUT_EMPTY;
    mem[SLSB_IN_AT + 1] = SLSB_CU_INPUT_EMPTY;
    mem[SLSB_IN_AT + 2] = SLSB_CU_INPUT_EMPTY;
    CU_ASSERT_TRUE(osa_deliver(&a, &gs, dg, n, false));
    CU_ASSERT_EQUAL(in_state(0), SLSB_P_INPUT_PRIMED);
    CU_ASSERT_EQUAL(a.in_next, 1);
    CU_ASSERT_TRUE(delivered_as(0, dg, n, QDIO_CAST_UNICAST, IP(10, 1, 0, 2)));
    /* a broadcast */
    n = dgram(dg, 0xFFFFFFFFu, 60);
    CU_ASSERT_TRUE(osa_deliver(&a, &gs, dg, n, true));
    CU_ASSERT_TRUE(delivered_as(1, dg, n, QDIO_CAST_BROADCAST, 0xFFFFFFFFu));
    CU_ASSERT_EQUAL(in_state(1), SLSB_P_INPUT_PRIMED);
    CU_ASSERT_EQUAL(a.in_next, 2);
    /* exactly the buffer (512 = 32 + 480), then one byte more: too small */
    n = dgram(dg, IP(10, 1, 0, 3), 481);
    CU_ASSERT_FALSE(osa_deliver(&a, &gs, dg, n, false));
    CU_ASSERT_EQUAL(in_state(2), SLSB_CU_INPUT_EMPTY);  /* stays empty */
    CU_ASSERT_EQUAL(a.in_next, 2);
    CU_ASSERT_EQUAL(a.c.buffer_errors, 0);
    n = dgram(dg, IP(10, 1, 0, 3), 480);
    CU_ASSERT_TRUE(osa_deliver(&a, &gs, dg, n, false));
    CU_ASSERT_TRUE(delivered_as(2, dg, n, QDIO_CAST_UNICAST, IP(10, 1, 0, 3)));
    /* buffer 3 not handed over: in_next stays */
    CU_ASSERT_FALSE(osa_deliver(&a, &gs, dg, n, false));
    CU_ASSERT_EQUAL(a.in_next, 3);
    /* inactive */
    mem[SLSB_IN_AT + 3] = SLSB_CU_INPUT_EMPTY;
    a.active = false;
    CU_ASSERT_FALSE(osa_deliver(&a, &gs, dg, n, false));
    CU_ASSERT_EQUAL(in_state(3), SLSB_CU_INPUT_EMPTY);
    a.active = true;
    CU_ASSERT_EQUAL(a.c.buffer_errors + a.c.slsb_errors, 0);
    /* the ring wraps */
    a.in_next = 127;
    mem[SLSB_IN_AT + 127] = SLSB_CU_INPUT_EMPTY;
    CU_ASSERT_TRUE(osa_deliver(&a, &gs, dg, n, false));
    CU_ASSERT_EQUAL(a.in_next, 0);
    CU_ASSERT_EQUAL(in_state(127), SLSB_P_INPUT_PRIMED);
}

static void test_deliver_errors(void)
{
    uint8_t dg[100];
    osa_setup();
    size_t n = dgram(dg, IP(10, 1, 0, 2), 100);
    /* data page of another key: error state 8F, the ring moves on */
    mem[SLSB_IN_AT] = SLSB_CU_INPUT_EMPTY;
    mem[SLSB_IN_AT + 1] = SLSB_CU_INPUT_EMPTY;
    keys[IN_DATA(0) / 4096] = 0x50;
    CU_ASSERT_FALSE(osa_deliver(&a, &gs, dg, n, false));
    CU_ASSERT_EQUAL(in_state(0), SLSB_P_INPUT_ERROR);
    CU_ASSERT_EQUAL(a.c.buffer_errors, 1);
    CU_ASSERT_EQUAL(a.in_next, 1);
    keys[IN_DATA(0) / 4096] = PAGE_KEY;
    /* the SL entry outside storage */
    sl_set_sbala((struct sl *)(mem + SL_IN_AT), 1, GSIZE + 0x100);
    CU_ASSERT_FALSE(osa_deliver(&a, &gs, dg, n, false));
    CU_ASSERT_EQUAL(in_state(1), SLSB_P_INPUT_ERROR);
    CU_ASSERT_EQUAL(a.c.buffer_errors, 2);
    CU_ASSERT_EQUAL(a.in_next, 2);
    /* a header-splitting first SBALE: error */
    mem[SLSB_IN_AT + 2] = SLSB_CU_INPUT_EMPTY;
    put_sbale(IN_SBAL(2), 0, 0, 16, IN_DATA(2));
    put_sbale(IN_SBAL(2), 1, SBALE_F0_LAST_ENTRY, 0x200, IN_DATA(2) + 0x100);
    CU_ASSERT_FALSE(osa_deliver(&a, &gs, dg, n, false));
    CU_ASSERT_EQUAL(in_state(2), SLSB_P_INPUT_ERROR);
    CU_ASSERT_EQUAL(a.c.buffer_errors, 3);
    /* the SLSB out of reach */
    keys[SLSB_IN_AT / 4096] = 0x58;
    CU_ASSERT_FALSE(osa_deliver(&a, &gs, dg, n, false));
    CU_ASSERT_EQUAL(a.c.slsb_errors, 1);
    CU_ASSERT_EQUAL(a.in_next, 3);
    /* the SLSB readable (no fetch protection) but not storable with the
     * queue's key: refused before anything moves, not a delivery */
    keys[SLSB_IN_AT / 4096] = 0x50;
    mem[SLSB_IN_AT + 3] = SLSB_CU_INPUT_EMPTY;
    memcpy(before, mem, sizeof mem);
    CU_ASSERT_FALSE(osa_deliver(&a, &gs, dg, n, false));
    CU_ASSERT_EQUAL(a.c.slsb_errors, 2);
    CU_ASSERT_EQUAL(a.in_next, 3);
    CU_ASSERT_EQUAL(memcmp(mem, before, sizeof mem), 0);
    /* a datagram that is not IPv4: delivered, next hop 0 */
    keys[SLSB_IN_AT / 4096] = PAGE_KEY;
    mem[SLSB_IN_AT + 3] = SLSB_CU_INPUT_EMPTY;
    memset(dg, 0x11, 10);
    CU_ASSERT_TRUE(osa_deliver(&a, &gs, dg, 10, false));
    CU_ASSERT_TRUE(delivered_as(3, dg, 10, QDIO_CAST_UNICAST, 0));
}

/* What the guest sends on SIGA-w arrives, via osa_deliver, in another
 * guest's input buffer as the same datagram. */
static void test_siga_to_deliver(void)
{
    osa_setup();
    uint8_t dg[200];
    size_t n = dgram(dg, IP(10, 1, 0, 7), 200);
    memcpy(mem + OUT_DATA(0) + 32, dg, n);
    make_packet(mem + OUT_DATA(0), QDIO_HDR_ID_L3, (uint16_t)n, 0, 0);
    put_sbale(OUT_SBAL(0), 0, SBALE_F0_LAST_ENTRY, (uint32_t)(32 + n), OUT_DATA(0));
    mem[SLSB_OUT_AT] = SLSB_CU_OUTPUT_PRIMED;
    CU_ASSERT_EQUAL(siga(OSA_SIGA_WRITE, 0x80000000u), 0);
    CU_ASSERT_EQUAL(nseen, 1);
    CU_ASSERT_EQUAL(seen_len[0], n);
    mem[SLSB_IN_AT + 0] = SLSB_CU_INPUT_EMPTY;
    CU_ASSERT_TRUE(osa_deliver(&a, &gs, seen[0], seen_len[0], false));
    CU_ASSERT_TRUE(delivered_as(0, dg, n, QDIO_CAST_UNICAST, IP(10, 1, 0, 7)));
}

void register_qbuf_tests(void)
{
    static const struct unit_test qbuf[] = {
        { "error texts", test_err_str },
        { "read: one packet in one SBALE", test_read_one_sbale },
        { "read: FIRST/MIDDLE/LAST fragments", test_read_fragments },
        { "read: two packets in one SBAL", test_read_two_packets },
        { "read: storage and format errors", test_read_errors },
        { "read: broken chains, no last entry", test_read_chain_errors },
        { "read: the largest packet", test_read_largest },
        { "write: one SBALE", test_write_one_sbale },
        { "write: three SBALEs", test_write_three_sbales },
        { "write: exactly the capacity", test_write_exact_fit },
        { "write: too big stores nothing", test_write_too_big },
        { "write: format, key and address errors", test_write_errors },
        { "write then read back", test_write_read_round_trip },
        { NULL, NULL },
    };
    static const struct unit_test osadata[] = {
        { "SIGA-w: primed buffers in ring order", test_siga_ring_order },
        { "SIGA-w: two packets in one buffer", test_siga_two_packets_per_buffer },
        { "SIGA-w: bad buffers and SLSB states", test_siga_errors },
        { "SIGA: inactive, read/sync, masks", test_siga_inactive_and_codes },
        { "deliver: states, header, ring", test_deliver },
        { "deliver: errors", test_deliver_errors },
        { "SIGA-w output delivered as input", test_siga_to_deliver },
        { NULL, NULL },
    };
    unit_add_suite("qbuf", qbuf);
    unit_add_suite("osadata", osadata);
}
