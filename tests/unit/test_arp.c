/*
 * test_arp.c - Ethernet II / ARP codecs and the ARP cache of the LCS
 * uplink (osa/arp.c).  Builders are checked byte by byte against literal
 * RFC 826 frames (42 bytes: Hercules does not pad, lcs.md §3); parsers
 * against every error.  The cache is driven with a fake millisecond clock:
 * entry TTL, request rate limit, queue bound (oldest dropped), hand-over
 * in FIFO order, expiry, and the counter identity of arp.h.
 */
#include <string.h>
#include "tests/unit/suites.h"
#include "osa/arp.h"

static const uint8_t our_mac[6] = { 0x02, 0x00, 0x5E, 0x10, 0x20, 0x31 };
static const uint8_t tap_mac[6] = { 0x02, 0x00, 0x5E, 0x10, 0x20, 0x30 };

/* who-has 10.1.1.1 tell 10.1.1.2 (us) */
static const uint8_t req_frame[42] = {
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,                 /* 00 dst broadcast      */
    0x02, 0x00, 0x5E, 0x10, 0x20, 0x31,                 /* 06 src us             */
    0x08, 0x06,                                         /* 0C ARP                */
    0x00, 0x01,                                         /* 0E htype Ethernet     */
    0x08, 0x00,                                         /* 10 ptype IPv4         */
    0x06, 0x04,                                         /* 12 hlen, plen         */
    0x00, 0x01,                                         /* 14 op request         */
    0x02, 0x00, 0x5E, 0x10, 0x20, 0x31,                 /* 16 sha                */
    0x0A, 0x01, 0x01, 0x02,                             /* 1C spa 10.1.1.2       */
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00,                 /* 20 tha unknown        */
    0x0A, 0x01, 0x01, 0x01,                             /* 26 tpa 10.1.1.1       */
};

/* 10.1.1.2 is-at our MAC, to the tap */
static const uint8_t reply_frame[42] = {
    0x02, 0x00, 0x5E, 0x10, 0x20, 0x30,                 /* 00 dst the asker      */
    0x02, 0x00, 0x5E, 0x10, 0x20, 0x31,                 /* 06 src us             */
    0x08, 0x06,                                         /* 0C ARP                */
    0x00, 0x01, 0x08, 0x00, 0x06, 0x04,                 /* 0E Ether, IPv4, 6, 4  */
    0x00, 0x02,                                         /* 14 op reply           */
    0x02, 0x00, 0x5E, 0x10, 0x20, 0x31,                 /* 16 sha us             */
    0x0A, 0x01, 0x01, 0x02,                             /* 1C spa 10.1.1.2       */
    0x02, 0x00, 0x5E, 0x10, 0x20, 0x30,                 /* 20 tha the asker      */
    0x0A, 0x01, 0x01, 0x01,                             /* 26 tpa 10.1.1.1       */
};

#define IP_HOST  0x0A010101u                            /* 10.1.1.1 */
#define IP_US    0x0A010102u                            /* 10.1.1.2 */

static void test_err_str(void)
{
    CU_ASSERT_STRING_EQUAL(arp_err_str(ARP_OK), "ok");
    for (int e = 1; e < ARP_ERR_COUNT; e++)
        CU_ASSERT_STRING_NOT_EQUAL(arp_err_str((enum arp_err)-e), "unknown ARP error");
    CU_ASSERT_STRING_EQUAL(arp_err_str((enum arp_err)-ARP_ERR_COUNT), "unknown ARP error");
    CU_ASSERT_STRING_EQUAL(arp_err_str((enum arp_err)1), "unknown ARP error");
}

/* ---- Ethernet ------------------------------------------------------------- */

