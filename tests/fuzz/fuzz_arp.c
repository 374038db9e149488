/*
 * fuzz_arp.c - libFuzzer harness for the ARP cache and its pending queue
 * (osa/arp.c).  The input is a program: each step is an opcode byte and
 * argument bytes (learn, lookup, should_request, queue, take_resolved,
 * expire, flush), and the fake millisecond clock moves forward by an
 * input-chosen amount between steps (up to minutes, so entries age past
 * their TTL).  Every queued datagram carries a unique tag; a shadow table
 * follows each tag until it is handed over (to the right next hop, with
 * the MAC the cache returns, oldest first) or disappears from the queue,
 * which must match exactly one rise of a drop counter.  After every step:
 * the queue bound holds, counters never fall, the arp.h identity
 * "queued == handed_over + dropped_full + expired_unresolved + flushed +
 * pending" holds, and no IP got two requests within a second unless the
 * table evicted or freed its entry.  A final flush must leave every tag
 * accounted for exactly once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "osa/arp.h"

#define CHECK(x) do { if (!(x)) { fprintf(stderr, "check failed: %s (line %d)\n", #x, __LINE__); abort(); } } while (0)

#define NIPS    96                      /* > ARP_CACHE_SIZE: evictions happen */
#define MAXTAGS 4096

enum tag_state { TAG_NONE, TAG_QUEUED, TAG_HANDED, TAG_DROPPED };

static struct arp_cache cache;
static struct {
    uint8_t  state;
    uint32_t nexthop;
    uint64_t queued_ms;
} tags[MAXTAGS];
static uint32_t ntags;
static uint64_t now;
static uint64_t last_request[NIPS];     /* +1, 0 = never */
static uint64_t freed_at_request[NIPS]; /* evicted + expired count then    */
static uint32_t handed_ip;              /* the take_resolved in progress   */
static uint8_t  handed_mac[ETH_ALEN];
static uint32_t handed_last;            /* tag order within one hand-over  */
static unsigned handed_n;

static uint32_t ip_of(uint8_t b)
{
    return 0x0A000000u + (uint32_t)(b % NIPS);
}

static uint32_t tag_of(const uint8_t *d)
{
    return (uint32_t)d[0] << 24 | (uint32_t)d[1] << 16 | (uint32_t)d[2] << 8 | d[3];
}

static void deliver(void *ctx, uint32_t nexthop, const uint8_t mac[ETH_ALEN],
                    const uint8_t *dgram, size_t len)
{
    CHECK(ctx == &cache);
    CHECK(nexthop == handed_ip && memcmp(mac, handed_mac, ETH_ALEN) == 0);
    CHECK(len >= 4 && len <= ARP_QUEUE_DGRAM_MAX);
    uint32_t t = tag_of(dgram);
    CHECK(t < ntags && tags[t].state == TAG_QUEUED && tags[t].nexthop == nexthop);
    CHECK(handed_n == 0 || t > handed_last);            /* oldest first */
    for (size_t i = 4; i < len; i++)
        CHECK(dgram[i] == (uint8_t)(t + i));
    tags[t].state = TAG_HANDED;
    handed_last = t;
    handed_n++;
}

static uint64_t drops(const struct arp_counters *c)
{
    return c->dropped_full + c->expired_unresolved + c->flushed;
}

/* Tags that left the queue without a hand-over are drops: as many as the
 * drop counters rose. */
static void reconcile(const struct arp_counters *before)
{
    static bool present[MAXTAGS];
    memset(present, 0, ntags);
    unsigned used = 0;
    for (unsigned i = 0; i < ARP_QUEUE_SIZE; i++)
        if (cache.queue[i].used) {
            uint32_t t = tag_of(cache.queue[i].data);
            CHECK(t < ntags && tags[t].state == TAG_QUEUED && !present[t]);
            CHECK(cache.queue[i].nexthop == tags[t].nexthop);
            present[t] = true;
            used++;
        }
    CHECK(used == cache.pending && cache.pending <= ARP_QUEUE_SIZE);
    uint64_t gone = 0;
    for (uint32_t t = 0; t < ntags; t++)
        if (tags[t].state == TAG_QUEUED && !present[t]) {
            tags[t].state = TAG_DROPPED;
            gone++;
        }
    CHECK(gone == drops(&cache.c) - drops(before));
}

static void check_counters(const struct arp_counters *before)
{
    const uint64_t *a = (const uint64_t *)before, *b = (const uint64_t *)&cache.c;
    for (size_t i = 0; i < sizeof cache.c / sizeof(uint64_t); i++)
        CHECK(b[i] >= a[i]);
    const struct arp_counters *c = &cache.c;
    CHECK(c->queued == c->handed_over + c->dropped_full + c->expired_unresolved
                       + c->flushed + cache.pending);
}

