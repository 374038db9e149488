/*
 * test_route.c - the guest LAN routing function (guestlan/route.c) with a
 * fake deliver function that records every call (port, length, broadcast
 * flag, the bytes offered) and answers with a verdict chosen per port.
 * Datagrams are real IPv4/UDP built with lib/ipv4.h.  After every case
 * balanced() checks the conservation law of route.h on every port's tx
 * counters and every LAN's counters; each case also checks exact numbers.
 *
 * The network of every case (setup()):
 *   LAN1 (MFS 8K, MTU 8192): A 10.1.0.1/24, B 10.1.0.2/24, C 10.1.0.3/24,
 *                            D (no address)
 *   LAN2 (MFS 8K):           E 10.1.0.4/24 (same subnet, other LAN)
 *   uncoupled:               F
 */
#include <string.h>
#include "tests/unit/suites.h"
#include "guestlan/lan.h"
#include "guestlan/route.h"
#include "lib/ipv4.h"
#include "lib/be.h"

#define IP(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (uint32_t)(d))
#define MAX_CALLS   16

struct call {
    uint16_t port;
    size_t len;
    bool broadcast;
    const uint8_t *pkt;
    uint32_t nexthop;
};

static struct gl_net net;
static uint16_t lan1, lan2;
static uint16_t pa, pb, pc, pd, pe, pf;
static struct call calls[MAX_CALLS];
static unsigned ncalls;
static enum gl_verdict verdict[GL_MAX_PORTS];
static enum gl_verdict uplink_verdict;
static uint8_t pkt[IPV4_MAX_LEN + 64];

static enum gl_verdict fake_deliver(void *ctx, uint16_t port, const uint8_t *p, size_t len,
                                    bool broadcast, uint32_t nexthop)
{
    (void)ctx;
    if (ncalls < MAX_CALLS)
        calls[ncalls] = (struct call){ port, len, broadcast, p, nexthop };
    ncalls++;
    return port < GL_MAX_PORTS ? verdict[port] : uplink_verdict;
}

static const struct gl_deliver dl = { fake_deliver, NULL };

static uint16_t nic(const char *owner, uint16_t vdev, const char *lan_name, uint32_t ip,
                    uint8_t prefix)
{
    uint16_t p = GL_PORT_NONE;
    CU_ASSERT_EQUAL(gl_port_add(&net, owner, vdev, &p), GL_OK);
    if (lan_name)
        CU_ASSERT_EQUAL(gl_couple(&net, p, lan_name), GL_OK);
    if (ip)
        CU_ASSERT_EQUAL(gl_ip_register(&net, p, ip, prefix), GL_OK);
    return p;
}

static void setup(void)
{
    gl_net_init(&net);
    memset(calls, 0, sizeof calls);
    ncalls = 0;
    for (unsigned i = 0; i < GL_MAX_PORTS; i++)
        verdict[i] = GL_DELIVERED;
    CU_ASSERT_EQUAL(gl_lan_define(&net, "LAN1", 0, 8, &lan1), GL_OK);
    CU_ASSERT_EQUAL(gl_lan_define(&net, "LAN2", 0, 8, &lan2), GL_OK);
    pa = nic("GSTA", 0x0700, "LAN1", IP(10, 1, 0, 1), 24);
    pb = nic("GSTB", 0x0700, "LAN1", IP(10, 1, 0, 2), 24);
    pc = nic("GSTC", 0x0700, "LAN1", IP(10, 1, 0, 3), 24);
    pd = nic("GSTD", 0x0700, "LAN1", 0, 0);
    pe = nic("GSTE", 0x0700, "LAN2", IP(10, 1, 0, 4), 24);
    pf = nic("GSTF", 0x0700, NULL, 0, 0);
}

