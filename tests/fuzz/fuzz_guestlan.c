/*
 * fuzz_guestlan.c - libFuzzer harness for the guest LAN bookkeeping
 * (guestlan/lan.c).  The input is a sequence of 4-byte operations (op,
 * a, b, c) on one gl_net: DEFINE/DETACH LAN, add/remove port, COUPLE/
 * UNCOUPLE, register/unregister (singly and in bulk, to reach the table
 * limits), list and owner lookups.  Names, userids and handles come from
 * small pools (with invalid members) so that operations collide.  After
 * every operation: the invariants hold (checked by brute force, not
 * through the hash), an error left the tables unchanged, and register/
 * unregister/owner results agree with a linear scan of the entries.
 * Pool sizes keep the LAN and port tables from filling: the unit tests
 * cover those limits.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "guestlan/lan.h"

#define POOL_NET  0x0A000000u           /* fuzzed addresses: 10.0.0.0/21 ... */
#define POOL_BITS 2048                  /* ... plus a few specials (below)   */

static struct gl_net net;

#define CHECK(x) do { if (!(x)) { fprintf(stderr, "check failed: %s (line %d)\n", #x, __LINE__); abort(); } } while (0)

static uint32_t fuzz_ip(uint8_t b, uint8_t c)
{
    static const uint32_t special[] = { 0, 0xFFFFFFFFu, 0xE0000001u, 0xF0000001u,
                                        0xC0A80101u, 0x7F000001u };
    if (b >= 0xF8)
        return special[c % ARRAY_SIZE(special)];
    return POOL_NET | (uint32_t)(b & 7) << 8 | c;
}

static uint16_t fuzz_port(uint8_t a)
{
    if (a >= 0xFE)
        return a == 0xFE ? GL_PORT_NONE : GL_MAX_PORTS;
    return (uint16_t)(a % 12);
}

static const char *const lan_names[] = { "LAN0", "lan1", "L2", "$#@", "BAD-NAME", "" };
static const char *const users[] = { "U0", "u1", "LINUX1", "TOOLONGID", "" };

static void invariants(void)
{
    static uint8_t seen[POOL_BITS / 8];

    for (uint16_t li = 0; li < GL_MAX_LANS; li++) {
        const struct gl_lan *l = &net.lans[li];
        if (!l->defined)
            continue;
        uint32_t coupled = 0, owned = 0, slots = 0;
        for (uint16_t p = 0; p < GL_MAX_PORTS; p++)
            if (net.ports[p].in_use && net.ports[p].lan == li) {
                coupled++;
                owned += net.ports[p].naddrs;
            }
        CHECK(coupled == l->connected && owned == l->naddrs);
        CHECK(!l->maxconn || l->connected <= l->maxconn);
        CHECK(l->naddrs <= GL_MAX_ADDRS_PER_LAN);
        for (unsigned s = 0; s < GL_ADDR_SLOTS; s++)
            slots += l->slot[s] != 0;
        CHECK(slots == l->naddrs);
        memset(seen, 0, sizeof seen);
        for (uint16_t e = 0; e < l->naddrs; e++) {
            const struct gl_ip_entry *x = &l->addrs[e];
            CHECK(x->port < GL_MAX_PORTS && net.ports[x->port].in_use);
            CHECK(net.ports[x->port].lan == li);
            CHECK(x->addr.af == GL_AF_IPV4 && x->addr.prefix_len <= 32);
            uint32_t ip = (uint32_t)x->addr.a[0] << 24 | (uint32_t)x->addr.a[1] << 16 |
                          (uint32_t)x->addr.a[2] << 8 | x->addr.a[3];
            if ((ip & ~(uint32_t)(POOL_BITS - 1)) == POOL_NET) {
                uint32_t bit = ip & (POOL_BITS - 1);
                CHECK(!(seen[bit / 8] & (1u << (bit % 8))));   /* owned once */
                seen[bit / 8] |= (uint8_t)(1u << (bit % 8));
            } else {                    /* the few valid specials: scan */
                for (uint16_t f = (uint16_t)(e + 1); f < l->naddrs; f++)
                    CHECK(memcmp(l->addrs[f].addr.a, x->addr.a, GL_ADDR_BYTES) != 0);
            }
            CHECK(gl_ip_owner(&net, li, ip) == x->port);
        }
    }
    for (uint16_t p = 0; p < GL_MAX_PORTS; p++) {
        const struct gl_port *q = &net.ports[p];
        if (!q->in_use)
            continue;
        if (q->lan == GL_LAN_NONE) {
            CHECK(q->naddrs == 0);
            continue;
        }
        CHECK(q->lan < GL_MAX_LANS && net.lans[q->lan].defined);
        unsigned mine = 0;
        for (uint16_t e = 0; e < net.lans[q->lan].naddrs; e++)
            mine += net.lans[q->lan].addrs[e].port == p;
        CHECK(mine == q->naddrs);
    }
}

