/*
 * test_guestlan.c - guest LAN bookkeeping (guestlan/lan.c): LANs, ports,
 * coupling, IP registration and owner lookup.  After every mutating step
 * check() verifies the invariants by brute force, independent of the hash:
 * no address owned twice on one LAN, every registered address belongs to
 * an in-use port coupled to that LAN, the hash finds every entry, and the
 * connected/naddrs counts (per LAN and per port) match the tables.
 */
#include <stdio.h>
#include <string.h>
#include "tests/unit/suites.h"
#include "guestlan/lan.h"

static struct gl_net net;

#define IP(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (uint32_t)(d))

/* Brute-force invariant check; returns true when everything holds. */
static bool invariants(const struct gl_net *n)
{
    for (uint16_t li = 0; li < GL_MAX_LANS; li++) {
        const struct gl_lan *l = &n->lans[li];
        if (!l->defined)
            continue;
        uint32_t coupled = 0, owned = 0, slots = 0;
        for (uint16_t p = 0; p < GL_MAX_PORTS; p++)
            if (n->ports[p].in_use && n->ports[p].lan == li) {
                coupled++;
                owned += n->ports[p].naddrs;
            }
        if (coupled != l->connected || owned != l->naddrs)
            return false;
        if (l->maxconn && l->connected > l->maxconn)
            return false;
        for (unsigned s = 0; s < GL_ADDR_SLOTS; s++)
            slots += l->slot[s] != 0;
        if (slots != l->naddrs || l->naddrs > GL_MAX_ADDRS_PER_LAN)
            return false;
        for (uint16_t e = 0; e < l->naddrs; e++) {
            const struct gl_ip_entry *x = &l->addrs[e];
            if (x->port >= GL_MAX_PORTS || !n->ports[x->port].in_use ||
                n->ports[x->port].lan != li)
                return false;
            for (uint16_t f = (uint16_t)(e + 1); f < l->naddrs; f++)
                if (l->addrs[f].addr.af == x->addr.af &&
                    memcmp(l->addrs[f].addr.a, x->addr.a, GL_ADDR_BYTES) == 0)
                    return false;
            if (gl_addr_owner(n, li, &x->addr) != x->port)
                return false;
        }
    }
    for (uint16_t p = 0; p < GL_MAX_PORTS; p++) {
        const struct gl_port *q = &n->ports[p];
        if (!q->in_use)
            continue;
        if (q->lan == GL_LAN_NONE ? q->naddrs != 0
                                  : (q->lan >= GL_MAX_LANS || !n->lans[q->lan].defined))
            return false;
        if (q->lan != GL_LAN_NONE) {
            unsigned mine = 0;
            for (uint16_t e = 0; e < n->lans[q->lan].naddrs; e++)
                mine += n->lans[q->lan].addrs[e].port == p;
            if (mine != q->naddrs)
                return false;
        }
    }
    return true;
}

#define CHECK() CU_ASSERT_TRUE(invariants(&net))

static uint16_t lan(const char *name)
{
    uint16_t l = GL_LAN_NONE;
    CU_ASSERT_EQUAL(gl_lan_define(&net, name, 0, 8, &l), GL_OK);
    CHECK();
    return l;
}

static uint16_t nic(const char *owner, uint16_t vdev, const char *lan_name)
{
    uint16_t p = GL_PORT_NONE;
    CU_ASSERT_EQUAL(gl_port_add(&net, owner, vdev, &p), GL_OK);
    if (lan_name)
        CU_ASSERT_EQUAL(gl_couple(&net, p, lan_name), GL_OK);
    CHECK();
    return p;
}

static void setup(void)
{
    memset(&net, 0xA5, sizeof net);     /* init must not rely on zeroed storage */
    gl_net_init(&net);
    CHECK();
}

static void test_err_str(void)
{
    for (int i = 0; i < GL_ERR_COUNT; i++) {
        const char *s = gl_err_str((enum gl_err)-i);
        CU_ASSERT_PTR_NOT_NULL_FATAL(s);
        CU_ASSERT_STRING_NOT_EQUAL(s, "unknown error");
        for (int j = 0; j < i; j++)
            CU_ASSERT_STRING_NOT_EQUAL(s, gl_err_str((enum gl_err)-j));
    }
    CU_ASSERT_STRING_EQUAL(gl_err_str((enum gl_err)-GL_ERR_COUNT), "unknown error");
    CU_ASSERT_STRING_EQUAL(gl_err_str((enum gl_err)1), "unknown error");
    CU_ASSERT_STRING_EQUAL(gl_err_str(GL_ERR_LAN_EXISTS), "LAN already exists");
    CU_ASSERT_STRING_EQUAL(gl_err_str(GL_ERR_LAN_NOT_FOUND), "LAN does not exist");
    CU_ASSERT_STRING_EQUAL(gl_err_str(GL_ERR_LAN_IN_USE), "LAN is in use");
    CU_ASSERT_STRING_EQUAL(gl_err_str(GL_ERR_MAXCONN), "maximum connections reached");
    CU_ASSERT_STRING_EQUAL(gl_err_str(GL_ERR_ALREADY_COUPLED), "NIC is already coupled");
    CU_ASSERT_STRING_EQUAL(gl_err_str(GL_ERR_NOT_COUPLED), "NIC is not coupled");
    CU_ASSERT_STRING_EQUAL(gl_err_str(GL_ERR_DUPLICATE_ADDRESS),
                           "IP address is registered by another NIC");
}

