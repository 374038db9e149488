/*
 * ipv4.c - IPv4, ICMP echo and UDP codecs (pure; see ipv4.h).
 *
 * RFC 791 section 3.1 (header), RFC 792 (echo), RFC 768 (UDP and its
 * pseudo-header), RFC 1071 (checksum).  Parsers check every length
 * against the buffer before reading past the fixed header.
 */
#include "lib/ipv4.h"
#include "lib/be.h"

/* IPv4 header offsets (RFC 791 3.1). */
#define IP_VER_IHL      0x00            /* version << 4 | IHL (words)        */
#define IP_TOS          0x01
#define IP_TOTAL_LEN    0x02
#define IP_ID           0x04
#define IP_FLAGS_FRAG   0x06            /* flags (3 bits) | offset (13 bits) */
#define IP_TTL          0x08
#define IP_PROTO        0x09
#define IP_CSUM         0x0A
#define IP_SRC          0x0C
#define IP_DST          0x10
#define IP_FLAG_MF      0x2000
#define IP_FRAG_OFFSET  0x1FFF

/* ICMP echo offsets (RFC 792). */
#define ICMP_TYPE       0x00
#define ICMP_CODE       0x01
#define ICMP_CSUM       0x02
#define ICMP_IDENT      0x04
#define ICMP_SEQ        0x06

/* UDP offsets (RFC 768). */
#define UDP_SPORT       0x00
#define UDP_DPORT       0x02
#define UDP_LEN         0x04
#define UDP_CSUM        0x06

/* Words summed between folds: 0x1FFFE + 0x8000 * 0xFFFF < 2^32. */
#define SUM_CHUNK_WORDS 0x8000

static const char *const err_names[IPV4_ERR_COUNT] = {
    [0] = "ok",
    [1] = "too short",
    [2] = "not IPv4",
    [3] = "bad header length",
    [4] = "bad total length",
    [5] = "bad checksum",
    [6] = "fragment",
    [7] = "wrong protocol",
};

const char *ipv4_err_str(enum ipv4_err e)
{
    unsigned i = (unsigned)-(int)e;
    return i < ARRAY_SIZE(err_names) ? err_names[i] : "unknown IPv4 error";
}

static uint32_t fold(uint32_t s)
{
    s = (s & 0xFFFF) + (s >> 16);
    return (s & 0xFFFF) + (s >> 16);
}

#ifdef VMLAN_TARGET
/* On z/Architecture CHECKSUM (CKSM) adds the bytes as big-endian words
 * (the last one padded with zeros) with end-around carry in one
 * instruction; folded to 16 bits that is the RFC 1071 sum.  cc 3 means
 * it stopped early and goes on. */
uint16_t inet_sum(const uint8_t *p, size_t n, uint32_t sum)
{
    register uint64_t a __asm__("2") = (uint64_t)(uintptr_t)p;
    register uint64_t l __asm__("3") = n;
    uint64_t acc = fold(sum);
    __asm__ volatile("0: cksm %0,%1\n\tjo 0b" : "+d"(acc), "+d"(a), "+d"(l) : : "cc", "memory");
    uint32_t w = (uint32_t)acc;
    return (uint16_t)fold((w >> 16) + (w & 0xFFFF));
}
#else
uint16_t inet_sum(const uint8_t *p, size_t n, uint32_t sum)
{
    uint32_t s = fold(sum);
    while (n >= 2) {
        size_t words = n / 2 < SUM_CHUNK_WORDS ? n / 2 : SUM_CHUNK_WORDS;
        n -= words * 2;
        for (; words; words--, p += 2)
            s += be_get16(p);
        s = fold(s);
    }
    if (n)
        s = fold(s + ((uint32_t)p[0] << 8));
    return (uint16_t)s;
}
#endif

uint16_t inet_checksum(const uint8_t *p, size_t n)
{
    return (uint16_t)~inet_sum(p, n, 0);
}

/* ---- IPv4 ------------------------------------------------------------------ */

enum ipv4_err ipv4_parse(const uint8_t *pkt, size_t len, bool check_sum,
                         struct ipv4_info *out)
{
    if (len < IPV4_HDR_LEN)
        return IPV4_ERR_SHORT;
    if (pkt[IP_VER_IHL] >> 4 != 4)
        return IPV4_ERR_VERSION;
    size_t hdr_len = (size_t)(pkt[IP_VER_IHL] & 0x0F) * 4;
    size_t total_len = be_get16(pkt + IP_TOTAL_LEN);
    if (hdr_len < IPV4_HDR_LEN || hdr_len > total_len)
        return IPV4_ERR_HDRLEN;
    if (total_len > len)
        return IPV4_ERR_LENGTH;
    if (be_get16(pkt + IP_FLAGS_FRAG) & (IP_FLAG_MF | IP_FRAG_OFFSET))
        return IPV4_ERR_FRAGMENT;
    if (check_sum && inet_sum(pkt, hdr_len, 0) != 0xFFFF)
        return IPV4_ERR_CHECKSUM;

    out->src = be_get32(pkt + IP_SRC);
    out->dst = be_get32(pkt + IP_DST);
    out->proto = pkt[IP_PROTO];
    out->ttl = pkt[IP_TTL];
    out->id = be_get16(pkt + IP_ID);
    out->hdr_len = hdr_len;
    out->total_len = total_len;
    out->payload = pkt + hdr_len;
    out->payload_len = total_len - hdr_len;
    return IPV4_OK;
}