/* A UDP datagram of exactly total bytes (>= 28) from src to dst in pkt. */
static size_t dgram(uint32_t src, uint32_t dst, size_t total)
{
    size_t n = total - IPV4_HDR_LEN - UDP_HDR_LEN;
    uint8_t *data = pkt + IPV4_HDR_LEN + UDP_HDR_LEN;
    for (size_t i = 0; i < n; i++)
        data[i] = (uint8_t)(i * 7 + 3);
    size_t u = udp_build(pkt + IPV4_HDR_LEN, src, dst, 1024, 7, data, n);
    CU_ASSERT_EQUAL(u, total - IPV4_HDR_LEN);
    CU_ASSERT_EQUAL(ipv4_build(pkt, src, dst, IPV4_PROTO_UDP, 1, u), IPV4_HDR_LEN);
    return total;
}

static const struct gl_port *P(uint16_t p) { return gl_port_at(&net, p); }
static const struct gl_counters *L(uint16_t l) { return &gl_lan_at(&net, l)->counters; }

/* Every in-use port's tx and every LAN's counters balance. */
static void balanced(void)
{
    for (uint16_t p = 0; p < GL_MAX_PORTS; p++)
        if (net.ports[p].in_use)
            CU_ASSERT_TRUE(gl_counters_balanced(&net.ports[p].tx));
    for (uint16_t l = 0; l < GL_MAX_LANS; l++)
        if (net.lans[l].defined)
            CU_ASSERT_TRUE(gl_counters_balanced(&net.lans[l].counters));
}

/* c == {sent, delivered, no_owner, no_buffer, too_big, malformed} */
static bool counters_are(const struct gl_counters *c, uint64_t sent, uint64_t delivered,
                         uint64_t no_owner, uint64_t no_buffer, uint64_t too_big,
                         uint64_t malformed)
{
    return c->sent == sent && c->delivered == delivered && c->dropped_no_owner == no_owner
        && c->dropped_no_buffer == no_buffer && c->dropped_too_big == too_big
        && c->dropped_malformed == malformed;
}

static bool zero(const struct gl_counters *c) { return counters_are(c, 0, 0, 0, 0, 0, 0); }

/* Nothing received on any port in use but on port except (gl_net_init
 * leaves the counters of unused slots; gl_port_add resets them). */
static bool rx_only(uint16_t except)
{
    for (uint16_t p = 0; p < GL_MAX_PORTS; p++)
        if (net.ports[p].in_use && p != except
            && (net.ports[p].rx_packets || net.ports[p].rx_bytes))
            return false;
    return true;
}

static void test_verdict_str(void)
{
    CU_ASSERT_STRING_EQUAL(gl_verdict_str(GL_DELIVERED), "delivered");
    CU_ASSERT_STRING_EQUAL(gl_verdict_str(GL_DROP_NO_OWNER), "no owner");
    CU_ASSERT_STRING_EQUAL(gl_verdict_str(GL_DROP_NO_BUFFER), "no buffer");
    CU_ASSERT_STRING_EQUAL(gl_verdict_str(GL_DROP_TOO_BIG), "too big");
    CU_ASSERT_STRING_EQUAL(gl_verdict_str(GL_DROP_MALFORMED), "malformed");
    CU_ASSERT_STRING_EQUAL(gl_verdict_str(GL_VERDICT_COUNT), "unknown verdict");
    CU_ASSERT_STRING_EQUAL(gl_verdict_str((enum gl_verdict)-1), "unknown verdict");
    CU_ASSERT_STRING_EQUAL(gl_verdict_str((enum gl_verdict)1000), "unknown verdict");
}