/* Owner of ip on lan by linear scan (independent of the hash). */
static uint16_t scan_owner(uint16_t lan, uint32_t ip)
{
    struct gl_addr a = gl_addr_ipv4(ip, 0);
    const struct gl_lan *l = gl_lan_at(&net, lan);

    if (!l)
        return GL_PORT_NONE;
    for (uint16_t e = 0; e < l->naddrs; e++)
        if (memcmp(l->addrs[e].addr.a, a.a, GL_ADDR_BYTES) == 0)
            return l->addrs[e].port;
    return GL_PORT_NONE;
}

/* Registration outcome predicted from the tables. */
static enum gl_err expect_register(uint16_t port, uint32_t ip, uint8_t prefix)
{
    const struct gl_port *p = gl_port_at(&net, port);

    if (!p)
        return GL_ERR_BAD_PORT;
    if (ip == 0 || ip >> 28 >= 0xE)
        return GL_ERR_BAD_ADDRESS;
    if (prefix > 32)
        return GL_ERR_BAD_PREFIX;
    if (p->lan == GL_LAN_NONE)
        return GL_ERR_NOT_COUPLED;
    uint16_t o = scan_owner(p->lan, ip);
    if (o != GL_PORT_NONE)
        return o == port ? GL_OK : GL_ERR_DUPLICATE_ADDRESS;
    return net.lans[p->lan].naddrs >= GL_MAX_ADDRS_PER_LAN ? GL_ERR_ADDR_TABLE_FULL : GL_OK;
}

static void do_register(uint16_t port, uint32_t ip, uint8_t prefix)
{
    enum gl_err want = expect_register(port, ip, prefix);
    enum gl_err got = gl_ip_register(&net, port, ip, prefix);

    CHECK(got == want);
    if (got == GL_OK)
        CHECK(gl_ip_owner(&net, net.ports[port].lan, ip) == port);
}

/* Table shape that every failed operation must leave alone. */
struct shape {
    struct gl_port ports[GL_MAX_PORTS];
    bool defined[GL_MAX_LANS];
    uint32_t connected[GL_MAX_LANS];
    uint16_t naddrs[GL_MAX_LANS];
};

static void take_shape(struct shape *s)
{
    memcpy(s->ports, net.ports, sizeof s->ports);
    for (unsigned i = 0; i < GL_MAX_LANS; i++) {
        s->defined[i] = net.lans[i].defined;
        s->connected[i] = net.lans[i].connected;
        s->naddrs[i] = net.lans[i].naddrs;
    }
}

static enum gl_err one_op(const uint8_t *op)
{
    static const uint32_t maxconns[] = { 0, 1, 2, GL_MAXCONN_MAX + 1 };
    static const uint32_t mfss[] = { 8, 16, 32, 64, 12 };
    uint8_t a = op[1], b = op[2], c = op[3];
    uint16_t port = fuzz_port(a), h;
    enum gl_err e = GL_OK;

