/*
 * test_ipv4.c - IPv4, ICMP echo and UDP codecs (lib/ipv4.c): the RFC 1071
 * checksum against its worked example and a 64-bit reference, a real
 * IPv4 header fixture, build -> parse round trips at data lengths 0, 1,
 * odd, even and large, every error of every parser, header options and
 * link-layer padding past the total length.
 */
#include <stdlib.h>
#include <string.h>
#include "tests/unit/suites.h"
#include "lib/ipv4.h"
#include "lib/be.h"

#define SRC_ADDR    0x0A000001u         /* 10.0.0.1     */
#define DST_ADDR    0x0A0000FEu         /* 10.0.0.254   */
#define MAX_DATA    (IPV4_MAX_LEN - IPV4_HDR_LEN - UDP_HDR_LEN)

/* A header as captured on a LAN (UDP, DF set, 192.168.0.1 -> .199). */
static const uint8_t hdr_fixture[IPV4_HDR_LEN] = {
    0x45, 0x00, 0x00, 0x73,                             /* 00 v4 IHL 5, len 115 */
    0x00, 0x00, 0x40, 0x00,                             /* 04 id 0, DF          */
    0x40, 0x11, 0xB8, 0x61,                             /* 08 TTL 64, UDP, csum */
    0xC0, 0xA8, 0x00, 0x01,                             /* 0C 192.168.0.1       */
    0xC0, 0xA8, 0x00, 0xC7,                             /* 10 192.168.0.199     */
};

/* Deterministic filler. */
static void fill(uint8_t *p, size_t n, uint32_t seed)
{
    for (size_t i = 0; i < n; i++) {
        seed = seed * 1664525u + 1013904223u;
        p[i] = (uint8_t)(seed >> 24);
    }
}

/* Ones'-complement sum the slow way: 64-bit total, folded at the end. */
static uint16_t ref_sum(const uint8_t *p, size_t n, uint32_t sum)
{
    uint64_t s = sum;
    for (size_t i = 0; i < n; i++)
        s += (i & 1) ? p[i] : (uint64_t)p[i] << 8;
    while (s >> 16)
        s = (s & 0xFFFF) + (s >> 16);
    return (uint16_t)s;
}

/* Rewrite the header checksum of the IHL*4-byte header at p. */
static void resum(uint8_t *p)
{
    size_t hl = (size_t)(p[0] & 0x0F) * 4;
    be_put16(p + 10, 0);
    be_put16(p + 10, inet_checksum(p, hl));
}

/* ---- checksum ---------------------------------------------------------------- */

static void test_sum_rfc1071(void)
{
    static const uint8_t ex[] = { 0x00, 0x01, 0xF2, 0x03, 0xF4, 0xF5, 0xF6, 0xF7 };
    CU_ASSERT_EQUAL(inet_sum(ex, sizeof ex, 0), 0xDDF2);
    CU_ASSERT_EQUAL(inet_checksum(ex, sizeof ex), 0x220D);
    /* byte-order independence (RFC 1071 1.2.B): split anywhere even */
    CU_ASSERT_EQUAL(inet_sum(ex + 4, 4, inet_sum(ex, 4, 0)), 0xDDF2);
    CU_ASSERT_EQUAL(inet_sum(ex + 2, 6, inet_sum(ex, 2, 0)), 0xDDF2);
    /* odd length: the last byte is the high half of a zero-padded word */
    CU_ASSERT_EQUAL(inet_sum(ex, 3, 0), 0xF201);
    CU_ASSERT_EQUAL(inet_sum(ex, 1, 0), 0x0000);
    CU_ASSERT_EQUAL(inet_sum(ex + 2, 1, 0), 0xF200);
    CU_ASSERT_EQUAL(inet_sum(ex, 0, 0), 0);
    CU_ASSERT_EQUAL(inet_checksum(ex, 0), 0xFFFF);
    /* the initial sum is folded in, however large */
    CU_ASSERT_EQUAL(inet_sum(ex, 0, 0x12345), 0x2346);
    CU_ASSERT_EQUAL(inet_sum(ex, 0, 0xFFFFFFFFu), 0xFFFF);
    CU_ASSERT_EQUAL(inet_sum(ex, sizeof ex, 0xFFFFFFFFu), 0xDDF2);
    /* end-around carry: 0xFFFF + 0x0001 = 0x0001 */
    static const uint8_t carry[] = { 0xFF, 0xFF, 0x00, 0x01 };
    CU_ASSERT_EQUAL(inet_sum(carry, 4, 0), 0x0001);
    /* a buffer holding its own checksum sums to 0xFFFF */
    uint8_t withsum[10];
    memcpy(withsum, ex, 8);
    be_put16(withsum + 8, inet_checksum(ex, 8));
    CU_ASSERT_EQUAL(inet_sum(withsum, 10, 0), 0xFFFF);
}

