/*
 * arp.h - Ethernet II and ARP codecs and the ARP cache of CP's LCS uplink
 * (pure).
 *
 * Formats: include/hw/lcs.h (Ethernet II without FCS; ARP for IPv4 over
 * Ethernet, RFC 826).  Hercules' LCS does no ARP and does not pad frames
 * to 60 bytes (shared/reference/lcs.md §1.7, §3): the uplink answers ARP
 * itself and parsers accept a 42-byte ARP frame.  Addresses are host-order
 * uint32_t (10.0.0.1 = 0x0A000001) as in lib/ipv4.h.  Parsers take
 * untrusted bytes: every length is checked before use, and on error
 * nothing in the outputs is meaningful.
 *
 * The cache maps next-hop IPv4 addresses to MACs and holds the datagrams
 * that wait for a resolution.  It has no clock of its own: every call
 * that ages something takes now_ms, a monotonic millisecond count (a
 * clock that steps back counts as no time passing).  Everything the cache
 * accepts is accounted for in struct arp_counters:
 *   queued == handed_over + dropped_full + expired_unresolved + flushed
 *             + pending
 * and a datagram arp_queue refuses is counted in queue_rejected, so the
 * caller can keep "sent = delivered + dropped by reason".
 * No I/O; the caller sends requests and frames.
 */
#ifndef OSA_ARP_H
#define OSA_ARP_H

#include "port.h"
#include "hw/lcs.h"

enum arp_err {
    ARP_OK              =  0,
    ARP_ERR_SHORT       = -1,           /* shorter than its header           */
    ARP_ERR_ETHERTYPE   = -2,           /* 802.3 length field, or not ARP    */
    ARP_ERR_HTYPE       = -3,           /* hardware type not Ethernet        */
    ARP_ERR_PTYPE       = -4,           /* protocol type not IPv4            */
    ARP_ERR_ALEN        = -5,           /* hlen not 6 or plen not 4          */
    ARP_ERR_OP          = -6,           /* neither request nor reply         */
    ARP_ERR_COUNT       = 7
};

const char *arp_err_str(enum arp_err e);

extern const uint8_t eth_broadcast_mac[ETH_ALEN];

/* ---- Ethernet II ---------------------------------------------------------- */

/* Split frame[0..len): *dst and *src point at the MACs, *payload at the
 * len - 14 bytes after the header (which may include padding).
 * ARP_ERR_SHORT below 14 bytes, ARP_ERR_ETHERTYPE for a type below 0x0600
 * (an 802.3 length: not Ethernet II). */
enum arp_err eth_parse(const uint8_t *frame, size_t len, const uint8_t **dst,
                       const uint8_t **src, uint16_t *type, const uint8_t **payload,
                       size_t *plen);

/* Write dst, src, type and payload[0..n) to out; returns 14 + n.  payload
 * may be out + 14 (already in place) or NULL when n is 0; no other overlap.
 * No padding to 60 bytes (Hercules sends frames as they are). */
size_t eth_build(uint8_t *out, const uint8_t dst[ETH_ALEN], const uint8_t src[ETH_ALEN],
                 uint16_t type, const uint8_t *payload, size_t n);

/* Is mac a group (multicast or broadcast) address? */
static inline bool eth_is_group(const uint8_t mac[ETH_ALEN])
{
    return (mac[0] & 0x01) != 0;
}

/* ---- ARP packets ------------------------------------------------------------ */

struct arp_packet {
    uint16_t op;                        /* ARP_OP_REQUEST or ARP_OP_REPLY    */
    uint8_t  sha[ETH_ALEN];
    uint32_t spa;
    uint8_t  tha[ETH_ALEN];
    uint32_t tpa;
};

/* The 28-byte ARP packet (Ethernet, IPv4) into out; returns ARP_PACKET_LEN. */
size_t arp_build(uint8_t out[ARP_PACKET_LEN], uint16_t op, const uint8_t sha[ETH_ALEN],
                 uint32_t spa, const uint8_t tha[ETH_ALEN], uint32_t tpa);
/* A whole 42-byte frame: "who has tpa? tell spa at sha", to the broadcast
 * MAC from sha, tha zero.  Returns ARP_FRAME_LEN. */
size_t arp_build_request(uint8_t out[ARP_FRAME_LEN], const uint8_t sha[ETH_ALEN],
                         uint32_t spa, uint32_t tpa);
/* A whole 42-byte frame: "spa is at sha", to tha (the asker) from sha.
 * Returns ARP_FRAME_LEN. */
size_t arp_build_reply(uint8_t out[ARP_FRAME_LEN], const uint8_t sha[ETH_ALEN],
                       uint32_t spa, const uint8_t tha[ETH_ALEN], uint32_t tpa);

/* Parse the ARP packet p[0..len) (bytes after 28 are padding): htype 1,
 * ptype 0800, hlen 6, plen 4, op 1 or 2. */
enum arp_err arp_parse(const uint8_t *p, size_t len, struct arp_packet *out);
/* Parse an Ethernet frame as ARP: eth_parse, EtherType 0806
 * (ARP_ERR_ETHERTYPE otherwise), then arp_parse of the payload. */
enum arp_err arp_parse_frame(const uint8_t *frame, size_t len, struct arp_packet *out);

/* ---- ARP cache and pending queue ------------------------------------------- */