    switch (op[0] % 10) {
    case 0:
        e = gl_lan_define(&net, lan_names[a % ARRAY_SIZE(lan_names)], maxconns[b % 4],
                          mfss[c % 5], &h);
        if (e == GL_OK)
            CHECK(gl_lan_at(&net, h) && gl_lan_at(&net, h)->connected == 0);
        break;
    case 1:
        e = gl_lan_detach(&net, lan_names[a % ARRAY_SIZE(lan_names)]);
        break;
    case 2:
        e = gl_port_add(&net, users[b % ARRAY_SIZE(users)], (uint16_t)(c % 4), &h);
        if (e == GL_OK)
            CHECK(gl_port_at(&net, h) && gl_port_at(&net, h)->lan == GL_LAN_NONE);
        break;
    case 3:
        e = gl_port_remove(&net, port);
        break;
    case 4:
        e = gl_couple(&net, port, lan_names[b % ARRAY_SIZE(lan_names)]);
        break;
    case 5:
        e = gl_uncouple(&net, port);
        break;
    case 6:
        do_register(port, fuzz_ip(b, c), (uint8_t)((b ^ c) % 34));
        break;
    case 7: {
        uint32_t ip = fuzz_ip(b, c);
        const struct gl_port *p = gl_port_at(&net, port);
        enum gl_err want = !p ? GL_ERR_BAD_PORT
                         : p->lan == GL_LAN_NONE ? GL_ERR_NOT_COUPLED
                         : scan_owner(p->lan, ip) != port ? GL_ERR_ADDR_NOT_REGISTERED : GL_OK;
        e = gl_ip_unregister(&net, port, ip);
        CHECK(e == want);
        if (e == GL_OK)
            CHECK(gl_ip_owner(&net, p->lan, ip) == GL_PORT_NONE);
        break;
    }
    case 8:                             /* bulk: up to 256 consecutive addresses */
        for (unsigned i = 0; i <= b; i++)
            do_register(port, POOL_NET | ((uint32_t)c * 8 + i) % POOL_BITS, 24);
        return GL_OK;
    case 9: {
        struct gl_addr out[8];
        size_t n = 99;
        e = gl_ip_list(&net, port, out, b % 9, &n);
        if (e == GL_OK) {
            const struct gl_port *p = gl_port_at(&net, port);
            CHECK(n == p->naddrs);
            for (size_t i = 0; i < n && i < b % 9u; i++)
                CHECK(gl_addr_owner(&net, p->lan, &out[i]) == port);
        }
        uint16_t f = GL_LAN_NONE;
        if (gl_lan_find(&net, lan_names[c % ARRAY_SIZE(lan_names)], &f) == GL_OK)
            CHECK(gl_lan_at(&net, f) != NULL);
        f = GL_PORT_NONE;
        if (gl_port_find(&net, users[c % ARRAY_SIZE(users)], (uint16_t)(a % 4), &f) == GL_OK)
            CHECK(gl_port_at(&net, f) && gl_port_at(&net, f)->vdev == a % 4);
        for (uint16_t l = 0; l < 3; l++) {
            uint32_t ip = fuzz_ip(b, c);
            CHECK(gl_ip_owner(&net, l, ip) == scan_owner(l, ip));
        }
        break;
    }
    }
    return e;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct shape before, after;

    gl_net_init(&net);
    for (size_t at = 0; at + 4 <= size; at += 4) {
        take_shape(&before);
        enum gl_err e = one_op(data + at);
        CHECK(e <= GL_OK && e > -GL_ERR_COUNT);
        CHECK(strcmp(gl_err_str(e), "unknown error") != 0);
        if (e != GL_OK) {
            take_shape(&after);
            CHECK(memcmp(&before, &after, sizeof before) == 0);
        }
        invariants();
    }
    return 0;
}
