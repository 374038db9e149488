/*
 * ipv4.h - IPv4, ICMP echo and UDP: the guest IP stack's codecs (pure).
 *
 * RFC 791 (IPv4 header), RFC 792 (ICMP echo), RFC 768 (UDP), RFC 1071
 * (Internet checksum).  Used by CMS (PING, UDP tools) and by CP's route
 * function, which only reads the destination and checks the header's
 * shape (it never rewrites a datagram).  Addresses are host-order
 * uint32_t (10.0.0.1 = 0x0A000001); all multi-byte fields on the wire
 * are big-endian (lib/be.h).  Parsers take untrusted bytes: every length
 * is checked against the buffer before use, and on error nothing in *out
 * is meaningful.
 */
#ifndef LIB_IPV4_H
#define LIB_IPV4_H

#include "port.h"

#define IPV4_HDR_LEN        20          /* without options                   */
#define IPV4_MAX_LEN        65535
#define IPV4_PROTO_ICMP     1
#define IPV4_PROTO_UDP      17
#define IPV4_DEFAULT_TTL    64
#define IPV4_BROADCAST      0xFFFFFFFFu
#define ICMP_HDR_LEN        8
#define ICMP_ECHO_REPLY     0
#define ICMP_ECHO_REQUEST   8
#define UDP_HDR_LEN         8

enum ipv4_err {
    IPV4_OK             =  0,
    IPV4_ERR_SHORT      = -1,           /* shorter than its header           */
    IPV4_ERR_VERSION    = -2,           /* version not 4                     */
    IPV4_ERR_HDRLEN     = -3,           /* IHL < 5 or past the total length  */
    IPV4_ERR_LENGTH     = -4,           /* total length > buffer; UDP length */
    IPV4_ERR_CHECKSUM   = -5,           /* header / ICMP / UDP checksum      */
    IPV4_ERR_FRAGMENT   = -6,           /* MF set or fragment offset != 0    */
    IPV4_ERR_PROTO      = -7,           /* not the protocol asked for        */
    IPV4_ERR_COUNT      = 8
};

const char *ipv4_err_str(enum ipv4_err e);

/* RFC 1071 ones'-complement sum of n bytes (odd n: last byte padded with
 * zero) added to sum, folded to 16 bits; not complemented. */
uint16_t inet_sum(const uint8_t *p, size_t n, uint32_t sum);
/* The Internet checksum of n bytes: ~inet_sum(p, n, 0). */
uint16_t inet_checksum(const uint8_t *p, size_t n);

/* A parsed datagram (pointers into the parsed buffer). */
struct ipv4_info {
    uint32_t src, dst;
    uint8_t  proto, ttl;
    uint16_t id;
    size_t   hdr_len;                   /* IHL * 4                            */
    size_t   total_len;                 /* from the header                    */
    const uint8_t *payload;             /* after the header (options skipped) */
    size_t   payload_len;               /* total_len - hdr_len                */
};

/* Check the header of the datagram in pkt[0..len): version 4, IHL >= 5,
 * hdr_len <= total_len <= len (bytes past total_len are ignored, as
 * padding), not a fragment; the header checksum only when check_sum.
 * Fills *out on IPV4_OK. */
enum ipv4_err ipv4_parse(const uint8_t *pkt, size_t len, bool check_sum,
                         struct ipv4_info *out);

/* Destination address of pkt without further checks, for the router:
 * false if len < IPV4_HDR_LEN or the version is not 4. */
bool ipv4_dest(const uint8_t *pkt, size_t len, uint32_t *dst);

/* Write a 20-byte header (no options, DF clear, TTL IPV4_DEFAULT_TTL,
 * checksum filled) for a datagram carrying payload_len bytes; returns
 * IPV4_HDR_LEN.  The caller guarantees 20 + payload_len <= 65535. */
size_t ipv4_build(uint8_t *out, uint32_t src, uint32_t dst, uint8_t proto, uint16_t id,
                  size_t payload_len);

/* ICMP echo request/reply (type) with data[0..n) into out; checksum
 * filled.  Returns ICMP_HDR_LEN + n. */
size_t icmp_echo_build(uint8_t *out, uint8_t type, uint16_t ident, uint16_t seq,
                       const uint8_t *data, size_t n);
/* Parse an ICMP echo request or reply from a parsed datagram: checksum
 * checked; *data points at the echo data.  IPV4_ERR_PROTO if not ICMP or
 * not an echo request/reply. */
enum ipv4_err icmp_echo_parse(const struct ipv4_info *ip, uint8_t *type, uint16_t *ident,
                              uint16_t *seq, const uint8_t **data, size_t *n);

/* UDP datagram (header + data[0..n)) into out with the pseudo-header
 * checksum (0 is sent as 0xFFFF).  Returns UDP_HDR_LEN + n.  The caller
 * keeps n <= 65527; data may be out + UDP_HDR_LEN, no other overlap. */
size_t udp_build(uint8_t *out, uint32_t src, uint32_t dst, uint16_t sport, uint16_t dport,
                 const uint8_t *data, size_t n);
/* Parse UDP from a parsed datagram (its src/dst feed the checksum):
 * length field 8..payload_len (else IPV4_ERR_LENGTH), checksum checked
 * unless it is 0 (none sent).  IPV4_ERR_PROTO if not UDP. */
enum ipv4_err udp_parse(const struct ipv4_info *ip, uint16_t *sport, uint16_t *dport,
                        const uint8_t **data, size_t *n);

#endif
