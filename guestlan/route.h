/*
 * route.h - the one routing function of a guest LAN (pure).
 *
 * A datagram sent by a NIC (port) goes to the port that registered its
 * IPv4 destination on the sender's LAN (lan.h), unchanged: the route
 * function reads the destination from the IP header and never rewrites
 * anything.  A destination equal to 255.255.255.255 or to the directed
 * broadcast of one of the sender's registered subnets goes to every other
 * port on the LAN that has an address registered.  Deciding (here) and
 * moving the bytes (the caller's deliver function: a copy into the
 * receiver's input buffer today, a page remap later) are separate steps.
 *
 * Counting: every copy offered for delivery is one "sent" on the sender's
 * port and on the LAN, and ends as exactly one of delivered / dropped by
 * reason, so per port and per LAN: sent = delivered + dropped_no_owner +
 * dropped_no_buffer + dropped_too_big + dropped_malformed.  A datagram that
 * cannot be routed at all counts as one sent, one dropped.
 *
 * VSWITCH: a unicast datagram from a guest whose destination no guest on
 * the VSWITCH owns goes to the uplink (port GL_PORT_UPLINK: the default
 * route) when the uplink is ready, with its next hop (the qdio header's,
 * else the destination) for ARP.  A datagram from the uplink (src
 * GL_PORT_UPLINK, lan given) goes only to the guest that owns the
 * destination, never back out; it is counted in the LAN counters and in
 * the uplink's inbound counters (lan.h).  Broadcasts stay inside CP.
 */
#ifndef GUESTLAN_ROUTE_H
#define GUESTLAN_ROUTE_H

#include "guestlan/lan.h"

enum gl_verdict {
    GL_DELIVERED = 0,
    GL_DROP_NO_OWNER,                   /* no port registered the destination */
    GL_DROP_NO_BUFFER,                  /* receiver had no free input buffer  */
    GL_DROP_TOO_BIG,                    /* datagram larger than the LAN's MTU */
    GL_DROP_MALFORMED,                  /* not an IPv4 datagram               */
    GL_VERDICT_COUNT
};

const char *gl_verdict_str(enum gl_verdict v);

/* Moves one datagram into port's NIC; returns GL_DELIVERED or
 * GL_DROP_NO_BUFFER (any receiver-side reason). */
struct gl_deliver {
    enum gl_verdict (*deliver)(void *ctx, uint16_t port, const uint8_t *pkt, size_t len,
                               bool broadcast, uint32_t nexthop);
    void *ctx;
};

/* Route the datagram pkt[0..len) sent by port src (or GL_PORT_UPLINK of
 * LAN lan; lan is ignored for a guest's port): decide, call deliver for
 * each receiver, count.  nexthop (0: none given) travels to the uplink.
 * Returns the number of copies delivered. */
unsigned gl_route(struct gl_net *net, uint16_t src, uint16_t lan, const uint8_t *pkt,
                  size_t len, uint32_t nexthop, const struct gl_deliver *d);

/* True when the counters balance: sent = delivered + all drops. */
bool gl_counters_balanced(const struct gl_counters *c);
/* Sum of the drop counters. */
uint64_t gl_counters_dropped(const struct gl_counters *c);

#endif
