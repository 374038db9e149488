/*
 * arp.c - Ethernet II and ARP codecs, the ARP cache and its queue of
 * datagrams awaiting resolution (pure; see arp.h, RFC 826).
 */
#include "osa/arp.h"

static const char *const err_names[ARP_ERR_COUNT] = {
    [0] = "ok",
    [1] = "too short",
    [2] = "not an Ethernet II ARP frame",
    [3] = "ARP hardware type not Ethernet",
    [4] = "ARP protocol type not IPv4",
    [5] = "ARP address lengths not 6/4",
    [6] = "ARP operation not request/reply",
};

const char *arp_err_str(enum arp_err e)
{
    unsigned i = (unsigned)-(int)e;
    return i < ARRAY_SIZE(err_names) ? err_names[i] : "unknown ARP error";
}

const uint8_t eth_broadcast_mac[ETH_ALEN] = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
static const uint8_t zero_mac[ETH_ALEN];

/* ---- Ethernet II ---------------------------------------------------------- */

enum arp_err eth_parse(const uint8_t *frame, size_t len, const uint8_t **dst,
                       const uint8_t **src, uint16_t *type, const uint8_t **payload,
                       size_t *plen)
{
    if (len < ETH_HDR_LEN)
        return ARP_ERR_SHORT;
    const struct eth_hdr *h = (const struct eth_hdr *)frame;
    uint16_t t = be_get16(h->type);
    if (t < ETH_TYPE_MIN)
        return ARP_ERR_ETHERTYPE;
    *dst = h->dst;
    *src = h->src;
    *type = t;
    *payload = frame + ETH_HDR_LEN;
    *plen = len - ETH_HDR_LEN;
    return ARP_OK;
}

size_t eth_build(uint8_t *out, const uint8_t dst[ETH_ALEN], const uint8_t src[ETH_ALEN],
                 uint16_t type, const uint8_t *payload, size_t n)
{
    struct eth_hdr *h = (struct eth_hdr *)out;
    if (n && payload != out + ETH_HDR_LEN)
        memmove(out + ETH_HDR_LEN, payload, n);
    memmove(h->dst, dst, ETH_ALEN);
    memmove(h->src, src, ETH_ALEN);
    be_put16(h->type, type);
    return ETH_HDR_LEN + n;
}

/* ---- ARP packets ------------------------------------------------------------ */

size_t arp_build(uint8_t out[ARP_PACKET_LEN], uint16_t op, const uint8_t sha[ETH_ALEN],
                 uint32_t spa, const uint8_t tha[ETH_ALEN], uint32_t tpa)
{
    struct arp_ipv4 *a = (struct arp_ipv4 *)out;
    be_put16(a->htype, ARP_HTYPE_ETHER);
    be_put16(a->ptype, ARP_PTYPE_IPV4);
    a->hlen = ARP_HLEN_ETHER;
    a->plen = ARP_PLEN_IPV4;
    be_put16(a->op, op);
    memmove(a->sha, sha, ETH_ALEN);
    be_put32(a->spa, spa);
    memmove(a->tha, tha, ETH_ALEN);
    be_put32(a->tpa, tpa);
    return ARP_PACKET_LEN;
}

size_t arp_build_request(uint8_t out[ARP_FRAME_LEN], const uint8_t sha[ETH_ALEN],
                         uint32_t spa, uint32_t tpa)
{
    arp_build(out + ETH_HDR_LEN, ARP_OP_REQUEST, sha, spa, zero_mac, tpa);
    return eth_build(out, eth_broadcast_mac, sha, ETHERTYPE_ARP, out + ETH_HDR_LEN,
                     ARP_PACKET_LEN);
}

size_t arp_build_reply(uint8_t out[ARP_FRAME_LEN], const uint8_t sha[ETH_ALEN],
                       uint32_t spa, const uint8_t tha[ETH_ALEN], uint32_t tpa)
{
    arp_build(out + ETH_HDR_LEN, ARP_OP_REPLY, sha, spa, tha, tpa);
    return eth_build(out, tha, sha, ETHERTYPE_ARP, out + ETH_HDR_LEN, ARP_PACKET_LEN);
}