static void test_lan_define(void)
{
    static const struct { uint32_t kb, mfs, mtu; } sizes[] = {
        { 8, 8192, 8192 }, { 16, 16384, 16384 }, { 32, 32768, 32768 }, { 64, 65536, 65535 },
    };
    char name[9];
    uint16_t l, f;

    setup();
    for (unsigned i = 0; i < ARRAY_SIZE(sizes); i++) {
        snprintf(name, sizeof name, "lan%u", i);
        CU_ASSERT_EQUAL(gl_lan_define(&net, name, i, sizes[i].kb, &l), GL_OK);
        CHECK();
        const struct gl_lan *p = gl_lan_at(&net, l);
        CU_ASSERT_PTR_NOT_NULL_FATAL(p);
        snprintf(name, sizeof name, "LAN%u", i);
        CU_ASSERT_STRING_EQUAL(p->name, name);
        CU_ASSERT_STRING_EQUAL(p->owner, "SYSTEM");
        CU_ASSERT_EQUAL(p->type, GL_LAN_QDIO);
        CU_ASSERT_EQUAL(p->maxconn, i);
        CU_ASSERT_EQUAL(p->mfs, sizes[i].mfs);
        CU_ASSERT_EQUAL(p->mtu, sizes[i].mtu);
        CU_ASSERT_EQUAL(p->connected, 0);
        CU_ASSERT_EQUAL(p->naddrs, 0);
        CU_ASSERT_EQUAL(p->counters.sent + p->counters.delivered + p->counters.dropped_no_owner +
                        p->counters.dropped_no_buffer + p->counters.dropped_too_big +
                        p->counters.dropped_malformed, 0);
        f = GL_LAN_NONE;
        CU_ASSERT_EQUAL(gl_lan_find(&net, name, &f), GL_OK);
        CU_ASSERT_EQUAL(f, l);
        name[0] = 'l';
        CU_ASSERT_EQUAL(gl_lan_find(&net, name, &f), GL_OK);
        CU_ASSERT_EQUAL(f, l);
    }
    CU_ASSERT_EQUAL(gl_lan_define(&net, "@#$09AZz", GL_MAXCONN_MAX, 8, NULL), GL_OK);
    CU_ASSERT_EQUAL(gl_lan_find(&net, "@#$09azZ", NULL), GL_OK);
    CU_ASSERT_EQUAL(gl_lan_find(&net, "nolan", NULL), GL_ERR_LAN_NOT_FOUND);
    CU_ASSERT_EQUAL(gl_lan_find(&net, "bad.name", NULL), GL_ERR_BAD_NAME);
    CU_ASSERT_PTR_NULL(gl_lan_at(&net, GL_MAX_LANS));
    CU_ASSERT_PTR_NULL(gl_lan_at(&net, GL_LAN_NONE));
    CU_ASSERT_PTR_NULL(gl_lan_at(&net, 10));
    CHECK();
}

static void test_lan_define_errors(void)
{
    static const char *const bad[] = { "", "NINECHARS", "LAN-1", "a b", "LAN.", "\xC1" };
    char name[9];

    setup();
    for (unsigned i = 0; i < ARRAY_SIZE(bad); i++)
        CU_ASSERT_EQUAL(gl_lan_define(&net, bad[i], 0, 8, NULL), GL_ERR_BAD_NAME);
    CU_ASSERT_EQUAL(gl_lan_define(&net, NULL, 0, 8, NULL), GL_ERR_BAD_NAME);
    CU_ASSERT_EQUAL(gl_lan_define(&net, "L", GL_MAXCONN_MAX + 1, 8, NULL), GL_ERR_BAD_MAXCONN);
    CU_ASSERT_EQUAL(gl_lan_define(&net, "L", 0, 0, NULL), GL_ERR_BAD_MFS);
    CU_ASSERT_EQUAL(gl_lan_define(&net, "L", 0, 24, NULL), GL_ERR_BAD_MFS);
    CU_ASSERT_EQUAL(gl_lan_define(&net, "L", 0, 128, NULL), GL_ERR_BAD_MFS);
    CU_ASSERT_EQUAL(gl_lan_find(&net, "L", NULL), GL_ERR_LAN_NOT_FOUND);
    CHECK();
    lan("LAN1");
    CU_ASSERT_EQUAL(gl_lan_define(&net, "lan1", 5, 16, NULL), GL_ERR_LAN_EXISTS);
    CU_ASSERT_EQUAL(gl_lan_at(&net, 0)->maxconn, 0);       /* unchanged */
    for (unsigned i = 1; i < GL_MAX_LANS; i++) {
        snprintf(name, sizeof name, "L%u", i);
        CU_ASSERT_EQUAL(gl_lan_define(&net, name, 0, 8, NULL), GL_OK);
    }
    CU_ASSERT_EQUAL(gl_lan_define(&net, "ONEMORE", 0, 8, NULL), GL_ERR_LAN_TABLE_FULL);
    CU_ASSERT_EQUAL(gl_lan_find(&net, "ONEMORE", NULL), GL_ERR_LAN_NOT_FOUND);
    CHECK();
    CU_ASSERT_EQUAL(gl_lan_detach(&net, "L7"), GL_OK);
    CU_ASSERT_EQUAL(gl_lan_define(&net, "ONEMORE", 0, 8, NULL), GL_OK);
    CHECK();
}