static void test_unicast(void)
{
    setup();
    size_t n = dgram(IP(10, 1, 0, 1), IP(10, 1, 0, 2), 100);
    uint8_t copy[100];
    memcpy(copy, pkt, n);
    CU_ASSERT_EQUAL(gl_route(&net, pa, GL_LAN_NONE, pkt, n, 0, &dl), 1);
    CU_ASSERT_EQUAL(ncalls, 1);
    CU_ASSERT_EQUAL(calls[0].port, pb);
    CU_ASSERT_EQUAL(calls[0].len, 100);
    CU_ASSERT_FALSE(calls[0].broadcast);
    CU_ASSERT_PTR_EQUAL(calls[0].pkt, pkt);
    CU_ASSERT_EQUAL(memcmp(pkt, copy, n), 0);           /* never rewritten */
    CU_ASSERT_TRUE(counters_are(&P(pa)->tx, 1, 1, 0, 0, 0, 0));
    CU_ASSERT_EQUAL(P(pa)->tx_bytes, 100);
    CU_ASSERT_TRUE(counters_are(L(lan1), 1, 1, 0, 0, 0, 0));
    CU_ASSERT_TRUE(zero(L(lan2)));
    CU_ASSERT_EQUAL(P(pb)->rx_packets, 1);
    CU_ASSERT_EQUAL(P(pb)->rx_bytes, 100);
    CU_ASSERT_TRUE(zero(&P(pb)->tx));
    CU_ASSERT_TRUE(rx_only(pb));
    /* a second one the other way adds up */
    n = dgram(IP(10, 1, 0, 2), IP(10, 1, 0, 1), 60);
    CU_ASSERT_EQUAL(gl_route(&net, pb, GL_LAN_NONE, pkt, n, 0, &dl), 1);
    CU_ASSERT_EQUAL(ncalls, 2);
    CU_ASSERT_EQUAL(calls[1].port, pa);
    CU_ASSERT_TRUE(counters_are(&P(pb)->tx, 1, 1, 0, 0, 0, 0));
    CU_ASSERT_EQUAL(P(pb)->tx_bytes, 60);
    CU_ASSERT_TRUE(counters_are(L(lan1), 2, 2, 0, 0, 0, 0));
    CU_ASSERT_EQUAL(P(pa)->rx_packets, 1);
    CU_ASSERT_EQUAL(P(pa)->rx_bytes, 60);
    balanced();
}

static void test_no_owner(void)
{
    setup();
    size_t n = dgram(IP(10, 1, 0, 1), IP(10, 1, 0, 99), 80);
    CU_ASSERT_EQUAL(gl_route(&net, pa, GL_LAN_NONE, pkt, n, 0, &dl), 0);
    CU_ASSERT_EQUAL(ncalls, 0);
    CU_ASSERT_TRUE(counters_are(&P(pa)->tx, 1, 0, 1, 0, 0, 0));
    CU_ASSERT_EQUAL(P(pa)->tx_bytes, 80);
    CU_ASSERT_TRUE(counters_are(L(lan1), 1, 0, 1, 0, 0, 0));
    CU_ASSERT_TRUE(zero(L(lan2)));
    CU_ASSERT_TRUE(rx_only(GL_PORT_NONE));
    /* E's address is on LAN2: not reachable from LAN1 */
    n = dgram(IP(10, 1, 0, 1), IP(10, 1, 0, 4), 80);
    CU_ASSERT_EQUAL(gl_route(&net, pa, GL_LAN_NONE, pkt, n, 0, &dl), 0);
    CU_ASSERT_EQUAL(ncalls, 0);
    CU_ASSERT_TRUE(counters_are(L(lan1), 2, 0, 2, 0, 0, 0));
    CU_ASSERT_TRUE(zero(L(lan2)));
    balanced();
}

static void test_receiver_full(void)
{
    setup();
    verdict[pb] = GL_DROP_NO_BUFFER;
    size_t n = dgram(IP(10, 1, 0, 1), IP(10, 1, 0, 2), 200);
    CU_ASSERT_EQUAL(gl_route(&net, pa, GL_LAN_NONE, pkt, n, 0, &dl), 0);
    CU_ASSERT_EQUAL(ncalls, 1);
    CU_ASSERT_EQUAL(calls[0].port, pb);
    CU_ASSERT_TRUE(counters_are(&P(pa)->tx, 1, 0, 0, 1, 0, 0));
    CU_ASSERT_TRUE(counters_are(L(lan1), 1, 0, 0, 1, 0, 0));
    CU_ASSERT_EQUAL(P(pb)->rx_packets, 0);
    CU_ASSERT_EQUAL(P(pb)->rx_bytes, 0);
    /* any receiver-side refusal counts as no buffer */
    verdict[pb] = GL_DROP_MALFORMED;
    CU_ASSERT_EQUAL(gl_route(&net, pa, GL_LAN_NONE, pkt, n, 0, &dl), 0);
    CU_ASSERT_TRUE(counters_are(&P(pa)->tx, 2, 0, 0, 2, 0, 0));
    CU_ASSERT_TRUE(counters_are(L(lan1), 2, 0, 0, 2, 0, 0));
    CU_ASSERT_TRUE(rx_only(GL_PORT_NONE));
    balanced();
}