static void step(uint8_t op, const uint8_t *arg)
{
    uint32_t ip = ip_of(arg[0]);
    uint8_t mac[ETH_ALEN] = { arg[1], arg[2], 0x5E, 0x00, arg[0], arg[1] };
    uint8_t out[ETH_ALEN];

    switch (op % 8) {
    case 0: {                           /* learn */
        bool ok = arp_learn(&cache, ip, mac, now);
        CHECK(ok == !(mac[0] & 1) && (!ok || arp_lookup(&cache, ip, now, out)));
        CHECK(!ok || memcmp(out, mac, ETH_ALEN) == 0);
        break;
    }
    case 1:                             /* lookup */
        if (arp_lookup(&cache, ip, now, out))
            CHECK(!(out[0] & 1) && out[4] % NIPS == ip - 0x0A000000u);
        break;
    case 2: {                           /* should_request */
        unsigned k = (unsigned)(ip - 0x0A000000u);
        uint64_t freed = cache.c.entries_evicted + cache.c.entries_expired;
        if (!arp_should_request(&cache, ip, now))
            break;
        CHECK(!arp_lookup(&cache, ip, now, out));
        /* a second request within a second only if the entry went away */
        if (last_request[k] && now - (last_request[k] - 1) < ARP_REQUEST_INTERVAL_MS)
            CHECK(freed != freed_at_request[k]);
        last_request[k] = now + 1;
        freed_at_request[k] = freed;
        break;
    }
    case 3:
    case 4: {                           /* queue */
        static uint8_t d[ARP_QUEUE_DGRAM_MAX + 8];
        size_t len = (size_t)arg[1] << 3 | (arg[2] & 7);   /* 0..2047 */
        uint64_t rej = cache.c.queue_rejected;
        if (ntags >= MAXTAGS)
            break;
        d[0] = (uint8_t)(ntags >> 24);
        d[1] = (uint8_t)(ntags >> 16);
        d[2] = (uint8_t)(ntags >> 8);
        d[3] = (uint8_t)ntags;
        for (size_t i = 4; i < len && i < sizeof d; i++)
            d[i] = (uint8_t)(ntags + i);
        if (len < 4) {                  /* too short to tag: must be 0 to be refused */
            if (len == 0)
                CHECK(!arp_queue(&cache, ip, d, 0, now) && cache.c.queue_rejected == rej + 1);
            break;
        }
        bool ok = arp_queue(&cache, ip, d, len, now);
        CHECK(ok == (len <= ARP_QUEUE_DGRAM_MAX));
        CHECK(ok || cache.c.queue_rejected == rej + 1);
        if (ok)
            tags[ntags++] = (typeof(tags[0])){ TAG_QUEUED, ip, now };
        break;
    }
    case 5: {                           /* take_resolved */
        handed_ip = ip;
        handed_n = 0;
        bool known = arp_lookup(&cache, ip, now, handed_mac);
        unsigned n = arp_take_resolved(&cache, ip, now, deliver, &cache);
        CHECK(n == handed_n && (known || n == 0));
        for (unsigned i = 0; i < ARP_QUEUE_SIZE; i++)
            CHECK(!known || !cache.queue[i].used || cache.queue[i].nexthop != ip);
        break;
    }
    case 6: {                           /* expire */
        arp_expire(&cache, now);
        for (unsigned i = 0; i < ARP_QUEUE_SIZE; i++)
            CHECK(!cache.queue[i].used || now - cache.queue[i].queued_ms < ARP_QUEUE_TIMEOUT_MS);
        for (unsigned i = 0; i < ARP_CACHE_SIZE; i++)
            CHECK(cache.entry[i].state != ARP_ENTRY_RESOLVED
                  || now - cache.entry[i].learned_ms < ARP_ENTRY_TTL_MS);
        break;
    }
    default:                            /* flush, rarely */
        if (arg[0] == 0xFF) {
            uint64_t f0 = cache.c.flushed;
            unsigned left = cache.pending;
            CHECK(arp_flush_queue(&cache) == left && cache.c.flushed == f0 + left);
            CHECK(cache.pending == 0);
        }
        break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arp_init(&cache);
    memset(tags, 0, sizeof tags);
    memset(last_request, 0, sizeof last_request);
    ntags = 0;
    now = (size ? data[0] : 0) * 1000u;

    for (size_t i = 1; i + 4 <= size; i += 4) {
        struct arp_counters before = cache.c;
        uint8_t dt = data[i + 3];
        now += (dt & 0x80) ? (uint64_t)(dt & 0x7F) * 5000u : (uint64_t)dt * 20u;
        step(data[i], data + i + 1);
        reconcile(&before);
        check_counters(&before);
    }

    /* the end: everything queued is handed over or dropped, once */
    struct arp_counters before = cache.c;
    unsigned left = cache.pending;
    CHECK(arp_flush_queue(&cache) == left && cache.pending == 0);
    reconcile(&before);
    check_counters(&before);
    uint64_t handed = 0, dropped = 0;
    for (uint32_t t = 0; t < ntags; t++) {
        CHECK(tags[t].state == TAG_HANDED || tags[t].state == TAG_DROPPED);
        handed += tags[t].state == TAG_HANDED;
        dropped += tags[t].state == TAG_DROPPED;
    }
    CHECK(cache.c.queued == ntags && cache.c.handed_over == handed);
    CHECK(drops(&cache.c) == dropped);
    return 0;
}