static void test_lan_detach(void)
{
    uint16_t l, p;

    setup();
    CU_ASSERT_EQUAL(gl_lan_detach(&net, "LAN1"), GL_ERR_LAN_NOT_FOUND);
    CU_ASSERT_EQUAL(gl_lan_detach(&net, "TOOLONGNAME"), GL_ERR_BAD_NAME);
    l = lan("LAN1");
    p = nic("user1", 0x600, "LAN1");
    CU_ASSERT_EQUAL(gl_ip_register(&net, p, IP(10, 0, 0, 1), 24), GL_OK);
    CU_ASSERT_EQUAL(gl_lan_detach(&net, "lan1"), GL_ERR_LAN_IN_USE);
    CU_ASSERT_PTR_NOT_NULL(gl_lan_at(&net, l));
    CU_ASSERT_EQUAL(gl_ip_owner(&net, l, IP(10, 0, 0, 1)), p);
    CHECK();
    CU_ASSERT_EQUAL(gl_uncouple(&net, p), GL_OK);
    CHECK();
    CU_ASSERT_EQUAL(gl_lan_detach(&net, "lan1"), GL_OK);
    CHECK();
    CU_ASSERT_PTR_NULL(gl_lan_at(&net, l));
    CU_ASSERT_EQUAL(gl_lan_find(&net, "LAN1", NULL), GL_ERR_LAN_NOT_FOUND);
    CU_ASSERT_EQUAL(gl_ip_owner(&net, l, IP(10, 0, 0, 1)), GL_PORT_NONE);
    CU_ASSERT_EQUAL(gl_lan_detach(&net, "LAN1"), GL_ERR_LAN_NOT_FOUND);
    CU_ASSERT_EQUAL(gl_couple(&net, p, "LAN1"), GL_ERR_LAN_NOT_FOUND);
    /* redefined: empty again */
    l = lan("LAN1");
    CU_ASSERT_EQUAL(gl_lan_at(&net, l)->naddrs, 0);
    CU_ASSERT_EQUAL(gl_ip_owner(&net, l, IP(10, 0, 0, 1)), GL_PORT_NONE);
}