static void test_too_big(void)
{
    setup();
    CU_ASSERT_EQUAL(gl_lan_at(&net, lan1)->mtu, 8192);
    size_t n = dgram(IP(10, 1, 0, 1), IP(10, 1, 0, 2), 8193);
    CU_ASSERT_EQUAL(gl_route(&net, pa, GL_LAN_NONE, pkt, n, 0, &dl), 0);
    CU_ASSERT_EQUAL(ncalls, 0);
    CU_ASSERT_TRUE(counters_are(&P(pa)->tx, 1, 0, 0, 0, 1, 0));
    CU_ASSERT_EQUAL(P(pa)->tx_bytes, 8193);
    CU_ASSERT_TRUE(counters_are(L(lan1), 1, 0, 0, 0, 1, 0));
    /* too big as a broadcast too: one drop, no copies */
    n = dgram(IP(10, 1, 0, 1), IPV4_BROADCAST, 8193);
    CU_ASSERT_EQUAL(gl_route(&net, pa, GL_LAN_NONE, pkt, n, 0, &dl), 0);
    CU_ASSERT_EQUAL(ncalls, 0);
    CU_ASSERT_TRUE(counters_are(L(lan1), 2, 0, 0, 0, 2, 0));
    /* exactly the MTU passes */
    n = dgram(IP(10, 1, 0, 1), IP(10, 1, 0, 2), 8192);
    CU_ASSERT_EQUAL(gl_route(&net, pa, GL_LAN_NONE, pkt, n, 0, &dl), 1);
    CU_ASSERT_EQUAL(ncalls, 1);
    CU_ASSERT_EQUAL(calls[0].len, 8192);
    CU_ASSERT_TRUE(counters_are(&P(pa)->tx, 3, 1, 0, 0, 2, 0));
    CU_ASSERT_EQUAL(P(pa)->tx_bytes, 8193 * 2 + 8192);
    CU_ASSERT_EQUAL(P(pb)->rx_bytes, 8192);
    CU_ASSERT_TRUE(rx_only(pb));
    balanced();
}

static void test_malformed(void)
{
    setup();
    size_t n = dgram(IP(10, 1, 0, 1), IP(10, 1, 0, 2), 100);
    pkt[0] = 0x65;                                      /* version 6 */
    CU_ASSERT_EQUAL(gl_route(&net, pa, GL_LAN_NONE, pkt, n, 0, &dl), 0);
    n = dgram(IP(10, 1, 0, 1), IP(10, 1, 0, 2), 100);
    CU_ASSERT_EQUAL(gl_route(&net, pa, GL_LAN_NONE, pkt, IPV4_HDR_LEN - 1, 0, &dl), 0);   /* truncated */
    CU_ASSERT_EQUAL(gl_route(&net, pa, GL_LAN_NONE, pkt, 0, 0, &dl), 0);                  /* empty */
    CU_ASSERT_EQUAL(gl_route(&net, pa, GL_LAN_NONE, pkt, n - 1, 0, &dl), 0);              /* total > buffer */
    pkt[0] = 0x44;                                      /* IHL 4 */
    CU_ASSERT_EQUAL(gl_route(&net, pa, GL_LAN_NONE, pkt, n, 0, &dl), 0);
    n = dgram(IP(10, 1, 0, 1), IP(10, 1, 0, 2), 100);
    pkt[6] = 0x20;                                      /* MF: a fragment */
    CU_ASSERT_EQUAL(gl_route(&net, pa, GL_LAN_NONE, pkt, n, 0, &dl), 0);
    CU_ASSERT_EQUAL(ncalls, 0);
    CU_ASSERT_TRUE(counters_are(&P(pa)->tx, 6, 0, 0, 0, 0, 6));
    CU_ASSERT_EQUAL(P(pa)->tx_bytes, 100 + 19 + 0 + 99 + 100 + 100);
    CU_ASSERT_TRUE(counters_are(L(lan1), 6, 0, 0, 0, 0, 6));
    CU_ASSERT_TRUE(zero(L(lan2)));
    CU_ASSERT_TRUE(rx_only(GL_PORT_NONE));
    balanced();
}

