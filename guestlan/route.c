/*
 * route.c - the guest LAN routing function and its counters (pure; see
 * route.h).
 */
#include "guestlan/route.h"
#include "lib/ipv4.h"
#include "lib/be.h"

static const char *const verdict_names[GL_VERDICT_COUNT] = {
    [GL_DELIVERED] = "delivered",
    [GL_DROP_NO_OWNER] = "no owner",
    [GL_DROP_NO_BUFFER] = "no buffer",
    [GL_DROP_TOO_BIG] = "too big",
    [GL_DROP_MALFORMED] = "malformed",
};

const char *gl_verdict_str(enum gl_verdict v)
{
    return (unsigned)v < GL_VERDICT_COUNT ? verdict_names[v] : "unknown verdict";
}

uint64_t gl_counters_dropped(const struct gl_counters *c)
{
    return c->dropped_no_owner + c->dropped_no_buffer + c->dropped_too_big + c->dropped_malformed;
}

bool gl_counters_balanced(const struct gl_counters *c)
{
    return c->sent == c->delivered + gl_counters_dropped(c);
}

static void count(struct gl_counters *c, enum gl_verdict v)
{
    c->sent++;
    switch (v) {
    case GL_DELIVERED:      c->delivered++; break;
    case GL_DROP_NO_OWNER:  c->dropped_no_owner++; break;
    case GL_DROP_NO_BUFFER: c->dropped_no_buffer++; break;
    case GL_DROP_TOO_BIG:   c->dropped_too_big++; break;
    default:                c->dropped_malformed++; break;
    }
}

/* One copy's verdict into the sender's (a port, or the uplink's inbound)
 * and the LAN's counters. */
static void account(struct gl_net *net, uint16_t src, uint16_t lan, enum gl_verdict v, size_t len)
{
    if (src == GL_PORT_UPLINK) {
        count(&net->lans[lan].up.in, v);
    } else {
        struct gl_port *p = &net->ports[src];
        count(&p->tx, v);
        p->tx_bytes += len;
    }
    if (lan != GL_LAN_NONE)
        count(&net->lans[lan].counters, v);
}

/* Is dst a broadcast for sender src: all ones, or the directed broadcast
 * of one of its registered subnets (prefix 1..30)? */
static bool broadcast(const struct gl_net *net, uint16_t src, uint32_t dst)
{
    struct gl_addr a[GL_MAX_ADDRS_PER_PORT];
    size_t n;
    if (dst == IPV4_BROADCAST)
        return true;
    if (gl_ip_list(net, src, a, ARRAY_SIZE(a), &n) != GL_OK)
        return false;
    for (size_t i = 0; i < n && i < ARRAY_SIZE(a); i++) {
        unsigned p = a[i].prefix_len;
        if (a[i].af != GL_AF_IPV4 || p == 0 || p > 30)
            continue;
        uint32_t host = 0xFFFFFFFFu >> p, ip = be_get32(a[i].a);
        if (dst == (ip | host))
            return true;
    }
    return false;
}

static enum gl_verdict deliver(struct gl_net *net, uint16_t lan, uint16_t to, const uint8_t *pkt,
                               size_t len, bool bcast, uint32_t nexthop, const struct gl_deliver *d)
{
    enum gl_verdict v = d->deliver(d->ctx, to, pkt, len, bcast, nexthop);
    if (v != GL_DELIVERED)
        return GL_DROP_NO_BUFFER;
    if (to == GL_PORT_UPLINK) {
        net->lans[lan].up.out_datagrams++;
        net->lans[lan].up.out_bytes += len;
    } else {
        net->ports[to].rx_packets++;
        net->ports[to].rx_bytes += len;
    }
    return v;
}

/* Unicast: the owner on the LAN, else (from a guest on a VSWITCH with a
 * ready uplink) the uplink, else no owner. */
static enum gl_verdict unicast(struct gl_net *net, uint16_t src, uint16_t lan, uint32_t dst,
                               const uint8_t *pkt, size_t len, uint32_t nexthop,
                               const struct gl_deliver *d)
{
    const struct gl_lan *l = &net->lans[lan];
    uint16_t to = gl_ip_owner(net, lan, dst);
    if (to != GL_PORT_NONE)
        return deliver(net, lan, to, pkt, len, false, 0, d);
    if (src != GL_PORT_UPLINK && l->vswitch && l->uplink == GL_UPLINK_READY)
        return deliver(net, lan, GL_PORT_UPLINK, pkt, len, false, nexthop ? nexthop : dst, d);
    return GL_DROP_NO_OWNER;
}

unsigned gl_route(struct gl_net *net, uint16_t src, uint16_t lan, const uint8_t *pkt,
                  size_t len, uint32_t nexthop, const struct gl_deliver *d)
{
    struct ipv4_info ip;
    if (src != GL_PORT_UPLINK) {
        const struct gl_port *sp = gl_port_at(net, src);
        if (!sp)
            return 0;
        lan = sp->lan;
    } else if (!gl_lan_at(net, lan)) {
        return 0;
    } else {
        net->lans[lan].up.in_datagrams++;
        net->lans[lan].up.in_bytes += len;
    }
    const struct gl_lan *l = gl_lan_at(net, lan);
    if (ipv4_parse(pkt, len, false, &ip) != IPV4_OK) {
        account(net, src, lan, GL_DROP_MALFORMED, len);
        return 0;
    }
    if (!l) {
        account(net, src, lan, GL_DROP_NO_OWNER, len);
        return 0;
    }
    if (ip.total_len > l->mtu) {
        account(net, src, lan, GL_DROP_TOO_BIG, len);
        return 0;
    }
    len = ip.total_len;                 /* padding after the datagram stays behind */
    bool bcast = src == GL_PORT_UPLINK ? ip.dst == IPV4_BROADCAST : broadcast(net, src, ip.dst);
    if (!bcast) {
        enum gl_verdict v = unicast(net, src, lan, ip.dst, pkt, len, nexthop, d);
        account(net, src, lan, v, len);
        return v == GL_DELIVERED;
    }
    unsigned copies = 0, delivered = 0;
    for (uint16_t to = 0; src != GL_PORT_UPLINK && to < GL_MAX_PORTS; to++) {
        const struct gl_port *p = &net->ports[to];
        if (to == src || !p->in_use || p->lan != lan || !p->naddrs)
            continue;
        enum gl_verdict v = deliver(net, lan, to, pkt, len, true, 0, d);
        account(net, src, lan, v, len);
        copies++;
        delivered += v == GL_DELIVERED;
    }
    if (!copies)
        account(net, src, lan, GL_DROP_NO_OWNER, len);
    return delivered;
}