#define ARP_CACHE_SIZE          64      /* entries                           */
#define ARP_QUEUE_SIZE          16      /* datagrams waiting, all next hops  */
#define ARP_QUEUE_DGRAM_MAX     ETH_MTU /* bytes per queued datagram         */
#define ARP_ENTRY_TTL_MS        300000  /* a learned MAC is used 5 minutes   */
#define ARP_QUEUE_TIMEOUT_MS    3000    /* unresolved datagrams are dropped  */
#define ARP_REQUEST_INTERVAL_MS 1000    /* at most one request per IP per s  */

enum arp_entry_state {
    ARP_ENTRY_FREE,
    ARP_ENTRY_INCOMPLETE,               /* requested, no MAC yet             */
    ARP_ENTRY_RESOLVED,
};

struct arp_entry {
    uint32_t ip;
    uint8_t  state;                     /* enum arp_entry_state              */
    uint8_t  mac[ETH_ALEN];             /* RESOLVED                          */
    uint64_t learned_ms;                /* RESOLVED: when mac was learned    */
    uint64_t requested_ms;              /* when the last request went out    */
};

struct arp_pending {
    bool     used;
    uint16_t len;
    uint32_t nexthop;
    uint64_t queued_ms;
    uint64_t order;                     /* FIFO: smaller is older            */
    uint8_t  data[ARP_QUEUE_DGRAM_MAX];
};

struct arp_counters {
    /* cache */
    uint64_t learned;                   /* new entries and updates           */
    uint64_t learn_rejected;            /* IP 0 / broadcast, group/zero MAC  */
    uint64_t hits, misses;              /* arp_lookup                        */
    uint64_t entries_expired;           /* resolved entries past the TTL     */
    uint64_t entries_evicted;           /* pushed out of a full table        */
    uint64_t requests;                  /* arp_should_request said yes       */
    uint64_t requests_limited;          /* ... said no: asked < 1 s ago      */
    /* queue: queued == handed_over + dropped_full + expired_unresolved
     *                  + flushed + pending */
    uint64_t queued;
    uint64_t queue_rejected;            /* empty or longer than 1500: refused */
    uint64_t dropped_full;              /* the oldest, pushed out by a new one */
    uint64_t expired_unresolved;        /* waited ARP_QUEUE_TIMEOUT_MS       */
    uint64_t handed_over;               /* given to arp_take_resolved's fn   */
    uint64_t flushed;                   /* arp_flush_queue                   */
};

struct arp_cache {
    struct arp_entry   entry[ARP_CACHE_SIZE];
    struct arp_pending queue[ARP_QUEUE_SIZE];
    unsigned pending;                   /* used queue slots                  */
    uint64_t next_order;
    struct arp_counters c;
};

/* An empty cache and queue, counters zero. */
void arp_init(struct arp_cache *c);

/* The MAC of ip if it was learned less than ARP_ENTRY_TTL_MS ago (counted
 * as a hit or a miss). */
bool arp_lookup(struct arp_cache *c, uint32_t ip, uint64_t now_ms, uint8_t mac_out[ETH_ALEN]);

/* Record ip -> mac as of now (new, or refresh; a full table gives up its
 * stalest entry).  The caller decides which ARP packets to learn from.
 * False (counted in learn_rejected) for IP 0.0.0.0 or 255.255.255.255, a
 * group MAC or the zero MAC. */
bool arp_learn(struct arp_cache *c, uint32_t ip, const uint8_t mac[ETH_ALEN], uint64_t now_ms);

/* Should a request for ip go out now?  False if ip is resolved, is 0 or
 * broadcast, or was requested less than ARP_REQUEST_INTERVAL_MS ago
 * (requests_limited); true (requests) records the request time. */
bool arp_should_request(struct arp_cache *c, uint32_t ip, uint64_t now_ms);

/* Queue a copy of dgram[0..len) until nexthop is resolved.  When all
 * ARP_QUEUE_SIZE slots are used, the OLDEST datagram is dropped
 * (dropped_full) to make room: a next hop that never answers would
 * otherwise block every new destination for ARP_QUEUE_TIMEOUT_MS.
 * False (queue_rejected, nothing kept) for len 0 or above
 * ARP_QUEUE_DGRAM_MAX. */
bool arp_queue(struct arp_cache *c, uint32_t nexthop, const uint8_t *dgram, size_t len,
               uint64_t now_ms);

/* Receives one queued datagram; dgram is valid only during the call, and
 * fn must not call back into the same cache. */
typedef void (*arp_deliver_fn)(void *ctx, uint32_t nexthop, const uint8_t mac[ETH_ALEN],
                               const uint8_t *dgram, size_t len);

/* If ip is resolved (as arp_lookup, but not counted), hand every datagram
 * queued for it to fn, oldest first, and free them (handed_over).
 * Returns how many. */
unsigned arp_take_resolved(struct arp_cache *c, uint32_t ip, uint64_t now_ms,
                           arp_deliver_fn fn, void *ctx);

/* Drop datagrams queued ARP_QUEUE_TIMEOUT_MS or longer
 * (expired_unresolved), resolved entries ARP_ENTRY_TTL_MS or older
 * (entries_expired) and incomplete entries with nothing queued whose last
 * request is ARP_QUEUE_TIMEOUT_MS old.  Returns the datagrams dropped. */
unsigned arp_expire(struct arp_cache *c, uint64_t now_ms);

/* Drop every queued datagram (flushed), e.g. when the uplink stops.
 * Returns how many. */
unsigned arp_flush_queue(struct arp_cache *c);

#endif