static void test_eth(void)
{
    const uint8_t *dst, *src, *payload;
    uint16_t type;
    size_t plen;
    CU_ASSERT_EQUAL(eth_parse(req_frame, sizeof req_frame, &dst, &src, &type, &payload,
                              &plen), ARP_OK);
    CU_ASSERT_PTR_EQUAL(dst, req_frame);
    CU_ASSERT_PTR_EQUAL(src, req_frame + 6);
    CU_ASSERT_EQUAL(type, ETHERTYPE_ARP);
    CU_ASSERT_PTR_EQUAL(payload, req_frame + 14);
    CU_ASSERT_EQUAL(plen, 28);
    CU_ASSERT_EQUAL(eth_parse(req_frame, 14, &dst, &src, &type, &payload, &plen), ARP_OK);
    CU_ASSERT_EQUAL(plen, 0);
    CU_ASSERT_EQUAL(eth_parse(req_frame, 13, &dst, &src, &type, &payload, &plen),
                    ARP_ERR_SHORT);
    CU_ASSERT_EQUAL(eth_parse(req_frame, 0, &dst, &src, &type, &payload, &plen),
                    ARP_ERR_SHORT);

    uint8_t f[14];
    memcpy(f, req_frame, 14);
    be_put16(f + 12, 0x05FF);                           /* an 802.3 length */
    CU_ASSERT_EQUAL(eth_parse(f, 14, &dst, &src, &type, &payload, &plen), ARP_ERR_ETHERTYPE);
    be_put16(f + 12, 0x0600);
    CU_ASSERT_EQUAL(eth_parse(f, 14, &dst, &src, &type, &payload, &plen), ARP_OK);
    CU_ASSERT_EQUAL(type, 0x0600);

    /* build: separate payload, in place, and none */
    uint8_t out[64], data[5] = { 1, 2, 3, 4, 5 };
    static const uint8_t want[19] = {
        0x02, 0x00, 0x5E, 0x10, 0x20, 0x30,             /* 00 dst               */
        0x02, 0x00, 0x5E, 0x10, 0x20, 0x31,             /* 06 src               */
        0x08, 0x00,                                     /* 0C IPv4              */
        1, 2, 3, 4, 5,                                  /* 0E payload           */
    };
    memset(out, 0xEE, sizeof out);
    CU_ASSERT_EQUAL(eth_build(out, tap_mac, our_mac, ETHERTYPE_IPV4, data, 5), 19);
    CU_ASSERT_EQUAL(memcmp(out, want, 19), 0);
    CU_ASSERT_EQUAL(out[19], 0xEE);
    memset(out, 0, sizeof out);
    memcpy(out + 14, data, 5);
    CU_ASSERT_EQUAL(eth_build(out, tap_mac, our_mac, ETHERTYPE_IPV4, out + 14, 5), 19);
    CU_ASSERT_EQUAL(memcmp(out, want, 19), 0);
    CU_ASSERT_EQUAL(eth_build(out, eth_broadcast_mac, our_mac, 0x86DD, NULL, 0), 14);
    CU_ASSERT_EQUAL(memcmp(out, eth_broadcast_mac, 6), 0);
    CU_ASSERT_EQUAL(be_get16(out + 12), 0x86DD);

    CU_ASSERT_TRUE(eth_is_group(eth_broadcast_mac));
    CU_ASSERT_TRUE(eth_is_group((const uint8_t[6]){ 0x01, 0x00, 0x5E, 0, 0, 1 }));
    CU_ASSERT_FALSE(eth_is_group(our_mac));
}

/* ---- ARP packets -------------------------------------------------------------- */

static void test_arp_build(void)
{
    uint8_t out[ARP_FRAME_LEN + 4];
    memset(out, 0xEE, sizeof out);
    CU_ASSERT_EQUAL(arp_build_request(out, our_mac, IP_US, IP_HOST), 42);
    CU_ASSERT_EQUAL(memcmp(out, req_frame, 42), 0);
    CU_ASSERT_EQUAL(out[42], 0xEE);
    memset(out, 0xEE, sizeof out);
    CU_ASSERT_EQUAL(arp_build_reply(out, our_mac, IP_US, tap_mac, IP_HOST), 42);
    CU_ASSERT_EQUAL(memcmp(out, reply_frame, 42), 0);
    CU_ASSERT_EQUAL(out[42], 0xEE);
    /* the bare packet is the frame after its Ethernet header */
    CU_ASSERT_EQUAL(arp_build(out, ARP_OP_REPLY, our_mac, IP_US, tap_mac, IP_HOST), 28);
    CU_ASSERT_EQUAL(memcmp(out, reply_frame + 14, 28), 0);
}