static void test_port_add(void)
{
    uint16_t p, q, r, f;
    char user[9];

    setup();
    CU_ASSERT_EQUAL(gl_port_add(&net, "linux1", 0x600, &p), GL_OK);
    CHECK();
    const struct gl_port *pp = gl_port_at(&net, p);
    CU_ASSERT_PTR_NOT_NULL_FATAL(pp);
    CU_ASSERT_STRING_EQUAL(pp->owner, "LINUX1");
    CU_ASSERT_EQUAL(pp->vdev, 0x600);
    CU_ASSERT_EQUAL(pp->lan, GL_LAN_NONE);
    CU_ASSERT_EQUAL(gl_port_add(&net, "LINUX1", 0x600, NULL), GL_ERR_PORT_EXISTS);
    CU_ASSERT_EQUAL(gl_port_add(&net, "LINUX1", 0x700, &q), GL_OK);
    CU_ASSERT_EQUAL(gl_port_add(&net, "LINUX2", 0x600, &r), GL_OK);
    CU_ASSERT(p != q && q != r && p != r);
    CU_ASSERT_EQUAL(gl_port_add(&net, "", 0x600, NULL), GL_ERR_BAD_USERID);
    CU_ASSERT_EQUAL(gl_port_add(&net, NULL, 0x600, NULL), GL_ERR_BAD_USERID);
    CU_ASSERT_EQUAL(gl_port_add(&net, "USERID123", 0x600, NULL), GL_ERR_BAD_USERID);
    CU_ASSERT_EQUAL(gl_port_add(&net, "US ER", 0x600, NULL), GL_ERR_BAD_USERID);
    CU_ASSERT_EQUAL(gl_port_find(&net, "linux2", 0x600, &f), GL_OK);
    CU_ASSERT_EQUAL(f, r);
    CU_ASSERT_EQUAL(gl_port_find(&net, "linux2", 0x700, &f), GL_ERR_BAD_PORT);
    CU_ASSERT_EQUAL(gl_port_find(&net, "bad user", 0x700, &f), GL_ERR_BAD_USERID);
    CHECK();
    CU_ASSERT_EQUAL(gl_port_remove(&net, q), GL_OK);
    CHECK();
    CU_ASSERT_PTR_NULL(gl_port_at(&net, q));
    CU_ASSERT_EQUAL(gl_port_remove(&net, q), GL_ERR_BAD_PORT);
    CU_ASSERT_EQUAL(gl_port_remove(&net, GL_MAX_PORTS), GL_ERR_BAD_PORT);
    CU_ASSERT_EQUAL(gl_port_remove(&net, GL_PORT_NONE), GL_ERR_BAD_PORT);
    CU_ASSERT_PTR_NULL(gl_port_at(&net, GL_MAX_PORTS));
    CU_ASSERT_EQUAL(gl_port_find(&net, "linux1", 0x700, NULL), GL_ERR_BAD_PORT);
    CU_ASSERT_EQUAL(gl_port_add(&net, "LINUX1", 0x700, NULL), GL_OK);
    /* fill the table */
    for (unsigned i = 3; i < GL_MAX_PORTS; i++) {
        snprintf(user, sizeof user, "U%u", i);
        CU_ASSERT_EQUAL(gl_port_add(&net, user, (uint16_t)i, NULL), GL_OK);
    }
    CU_ASSERT_EQUAL(gl_port_add(&net, "LAST", 0x600, NULL), GL_ERR_PORT_TABLE_FULL);
    CU_ASSERT_EQUAL(gl_port_add(&net, "LINUX1", 0x600, NULL), GL_ERR_PORT_EXISTS);
    CHECK();
    CU_ASSERT_EQUAL(gl_port_remove(&net, 100), GL_OK);
    CU_ASSERT_EQUAL(gl_port_add(&net, "LAST", 0x600, &f), GL_OK);
    CU_ASSERT_EQUAL(f, 100);
    CHECK();
}

static void test_couple(void)
{
    uint16_t l1, l2, a, b, c;

    setup();
    l1 = lan("LAN1");
    CU_ASSERT_EQUAL(gl_lan_define(&net, "LAN2", 2, 16, &l2), GL_OK);
    a = nic("A", 0x600, NULL);
    b = nic("B", 0x600, NULL);
    c = nic("C", 0x600, NULL);
    CU_ASSERT_EQUAL(gl_couple(&net, GL_MAX_PORTS, "LAN1"), GL_ERR_BAD_PORT);
    CU_ASSERT_EQUAL(gl_couple(&net, 77, "LAN1"), GL_ERR_BAD_PORT);
    CU_ASSERT_EQUAL(gl_couple(&net, a, "LAN 1"), GL_ERR_BAD_NAME);
    CU_ASSERT_EQUAL(gl_couple(&net, a, "LAN3"), GL_ERR_LAN_NOT_FOUND);
    CU_ASSERT_EQUAL(gl_couple(&net, a, "lan2"), GL_OK);
    CHECK();
    CU_ASSERT_EQUAL(gl_port_at(&net, a)->lan, l2);
    CU_ASSERT_EQUAL(gl_couple(&net, a, "LAN2"), GL_ERR_ALREADY_COUPLED);
    CU_ASSERT_EQUAL(gl_couple(&net, a, "LAN1"), GL_ERR_ALREADY_COUPLED);
    CU_ASSERT_EQUAL(gl_lan_at(&net, l2)->connected, 1);
    CU_ASSERT_EQUAL(gl_couple(&net, b, "LAN2"), GL_OK);
    CU_ASSERT_EQUAL(gl_couple(&net, c, "LAN2"), GL_ERR_MAXCONN);
    CU_ASSERT_EQUAL(gl_port_at(&net, c)->lan, GL_LAN_NONE);
    CU_ASSERT_EQUAL(gl_lan_at(&net, l2)->connected, 2);
    CHECK();
    CU_ASSERT_EQUAL(gl_couple(&net, c, "LAN1"), GL_OK);    /* INFINITE */
    CU_ASSERT_EQUAL(gl_lan_at(&net, l1)->connected, 1);
    CU_ASSERT_EQUAL(gl_uncouple(&net, c), GL_OK);
    CU_ASSERT_EQUAL(gl_uncouple(&net, c), GL_ERR_NOT_COUPLED);
    CU_ASSERT_EQUAL(gl_uncouple(&net, GL_MAX_PORTS), GL_ERR_BAD_PORT);
    CU_ASSERT_EQUAL(gl_uncouple(&net, a), GL_OK);
    CHECK();
    CU_ASSERT_EQUAL(gl_couple(&net, c, "LAN2"), GL_OK);    /* a freed a connection */
    CU_ASSERT_EQUAL(gl_couple(&net, a, "LAN2"), GL_ERR_MAXCONN);
    CU_ASSERT_EQUAL(gl_port_remove(&net, b), GL_OK);       /* remove uncouples */
    CHECK();
    CU_ASSERT_EQUAL(gl_lan_at(&net, l2)->connected, 1);
    CU_ASSERT_EQUAL(gl_couple(&net, a, "LAN2"), GL_OK);
    CHECK();
}

