/*
 * fuzz_ipv4.c - libFuzzer harness for the IPv4, ICMP echo and UDP codecs
 * (lib/ipv4.c).  The input, copied into an exactly-sized heap buffer so
 * that ASan sees any over-read, is parsed as a datagram with and without
 * the header checksum and offered to ipv4_dest; a datagram that parses
 * has its payload parsed as an ICMP echo and as UDP (the proto byte is
 * forced to each in a copy of the info).  Every pointer a parser reports
 * must lie, with its length, inside the input.  Then fields taken from the
 * input (addresses, id, ports, ident/seq, type, data) are built into an
 * ICMP echo and a UDP datagram that the parsers must accept unchanged.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lib/ipv4.h"
#include "lib/be.h"

#define CHECK(x) do { if (!(x)) { fprintf(stderr, "check failed: %s (line %d)\n", #x, __LINE__); abort(); } } while (0)

/* [p, p + n) lies within [base, base + size). */
static int inside(const uint8_t *base, size_t size, const void *p, size_t n)
{
    uintptr_t b = (uintptr_t)base, q = (uintptr_t)p;
    return q >= b && q - b <= size && n <= size - (q - b);
}

static void check_err(enum ipv4_err e)
{
    CHECK(e <= IPV4_OK && e > -IPV4_ERR_COUNT);
    CHECK(strcmp(ipv4_err_str(e), "unknown IPv4 error") != 0);
}

static void fuzz_payload(const uint8_t *buf, size_t size, const struct ipv4_info *ip)
{
    struct ipv4_info as = *ip;
    uint8_t type;
    uint16_t ident, seq, sp, dp;
    const uint8_t *d;
    size_t n;

    as.proto = IPV4_PROTO_ICMP;
    enum ipv4_err e = icmp_echo_parse(&as, &type, &ident, &seq, &d, &n);
    check_err(e);
    if (e == IPV4_OK) {
        CHECK(type == ICMP_ECHO_REPLY || type == ICMP_ECHO_REQUEST);
        CHECK(d == ip->payload + ICMP_HDR_LEN && n == ip->payload_len - ICMP_HDR_LEN);
        CHECK(inside(buf, size, d, n));
    }
    enum ipv4_err icmp = e;
    CHECK(udp_parse(&as, &sp, &dp, &d, &n) == IPV4_ERR_PROTO);

    as.proto = IPV4_PROTO_UDP;
    e = udp_parse(&as, &sp, &dp, &d, &n);
    enum ipv4_err udp = e;
    check_err(e);
    if (e == IPV4_OK) {
        CHECK(d == ip->payload + UDP_HDR_LEN && n <= ip->payload_len - UDP_HDR_LEN);
        CHECK(inside(buf, size, d, n));
    }
    CHECK(icmp_echo_parse(&as, &type, &ident, &seq, &d, &n) == IPV4_ERR_PROTO);

    /* as it came: the same verdicts for its own protocol, PROTO otherwise */
    e = icmp_echo_parse(ip, &type, &ident, &seq, &d, &n);
    CHECK(e == (ip->proto == IPV4_PROTO_ICMP ? icmp : IPV4_ERR_PROTO));
    if (e == IPV4_OK)
        CHECK(inside(buf, size, d, n));
    enum ipv4_err u = udp_parse(ip, &sp, &dp, &d, &n);
    CHECK(ip->proto == IPV4_PROTO_UDP ? u == udp : u == IPV4_ERR_PROTO);
    if (u == IPV4_OK)
        CHECK(inside(buf, size, d, n));
}