static void test_padding_stays(void)
{
    setup();
    size_t n = dgram(IP(10, 1, 0, 1), IP(10, 1, 0, 2), 46);
    memset(pkt + n, 0xEE, 18);                          /* e.g. Ethernet minimum padding */
    CU_ASSERT_EQUAL(gl_route(&net, pa, GL_LAN_NONE, pkt, n + 18, 0, &dl), 1);
    CU_ASSERT_EQUAL(ncalls, 1);
    CU_ASSERT_EQUAL(calls[0].len, 46);
    CU_ASSERT_TRUE(counters_are(&P(pa)->tx, 1, 1, 0, 0, 0, 0));
    CU_ASSERT_EQUAL(P(pa)->tx_bytes, 46);
    CU_ASSERT_EQUAL(P(pb)->rx_bytes, 46);
    /* broadcast copies are cut the same way */
    n = dgram(IP(10, 1, 0, 1), IPV4_BROADCAST, 46);
    CU_ASSERT_EQUAL(gl_route(&net, pa, GL_LAN_NONE, pkt, n + 18, 0, &dl), 2);
    CU_ASSERT_EQUAL(ncalls, 3);
    CU_ASSERT_EQUAL(calls[1].len, 46);
    CU_ASSERT_EQUAL(calls[2].len, 46);
    CU_ASSERT_EQUAL(P(pa)->tx_bytes, 46 * 3);
    balanced();
}

/* dst from A is a broadcast: B and C get it, D (no address), E (LAN2),
 * F (uncoupled) and A itself do not. */
static void broadcast_from_a(uint32_t dst)
{
    setup();
    size_t n = dgram(IP(10, 1, 0, 1), dst, 120);
    CU_ASSERT_EQUAL(gl_route(&net, pa, GL_LAN_NONE, pkt, n, 0, &dl), 2);
    CU_ASSERT_EQUAL(ncalls, 2);
    bool got_b = false, got_c = false;
    for (unsigned i = 0; i < ncalls && i < MAX_CALLS; i++) {
        CU_ASSERT_TRUE(calls[i].broadcast);
        CU_ASSERT_EQUAL(calls[i].len, 120);
        CU_ASSERT_PTR_EQUAL(calls[i].pkt, pkt);
        got_b |= calls[i].port == pb;
        got_c |= calls[i].port == pc;
    }
    CU_ASSERT_TRUE(got_b && got_c);
    CU_ASSERT_TRUE(counters_are(&P(pa)->tx, 2, 2, 0, 0, 0, 0));
    CU_ASSERT_EQUAL(P(pa)->tx_bytes, 240);
    CU_ASSERT_TRUE(counters_are(L(lan1), 2, 2, 0, 0, 0, 0));
    CU_ASSERT_TRUE(zero(L(lan2)));
    CU_ASSERT_EQUAL(P(pb)->rx_packets, 1);
    CU_ASSERT_EQUAL(P(pc)->rx_packets, 1);
    CU_ASSERT_EQUAL(P(pb)->rx_bytes, 120);
    CU_ASSERT_EQUAL(P(pc)->rx_bytes, 120);
    CU_ASSERT_EQUAL(P(pa)->rx_packets + P(pd)->rx_packets + P(pe)->rx_packets
                    + P(pf)->rx_packets, 0);
    balanced();
    /* C full: one copy delivered, one dropped */
    verdict[pc] = GL_DROP_NO_BUFFER;
    CU_ASSERT_EQUAL(gl_route(&net, pa, GL_LAN_NONE, pkt, n, 0, &dl), 1);
    CU_ASSERT_EQUAL(ncalls, 4);
    CU_ASSERT_TRUE(counters_are(&P(pa)->tx, 4, 3, 0, 1, 0, 0));
    CU_ASSERT_TRUE(counters_are(L(lan1), 4, 3, 0, 1, 0, 0));
    CU_ASSERT_EQUAL(P(pb)->rx_packets, 2);
    CU_ASSERT_EQUAL(P(pc)->rx_packets, 1);
    balanced();
}