static void test_ip_register(void)
{
    uint16_t l, a, b, c;
    struct gl_addr out[4];
    size_t n;

    setup();
    l = lan("LAN1");
    a = nic("A", 0x600, "LAN1");
    b = nic("B", 0x600, "LAN1");
    c = nic("C", 0x600, NULL);
    CU_ASSERT_EQUAL(gl_ip_register(&net, GL_MAX_PORTS, IP(10, 0, 0, 1), 24), GL_ERR_BAD_PORT);
    CU_ASSERT_EQUAL(gl_ip_register(&net, c, IP(10, 0, 0, 1), 24), GL_ERR_NOT_COUPLED);
    CU_ASSERT_EQUAL(gl_ip_register(&net, a, 0, 24), GL_ERR_BAD_ADDRESS);
    CU_ASSERT_EQUAL(gl_ip_register(&net, a, IP(255, 255, 255, 255), 24), GL_ERR_BAD_ADDRESS);
    CU_ASSERT_EQUAL(gl_ip_register(&net, a, IP(224, 0, 0, 1), 24), GL_ERR_BAD_ADDRESS);
    CU_ASSERT_EQUAL(gl_ip_register(&net, a, IP(240, 0, 0, 1), 24), GL_ERR_BAD_ADDRESS);
    CU_ASSERT_EQUAL(gl_ip_register(&net, a, IP(10, 0, 0, 1), 33), GL_ERR_BAD_PREFIX);
    CU_ASSERT_EQUAL(gl_lan_at(&net, l)->naddrs, 0);
    CHECK();
    CU_ASSERT_EQUAL(gl_ip_register(&net, a, IP(10, 0, 0, 1), 24), GL_OK);
    CHECK();
    CU_ASSERT_EQUAL(gl_ip_owner(&net, l, IP(10, 0, 0, 1)), a);
    CU_ASSERT_EQUAL(gl_ip_owner(&net, l, IP(10, 0, 0, 2)), GL_PORT_NONE);
    /* idempotent; the prefix length is replaced */
    CU_ASSERT_EQUAL(gl_ip_register(&net, a, IP(10, 0, 0, 1), 16), GL_OK);
    CHECK();
    CU_ASSERT_EQUAL(gl_lan_at(&net, l)->naddrs, 1);
    CU_ASSERT_EQUAL(gl_port_at(&net, a)->naddrs, 1);
    CU_ASSERT_EQUAL(gl_ip_list(&net, a, out, 4, &n), GL_OK);
    CU_ASSERT_EQUAL(n, 1);
    CU_ASSERT_EQUAL(out[0].af, GL_AF_IPV4);
    CU_ASSERT_EQUAL(out[0].prefix_len, 16);
    CU_ASSERT_EQUAL(memcmp(out[0].a, "\x0A\x00\x00\x01", 4), 0);
    /* another port on the same LAN may not take it */
    CU_ASSERT_EQUAL(gl_ip_register(&net, b, IP(10, 0, 0, 1), 24), GL_ERR_DUPLICATE_ADDRESS);
    CU_ASSERT_EQUAL(gl_ip_owner(&net, l, IP(10, 0, 0, 1)), a);
    CU_ASSERT_EQUAL(gl_port_at(&net, b)->naddrs, 0);
    CU_ASSERT_EQUAL(gl_ip_register(&net, b, IP(10, 0, 0, 2), 24), GL_OK);
    CU_ASSERT_EQUAL(gl_ip_owner(&net, l, IP(10, 0, 0, 2)), b);
    CHECK();
    CU_ASSERT_EQUAL(gl_ip_owner(&net, GL_MAX_LANS, IP(10, 0, 0, 2)), GL_PORT_NONE);
    CU_ASSERT_EQUAL(gl_ip_owner(&net, GL_LAN_NONE, IP(10, 0, 0, 2)), GL_PORT_NONE);
    CU_ASSERT_EQUAL(gl_ip_owner(&net, (uint16_t)(l + 1), IP(10, 0, 0, 2)), GL_PORT_NONE);
}