static void fuzz_parse(const uint8_t *buf, size_t size)
{
    struct ipv4_info ip, nosum;
    uint32_t dst = 0;
    bool has_dst = ipv4_dest(buf, size, &dst);
    CHECK(has_dst == (size >= IPV4_HDR_LEN && buf[0] >> 4 == 4));

    enum ipv4_err e = ipv4_parse(buf, size, false, &nosum);
    enum ipv4_err es = ipv4_parse(buf, size, true, &ip);
    check_err(e);
    check_err(es);
    /* the checksum is the last check */
    CHECK(es == e || (e == IPV4_OK && es == IPV4_ERR_CHECKSUM));
    if (e != IPV4_OK)
        return;
    CHECK(has_dst && dst == nosum.dst);
    CHECK(nosum.hdr_len >= IPV4_HDR_LEN && nosum.hdr_len <= nosum.total_len);
    CHECK(nosum.total_len <= size);
    CHECK(nosum.payload == buf + nosum.hdr_len);
    CHECK(nosum.payload_len == nosum.total_len - nosum.hdr_len);
    CHECK(inside(buf, size, nosum.payload, nosum.payload_len));
    if (es == IPV4_OK)
        CHECK(ip.src == nosum.src && ip.dst == nosum.dst && ip.proto == nosum.proto &&
              ip.ttl == nosum.ttl && ip.id == nosum.id && ip.hdr_len == nosum.hdr_len &&
              ip.total_len == nosum.total_len && ip.payload == nosum.payload &&
              ip.payload_len == nosum.payload_len);
    fuzz_payload(buf, size, &nosum);
}

/* Build both datagrams from fields in the input and parse them back. */
static void fuzz_round_trip(const uint8_t *in, size_t size)
{
    if (size < 16)
        return;
    uint32_t src = be_get32(in), dst = be_get32(in + 4);
    uint16_t id = be_get16(in + 8), p1 = be_get16(in + 10), p2 = be_get16(in + 12);
    uint8_t type = in[14] & 1 ? ICMP_ECHO_REQUEST : ICMP_ECHO_REPLY;
    const uint8_t *data = in + 16;
    size_t n = size - 16;
    if (n > IPV4_MAX_LEN - IPV4_HDR_LEN - UDP_HDR_LEN)
        n = IPV4_MAX_LEN - IPV4_HDR_LEN - UDP_HDR_LEN;

    size_t total = IPV4_HDR_LEN + UDP_HDR_LEN + n + (in[15] & 7);   /* some padding */
    uint8_t *pkt = malloc(total);
    CHECK(pkt != NULL);
    memset(pkt, in[15], total);

    struct ipv4_info ip;
    const uint8_t *d;
    size_t dn;

    CHECK(icmp_echo_build(pkt + IPV4_HDR_LEN, type, p1, p2, data, n) == ICMP_HDR_LEN + n);
    CHECK(ipv4_build(pkt, src, dst, IPV4_PROTO_ICMP, id, ICMP_HDR_LEN + n) == IPV4_HDR_LEN);
    CHECK(ipv4_parse(pkt, total, true, &ip) == IPV4_OK);
    CHECK(ip.src == src && ip.dst == dst && ip.id == id && ip.proto == IPV4_PROTO_ICMP);
    CHECK(ip.ttl == IPV4_DEFAULT_TTL && ip.hdr_len == IPV4_HDR_LEN);
    CHECK(ip.total_len == IPV4_HDR_LEN + ICMP_HDR_LEN + n);
    uint8_t t;
    uint16_t ident, seq;
    CHECK(icmp_echo_parse(&ip, &t, &ident, &seq, &d, &dn) == IPV4_OK);
    CHECK(t == type && ident == p1 && seq == p2 && dn == n && memcmp(d, data, n) == 0);

    memset(pkt, in[15], total);
    CHECK(udp_build(pkt + IPV4_HDR_LEN, src, dst, p1, p2, data, n) == UDP_HDR_LEN + n);
    CHECK(be_get16(pkt + IPV4_HDR_LEN + 6) != 0);
    CHECK(ipv4_build(pkt, src, dst, IPV4_PROTO_UDP, id, UDP_HDR_LEN + n) == IPV4_HDR_LEN);
    uint32_t got = 0;
    CHECK(ipv4_dest(pkt, total, &got) && got == dst);
    CHECK(ipv4_parse(pkt, total, true, &ip) == IPV4_OK);
    CHECK(ip.src == src && ip.dst == dst && ip.id == id && ip.proto == IPV4_PROTO_UDP);
    CHECK(ip.total_len == IPV4_HDR_LEN + UDP_HDR_LEN + n);
    uint16_t sp, dp;
    CHECK(udp_parse(&ip, &sp, &dp, &d, &dn) == IPV4_OK);
    CHECK(sp == p1 && dp == p2 && dn == n && memcmp(d, data, n) == 0);
    free(pkt);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *buf = malloc(size);
    if (!buf && size)
        return 0;
    if (size)
        memcpy(buf, data, size);
    fuzz_parse(buf, size);
    fuzz_round_trip(buf, size);
    free(buf);
    return 0;
}