static void test_arp_parse(void)
{
    struct arp_packet a;
    CU_ASSERT_EQUAL(arp_parse_frame(req_frame, sizeof req_frame, &a), ARP_OK);
    CU_ASSERT_EQUAL(a.op, ARP_OP_REQUEST);
    CU_ASSERT_EQUAL(memcmp(a.sha, our_mac, 6), 0);
    CU_ASSERT_EQUAL(a.spa, IP_US);
    CU_ASSERT_EQUAL(memcmp(a.tha, "\0\0\0\0\0\0", 6), 0);
    CU_ASSERT_EQUAL(a.tpa, IP_HOST);

    CU_ASSERT_EQUAL(arp_parse(reply_frame + 14, 28, &a), ARP_OK);
    CU_ASSERT_EQUAL(a.op, ARP_OP_REPLY);
    CU_ASSERT_EQUAL(memcmp(a.tha, tap_mac, 6), 0);
    CU_ASSERT_EQUAL(a.tpa, IP_HOST);

    /* a 60-byte padded frame is fine too; 41 bytes are not */
    uint8_t f[60];
    memset(f, 0, sizeof f);
    memcpy(f, reply_frame, 42);
    CU_ASSERT_EQUAL(arp_parse_frame(f, 60, &a), ARP_OK);
    CU_ASSERT_EQUAL(arp_parse_frame(f, 41, &a), ARP_ERR_SHORT);
    CU_ASSERT_EQUAL(arp_parse_frame(f, 13, &a), ARP_ERR_SHORT);
    CU_ASSERT_EQUAL(arp_parse(f + 14, 27, &a), ARP_ERR_SHORT);

    /* every field check, one at a time */
    static const struct { unsigned off; uint8_t v; enum arp_err e; } bad[] = {
        { 0x0C, 0x08, ARP_OK },                         /* control: unchanged    */
        { 0x0D, 0x00, ARP_ERR_ETHERTYPE },              /* IPv4 frame            */
        { 0x0C, 0x00, ARP_ERR_ETHERTYPE },              /* 802.3 length 0x0006   */
        { 0x0F, 0x06, ARP_ERR_HTYPE },                  /* IEEE 802 (6)          */
        { 0x0E, 0x01, ARP_ERR_HTYPE },
        { 0x11, 0xDD, ARP_ERR_PTYPE },
        { 0x10, 0x86, ARP_ERR_PTYPE },
        { 0x12, 0x08, ARP_ERR_ALEN },
        { 0x13, 0x10, ARP_ERR_ALEN },
        { 0x15, 0x00, ARP_ERR_OP },
        { 0x15, 0x03, ARP_ERR_OP },                     /* RARP request          */
        { 0x14, 0x01, ARP_ERR_OP },                     /* 0x0102                */
    };
    for (unsigned i = 0; i < ARRAY_SIZE(bad); i++) {
        memcpy(f, reply_frame, 42);
        f[bad[i].off] = bad[i].v;
        CU_ASSERT_EQUAL(arp_parse_frame(f, 42, &a), bad[i].e);
    }

    /* round trip of arbitrary fields */
    uint8_t out[42];
    static const uint8_t m1[6] = { 0x0A, 1, 2, 3, 4, 5 }, m2[6] = { 0x0C, 6, 7, 8, 9, 10 };
    arp_build_reply(out, m1, 0xC0A80001u, m2, 0xFFFFFFFEu);
    CU_ASSERT_EQUAL(arp_parse_frame(out, 42, &a), ARP_OK);
    CU_ASSERT_EQUAL(a.op, ARP_OP_REPLY);
    CU_ASSERT_EQUAL(memcmp(a.sha, m1, 6), 0);
    CU_ASSERT_EQUAL(a.spa, 0xC0A80001u);
    CU_ASSERT_EQUAL(memcmp(a.tha, m2, 6), 0);
    CU_ASSERT_EQUAL(a.tpa, 0xFFFFFFFEu);
    CU_ASSERT_EQUAL(memcmp(out, m2, 6), 0);             /* sent to the asker */
}