/* The owner's unregister, uncouple or removal frees the address for others. */
static void test_duplicate_released(void)
{
    uint16_t l, a, b;

    setup();
    l = lan("LAN1");
    a = nic("A", 0x600, "LAN1");
    b = nic("B", 0x600, "LAN1");
    CU_ASSERT_EQUAL(gl_ip_register(&net, a, IP(10, 0, 0, 1), 24), GL_OK);
    CU_ASSERT_EQUAL(gl_ip_register(&net, b, IP(10, 0, 0, 1), 24), GL_ERR_DUPLICATE_ADDRESS);
    CU_ASSERT_EQUAL(gl_ip_unregister(&net, a, IP(10, 0, 0, 1)), GL_OK);
    CHECK();
    CU_ASSERT_EQUAL(gl_ip_owner(&net, l, IP(10, 0, 0, 1)), GL_PORT_NONE);
    CU_ASSERT_EQUAL(gl_ip_register(&net, b, IP(10, 0, 0, 1), 24), GL_OK);
    CHECK();
    CU_ASSERT_EQUAL(gl_ip_owner(&net, l, IP(10, 0, 0, 1)), b);
    CU_ASSERT_EQUAL(gl_ip_register(&net, a, IP(10, 0, 0, 1), 24), GL_ERR_DUPLICATE_ADDRESS);
    /* uncouple */
    CU_ASSERT_EQUAL(gl_ip_register(&net, b, IP(10, 0, 0, 3), 24), GL_OK);
    CU_ASSERT_EQUAL(gl_uncouple(&net, b), GL_OK);
    CHECK();
    CU_ASSERT_EQUAL(gl_ip_owner(&net, l, IP(10, 0, 0, 1)), GL_PORT_NONE);
    CU_ASSERT_EQUAL(gl_ip_owner(&net, l, IP(10, 0, 0, 3)), GL_PORT_NONE);
    CU_ASSERT_EQUAL(gl_lan_at(&net, l)->naddrs, 0);
    CU_ASSERT_EQUAL(gl_ip_register(&net, a, IP(10, 0, 0, 1), 24), GL_OK);
    CU_ASSERT_EQUAL(gl_ip_owner(&net, l, IP(10, 0, 0, 1)), a);
    /* recoupling does not bring old registrations back */
    CU_ASSERT_EQUAL(gl_couple(&net, b, "LAN1"), GL_OK);
    CU_ASSERT_EQUAL(gl_port_at(&net, b)->naddrs, 0);
    CHECK();
    /* removal */
    CU_ASSERT_EQUAL(gl_port_remove(&net, a), GL_OK);
    CHECK();
    CU_ASSERT_EQUAL(gl_ip_owner(&net, l, IP(10, 0, 0, 1)), GL_PORT_NONE);
    CU_ASSERT_EQUAL(gl_ip_register(&net, b, IP(10, 0, 0, 1), 24), GL_OK);
    CU_ASSERT_EQUAL(gl_ip_owner(&net, l, IP(10, 0, 0, 1)), b);
    CHECK();
}

static void test_ip_unregister(void)
{
    uint16_t l, a, b, c;

    setup();
    l = lan("LAN1");
    a = nic("A", 0x600, "LAN1");
    b = nic("B", 0x600, "LAN1");
    c = nic("C", 0x600, NULL);
    CU_ASSERT_EQUAL(gl_ip_register(&net, a, IP(10, 0, 0, 1), 24), GL_OK);
    CU_ASSERT_EQUAL(gl_ip_unregister(&net, GL_MAX_PORTS, IP(10, 0, 0, 1)), GL_ERR_BAD_PORT);
    CU_ASSERT_EQUAL(gl_ip_unregister(&net, c, IP(10, 0, 0, 1)), GL_ERR_NOT_COUPLED);
    CU_ASSERT_EQUAL(gl_ip_unregister(&net, b, IP(10, 0, 0, 1)), GL_ERR_ADDR_NOT_REGISTERED);
    CU_ASSERT_EQUAL(gl_ip_unregister(&net, a, IP(10, 0, 0, 9)), GL_ERR_ADDR_NOT_REGISTERED);
    CU_ASSERT_EQUAL(gl_ip_owner(&net, l, IP(10, 0, 0, 1)), a);
    CHECK();
    CU_ASSERT_EQUAL(gl_ip_unregister(&net, a, IP(10, 0, 0, 1)), GL_OK);
    CU_ASSERT_EQUAL(gl_ip_unregister(&net, a, IP(10, 0, 0, 1)), GL_ERR_ADDR_NOT_REGISTERED);
    CU_ASSERT_EQUAL(gl_port_at(&net, a)->naddrs, 0);
    CHECK();
}