static void test_sum_large(void)
{
    size_t max = IPV4_MAX_LEN;
    uint8_t *p = malloc(max);
    CU_ASSERT_FATAL(p != NULL);

    memset(p, 0xFF, max);                       /* worst case for overflow */
    CU_ASSERT_EQUAL(inet_sum(p, max, 0), 0xFF00);
    CU_ASSERT_EQUAL(inet_sum(p, max - 1, 0), 0xFFFF);
    CU_ASSERT_EQUAL(inet_sum(p, max, 0xFFFFFFFFu), ref_sum(p, max, 0xFFFFFFFFu));

    static const size_t lens[] = { 1, 2, 3, 19, 20, 21, 255, 256, 1500, 8164, 8165,
                                   65534, 65535 };
    unsigned bad = 0;
    for (size_t i = 0; i < ARRAY_SIZE(lens); i++) {
        fill(p, lens[i], (uint32_t)i);
        if (inet_sum(p, lens[i], 0) != ref_sum(p, lens[i], 0))
            bad++;
        if (inet_sum(p, lens[i], 0xABCDEF01u) != ref_sum(p, lens[i], 0xABCDEF01u))
            bad++;
        size_t half = lens[i] / 2 & ~(size_t)1;
        if (inet_sum(p + half, lens[i] - half, inet_sum(p, half, 0)) != inet_sum(p, lens[i], 0))
            bad++;
    }
    CU_ASSERT_EQUAL(bad, 0);
    free(p);

    /* past any datagram size: the running sum must still not wrap */
    size_t huge = 4 * 65536 + 1;
    uint8_t *h = malloc(huge);
    CU_ASSERT_FATAL(h != NULL);
    memset(h, 0xFF, huge);
    CU_ASSERT_EQUAL(inet_sum(h, huge, 0xFFFFFFFFu), ref_sum(h, huge, 0xFFFFFFFFu));
    fill(h, huge, 3);
    CU_ASSERT_EQUAL(inet_sum(h, huge, 0), ref_sum(h, huge, 0));
    free(h);
}

/* ---- IPv4 header ---------------------------------------------------------- */

static void test_ipv4_fixture(void)
{
    uint8_t pkt[0x73];
    struct ipv4_info ip;

    CU_ASSERT_EQUAL(inet_sum(hdr_fixture, IPV4_HDR_LEN, 0), 0xFFFF);
    memcpy(pkt, hdr_fixture, IPV4_HDR_LEN);
    be_put16(pkt + 10, 0);
    CU_ASSERT_EQUAL(inet_checksum(pkt, IPV4_HDR_LEN), 0xB861);

    fill(pkt + IPV4_HDR_LEN, sizeof pkt - IPV4_HDR_LEN, 7);
    memcpy(pkt, hdr_fixture, IPV4_HDR_LEN);
    CU_ASSERT_EQUAL_FATAL(ipv4_parse(pkt, sizeof pkt, true, &ip), IPV4_OK);   /* DF is fine */
    CU_ASSERT_EQUAL(ip.src, 0xC0A80001u);
    CU_ASSERT_EQUAL(ip.dst, 0xC0A800C7u);
    CU_ASSERT_EQUAL(ip.proto, IPV4_PROTO_UDP);
    CU_ASSERT_EQUAL(ip.ttl, 64);
    CU_ASSERT_EQUAL(ip.id, 0);
    CU_ASSERT_EQUAL(ip.hdr_len, 20);
    CU_ASSERT_EQUAL(ip.total_len, 0x73);
    CU_ASSERT_PTR_EQUAL(ip.payload, pkt + 20);
    CU_ASSERT_EQUAL(ip.payload_len, 0x73 - 20);
    pkt[8] = 1;                                         /* TTL 1, id 0x0102 */
    be_put16(pkt + 4, 0x0102);
    resum(pkt);
    CU_ASSERT_EQUAL_FATAL(ipv4_parse(pkt, sizeof pkt, true, &ip), IPV4_OK);
    CU_ASSERT_EQUAL(ip.ttl, 1);
    CU_ASSERT_EQUAL(ip.id, 0x0102);

    /* ipv4_build: the same header with DF clear (checksum 0xB861 + 0x4000) */
    uint8_t out[IPV4_HDR_LEN + 1];
    memset(out, 0xEE, sizeof out);
    CU_ASSERT_EQUAL(ipv4_build(out, 0xC0A80001u, 0xC0A800C7u, IPV4_PROTO_UDP, 0, 0x73 - 20),
                    IPV4_HDR_LEN);
    CU_ASSERT_EQUAL(memcmp(out, hdr_fixture, 6), 0);
    CU_ASSERT_EQUAL(out[6], 0x00);
    CU_ASSERT_EQUAL(memcmp(out + 7, hdr_fixture + 7, 3), 0);
    CU_ASSERT_EQUAL(be_get16(out + 10), 0xF861);
    CU_ASSERT_EQUAL(memcmp(out + 12, hdr_fixture + 12, 8), 0);
    CU_ASSERT_EQUAL(out[IPV4_HDR_LEN], 0xEE);           /* nothing past the header */

    /* every field of a built header lands at its RFC 791 offset */
    ipv4_build(out, SRC_ADDR, DST_ADDR, IPV4_PROTO_ICMP, 0xBEEF, 1000);
    CU_ASSERT_EQUAL(out[0], 0x45);
    CU_ASSERT_EQUAL(out[1], 0);
    CU_ASSERT_EQUAL(be_get16(out + 2), 1020);
    CU_ASSERT_EQUAL(be_get16(out + 4), 0xBEEF);
    CU_ASSERT_EQUAL(be_get16(out + 6), 0);
    CU_ASSERT_EQUAL(out[8], IPV4_DEFAULT_TTL);
    CU_ASSERT_EQUAL(out[9], IPV4_PROTO_ICMP);
    CU_ASSERT_EQUAL(be_get32(out + 12), SRC_ADDR);
    CU_ASSERT_EQUAL(be_get32(out + 16), DST_ADDR);
    CU_ASSERT_EQUAL(inet_sum(out, IPV4_HDR_LEN, 0), 0xFFFF);
}