static void test_broadcast_all_ones(void) { broadcast_from_a(IPV4_BROADCAST); }
static void test_broadcast_directed(void) { broadcast_from_a(IP(10, 1, 0, 255)); }

static void test_broadcast_other_prefix(void)
{
    setup();
    /* A also has 192.168.5.1/16: 192.168.255.255 is a broadcast */
    CU_ASSERT_EQUAL(gl_ip_register(&net, pa, IP(192, 168, 5, 1), 16), GL_OK);
    size_t n = dgram(IP(192, 168, 5, 1), IP(192, 168, 255, 255), 64);
    CU_ASSERT_EQUAL(gl_route(&net, pa, GL_LAN_NONE, pkt, n, 0, &dl), 2);
    CU_ASSERT_EQUAL(ncalls, 2);
    /* ... but 192.168.5.255 is not (a host of the /16): no owner */
    n = dgram(IP(192, 168, 5, 1), IP(192, 168, 5, 255), 64);
    CU_ASSERT_EQUAL(gl_route(&net, pa, GL_LAN_NONE, pkt, n, 0, &dl), 0);
    CU_ASSERT_EQUAL(ncalls, 2);
    /* B's directed broadcast is its own (10.1.0.255), not 192.168.255.255 */
    n = dgram(IP(10, 1, 0, 2), IP(192, 168, 255, 255), 64);
    CU_ASSERT_EQUAL(gl_route(&net, pb, GL_LAN_NONE, pkt, n, 0, &dl), 0);
    CU_ASSERT_EQUAL(ncalls, 2);
    CU_ASSERT_TRUE(counters_are(&P(pa)->tx, 3, 2, 1, 0, 0, 0));
    CU_ASSERT_TRUE(counters_are(&P(pb)->tx, 1, 0, 1, 0, 0, 0));
    CU_ASSERT_TRUE(counters_are(L(lan1), 4, 2, 2, 0, 0, 0));
    balanced();
}

static void test_broadcast_alone(void)
{
    setup();
    uint16_t lan3, pg;
    CU_ASSERT_EQUAL(gl_lan_define(&net, "LAN3", 0, 16, &lan3), GL_OK);
    pg = nic("GSTG", 0x0700, "LAN3", IP(10, 9, 0, 1), 24);
    nic("GSTH", 0x0700, "LAN3", 0, 0);                  /* coupled, no address */
    size_t n = dgram(IP(10, 9, 0, 1), IPV4_BROADCAST, 50);
    CU_ASSERT_EQUAL(gl_route(&net, pg, GL_LAN_NONE, pkt, n, 0, &dl), 0);
    n = dgram(IP(10, 9, 0, 1), IP(10, 9, 0, 255), 50);
    CU_ASSERT_EQUAL(gl_route(&net, pg, GL_LAN_NONE, pkt, n, 0, &dl), 0);
    CU_ASSERT_EQUAL(ncalls, 0);
    CU_ASSERT_TRUE(counters_are(&P(pg)->tx, 2, 0, 2, 0, 0, 0));
    CU_ASSERT_EQUAL(P(pg)->tx_bytes, 100);
    CU_ASSERT_TRUE(counters_are(L(lan3), 2, 0, 2, 0, 0, 0));
    CU_ASSERT_TRUE(zero(L(lan1)));
    CU_ASSERT_TRUE(rx_only(GL_PORT_NONE));
    balanced();
}