enum arp_err arp_parse(const uint8_t *p, size_t len, struct arp_packet *out)
{
    if (len < ARP_PACKET_LEN)
        return ARP_ERR_SHORT;
    const struct arp_ipv4 *a = (const struct arp_ipv4 *)p;
    if (be_get16(a->htype) != ARP_HTYPE_ETHER)
        return ARP_ERR_HTYPE;
    if (be_get16(a->ptype) != ARP_PTYPE_IPV4)
        return ARP_ERR_PTYPE;
    if (a->hlen != ARP_HLEN_ETHER || a->plen != ARP_PLEN_IPV4)
        return ARP_ERR_ALEN;
    uint16_t op = be_get16(a->op);
    if (op != ARP_OP_REQUEST && op != ARP_OP_REPLY)
        return ARP_ERR_OP;
    out->op = op;
    memcpy(out->sha, a->sha, ETH_ALEN);
    out->spa = be_get32(a->spa);
    memcpy(out->tha, a->tha, ETH_ALEN);
    out->tpa = be_get32(a->tpa);
    return ARP_OK;
}

enum arp_err arp_parse_frame(const uint8_t *frame, size_t len, struct arp_packet *out)
{
    const uint8_t *dst, *src, *payload;
    uint16_t type;
    size_t plen;
    enum arp_err e = eth_parse(frame, len, &dst, &src, &type, &payload, &plen);
    if (e != ARP_OK)
        return e;
    if (type != ETHERTYPE_ARP)
        return ARP_ERR_ETHERTYPE;
    return arp_parse(payload, plen, out);
}

/* ---- cache ------------------------------------------------------------------ */

/* Milliseconds from then to now; a clock that stepped back gives 0. */
static uint64_t age(uint64_t now, uint64_t then)
{
    return now > then ? now - then : 0;
}

void arp_init(struct arp_cache *c)
{
    memset(c, 0, sizeof *c);
}

static struct arp_entry *find(struct arp_cache *c, uint32_t ip)
{
    for (unsigned i = 0; i < ARP_CACHE_SIZE; i++)
        if (c->entry[i].state != ARP_ENTRY_FREE && c->entry[i].ip == ip)
            return &c->entry[i];
    return NULL;
}

static bool fresh(const struct arp_entry *e, uint64_t now)
{
    return e->state == ARP_ENTRY_RESOLVED && age(now, e->learned_ms) < ARP_ENTRY_TTL_MS;
}

/* A slot for a new entry of ip: a free one, else the one used longest
 * ago (entries_evicted). */
static struct arp_entry *alloc(struct arp_cache *c, uint32_t ip)
{
    struct arp_entry *victim = NULL;
    uint64_t oldest = UINT64_MAX;
    for (unsigned i = 0; i < ARP_CACHE_SIZE; i++) {
        struct arp_entry *e = &c->entry[i];
        if (e->state == ARP_ENTRY_FREE) {
            victim = e;
            break;
        }
        uint64_t t = e->state == ARP_ENTRY_RESOLVED ? e->learned_ms : e->requested_ms;
        if (!victim || t < oldest) {
            oldest = t;
            victim = e;
        }
    }
    if (victim->state != ARP_ENTRY_FREE)
        c->c.entries_evicted++;
    *victim = (struct arp_entry){ .ip = ip, .state = ARP_ENTRY_INCOMPLETE };
    return victim;
}

bool arp_lookup(struct arp_cache *c, uint32_t ip, uint64_t now, uint8_t mac_out[ETH_ALEN])
{
    struct arp_entry *e = find(c, ip);
    if (!e || !fresh(e, now)) {
        c->c.misses++;
        return false;
    }
    memcpy(mac_out, e->mac, ETH_ALEN);
    c->c.hits++;
    return true;
}

bool arp_learn(struct arp_cache *c, uint32_t ip, const uint8_t mac[ETH_ALEN], uint64_t now)
{
    if (ip == 0 || ip == 0xFFFFFFFFu || eth_is_group(mac)
        || memcmp(mac, zero_mac, ETH_ALEN) == 0) {
        c->c.learn_rejected++;
        return false;
    }
    struct arp_entry *e = find(c, ip);
    if (!e)
        e = alloc(c, ip);
    e->state = ARP_ENTRY_RESOLVED;
    memcpy(e->mac, mac, ETH_ALEN);
    e->learned_ms = now;
    c->c.learned++;
    return true;
}