static void test_ipv4_errors(void)
{
    uint8_t pkt[64];
    struct ipv4_info ip;

    memset(pkt, 0, sizeof pkt);
    ipv4_build(pkt, SRC_ADDR, DST_ADDR, IPV4_PROTO_UDP, 1, 20);     /* total 40 */
    CU_ASSERT_EQUAL(ipv4_parse(pkt, 40, true, &ip), IPV4_OK);

    /* short */
    CU_ASSERT_EQUAL(ipv4_parse(pkt, 0, true, &ip), IPV4_ERR_SHORT);
    CU_ASSERT_EQUAL(ipv4_parse(pkt, 19, false, &ip), IPV4_ERR_SHORT);

    /* version (checked before everything after it) */
    uint8_t v[64];
    static const uint8_t vers[] = { 0x05, 0x35, 0x65, 0xF5 };
    for (size_t i = 0; i < ARRAY_SIZE(vers); i++) {
        memcpy(v, pkt, sizeof v);
        v[0] = vers[i];
        CU_ASSERT_EQUAL(ipv4_parse(v, 40, true, &ip), IPV4_ERR_VERSION);
        CU_ASSERT_EQUAL(ipv4_parse(v, 40, false, &ip), IPV4_ERR_VERSION);
    }

    /* header length: IHL < 5, or a header longer than the total length */
    for (uint8_t ihl = 0; ihl < 5; ihl++) {
        memcpy(v, pkt, sizeof v);
        v[0] = (uint8_t)(0x40 | ihl);
        CU_ASSERT_EQUAL(ipv4_parse(v, 40, false, &ip), IPV4_ERR_HDRLEN);
    }
    memcpy(v, pkt, sizeof v);
    v[0] = 0x4F;                                        /* 60 > 40 */
    CU_ASSERT_EQUAL(ipv4_parse(v, sizeof v, false, &ip), IPV4_ERR_HDRLEN);
    memcpy(v, pkt, sizeof v);
    be_put16(v + 2, 19);                                /* total < 20 */
    CU_ASSERT_EQUAL(ipv4_parse(v, 40, false, &ip), IPV4_ERR_HDRLEN);
    be_put16(v + 2, 0);
    CU_ASSERT_EQUAL(ipv4_parse(v, 40, false, &ip), IPV4_ERR_HDRLEN);
    memcpy(v, pkt, sizeof v);
    v[0] = 0x46;
    be_put16(v + 2, 23);                                /* 24-byte header, total 23 */
    CU_ASSERT_EQUAL(ipv4_parse(v, 40, false, &ip), IPV4_ERR_HDRLEN);
    be_put16(v + 2, 24);                                /* header only: fine */
    resum(v);
    CU_ASSERT_EQUAL_FATAL(ipv4_parse(v, 40, true, &ip), IPV4_OK);
    CU_ASSERT_EQUAL(ip.payload_len, 0);
    CU_ASSERT_PTR_EQUAL(ip.payload, v + 24);

    /* total length past the buffer */
    CU_ASSERT_EQUAL(ipv4_parse(pkt, 39, true, &ip), IPV4_ERR_LENGTH);
    CU_ASSERT_EQUAL(ipv4_parse(pkt, 20, true, &ip), IPV4_ERR_LENGTH);
    memcpy(v, pkt, sizeof v);
    be_put16(v + 2, 0xFFFF);
    CU_ASSERT_EQUAL(ipv4_parse(v, sizeof v, false, &ip), IPV4_ERR_LENGTH);
    memcpy(v, pkt, sizeof v);
    v[0] = 0x4F;                                        /* 60-byte header, 40 in buffer */
    be_put16(v + 2, 60);
    CU_ASSERT_EQUAL(ipv4_parse(v, 40, false, &ip), IPV4_ERR_LENGTH);

    /* fragments: MF or any offset; DF and the reserved bit are not */
    static const struct { uint16_t ff; enum ipv4_err e; } frag[] = {
        { 0x2000, IPV4_ERR_FRAGMENT }, { 0x0001, IPV4_ERR_FRAGMENT },
        { 0x1FFF, IPV4_ERR_FRAGMENT }, { 0x6000, IPV4_ERR_FRAGMENT },
        { 0x4001, IPV4_ERR_FRAGMENT }, { 0x4000, IPV4_OK }, { 0x8000, IPV4_OK },
    };
    for (size_t i = 0; i < ARRAY_SIZE(frag); i++) {
        memcpy(v, pkt, sizeof v);
        be_put16(v + 6, frag[i].ff);
        resum(v);
        CU_ASSERT_EQUAL(ipv4_parse(v, 40, true, &ip), frag[i].e);
    }

    /* checksum: only when asked for, and last */
    memcpy(v, pkt, sizeof v);
    v[8] ^= 0x01;                                       /* TTL changed, sum not */
    CU_ASSERT_EQUAL(ipv4_parse(v, 40, true, &ip), IPV4_ERR_CHECKSUM);
    CU_ASSERT_EQUAL(ipv4_parse(v, 40, false, &ip), IPV4_OK);
    for (size_t off = 0; off < IPV4_HDR_LEN; off++) {
        if (off == 0 || off == 2 || off == 3 || off == 6 || off == 7)
            continue;                                   /* other errors first */
        memcpy(v, pkt, sizeof v);
        v[off] ^= 0x10;
        CU_ASSERT_EQUAL(ipv4_parse(v, 40, true, &ip), IPV4_ERR_CHECKSUM);
    }
    be_put16(v + 6, 0x2000);                            /* fragment beats checksum */
    CU_ASSERT_EQUAL(ipv4_parse(v, 40, true, &ip), IPV4_ERR_FRAGMENT);
    v[0] = 0x55;                                        /* version beats all */
    CU_ASSERT_EQUAL(ipv4_parse(v, 40, true, &ip), IPV4_ERR_VERSION);
    /* the payload is not covered by the header checksum */
    memcpy(v, pkt, sizeof v);
    v[30] ^= 0xFF;
    CU_ASSERT_EQUAL(ipv4_parse(v, 40, true, &ip), IPV4_OK);
}