/* /31 and /32 have no directed broadcast; /30 does. */
static void test_prefix_31_32(void)
{
    setup();
    uint16_t p31a = nic("GST31A", 0x0700, "LAN1", IP(10, 2, 0, 0), 31);
    uint16_t p31b = nic("GST31B", 0x0700, "LAN1", IP(10, 2, 0, 1), 31);
    uint16_t p32 = nic("GST32", 0x0700, "LAN1", IP(10, 3, 0, 5), 32);
    uint16_t p30a = nic("GST30A", 0x0700, "LAN1", IP(10, 4, 0, 1), 30);
    uint16_t p30b = nic("GST30B", 0x0700, "LAN1", IP(10, 4, 0, 3), 30);
    /* 10.2.0.1 is the peer of a /31, not a broadcast */
    size_t n = dgram(IP(10, 2, 0, 0), IP(10, 2, 0, 1), 40);
    CU_ASSERT_EQUAL(gl_route(&net, p31a, GL_LAN_NONE, pkt, n, 0, &dl), 1);
    CU_ASSERT_EQUAL(ncalls, 1);
    CU_ASSERT_EQUAL(calls[0].port, p31b);
    CU_ASSERT_FALSE(calls[0].broadcast);
    CU_ASSERT_TRUE(counters_are(&P(p31a)->tx, 1, 1, 0, 0, 0, 0));
    /* a /32's "directed broadcast" would be its own address: unicast */
    n = dgram(IP(10, 3, 0, 5), IP(10, 3, 0, 5), 40);
    unsigned got = gl_route(&net, p32, GL_LAN_NONE, pkt, n, 0, &dl);
    CU_ASSERT_TRUE(got <= 1);
    CU_ASSERT_TRUE(ncalls <= 2);
    for (unsigned i = 1; i < ncalls && i < MAX_CALLS; i++) {
        CU_ASSERT_FALSE(calls[i].broadcast);
        CU_ASSERT_EQUAL(calls[i].port, p32);
    }
    CU_ASSERT_EQUAL(P(p32)->tx.sent, 1);
    /* a /32 sending to 10.3.0.255: nobody's, and no broadcast */
    n = dgram(IP(10, 3, 0, 5), IP(10, 3, 0, 255), 40);
    unsigned before = ncalls;
    CU_ASSERT_EQUAL(gl_route(&net, p32, GL_LAN_NONE, pkt, n, 0, &dl), 0);
    CU_ASSERT_EQUAL(ncalls, before);
    CU_ASSERT_EQUAL(P(p32)->tx.sent, 2);
    CU_ASSERT_EQUAL(P(p32)->tx.dropped_no_owner, 1);
    /* the /30's broadcast 10.4.0.3 is the other /30 port's address, but
     * from 10.4.0.1/30 it is a broadcast: every other addressed port on
     * LAN1 (B, C, both /31s, the /32, the other /30 and A) gets a copy */
    n = dgram(IP(10, 4, 0, 1), IP(10, 4, 0, 3), 40);
    before = ncalls;
    CU_ASSERT_EQUAL(gl_route(&net, p30a, GL_LAN_NONE, pkt, n, 0, &dl), 7);
    CU_ASSERT_EQUAL(ncalls - before, 7);
    for (unsigned i = before; i < ncalls && i < MAX_CALLS; i++) {
        CU_ASSERT_TRUE(calls[i].broadcast);
        CU_ASSERT_NOT_EQUAL(calls[i].port, p30a);
    }
    CU_ASSERT_EQUAL(P(p30b)->rx_packets, 1);
    CU_ASSERT_TRUE(counters_are(&P(p30a)->tx, 7, 7, 0, 0, 0, 0));
    balanced();
}