/* ---- cache ---------------------------------------------------------------------- */

/* The identity of arp.h, checked after every step of the cache tests. */
static bool balanced(const struct arp_cache *c)
{
    unsigned used = 0;
    for (unsigned i = 0; i < ARP_QUEUE_SIZE; i++)
        used += c->queue[i].used;
    return used == c->pending && c->pending <= ARP_QUEUE_SIZE
        && c->c.queued == c->c.handed_over + c->c.dropped_full + c->c.expired_unresolved
                          + c->c.flushed + c->pending;
}

static void test_lookup_learn(void)
{
    static struct arp_cache c;
    uint8_t mac[6];
    arp_init(&c);
    CU_ASSERT_FALSE(arp_lookup(&c, IP_HOST, 0, mac));
    CU_ASSERT_EQUAL(c.c.misses, 1);
    CU_ASSERT_TRUE(arp_learn(&c, IP_HOST, tap_mac, 1000));
    CU_ASSERT_TRUE(arp_lookup(&c, IP_HOST, 1000, mac));
    CU_ASSERT_EQUAL(memcmp(mac, tap_mac, 6), 0);
    CU_ASSERT_TRUE(arp_lookup(&c, IP_HOST, 1000 + ARP_ENTRY_TTL_MS - 1, mac));
    CU_ASSERT_FALSE(arp_lookup(&c, IP_HOST, 1000 + ARP_ENTRY_TTL_MS, mac));
    CU_ASSERT_EQUAL(c.c.hits, 2);
    CU_ASSERT_EQUAL(c.c.misses, 2);

    /* a refresh restarts the TTL and replaces the MAC */
    CU_ASSERT_TRUE(arp_learn(&c, IP_HOST, our_mac, 200000));
    CU_ASSERT_TRUE(arp_lookup(&c, IP_HOST, 200000 + ARP_ENTRY_TTL_MS - 1, mac));
    CU_ASSERT_EQUAL(memcmp(mac, our_mac, 6), 0);
    CU_ASSERT_EQUAL(c.c.learned, 2);

    /* a clock that steps back is no time passing */
    CU_ASSERT_TRUE(arp_lookup(&c, IP_HOST, 5, mac));

    /* rejected: IP 0 / broadcast, group MAC, zero MAC */
    CU_ASSERT_FALSE(arp_learn(&c, 0, tap_mac, 0));
    CU_ASSERT_FALSE(arp_learn(&c, 0xFFFFFFFFu, tap_mac, 0));
    CU_ASSERT_FALSE(arp_learn(&c, IP_US, eth_broadcast_mac, 0));
    CU_ASSERT_FALSE(arp_learn(&c, IP_US, (const uint8_t[6]){ 0x33, 0x33, 0, 0, 0, 1 }, 0));
    CU_ASSERT_FALSE(arp_learn(&c, IP_US, (const uint8_t[6]){ 0 }, 0));
    CU_ASSERT_EQUAL(c.c.learn_rejected, 5);
    CU_ASSERT_FALSE(arp_lookup(&c, IP_US, 0, mac));

    /* arp_expire frees a stale entry and counts it */
    CU_ASSERT_EQUAL(arp_expire(&c, 200000 + ARP_ENTRY_TTL_MS - 1), 0);
    CU_ASSERT_EQUAL(c.c.entries_expired, 0);
    CU_ASSERT_EQUAL(arp_expire(&c, 200000 + ARP_ENTRY_TTL_MS), 0);
    CU_ASSERT_EQUAL(c.c.entries_expired, 1);
    CU_ASSERT_FALSE(arp_lookup(&c, IP_HOST, 200000, mac));   /* gone, even "earlier" */
}