static void test_ipv4_options(void)
{
    uint8_t pkt[24 + UDP_HDR_LEN + 5];
    const uint8_t data[5] = { 'h', 'e', 'l', 'l', 'o' };
    struct ipv4_info ip;
    uint16_t sp, dp;
    const uint8_t *d;
    size_t n;

    /* IHL 6: one word of options (NOP NOP NOP EOL) between header and UDP */
    ipv4_build(pkt, SRC_ADDR, DST_ADDR, IPV4_PROTO_UDP, 9, 4 + UDP_HDR_LEN + 5);
    pkt[0] = 0x46;
    pkt[20] = 1; pkt[21] = 1; pkt[22] = 1; pkt[23] = 0;
    resum(pkt);
    CU_ASSERT_EQUAL(be_get16(pkt + 2), sizeof pkt);
    udp_build(pkt + 24, SRC_ADDR, DST_ADDR, 1000, 2000, data, 5);

    CU_ASSERT_EQUAL_FATAL(ipv4_parse(pkt, sizeof pkt, true, &ip), IPV4_OK);
    CU_ASSERT_EQUAL(ip.hdr_len, 24);
    CU_ASSERT_EQUAL(ip.total_len, sizeof pkt);
    CU_ASSERT_PTR_EQUAL(ip.payload, pkt + 24);
    CU_ASSERT_EQUAL(ip.payload_len, UDP_HDR_LEN + 5);
    CU_ASSERT_EQUAL_FATAL(udp_parse(&ip, &sp, &dp, &d, &n), IPV4_OK);
    CU_ASSERT_EQUAL(sp, 1000);
    CU_ASSERT_EQUAL(dp, 2000);
    CU_ASSERT_PTR_EQUAL(d, pkt + 32);
    CU_ASSERT_EQUAL(n, 5);
    CU_ASSERT_EQUAL(memcmp(d, data, 5), 0);
    /* the options are covered by the header checksum */
    pkt[21] = 0x44;
    CU_ASSERT_EQUAL(ipv4_parse(pkt, sizeof pkt, true, &ip), IPV4_ERR_CHECKSUM);

    /* IHL 15: the largest header, 40 bytes of options */
    uint8_t big[60 + ICMP_HDR_LEN];
    memset(big, 1, sizeof big);                         /* NOPs */
    ipv4_build(big, SRC_ADDR, DST_ADDR, IPV4_PROTO_ICMP, 9, 40 + ICMP_HDR_LEN);
    big[0] = 0x4F;
    resum(big);
    icmp_echo_build(big + 60, ICMP_ECHO_REQUEST, 1, 2, NULL, 0);
    CU_ASSERT_EQUAL_FATAL(ipv4_parse(big, sizeof big, true, &ip), IPV4_OK);
    CU_ASSERT_EQUAL(ip.hdr_len, 60);
    CU_ASSERT_PTR_EQUAL(ip.payload, big + 60);
    CU_ASSERT_EQUAL(ip.payload_len, ICMP_HDR_LEN);
}

static void test_ipv4_padding(void)
{
    /* an echo with no data, padded to the 46-byte Ethernet minimum */
    uint8_t frame[46];
    struct ipv4_info ip;
    uint8_t type;
    uint16_t ident, seq;
    const uint8_t *d;
    size_t n;

    memset(frame, 0xA5, sizeof frame);
    ipv4_build(frame, SRC_ADDR, DST_ADDR, IPV4_PROTO_ICMP, 3, ICMP_HDR_LEN);
    icmp_echo_build(frame + 20, ICMP_ECHO_REPLY, 0x1234, 7, NULL, 0);
    CU_ASSERT_EQUAL_FATAL(ipv4_parse(frame, sizeof frame, true, &ip), IPV4_OK);
    CU_ASSERT_EQUAL(ip.total_len, 28);
    CU_ASSERT_EQUAL(ip.payload_len, ICMP_HDR_LEN);
    CU_ASSERT_EQUAL_FATAL(icmp_echo_parse(&ip, &type, &ident, &seq, &d, &n), IPV4_OK);
    CU_ASSERT_EQUAL(type, ICMP_ECHO_REPLY);
    CU_ASSERT_EQUAL(ident, 0x1234);
    CU_ASSERT_EQUAL(seq, 7);
    CU_ASSERT_PTR_EQUAL(d, frame + 28);
    CU_ASSERT_EQUAL(n, 0);

    /* UDP with one data byte and padding: neither parser looks past 29 */
    uint16_t sp, dp;
    const uint8_t one = 0x42;
    memset(frame, 0x5A, sizeof frame);
    ipv4_build(frame, SRC_ADDR, DST_ADDR, IPV4_PROTO_UDP, 4, UDP_HDR_LEN + 1);
    udp_build(frame + 20, SRC_ADDR, DST_ADDR, 53, 5353, &one, 1);
    CU_ASSERT_EQUAL_FATAL(ipv4_parse(frame, sizeof frame, true, &ip), IPV4_OK);
    CU_ASSERT_EQUAL(ip.payload_len, UDP_HDR_LEN + 1);
    CU_ASSERT_EQUAL_FATAL(udp_parse(&ip, &sp, &dp, &d, &n), IPV4_OK);
    CU_ASSERT_EQUAL(n, 1);
    CU_ASSERT_EQUAL(*d, 0x42);
    CU_ASSERT_EQUAL(frame[29], 0x5A);
}