/* The same address on two LANs: two registrations, each LAN its own owner. */
static void test_two_lans(void)
{
    uint16_t l1, l2, a, b;

    setup();
    l1 = lan("LAN1");
    l2 = lan("LAN2");
    a = nic("A", 0x600, "LAN1");
    b = nic("B", 0x600, "LAN2");
    CU_ASSERT_EQUAL(gl_ip_register(&net, a, IP(192, 168, 1, 1), 24), GL_OK);
    CU_ASSERT_EQUAL(gl_ip_register(&net, b, IP(192, 168, 1, 1), 24), GL_OK);
    CHECK();
    CU_ASSERT_EQUAL(gl_ip_owner(&net, l1, IP(192, 168, 1, 1)), a);
    CU_ASSERT_EQUAL(gl_ip_owner(&net, l2, IP(192, 168, 1, 1)), b);
    CU_ASSERT_EQUAL(gl_ip_register(&net, a, IP(192, 168, 1, 2), 24), GL_OK);
    CU_ASSERT_EQUAL(gl_ip_owner(&net, l2, IP(192, 168, 1, 2)), GL_PORT_NONE);
    CU_ASSERT_EQUAL(gl_ip_unregister(&net, b, IP(192, 168, 1, 2)), GL_ERR_ADDR_NOT_REGISTERED);
    CU_ASSERT_EQUAL(gl_uncouple(&net, a), GL_OK);
    CHECK();
    CU_ASSERT_EQUAL(gl_ip_owner(&net, l1, IP(192, 168, 1, 1)), GL_PORT_NONE);
    CU_ASSERT_EQUAL(gl_ip_owner(&net, l2, IP(192, 168, 1, 1)), b);
    struct gl_addr v6 = gl_addr_ipv4(IP(192, 168, 1, 1), 0);
    v6.af = GL_AF_IPV6;                 /* same bytes, other family: not found */
    CU_ASSERT_EQUAL(gl_addr_owner(&net, l2, &v6), GL_PORT_NONE);
}

static void test_ip_list(void)
{
    uint16_t a, b, c;
    struct gl_addr out[8];
    size_t n;
    bool seen[5] = { false };

    setup();
    lan("LAN1");
    a = nic("A", 0x600, "LAN1");
    b = nic("B", 0x600, "LAN1");
    c = nic("C", 0x600, NULL);
    for (uint8_t i = 1; i <= 5; i++) {
        CU_ASSERT_EQUAL(gl_ip_register(&net, a, IP(10, 0, 0, i), 24), GL_OK);
        CU_ASSERT_EQUAL(gl_ip_register(&net, b, IP(10, 0, 1, i), 24), GL_OK);
    }
    CHECK();
    CU_ASSERT_EQUAL(gl_ip_list(&net, a, out, 8, &n), GL_OK);
    CU_ASSERT_EQUAL_FATAL(n, 5);
    for (unsigned i = 0; i < n; i++) {
        CU_ASSERT_EQUAL(out[i].a[2], 0);
        if (out[i].a[3] >= 1 && out[i].a[3] <= 5)
            seen[out[i].a[3] - 1] = true;
    }
    for (unsigned i = 0; i < 5; i++)
        CU_ASSERT_TRUE(seen[i]);
    memset(out, 0xEE, sizeof out);
    CU_ASSERT_EQUAL(gl_ip_list(&net, a, out, 2, &n), GL_OK);
    CU_ASSERT_EQUAL(n, 5);
    CU_ASSERT_EQUAL(out[1].af, GL_AF_IPV4);
    CU_ASSERT_EQUAL(out[2].af, 0xEE);   /* nothing beyond max */
    CU_ASSERT_EQUAL(gl_ip_list(&net, a, NULL, 0, &n), GL_OK);
    CU_ASSERT_EQUAL(n, 5);
    CU_ASSERT_EQUAL(gl_ip_list(&net, c, out, 8, &n), GL_OK);
    CU_ASSERT_EQUAL(n, 0);
    CU_ASSERT_EQUAL(gl_ip_list(&net, GL_MAX_PORTS, out, 8, &n), GL_ERR_BAD_PORT);
    CU_ASSERT_EQUAL(gl_ip_list(&net, 50, out, 8, &n), GL_ERR_BAD_PORT);
}

static void test_addr_table_full(void)
{
    uint16_t l1, l2, p[4], x;

    setup();
    l1 = lan("LAN1");
    l2 = lan("LAN2");
    for (unsigned i = 0; i < 4; i++)
        p[i] = nic("U", (uint16_t)(0x600 + i), "LAN1");
    x = nic("X", 0x600, "LAN2");
    for (unsigned i = 0; i < GL_MAX_ADDRS_PER_LAN; i++)
        CU_ASSERT_EQUAL(gl_ip_register(&net, p[i % 4], IP(10, 1, i >> 8, i & 0xFF), 16), GL_OK);
    CHECK();
    CU_ASSERT_EQUAL(gl_lan_at(&net, l1)->naddrs, GL_MAX_ADDRS_PER_LAN);
    CU_ASSERT_EQUAL(gl_ip_register(&net, p[0], IP(10, 2, 0, 0), 16), GL_ERR_ADDR_TABLE_FULL);
    CU_ASSERT_EQUAL(gl_ip_register(&net, p[0], IP(10, 1, 0, 0), 8), GL_OK);  /* re-register */
    CU_ASSERT_EQUAL(gl_ip_register(&net, p[1], IP(10, 1, 0, 0), 8), GL_ERR_DUPLICATE_ADDRESS);
    CU_ASSERT_EQUAL(gl_ip_register(&net, x, IP(10, 2, 0, 0), 16), GL_OK);     /* other LAN */
    for (unsigned i = 0; i < GL_MAX_ADDRS_PER_LAN; i++)
        CU_ASSERT_EQUAL(gl_ip_owner(&net, l1, IP(10, 1, i >> 8, i & 0xFF)), p[i % 4]);
    CU_ASSERT_EQUAL(gl_ip_owner(&net, l2, IP(10, 2, 0, 0)), x);
    CU_ASSERT_EQUAL(gl_ip_unregister(&net, p[1], IP(10, 1, 0, 1)), GL_OK);
    CU_ASSERT_EQUAL(gl_ip_register(&net, p[0], IP(10, 2, 0, 0), 16), GL_OK);
    CHECK();
    CU_ASSERT_EQUAL(gl_port_remove(&net, p[2]), GL_OK);
    CHECK();
    CU_ASSERT_EQUAL(gl_lan_at(&net, l1)->naddrs, GL_MAX_ADDRS_PER_LAN - 256);
    for (unsigned i = 0; i < GL_MAX_ADDRS_PER_LAN; i++) {
        uint16_t want = (i % 4 == 2 || i == 1) ? GL_PORT_NONE : p[i % 4];
        CU_ASSERT_EQUAL(gl_ip_owner(&net, l1, IP(10, 1, i >> 8, i & 0xFF)), want);
    }
}