static void test_table_full(void)
{
    static struct arp_cache c;
    uint8_t mac[6] = { 0x02, 0, 0, 0, 0, 0 };
    arp_init(&c);
    for (uint32_t i = 0; i < ARP_CACHE_SIZE; i++) {
        mac[5] = (uint8_t)i;
        CU_ASSERT_TRUE(arp_learn(&c, 0x0A000100u + i, mac, 100 + i));
    }
    CU_ASSERT_EQUAL(c.c.entries_evicted, 0);
    /* one more pushes out the stalest (learned at 100) */
    mac[5] = 0xFF;
    CU_ASSERT_TRUE(arp_learn(&c, 0x0A000200u, mac, 500));
    CU_ASSERT_EQUAL(c.c.entries_evicted, 1);
    CU_ASSERT_FALSE(arp_lookup(&c, 0x0A000100u, 500, mac));
    CU_ASSERT_TRUE(arp_lookup(&c, 0x0A000101u, 500, mac));
    CU_ASSERT_EQUAL(mac[5], 1);
    CU_ASSERT_TRUE(arp_lookup(&c, 0x0A000200u, 500, mac));
    CU_ASSERT_EQUAL(mac[5], 0xFF);
    /* a request for a new IP evicts too (now the one learned at 101) */
    CU_ASSERT_TRUE(arp_should_request(&c, 0x0A000300u, 600));
    CU_ASSERT_EQUAL(c.c.entries_evicted, 2);
    CU_ASSERT_FALSE(arp_lookup(&c, 0x0A000101u, 600, mac));
}

static void test_request_limit(void)
{
    static struct arp_cache c;
    uint8_t mac[6];
    arp_init(&c);
    CU_ASSERT_TRUE(arp_should_request(&c, IP_HOST, 0));
    CU_ASSERT_FALSE(arp_should_request(&c, IP_HOST, 1));
    CU_ASSERT_FALSE(arp_should_request(&c, IP_HOST, ARP_REQUEST_INTERVAL_MS - 1));
    CU_ASSERT_TRUE(arp_should_request(&c, 0x0A010103u, 10));  /* per IP */
    CU_ASSERT_TRUE(arp_should_request(&c, IP_HOST, ARP_REQUEST_INTERVAL_MS));
    CU_ASSERT_FALSE(arp_should_request(&c, IP_HOST, ARP_REQUEST_INTERVAL_MS + 999));
    CU_ASSERT_TRUE(arp_should_request(&c, IP_HOST, 2 * ARP_REQUEST_INTERVAL_MS));
    CU_ASSERT_EQUAL(c.c.requests, 4);
    CU_ASSERT_EQUAL(c.c.requests_limited, 3);
    /* an incomplete entry is no answer */
    CU_ASSERT_FALSE(arp_lookup(&c, IP_HOST, 2000, mac));

    /* resolved: no request; stale: a request again, and the old MAC is gone */
    CU_ASSERT_TRUE(arp_learn(&c, IP_HOST, tap_mac, 3000));
    CU_ASSERT_FALSE(arp_should_request(&c, IP_HOST, 3000));
    CU_ASSERT_EQUAL(c.c.requests_limited, 3);
    CU_ASSERT_TRUE(arp_should_request(&c, IP_HOST, 3000 + ARP_ENTRY_TTL_MS));
    CU_ASSERT_FALSE(arp_should_request(&c, IP_HOST, 3000 + ARP_ENTRY_TTL_MS + 1));
    CU_ASSERT_FALSE(arp_lookup(&c, IP_HOST, 3000, mac));
    /* never for 0.0.0.0 or the broadcast address */
    CU_ASSERT_FALSE(arp_should_request(&c, 0, 0));
    CU_ASSERT_FALSE(arp_should_request(&c, 0xFFFFFFFFu, 0));

    /* an incomplete entry with nothing queued is freed after 3 s ... */
    CU_ASSERT_TRUE(arp_should_request(&c, 0x0A010109u, 10000));
    arp_expire(&c, 10000 + ARP_QUEUE_TIMEOUT_MS);
    unsigned used = 0;
    for (unsigned i = 0; i < ARP_CACHE_SIZE; i++)
        used += c.entry[i].state != ARP_ENTRY_FREE && c.entry[i].ip == 0x0A010109u;
    CU_ASSERT_EQUAL(used, 0);
    /* ... but not while a datagram waits for it */
    uint8_t d[1] = { 0x45 };
    CU_ASSERT_TRUE(arp_should_request(&c, 0x0A01010Au, 20000));
    CU_ASSERT_TRUE(arp_queue(&c, 0x0A01010Au, d, 1, 20000 + ARP_QUEUE_TIMEOUT_MS));
    arp_expire(&c, 20000 + ARP_QUEUE_TIMEOUT_MS);
    CU_ASSERT_FALSE(arp_should_request(&c, 0x0A01010Au, 20000 + 999));
    CU_ASSERT_EQUAL(c.c.requests_limited, 5);
}