bool ipv4_dest(const uint8_t *pkt, size_t len, uint32_t *dst)
{
    if (len < IPV4_HDR_LEN || pkt[IP_VER_IHL] >> 4 != 4)
        return false;
    *dst = be_get32(pkt + IP_DST);
    return true;
}

size_t ipv4_build(uint8_t *out, uint32_t src, uint32_t dst, uint8_t proto, uint16_t id,
                  size_t payload_len)
{
    out[IP_VER_IHL] = 0x45;
    out[IP_TOS] = 0;
    be_put16(out + IP_TOTAL_LEN, (uint16_t)(IPV4_HDR_LEN + payload_len));
    be_put16(out + IP_ID, id);
    be_put16(out + IP_FLAGS_FRAG, 0);
    out[IP_TTL] = IPV4_DEFAULT_TTL;
    out[IP_PROTO] = proto;
    be_put16(out + IP_CSUM, 0);
    be_put32(out + IP_SRC, src);
    be_put32(out + IP_DST, dst);
    be_put16(out + IP_CSUM, inet_checksum(out, IPV4_HDR_LEN));
    return IPV4_HDR_LEN;
}

/* Copy data to dst unless it is already there (built in place). */
static void put_data(uint8_t *dst, const uint8_t *data, size_t n)
{
    if (n && dst != data)
        memcpy(dst, data, n);
}

/* ---- ICMP echo ------------------------------------------------------------- */

size_t icmp_echo_build(uint8_t *out, uint8_t type, uint16_t ident, uint16_t seq,
                       const uint8_t *data, size_t n)
{
    put_data(out + ICMP_HDR_LEN, data, n);
    out[ICMP_TYPE] = type;
    out[ICMP_CODE] = 0;
    be_put16(out + ICMP_CSUM, 0);
    be_put16(out + ICMP_IDENT, ident);
    be_put16(out + ICMP_SEQ, seq);
    be_put16(out + ICMP_CSUM, inet_checksum(out, ICMP_HDR_LEN + n));
    return ICMP_HDR_LEN + n;
}

enum ipv4_err icmp_echo_parse(const struct ipv4_info *ip, uint8_t *type, uint16_t *ident,
                              uint16_t *seq, const uint8_t **data, size_t *n)
{
    const uint8_t *p = ip->payload;
    if (ip->proto != IPV4_PROTO_ICMP)
        return IPV4_ERR_PROTO;
    if (ip->payload_len < ICMP_HDR_LEN)
        return IPV4_ERR_SHORT;
    if (p[ICMP_TYPE] != ICMP_ECHO_REPLY && p[ICMP_TYPE] != ICMP_ECHO_REQUEST)
        return IPV4_ERR_PROTO;
    if (inet_sum(p, ip->payload_len, 0) != 0xFFFF)
        return IPV4_ERR_CHECKSUM;
    *type = p[ICMP_TYPE];
    *ident = be_get16(p + ICMP_IDENT);
    *seq = be_get16(p + ICMP_SEQ);
    *data = p + ICMP_HDR_LEN;
    *n = ip->payload_len - ICMP_HDR_LEN;
    return IPV4_OK;
}

/* ---- UDP ------------------------------------------------------------------- */

/* Unfolded sum of the RFC 768 pseudo-header (at most 6 * 0xFFFF). */
static uint32_t udp_pseudo_sum(uint32_t src, uint32_t dst, uint16_t udp_len)
{
    return (src >> 16) + (src & 0xFFFF) + (dst >> 16) + (dst & 0xFFFF) +
           IPV4_PROTO_UDP + udp_len;
}

size_t udp_build(uint8_t *out, uint32_t src, uint32_t dst, uint16_t sport, uint16_t dport,
                 const uint8_t *data, size_t n)
{
    uint16_t len = (uint16_t)(UDP_HDR_LEN + n);
    put_data(out + UDP_HDR_LEN, data, n);
    be_put16(out + UDP_SPORT, sport);
    be_put16(out + UDP_DPORT, dport);
    be_put16(out + UDP_LEN, len);
    be_put16(out + UDP_CSUM, 0);
    uint16_t c = (uint16_t)~inet_sum(out, UDP_HDR_LEN + n, udp_pseudo_sum(src, dst, len));
    be_put16(out + UDP_CSUM, c ? c : 0xFFFF);
    return UDP_HDR_LEN + n;
}

enum ipv4_err udp_parse(const struct ipv4_info *ip, uint16_t *sport, uint16_t *dport,
                        const uint8_t **data, size_t *n)
{
    const uint8_t *p = ip->payload;
    if (ip->proto != IPV4_PROTO_UDP)
        return IPV4_ERR_PROTO;
    if (ip->payload_len < UDP_HDR_LEN)
        return IPV4_ERR_SHORT;
    uint16_t len = be_get16(p + UDP_LEN);
    if (len < UDP_HDR_LEN || len > ip->payload_len)
        return IPV4_ERR_LENGTH;
    if (be_get16(p + UDP_CSUM) != 0 &&
        inet_sum(p, len, udp_pseudo_sum(ip->src, ip->dst, len)) != 0xFFFF)
        return IPV4_ERR_CHECKSUM;
    *sport = be_get16(p + UDP_SPORT);
    *dport = be_get16(p + UDP_DPORT);
    *data = p + UDP_HDR_LEN;
    *n = (size_t)len - UDP_HDR_LEN;
    return IPV4_OK;
}