static void test_ipv4_dest(void)
{
    uint8_t pkt[IPV4_HDR_LEN];
    uint32_t dst = 0;

    ipv4_build(pkt, SRC_ADDR, DST_ADDR, IPV4_PROTO_UDP, 0, 100);   /* longer than pkt */
    CU_ASSERT_TRUE(ipv4_dest(pkt, sizeof pkt, &dst));
    CU_ASSERT_EQUAL(dst, DST_ADDR);
    CU_ASSERT_FALSE(ipv4_dest(pkt, 19, &dst));
    CU_ASSERT_FALSE(ipv4_dest(pkt, 0, &dst));

    /* no checks beyond length and version: bad IHL and checksum pass */
    pkt[0] = 0x40;
    pkt[11] ^= 0xFF;
    dst = 0;
    CU_ASSERT_TRUE(ipv4_dest(pkt, sizeof pkt, &dst));
    CU_ASSERT_EQUAL(dst, DST_ADDR);
    be_put32(pkt + 16, IPV4_BROADCAST);
    CU_ASSERT_TRUE(ipv4_dest(pkt, sizeof pkt, &dst));
    CU_ASSERT_EQUAL(dst, IPV4_BROADCAST);
    pkt[0] = 0x65;
    CU_ASSERT_FALSE(ipv4_dest(pkt, sizeof pkt, &dst));
    pkt[0] = 0x05;
    CU_ASSERT_FALSE(ipv4_dest(pkt, sizeof pkt, &dst));
}

static void test_err_str(void)
{
    for (int i = 0; i < IPV4_ERR_COUNT; i++) {
        const char *s = ipv4_err_str((enum ipv4_err)-i);
        CU_ASSERT_PTR_NOT_NULL_FATAL(s);
        CU_ASSERT_STRING_NOT_EQUAL(s, "unknown IPv4 error");
        for (int j = 0; j < i; j++)
            CU_ASSERT_STRING_NOT_EQUAL(s, ipv4_err_str((enum ipv4_err)-j));
    }
    CU_ASSERT_STRING_EQUAL(ipv4_err_str(IPV4_OK), "ok");
    CU_ASSERT_STRING_EQUAL(ipv4_err_str((enum ipv4_err)-IPV4_ERR_COUNT), "unknown IPv4 error");
    CU_ASSERT_STRING_EQUAL(ipv4_err_str((enum ipv4_err)1), "unknown IPv4 error");
}

/* ---- round trips ------------------------------------------------------------ */

static const size_t rt_lens[] = { 0, 1, 2, 3, 7, 8, 63, 64, 1471, 1472, 8163, 8164,
                                  MAX_DATA - 1, MAX_DATA };

static void test_icmp_round_trip(void)
{
    uint8_t *pkt = malloc(IPV4_MAX_LEN), *data = malloc(IPV4_MAX_LEN);
    CU_ASSERT_FATAL(pkt != NULL && data != NULL);

    for (size_t i = 0; i < ARRAY_SIZE(rt_lens); i++) {
        size_t len = rt_lens[i];
        uint8_t t = i & 1 ? ICMP_ECHO_REPLY : ICMP_ECHO_REQUEST;
        fill(data, len, (uint32_t)len);
        CU_ASSERT_EQUAL(icmp_echo_build(pkt + 20, t, (uint16_t)(0xA000 + i), (uint16_t)len,
                                        data, len), ICMP_HDR_LEN + len);
        CU_ASSERT_EQUAL(pkt[21], 0);                    /* code */
        CU_ASSERT_EQUAL(ipv4_build(pkt, DST_ADDR, SRC_ADDR, IPV4_PROTO_ICMP, (uint16_t)i,
                                   ICMP_HDR_LEN + len), IPV4_HDR_LEN);

        struct ipv4_info ip;
        uint8_t type = 0xFF;
        uint16_t ident = 0, seq = 0;
        const uint8_t *d = NULL;
        size_t n = 0;
        CU_ASSERT_EQUAL_FATAL(ipv4_parse(pkt, 28 + len, true, &ip), IPV4_OK);
        CU_ASSERT_EQUAL(ip.src, DST_ADDR);
        CU_ASSERT_EQUAL(ip.dst, SRC_ADDR);
        CU_ASSERT_EQUAL(ip.proto, IPV4_PROTO_ICMP);
        CU_ASSERT_EQUAL(ip.id, i);
        CU_ASSERT_EQUAL(ip.total_len, 28 + len);
        CU_ASSERT_EQUAL_FATAL(icmp_echo_parse(&ip, &type, &ident, &seq, &d, &n), IPV4_OK);
        CU_ASSERT_EQUAL(type, t);
        CU_ASSERT_EQUAL(ident, 0xA000 + i);
        CU_ASSERT_EQUAL(seq, (uint16_t)len);
        CU_ASSERT_PTR_EQUAL(d, pkt + 28);
        CU_ASSERT_EQUAL(n, len);
        CU_ASSERT_EQUAL(memcmp(d, data, len), 0);
    }

    /* built in place: data already at out + 8 */
    uint8_t buf[ICMP_HDR_LEN + 5] = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5 };
    CU_ASSERT_EQUAL(icmp_echo_build(buf, ICMP_ECHO_REQUEST, 1, 1, buf + 8, 5), 13);
    CU_ASSERT_EQUAL(buf[12], 5);
    CU_ASSERT_EQUAL(inet_sum(buf, sizeof buf, 0), 0xFFFF);
    free(pkt);
    free(data);
}