/* Records what arp_take_resolved hands over. */
struct capture {
    unsigned n;
    uint32_t nexthop[ARP_QUEUE_SIZE + 1];
    uint8_t  mac[6];
    uint8_t  first[ARP_QUEUE_SIZE + 1];                 /* dgram[0] */
    size_t   len[ARP_QUEUE_SIZE + 1];
};

static void capture_fn(void *ctx, uint32_t nexthop, const uint8_t mac[6],
                       const uint8_t *dgram, size_t len)
{
    struct capture *k = ctx;
    if (k->n > ARP_QUEUE_SIZE)
        return;
    k->nexthop[k->n] = nexthop;
    memcpy(k->mac, mac, 6);
    k->first[k->n] = dgram[0];
    k->len[k->n] = len;
    k->n++;
}

static void test_queue_handover(void)
{
    static struct arp_cache c;
    static uint8_t d[ARP_QUEUE_DGRAM_MAX + 1];
    struct capture k = { 0 };
    arp_init(&c);

    /* refused: empty or too long; 1500 is fine */
    CU_ASSERT_FALSE(arp_queue(&c, IP_HOST, d, 0, 0));
    CU_ASSERT_FALSE(arp_queue(&c, IP_HOST, d, ARP_QUEUE_DGRAM_MAX + 1, 0));
    CU_ASSERT_EQUAL(c.c.queue_rejected, 2);
    CU_ASSERT_EQUAL(c.c.queued, 0);

    /* three for HOST and two for another, interleaved */
    for (uint8_t i = 0; i < 5; i++) {
        d[0] = i;
        CU_ASSERT_TRUE(arp_queue(&c, (i & 1) ? 0x0A010103u : IP_HOST, d,
                                 i == 4 ? ARP_QUEUE_DGRAM_MAX : 20u + i, 100u + i));
    }
    CU_ASSERT_EQUAL(c.pending, 5);
    CU_ASSERT_TRUE(balanced(&c));

    /* nothing while unresolved */
    CU_ASSERT_EQUAL(arp_take_resolved(&c, IP_HOST, 200, capture_fn, &k), 0);
    CU_ASSERT_EQUAL(k.n, 0);

    CU_ASSERT_TRUE(arp_learn(&c, IP_HOST, tap_mac, 200));
    CU_ASSERT_EQUAL(arp_take_resolved(&c, IP_HOST, 200, capture_fn, &k), 3);
    CU_ASSERT_EQUAL(k.n, 3);
    CU_ASSERT_EQUAL(k.first[0], 0);                     /* oldest first */
    CU_ASSERT_EQUAL(k.first[1], 2);
    CU_ASSERT_EQUAL(k.first[2], 4);
    CU_ASSERT_EQUAL(k.len[0], 20);
    CU_ASSERT_EQUAL(k.len[2], ARP_QUEUE_DGRAM_MAX);
    CU_ASSERT_EQUAL(k.nexthop[1], IP_HOST);
    CU_ASSERT_EQUAL(memcmp(k.mac, tap_mac, 6), 0);
    CU_ASSERT_EQUAL(c.pending, 2);
    CU_ASSERT_EQUAL(c.c.handed_over, 3);
    CU_ASSERT_TRUE(balanced(&c));
    CU_ASSERT_EQUAL(arp_take_resolved(&c, IP_HOST, 201, capture_fn, &k), 0);

    /* the other two expire after 3 s, not before */
    CU_ASSERT_EQUAL(arp_expire(&c, 101 + ARP_QUEUE_TIMEOUT_MS - 1), 0);   /* queued at 101 */
    CU_ASSERT_EQUAL(arp_expire(&c, 101 + ARP_QUEUE_TIMEOUT_MS), 1);
    CU_ASSERT_EQUAL(c.pending, 1);
    CU_ASSERT_EQUAL(arp_expire(&c, 103 + ARP_QUEUE_TIMEOUT_MS - 1), 0);
    CU_ASSERT_EQUAL(arp_expire(&c, 103 + ARP_QUEUE_TIMEOUT_MS), 1);
    CU_ASSERT_EQUAL(c.c.expired_unresolved, 2);
    CU_ASSERT_EQUAL(c.pending, 0);
    CU_ASSERT_TRUE(balanced(&c));

    /* a learned MAC that went stale hands nothing over */
    CU_ASSERT_TRUE(arp_queue(&c, IP_HOST, d, 10, 200 + ARP_ENTRY_TTL_MS));
    CU_ASSERT_EQUAL(arp_take_resolved(&c, IP_HOST, 200 + ARP_ENTRY_TTL_MS, capture_fn, &k), 0);
    CU_ASSERT_EQUAL(arp_flush_queue(&c), 1);
    CU_ASSERT_EQUAL(c.c.flushed, 1);
    CU_ASSERT_TRUE(balanced(&c));
}