/* Random churn against a reference model: catches hash deletion bugs. */
static void test_churn(void)
{
    enum { NA = 300 };
    static uint16_t model[NA];          /* owner of address i, or GL_PORT_NONE */
    uint16_t l, p[3];
    uint32_t seed = 12345;
    unsigned bad = 0;

    setup();
    l = lan("LAN1");
    for (unsigned i = 0; i < 3; i++)
        p[i] = nic("U", (uint16_t)i, "LAN1");
    for (unsigned i = 0; i < NA; i++)
        model[i] = GL_PORT_NONE;
    for (unsigned step = 0; step < 20000; step++) {
        seed = seed * 1103515245u + 12345u;
        unsigned i = (seed >> 8) % NA, who = (seed >> 20) % 3;
        uint32_t ip = IP(10, 9, 0, 0) + i * 2654435761u % 0xFFFFu + 1;  /* scattered */
        if (seed & 0x80000000u) {
            enum gl_err e = gl_ip_register(&net, p[who], ip, 24);
            if (model[i] == GL_PORT_NONE || model[i] == p[who]) {
                bad += e != GL_OK;
                model[i] = p[who];
            } else
                bad += e != GL_ERR_DUPLICATE_ADDRESS;
        } else {
            enum gl_err e = gl_ip_unregister(&net, p[who], ip);
            if (model[i] == p[who]) {
                bad += e != GL_OK;
                model[i] = GL_PORT_NONE;
            } else
                bad += e != GL_ERR_ADDR_NOT_REGISTERED;
        }
        for (unsigned k = 0; k < NA; k += 37)
            bad += gl_ip_owner(&net, l, IP(10, 9, 0, 0) + k * 2654435761u % 0xFFFFu + 1) != model[k];
        if (step % 1000 == 0)
            CHECK();
    }
    CU_ASSERT_EQUAL(bad, 0);
    CHECK();
}

/* The checker itself must be able to fail. */
static void test_checker_detects(void)
{
    uint16_t l, a, b;

    setup();
    l = lan("LAN1");
    a = nic("A", 0x600, "LAN1");
    b = nic("B", 0x600, "LAN1");
    CU_ASSERT_EQUAL(gl_ip_register(&net, a, IP(10, 0, 0, 1), 24), GL_OK);
    CU_ASSERT_TRUE(invariants(&net));
    struct gl_lan *pl = &net.lans[l];
    pl->addrs[0].port = b;              /* owner disagrees with the port counts */
    CU_ASSERT_FALSE(invariants(&net));
    pl->addrs[0].port = a;
    net.ports[a].lan = GL_LAN_NONE;     /* address of an uncoupled port */
    CU_ASSERT_FALSE(invariants(&net));
    net.ports[a].lan = l;
    pl->connected++;
    CU_ASSERT_FALSE(invariants(&net));
    pl->connected--;
    CU_ASSERT_TRUE(invariants(&net));
}

void register_guestlan_tests(void)
{
    static const struct unit_test tests[] = {
        { "error texts", test_err_str },
        { "DEFINE LAN, MFS to MTU, name folding", test_lan_define },
        { "DEFINE LAN errors and table full", test_lan_define_errors },
        { "DETACH LAN refused while in use", test_lan_detach },
        { "ports: add, find, remove, table full", test_port_add },
        { "COUPLE/UNCOUPLE and MAXCONN", test_couple },
        { "IP register: errors, idempotence, duplicates", test_ip_register },
        { "duplicate freed by unregister/uncouple/remove", test_duplicate_released },
        { "IP unregister errors", test_ip_unregister },
        { "same address on two LANs", test_two_lans },
        { "IP list for QUERY", test_ip_list },
        { "address table full", test_addr_table_full },
        { "random churn against a model", test_churn },
        { "invariant checker detects damage", test_checker_detects },
        { NULL, NULL },
    };
    unit_add_suite("guestlan", tests);
}