static void test_udp_round_trip(void)
{
    uint8_t *pkt = malloc(IPV4_MAX_LEN), *data = malloc(IPV4_MAX_LEN);
    CU_ASSERT_FATAL(pkt != NULL && data != NULL);

    for (size_t i = 0; i < ARRAY_SIZE(rt_lens); i++) {
        size_t len = rt_lens[i];
        uint32_t src = SRC_ADDR + (uint32_t)i * 0x01010101u, dst = IPV4_BROADCAST - (uint32_t)i;
        fill(data, len, (uint32_t)(len + 99));
        CU_ASSERT_EQUAL(udp_build(pkt + 20, src, dst, (uint16_t)(1024 + i), 7, data, len),
                        UDP_HDR_LEN + len);
        CU_ASSERT_EQUAL(be_get16(pkt + 24), UDP_HDR_LEN + len);
        CU_ASSERT_NOT_EQUAL(be_get16(pkt + 26), 0);
        ipv4_build(pkt, src, dst, IPV4_PROTO_UDP, 0xFFFF, UDP_HDR_LEN + len);

        struct ipv4_info ip;
        uint16_t sp = 0, dp = 0;
        const uint8_t *d = NULL;
        size_t n = 0;
        CU_ASSERT_EQUAL_FATAL(ipv4_parse(pkt, 28 + len, true, &ip), IPV4_OK);
        CU_ASSERT_EQUAL(ip.src, src);
        CU_ASSERT_EQUAL(ip.dst, dst);
        CU_ASSERT_EQUAL(ip.id, 0xFFFF);
        CU_ASSERT_EQUAL_FATAL(udp_parse(&ip, &sp, &dp, &d, &n), IPV4_OK);
        CU_ASSERT_EQUAL(sp, 1024 + i);
        CU_ASSERT_EQUAL(dp, 7);
        CU_ASSERT_PTR_EQUAL(d, pkt + 28);
        CU_ASSERT_EQUAL(n, len);
        CU_ASSERT_EQUAL(memcmp(d, data, len), 0);

        /* the pseudo-header binds the addresses: another source fails */
        ip.src ^= 0x00000100;
        CU_ASSERT_EQUAL(udp_parse(&ip, &sp, &dp, &d, &n), IPV4_ERR_CHECKSUM);
    }
    free(pkt);
    free(data);
}

/* Checksums computed independently of lib/ipv4.c (RFC 768 and 792 by hand). */
static const uint8_t udp_fixture[UDP_HDR_LEN + 5] = {
    0x12, 0x34, 0x00, 0x35,                             /* 00 4660 -> 53        */
    0x00, 0x0D, 0x1A, 0x83,                             /* 04 len 13, csum      */
    'v', 'm', 'l', 'a', 'n',                            /* 08 data (odd)        */
};
static const uint8_t icmp_fixture[ICMP_HDR_LEN + 3] = {
    0x08, 0x00, 0x21, 0x68,                             /* 00 request, csum     */
    0x12, 0x34, 0x00, 0x01,                             /* 04 ident, seq        */
    'a', 'b', 'c',                                      /* 08 data (odd)        */
};

static void test_udp_icmp_fixtures(void)
{
    uint8_t out[IPV4_HDR_LEN + UDP_HDR_LEN + 5];
    struct ipv4_info ip;
    uint16_t sp, dp, ident, seq;
    uint8_t type;
    const uint8_t *d;
    size_t n;

    memset(out, 0xEE, sizeof out);
    CU_ASSERT_EQUAL(udp_build(out, 0xC0A80001u, 0xC0A800C7u, 0x1234, 53,
                              (const uint8_t *)"vmlan", 5), sizeof udp_fixture);
    CU_ASSERT_EQUAL(memcmp(out, udp_fixture, sizeof udp_fixture), 0);

    memset(out, 0xEE, sizeof out);
    CU_ASSERT_EQUAL(icmp_echo_build(out, ICMP_ECHO_REQUEST, 0x1234, 1,
                                    (const uint8_t *)"abc", 3), sizeof icmp_fixture);
    CU_ASSERT_EQUAL(memcmp(out, icmp_fixture, sizeof icmp_fixture), 0);
    CU_ASSERT_EQUAL(out[sizeof icmp_fixture], 0xEE);

    ipv4_build(out, 0xC0A80001u, 0xC0A800C7u, IPV4_PROTO_UDP, 0, sizeof udp_fixture);
    memcpy(out + IPV4_HDR_LEN, udp_fixture, sizeof udp_fixture);
    CU_ASSERT_EQUAL_FATAL(ipv4_parse(out, sizeof out, true, &ip), IPV4_OK);
    CU_ASSERT_EQUAL_FATAL(udp_parse(&ip, &sp, &dp, &d, &n), IPV4_OK);
    CU_ASSERT_EQUAL(sp, 0x1234);
    CU_ASSERT_EQUAL(dp, 53);
    CU_ASSERT_EQUAL(n, 5);
    CU_ASSERT_EQUAL(memcmp(d, "vmlan", 5), 0);

    ipv4_build(out, 0xC0A80001u, 0xC0A800C7u, IPV4_PROTO_ICMP, 0, sizeof icmp_fixture);
    memcpy(out + IPV4_HDR_LEN, icmp_fixture, sizeof icmp_fixture);
    CU_ASSERT_EQUAL_FATAL(ipv4_parse(out, IPV4_HDR_LEN + sizeof icmp_fixture, true, &ip),
                          IPV4_OK);
    CU_ASSERT_EQUAL_FATAL(icmp_echo_parse(&ip, &type, &ident, &seq, &d, &n), IPV4_OK);
    CU_ASSERT_EQUAL(type, ICMP_ECHO_REQUEST);
    CU_ASSERT_EQUAL(ident, 0x1234);
    CU_ASSERT_EQUAL(seq, 1);
    CU_ASSERT_EQUAL(n, 3);
}