static void test_queue_bound(void)
{
    static struct arp_cache c;
    uint8_t d[4];
    struct capture k = { 0 };
    arp_init(&c);

    /* 16 fit; each further one pushes out the oldest */
    for (unsigned i = 0; i < ARP_QUEUE_SIZE + 4; i++) {
        d[0] = (uint8_t)i;
        CU_ASSERT_TRUE(arp_queue(&c, IP_HOST, d, sizeof d, 1000 + i));
        CU_ASSERT_TRUE(c.pending <= ARP_QUEUE_SIZE);
        CU_ASSERT_TRUE(balanced(&c));
    }
    CU_ASSERT_EQUAL(c.pending, ARP_QUEUE_SIZE);
    CU_ASSERT_EQUAL(c.c.queued, ARP_QUEUE_SIZE + 4);
    CU_ASSERT_EQUAL(c.c.dropped_full, 4);

    CU_ASSERT_TRUE(arp_learn(&c, IP_HOST, tap_mac, 2000));
    CU_ASSERT_EQUAL(arp_take_resolved(&c, IP_HOST, 2000, capture_fn, &k), ARP_QUEUE_SIZE);
    for (unsigned i = 0; i < ARP_QUEUE_SIZE; i++)
        CU_ASSERT_EQUAL(k.first[i], i + 4);             /* 0..3 were dropped */
    CU_ASSERT_EQUAL(c.c.handed_over, ARP_QUEUE_SIZE);
    CU_ASSERT_TRUE(balanced(&c));

    /* everything accepted is accounted for exactly once */
    CU_ASSERT_EQUAL(c.c.queued, c.c.handed_over + c.c.dropped_full);
    CU_ASSERT_EQUAL(c.c.expired_unresolved + c.c.flushed + c.pending, 0);
}

void register_arp_tests(void)
{
    static const struct unit_test tests[] = {
        { "arp_err_str", test_err_str },
        { "Ethernet parse/build", test_eth },
        { "ARP request/reply exact bytes", test_arp_build },
        { "ARP parse, every field check", test_arp_parse },
        { "cache lookup, learn, TTL", test_lookup_learn },
        { "cache table full evicts the stalest", test_table_full },
        { "one request per second per IP", test_request_limit },
        { "queue hand-over in order, expiry", test_queue_handover },
        { "queue bound drops the oldest", test_queue_bound },
        { NULL, NULL },
    };
    unit_add_suite("arp", tests);
}