static void test_uncoupled_sender(void)
{
    setup();
    size_t n = dgram(IP(10, 1, 0, 9), IP(10, 1, 0, 2), 70);
    CU_ASSERT_EQUAL(gl_route(&net, pf, GL_LAN_NONE, pkt, n, 0, &dl), 0);
    n = dgram(IP(10, 1, 0, 9), IPV4_BROADCAST, 70);
    CU_ASSERT_EQUAL(gl_route(&net, pf, GL_LAN_NONE, pkt, n, 0, &dl), 0);
    pkt[0] = 0x00;
    CU_ASSERT_EQUAL(gl_route(&net, pf, GL_LAN_NONE, pkt, n, 0, &dl), 0);
    CU_ASSERT_EQUAL(ncalls, 0);
    CU_ASSERT_TRUE(counters_are(&P(pf)->tx, 3, 0, 2, 0, 0, 1));
    CU_ASSERT_EQUAL(P(pf)->tx_bytes, 210);
    CU_ASSERT_TRUE(zero(L(lan1)));
    CU_ASSERT_TRUE(zero(L(lan2)));
    CU_ASSERT_TRUE(rx_only(GL_PORT_NONE));
    /* a port uncoupled after traffic keeps its counters, adds no LAN's */
    n = dgram(IP(10, 1, 0, 1), IP(10, 1, 0, 2), 70);
    CU_ASSERT_EQUAL(gl_route(&net, pa, GL_LAN_NONE, pkt, n, 0, &dl), 1);
    CU_ASSERT_EQUAL(gl_uncouple(&net, pa), GL_OK);
    CU_ASSERT_EQUAL(gl_route(&net, pa, GL_LAN_NONE, pkt, n, 0, &dl), 0);
    CU_ASSERT_TRUE(counters_are(&P(pa)->tx, 2, 1, 1, 0, 0, 0));
    CU_ASSERT_TRUE(counters_are(L(lan1), 1, 1, 0, 0, 0, 0));
    balanced();
}

static void test_bad_source(void)
{
    setup();
    size_t n = dgram(IP(10, 1, 0, 1), IP(10, 1, 0, 2), 70);
    CU_ASSERT_EQUAL(gl_route(&net, GL_PORT_NONE, GL_LAN_NONE, pkt, n, 0, &dl), 0);
    CU_ASSERT_EQUAL(gl_route(&net, GL_MAX_PORTS, GL_LAN_NONE, pkt, n, 0, &dl), 0);
    CU_ASSERT_EQUAL(gl_route(&net, 200, GL_LAN_NONE, pkt, n, 0, &dl), 0);     /* not in use */
    CU_ASSERT_EQUAL(ncalls, 0);
    CU_ASSERT_TRUE(zero(L(lan1)));
    for (uint16_t p = 0; p < GL_MAX_PORTS; p++)
        if (net.ports[p].in_use)
            CU_ASSERT_TRUE(zero(&net.ports[p].tx));
    balanced();
}

void register_route_tests(void)
{
    static const struct unit_test tests[] = {
        { "verdict texts", test_verdict_str },
        { "unicast to the owner", test_unicast },
        { "no owner", test_no_owner },
        { "receiver full", test_receiver_full },
        { "too big for the MTU", test_too_big },
        { "malformed datagrams", test_malformed },
        { "padding after total length stays behind", test_padding_stays },
        { "broadcast 255.255.255.255", test_broadcast_all_ones },
        { "directed subnet broadcast", test_broadcast_directed },
        { "directed broadcast per registered subnet", test_broadcast_other_prefix },
        { "broadcast with no other port", test_broadcast_alone },
        { "prefix /31 and /32: no directed broadcast", test_prefix_31_32 },
        { "uncoupled sender", test_uncoupled_sender },
        { "bad source port", test_bad_source },
        { NULL, NULL },
    };
    unit_add_suite("route", tests);
}