bool arp_should_request(struct arp_cache *c, uint32_t ip, uint64_t now)
{
    if (ip == 0 || ip == 0xFFFFFFFFu)
        return false;
    struct arp_entry *e = find(c, ip);
    if (e && fresh(e, now))
        return false;
    if (e && e->state == ARP_ENTRY_INCOMPLETE
        && age(now, e->requested_ms) < ARP_REQUEST_INTERVAL_MS) {
        c->c.requests_limited++;
        return false;
    }
    if (!e)
        e = alloc(c, ip);
    e->state = ARP_ENTRY_INCOMPLETE;    /* a stale MAC is no longer used */
    e->requested_ms = now;
    c->c.requests++;
    return true;
}

/* ---- pending queue ------------------------------------------------------------ */

static void drop(struct arp_cache *c, struct arp_pending *q, uint64_t *counter)
{
    q->used = false;
    c->pending--;
    (*counter)++;
}

/* The oldest used slot queued for ip (any ip when all), or NULL. */
static struct arp_pending *oldest(struct arp_cache *c, bool all, uint32_t ip)
{
    struct arp_pending *best = NULL;
    for (unsigned i = 0; i < ARP_QUEUE_SIZE; i++) {
        struct arp_pending *q = &c->queue[i];
        if (q->used && (all || q->nexthop == ip) && (!best || q->order < best->order))
            best = q;
    }
    return best;
}

bool arp_queue(struct arp_cache *c, uint32_t nexthop, const uint8_t *dgram, size_t len,
               uint64_t now)
{
    if (len == 0 || len > ARP_QUEUE_DGRAM_MAX) {
        c->c.queue_rejected++;
        return false;
    }
    struct arp_pending *q = NULL;
    if (c->pending == ARP_QUEUE_SIZE) {
        q = oldest(c, true, 0);
        drop(c, q, &c->c.dropped_full);
    } else {
        for (unsigned i = 0; i < ARP_QUEUE_SIZE && !q; i++)
            if (!c->queue[i].used)
                q = &c->queue[i];
    }
    CP_ASSERT(q != NULL);
    q->used = true;
    q->len = (uint16_t)len;
    q->nexthop = nexthop;
    q->queued_ms = now;
    q->order = c->next_order++;
    memcpy(q->data, dgram, len);
    c->pending++;
    c->c.queued++;
    return true;
}

unsigned arp_take_resolved(struct arp_cache *c, uint32_t ip, uint64_t now,
                           arp_deliver_fn fn, void *ctx)
{
    struct arp_entry *e = find(c, ip);
    if (!e || !fresh(e, now))
        return 0;
    unsigned n = 0;
    struct arp_pending *q;
    while ((q = oldest(c, false, ip)) != NULL) {
        fn(ctx, ip, e->mac, q->data, q->len);
        drop(c, q, &c->c.handed_over);
        n++;
    }
    return n;
}

unsigned arp_expire(struct arp_cache *c, uint64_t now)
{
    unsigned n = 0;
    for (unsigned i = 0; i < ARP_QUEUE_SIZE; i++) {
        struct arp_pending *q = &c->queue[i];
        if (q->used && age(now, q->queued_ms) >= ARP_QUEUE_TIMEOUT_MS) {
            drop(c, q, &c->c.expired_unresolved);
            n++;
        }
    }
    for (unsigned i = 0; i < ARP_CACHE_SIZE; i++) {
        struct arp_entry *e = &c->entry[i];
        if (e->state == ARP_ENTRY_RESOLVED && age(now, e->learned_ms) >= ARP_ENTRY_TTL_MS) {
            e->state = ARP_ENTRY_FREE;
            c->c.entries_expired++;
        } else if (e->state == ARP_ENTRY_INCOMPLETE
                   && age(now, e->requested_ms) >= ARP_QUEUE_TIMEOUT_MS
                   && !oldest(c, false, e->ip)) {
            e->state = ARP_ENTRY_FREE;
        }
    }
    return n;
}

unsigned arp_flush_queue(struct arp_cache *c)
{
    unsigned n = 0;
    for (unsigned i = 0; i < ARP_QUEUE_SIZE; i++)
        if (c->queue[i].used) {
            drop(c, &c->queue[i], &c->c.flushed);
            n++;
        }
    return n;
}