/* ---- ICMP and UDP errors ----------------------------------------------------- */

static void test_icmp_errors(void)
{
    uint8_t pkt[20 + ICMP_HDR_LEN + 3];
    const uint8_t data[3] = { 9, 8, 7 };
    struct ipv4_info ip, bad;
    uint8_t type;
    uint16_t ident, seq;
    const uint8_t *d;
    size_t n;

    ipv4_build(pkt, SRC_ADDR, DST_ADDR, IPV4_PROTO_ICMP, 0, ICMP_HDR_LEN + 3);
    icmp_echo_build(pkt + 20, ICMP_ECHO_REQUEST, 5, 6, data, 3);
    CU_ASSERT_EQUAL_FATAL(ipv4_parse(pkt, sizeof pkt, true, &ip), IPV4_OK);
    CU_ASSERT_EQUAL(icmp_echo_parse(&ip, &type, &ident, &seq, &d, &n), IPV4_OK);

    bad = ip;
    bad.proto = IPV4_PROTO_UDP;
    CU_ASSERT_EQUAL(icmp_echo_parse(&bad, &type, &ident, &seq, &d, &n), IPV4_ERR_PROTO);
    bad = ip;
    bad.payload_len = ICMP_HDR_LEN - 1;
    CU_ASSERT_EQUAL(icmp_echo_parse(&bad, &type, &ident, &seq, &d, &n), IPV4_ERR_SHORT);
    bad.payload_len = 0;
    CU_ASSERT_EQUAL(icmp_echo_parse(&bad, &type, &ident, &seq, &d, &n), IPV4_ERR_SHORT);

    /* other types, even with a valid checksum: not an echo */
    static const uint8_t types[] = { 3, 5, 11, 13, 255, 1, 7, 9 };
    for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
        icmp_echo_build(pkt + 20, types[i], 5, 6, data, 3);
        CU_ASSERT_EQUAL(icmp_echo_parse(&ip, &type, &ident, &seq, &d, &n), IPV4_ERR_PROTO);
    }

    /* the code is ignored */
    icmp_echo_build(pkt + 20, ICMP_ECHO_REPLY, 5, 6, data, 3);
    pkt[21] = 0x33;
    be_put16(pkt + 22, 0);
    be_put16(pkt + 22, inet_checksum(pkt + 20, ICMP_HDR_LEN + 3));
    CU_ASSERT_EQUAL(icmp_echo_parse(&ip, &type, &ident, &seq, &d, &n), IPV4_OK);
    CU_ASSERT_EQUAL(type, ICMP_ECHO_REPLY);

    /* any corrupted byte of header or data (odd tail included) */
    for (size_t off = 20; off < sizeof pkt; off++) {
        icmp_echo_build(pkt + 20, ICMP_ECHO_REQUEST, 5, 6, data, 3);
        if (off == 20)
            continue;                                   /* that is the type */
        pkt[off] ^= 0x81;
        CU_ASSERT_EQUAL(icmp_echo_parse(&ip, &type, &ident, &seq, &d, &n), IPV4_ERR_CHECKSUM);
    }
}

static void test_udp_errors(void)
{
    uint8_t pkt[20 + UDP_HDR_LEN + 9];
    uint8_t data[9];
    struct ipv4_info ip, bad;
    uint16_t sp, dp;
    const uint8_t *d;
    size_t n;

    fill(data, sizeof data, 1);
    ipv4_build(pkt, SRC_ADDR, DST_ADDR, IPV4_PROTO_UDP, 0, UDP_HDR_LEN + 9);
    udp_build(pkt + 20, SRC_ADDR, DST_ADDR, 67, 68, data, 9);
    CU_ASSERT_EQUAL_FATAL(ipv4_parse(pkt, sizeof pkt, true, &ip), IPV4_OK);
    CU_ASSERT_EQUAL(udp_parse(&ip, &sp, &dp, &d, &n), IPV4_OK);

    bad = ip;
    bad.proto = IPV4_PROTO_ICMP;
    CU_ASSERT_EQUAL(udp_parse(&bad, &sp, &dp, &d, &n), IPV4_ERR_PROTO);
    bad.proto = 6;                                      /* TCP */
    CU_ASSERT_EQUAL(udp_parse(&bad, &sp, &dp, &d, &n), IPV4_ERR_PROTO);
    bad = ip;
    bad.payload_len = UDP_HDR_LEN - 1;
    CU_ASSERT_EQUAL(udp_parse(&bad, &sp, &dp, &d, &n), IPV4_ERR_SHORT);

    /* the length field: below 8 or past the IP payload */
    static const uint16_t badlen[] = { 0, 1, 7, UDP_HDR_LEN + 10, 0xFFFF };
    for (size_t i = 0; i < ARRAY_SIZE(badlen); i++) {
        udp_build(pkt + 20, SRC_ADDR, DST_ADDR, 67, 68, data, 9);
        be_put16(pkt + 24, badlen[i]);
        CU_ASSERT_EQUAL(udp_parse(&ip, &sp, &dp, &d, &n), IPV4_ERR_LENGTH);
    }
    /* a shorter UDP length inside the IP payload: data ends there */
    udp_build(pkt + 20, SRC_ADDR, DST_ADDR, 67, 68, data, 9);
    bad = ip;
    bad.payload_len = sizeof pkt - 20 - 1;              /* the length is now past it */
    CU_ASSERT_EQUAL(udp_parse(&bad, &sp, &dp, &d, &n), IPV4_ERR_LENGTH);
    udp_build(pkt + 20, SRC_ADDR, DST_ADDR, 67, 68, data, 4);      /* 12 of 17 bytes */
    CU_ASSERT_EQUAL_FATAL(udp_parse(&ip, &sp, &dp, &d, &n), IPV4_OK);
    CU_ASSERT_EQUAL(n, 4);
    CU_ASSERT_EQUAL(memcmp(d, data, 4), 0);

    /* corrupted bytes fail; a zero checksum means none was sent */
    for (size_t off = 20; off < sizeof pkt; off++) {
        udp_build(pkt + 20, SRC_ADDR, DST_ADDR, 67, 68, data, 9);
        if (off == 24 || off == 25)
            continue;                                   /* the length */
        pkt[off] ^= 0x18;
        CU_ASSERT_EQUAL(udp_parse(&ip, &sp, &dp, &d, &n), IPV4_ERR_CHECKSUM);
        be_put16(pkt + 26, 0);
        CU_ASSERT_EQUAL(udp_parse(&ip, &sp, &dp, &d, &n), IPV4_OK);
    }
    bad = ip;
    bad.dst ^= 1;
    udp_build(pkt + 20, SRC_ADDR, DST_ADDR, 67, 68, data, 9);
    CU_ASSERT_EQUAL(udp_parse(&bad, &sp, &dp, &d, &n), IPV4_ERR_CHECKSUM);
    be_put16(pkt + 26, 0);
    CU_ASSERT_EQUAL(udp_parse(&bad, &sp, &dp, &d, &n), IPV4_OK);
}

/* Data chosen so that the computed UDP checksum is 0: sent as 0xFFFF. */
static void test_udp_zero_checksum(void)
{
    uint8_t pkt[20 + UDP_HDR_LEN + 2];
    uint8_t data[2] = { 0, 0 };
    struct ipv4_info ip;
    uint16_t sp, dp;
    const uint8_t *d;
    size_t n;

    udp_build(pkt + 20, SRC_ADDR, DST_ADDR, 4000, 4001, data, 2);
    uint16_t s0 = (uint16_t)~be_get16(pkt + 26);        /* sum of everything else */
    be_put16(data, (uint16_t)(0xFFFF - s0));            /* brings the sum to 0xFFFF */
    udp_build(pkt + 20, SRC_ADDR, DST_ADDR, 4000, 4001, data, 2);
    CU_ASSERT_EQUAL(be_get16(pkt + 26), 0xFFFF);

    /* the honest sum with the field zero is 0xFFFF, i.e. checksum 0 */
    uint32_t pseudo = (SRC_ADDR >> 16) + (SRC_ADDR & 0xFFFF) + (DST_ADDR >> 16) +
                      (DST_ADDR & 0xFFFF) + IPV4_PROTO_UDP + UDP_HDR_LEN + 2;
    be_put16(pkt + 26, 0);
    CU_ASSERT_EQUAL(inet_sum(pkt + 20, UDP_HDR_LEN + 2, pseudo), 0xFFFF);
    be_put16(pkt + 26, 0xFFFF);

    ipv4_build(pkt, SRC_ADDR, DST_ADDR, IPV4_PROTO_UDP, 0, UDP_HDR_LEN + 2);
    CU_ASSERT_EQUAL_FATAL(ipv4_parse(pkt, sizeof pkt, true, &ip), IPV4_OK);
    CU_ASSERT_EQUAL_FATAL(udp_parse(&ip, &sp, &dp, &d, &n), IPV4_OK);
    CU_ASSERT_EQUAL(n, 2);
    CU_ASSERT_EQUAL(memcmp(d, data, 2), 0);
    /* and the same datagram with 0 in the field: no checksum, accepted */
    be_put16(pkt + 26, 0);
    CU_ASSERT_EQUAL(udp_parse(&ip, &sp, &dp, &d, &n), IPV4_OK);
}

void register_ipv4_tests(void)
{
    static const struct unit_test tests[] = {
        { "inet_sum RFC 1071 example, odd lengths, carries", test_sum_rfc1071 },
        { "inet_sum up to 65535 bytes vs 64-bit reference", test_sum_large },
        { "IPv4 header fixture (checksum B861), ipv4_build", test_ipv4_fixture },
        { "ipv4_parse errors and their order", test_ipv4_errors },
        { "ipv4_parse skips options (IHL 6, 15)", test_ipv4_options },
        { "padding past total length ignored", test_ipv4_padding },
        { "ipv4_dest", test_ipv4_dest },
        { "ipv4_err_str", test_err_str },
        { "IPv4 + ICMP echo round trips", test_icmp_round_trip },
        { "IPv4 + UDP round trips", test_udp_round_trip },
        { "UDP and ICMP echo fixtures", test_udp_icmp_fixtures },
        { "icmp_echo_parse errors", test_icmp_errors },
        { "udp_parse errors", test_udp_errors },
        { "UDP checksum 0 sent as FFFF", test_udp_zero_checksum },
        { NULL, NULL },
    };
    unit_add_suite("ipv4", tests);
}
