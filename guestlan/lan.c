/*
 * lan.c - guest LAN bookkeeping (pure): see lan.h for the model, the
 * handle rules and the MTU choice.
 *
 * The IP registration table of a LAN is a dense entry array plus an
 * open-addressing hash of GL_ADDR_SLOTS slots (twice the entries, so the
 * load factor never exceeds 1/2).  Deletion shifts later probe-chain
 * members back (no tombstones) and moves the last entry into the hole, so
 * both arrays stay compact and every operation touches a short chain.
 */
#include "guestlan/lan.h"

_Static_assert((GL_ADDR_SLOTS & (GL_ADDR_SLOTS - 1)) == 0, "slots: power of two");
_Static_assert(GL_ADDR_SLOTS >= 2 * GL_MAX_ADDRS_PER_LAN, "load factor <= 1/2");
_Static_assert(GL_MAX_ADDRS_PER_LAN < 0xFFFF, "entry index + 1 fits uint16_t");
_Static_assert(GL_MAX_LANS < GL_LAN_NONE && GL_MAX_PORTS < GL_PORT_NONE, "handles");

/* ---- names ----------------------------------------------------------- */

_Static_assert(GL_NAME_MAX == NAME_MAX_LEN, "LAN names and userids are z/VM names");

/* ---- the address hash ------------------------------------------------ */

static uint32_t addr_hash(const struct gl_addr *a)
{
    uint32_t h = a->af;

    for (unsigned i = 0; i < GL_ADDR_BYTES; i += 4) {
        uint32_t w = (uint32_t)a->a[i] << 24 | (uint32_t)a->a[i + 1] << 16 |
                     (uint32_t)a->a[i + 2] << 8 | a->a[i + 3];
        h = (h ^ w) * 0x9E3779B1u;
    }
    return (h ^ (h >> 15)) & (GL_ADDR_SLOTS - 1);
}

static bool addr_eq(const struct gl_addr *x, const struct gl_addr *y)
{
    return x->af == y->af && memcmp(x->a, y->a, GL_ADDR_BYTES) == 0;
}

/* The slot holding a, or of the empty slot ending its probe chain. */
static uint32_t slot_of(const struct gl_lan *l, const struct gl_addr *a)
{
    uint32_t s = addr_hash(a);

    while (l->slot[s] != 0 && !addr_eq(&l->addrs[l->slot[s] - 1].addr, a))
        s = (s + 1) & (GL_ADDR_SLOTS - 1);
    return s;
}

/* Entry index of a on l, or -1. */
static int entry_of(const struct gl_lan *l, const struct gl_addr *a)
{
    uint32_t s = slot_of(l, a);

    return l->slot[s] ? (int)l->slot[s] - 1 : -1;
}

/* Add a new entry (caller checked: absent, room). */
static void entry_add(struct gl_lan *l, const struct gl_addr *a, uint16_t port)
{
    uint32_t s = slot_of(l, a);

    CP_ASSERT(l->slot[s] == 0 && l->naddrs < GL_MAX_ADDRS_PER_LAN);
    l->addrs[l->naddrs].addr = *a;
    l->addrs[l->naddrs].port = port;
    l->naddrs++;
    l->slot[s] = l->naddrs;
}

/* Remove entry e: backward-shift delete its slot, then move the last entry
 * into index e and repoint that entry's slot. */
static void entry_remove(struct gl_lan *l, uint16_t e)
{
    uint32_t hole = slot_of(l, &l->addrs[e].addr);
    uint32_t s = hole;

    CP_ASSERT(l->slot[hole] == (uint16_t)(e + 1));
    for (;;) {
        s = (s + 1) & (GL_ADDR_SLOTS - 1);
        if (l->slot[s] == 0)
            break;
        uint32_t home = addr_hash(&l->addrs[l->slot[s] - 1].addr);
        /* move s into the hole unless its home lies cyclically in (hole, s] */
        bool stays = hole <= s ? (hole < home && home <= s) : (hole < home || home <= s);
        if (!stays) {
            l->slot[hole] = l->slot[s];
            hole = s;
        }
    }
    l->slot[hole] = 0;

    uint16_t last = (uint16_t)(l->naddrs - 1);
    if (e != last) {
        uint32_t ls = slot_of(l, &l->addrs[last].addr);
        CP_ASSERT(l->slot[ls] == (uint16_t)(last + 1));
        l->addrs[e] = l->addrs[last];
        l->slot[ls] = (uint16_t)(e + 1);
    }
    l->naddrs = last;
}

/* ---- handles --------------------------------------------------------- */

static struct gl_lan *lan_by_name(struct gl_net *net, const char name[GL_NAME_MAX + 1],
                                  uint16_t *idx)
{
    for (uint16_t i = 0; i < GL_MAX_LANS; i++)
        if (net->lans[i].defined && strcmp(net->lans[i].name, name) == 0) {
            if (idx)
                *idx = i;
            return &net->lans[i];
        }
    return NULL;
}

static struct gl_port *port_ptr(struct gl_net *net, uint16_t port)
{
    if (port >= GL_MAX_PORTS || !net->ports[port].in_use)
        return NULL;
    return &net->ports[port];
}

const struct gl_lan *gl_lan_at(const struct gl_net *net, uint16_t lan)
{
    if (lan >= GL_MAX_LANS || !net->lans[lan].defined)
        return NULL;
    return &net->lans[lan];
}

const struct gl_port *gl_port_at(const struct gl_net *net, uint16_t port)
{
    return port_ptr((struct gl_net *)net, port);
}

/* ---- network and LANs ------------------------------------------------ */

void gl_net_init(struct gl_net *net)
{
    for (unsigned i = 0; i < GL_MAX_LANS; i++) {
        net->lans[i].defined = false;
        net->lans[i].connected = 0;
        net->lans[i].naddrs = 0;
    }
    for (unsigned i = 0; i < GL_MAX_PORTS; i++) {
        net->ports[i].in_use = false;
        net->ports[i].lan = GL_LAN_NONE;
        net->ports[i].naddrs = 0;
    }
}

static uint32_t mtu_of(uint32_t mfs)
{
    return mfs > GL_MTU_MAX ? GL_MTU_MAX : mfs;
}

enum gl_err gl_lan_define(struct gl_net *net, const char *name, uint32_t maxconn,
                          uint32_t mfs_kb, uint16_t *lan_out)
{
    char n[GL_NAME_MAX + 1];
    uint16_t i;

    if (!name_fold(name, n))
        return GL_ERR_BAD_NAME;
    if (maxconn > GL_MAXCONN_MAX)
        return GL_ERR_BAD_MAXCONN;
    if (mfs_kb != 8 && mfs_kb != 16 && mfs_kb != 32 && mfs_kb != 64)
        return GL_ERR_BAD_MFS;
    if (lan_by_name(net, n, NULL))
        return GL_ERR_LAN_EXISTS;
    for (i = 0; i < GL_MAX_LANS && net->lans[i].defined; i++)
        ;
    if (i == GL_MAX_LANS)
        return GL_ERR_LAN_TABLE_FULL;

    struct gl_lan *l = &net->lans[i];
    memcpy(l->name, n, sizeof l->name);
    memcpy(l->owner, GL_OWNER_SYSTEM, sizeof GL_OWNER_SYSTEM);
    l->type = GL_LAN_QDIO;
    l->maxconn = maxconn;
    l->mfs = mfs_kb * 1024u;
    l->mtu = mtu_of(l->mfs);
    l->connected = 0;
    memset(&l->counters, 0, sizeof l->counters);
    l->naddrs = 0;
    memset(l->slot, 0, sizeof l->slot);
    l->vswitch = false;
    l->rdev = 0;
    l->uplink = GL_UPLINK_NONE;
    memset(&l->up, 0, sizeof l->up);
    l->defined = true;
    if (lan_out)
        *lan_out = i;
    return GL_OK;
}

enum gl_err gl_vswitch_define(struct gl_net *net, const char *name, uint16_t rdev,
                              uint16_t *lan_out)
{
    uint16_t h;
    enum gl_err e = gl_lan_define(net, name, GL_MAXCONN_INFINITE, 8, &h);
    if (e != GL_OK)
        return e;
    struct gl_lan *l = &net->lans[h];
    l->vswitch = true;
    l->mtu = GL_VSWITCH_MTU;
    l->rdev = rdev;
    l->uplink = rdev ? GL_UPLINK_STARTING : GL_UPLINK_NONE;
    if (lan_out)
        *lan_out = h;
    return GL_OK;
}

enum gl_err gl_vswitch_set_rdev(struct gl_net *net, uint16_t lan, uint16_t rdev)
{
    if (lan >= GL_MAX_LANS || !net->lans[lan].defined || !net->lans[lan].vswitch)
        return GL_ERR_LAN_NOT_FOUND;
    struct gl_lan *l = &net->lans[lan];
    l->rdev = rdev;
    l->uplink = rdev ? GL_UPLINK_STARTING : GL_UPLINK_NONE;
    return GL_OK;
}

enum gl_err gl_lan_detach(struct gl_net *net, const char *name)
{
    char n[GL_NAME_MAX + 1];
    struct gl_lan *l;

    if (!name_fold(name, n))
        return GL_ERR_BAD_NAME;
    if (!(l = lan_by_name(net, n, NULL)))
        return GL_ERR_LAN_NOT_FOUND;
    if (l->connected)
        return GL_ERR_LAN_IN_USE;
    CP_ASSERT(l->naddrs == 0);
    l->defined = false;
    return GL_OK;
}

enum gl_err gl_lan_find(const struct gl_net *net, const char *name, uint16_t *lan_out)
{
    char n[GL_NAME_MAX + 1];

    if (!name_fold(name, n))
        return GL_ERR_BAD_NAME;
    if (!lan_by_name((struct gl_net *)net, n, lan_out))
        return GL_ERR_LAN_NOT_FOUND;
    return GL_OK;
}

/* ---- ports and coupling ---------------------------------------------- */

static int port_by_owner(const struct gl_net *net, const char u[GL_NAME_MAX + 1],
                         uint16_t vdev)
{
    for (int i = 0; i < GL_MAX_PORTS; i++) {
        const struct gl_port *p = &net->ports[i];
        if (p->in_use && p->vdev == vdev && strcmp(p->owner, u) == 0)
            return i;
    }
    return -1;
}

enum gl_err gl_port_add(struct gl_net *net, const char *owner, uint16_t vdev,
                        uint16_t *port_out)
{
    char u[GL_NAME_MAX + 1];
    uint16_t i;

    if (!name_fold(owner, u))
        return GL_ERR_BAD_USERID;
    if (port_by_owner(net, u, vdev) >= 0)
        return GL_ERR_PORT_EXISTS;
    for (i = 0; i < GL_MAX_PORTS && net->ports[i].in_use; i++)
        ;
    if (i == GL_MAX_PORTS)
        return GL_ERR_PORT_TABLE_FULL;

    struct gl_port *p = &net->ports[i];
    memcpy(p->owner, u, sizeof p->owner);
    p->vdev = vdev;
    p->lan = GL_LAN_NONE;
    p->naddrs = 0;
    memset(&p->tx, 0, sizeof p->tx);
    p->tx_bytes = p->rx_packets = p->rx_bytes = 0;
    p->in_use = true;
    if (port_out)
        *port_out = i;
    return GL_OK;
}

enum gl_err gl_port_find(const struct gl_net *net, const char *owner, uint16_t vdev,
                         uint16_t *port_out)
{
    char u[GL_NAME_MAX + 1];
    int i;

    if (!name_fold(owner, u))
        return GL_ERR_BAD_USERID;
    if ((i = port_by_owner(net, u, vdev)) < 0)
        return GL_ERR_BAD_PORT;
    if (port_out)
        *port_out = (uint16_t)i;
    return GL_OK;
}

/* Uncouple a coupled port (validated by the caller). */
static void uncouple(struct gl_net *net, uint16_t port)
{
    struct gl_port *p = &net->ports[port];
    struct gl_lan *l = &net->lans[p->lan];

    CP_ASSERT(l->defined && l->connected > 0);
    for (uint16_t e = l->naddrs; e-- > 0 && p->naddrs > 0;)
        if (l->addrs[e].port == port) {
            entry_remove(l, e);     /* moves the last entry, already scanned, to e */
            p->naddrs--;
        }
    CP_ASSERT(p->naddrs == 0);
    l->connected--;
    p->lan = GL_LAN_NONE;
}

enum gl_err gl_port_remove(struct gl_net *net, uint16_t port)
{
    struct gl_port *p = port_ptr(net, port);

    if (!p)
        return GL_ERR_BAD_PORT;
    if (p->lan != GL_LAN_NONE)
        uncouple(net, port);
    p->in_use = false;
    return GL_OK;
}

enum gl_err gl_couple(struct gl_net *net, uint16_t port, const char *lan_name)
{
    struct gl_port *p = port_ptr(net, port);
    char n[GL_NAME_MAX + 1];
    struct gl_lan *l;
    uint16_t li;

    if (!p)
        return GL_ERR_BAD_PORT;
    if (!name_fold(lan_name, n))
        return GL_ERR_BAD_NAME;
    if (!(l = lan_by_name(net, n, &li)))
        return GL_ERR_LAN_NOT_FOUND;
    if (p->lan != GL_LAN_NONE)
        return GL_ERR_ALREADY_COUPLED;
    if (l->maxconn != GL_MAXCONN_INFINITE && l->connected >= l->maxconn)
        return GL_ERR_MAXCONN;
    p->lan = li;
    p->naddrs = 0;
    l->connected++;
    return GL_OK;
}

enum gl_err gl_uncouple(struct gl_net *net, uint16_t port)
{
    struct gl_port *p = port_ptr(net, port);

    if (!p)
        return GL_ERR_BAD_PORT;
    if (p->lan == GL_LAN_NONE)
        return GL_ERR_NOT_COUPLED;
    uncouple(net, port);
    return GL_OK;
}

/* ---- IP registration ------------------------------------------------- */

struct gl_addr gl_addr_ipv4(uint32_t ipv4, uint8_t prefix_len)
{
    struct gl_addr a;

    memset(&a, 0, sizeof a);
    a.af = GL_AF_IPV4;
    a.prefix_len = prefix_len;
    a.a[0] = (uint8_t)(ipv4 >> 24);
    a.a[1] = (uint8_t)(ipv4 >> 16);
    a.a[2] = (uint8_t)(ipv4 >> 8);
    a.a[3] = (uint8_t)ipv4;
    return a;
}

/* A unicast host address: not 0.0.0.0, not 255.255.255.255, not class D/E. */
static bool ipv4_unicast(uint32_t ipv4)
{
    return ipv4 != 0 && (ipv4 >> 28) < 0xE;
}

enum gl_err gl_ip_register(struct gl_net *net, uint16_t port, uint32_t ipv4,
                           uint8_t prefix_len)
{
    struct gl_port *p = port_ptr(net, port);
    struct gl_addr a = gl_addr_ipv4(ipv4, prefix_len);

    if (!p)
        return GL_ERR_BAD_PORT;
    if (!ipv4_unicast(ipv4))
        return GL_ERR_BAD_ADDRESS;
    if (prefix_len > 32)
        return GL_ERR_BAD_PREFIX;
    if (p->lan == GL_LAN_NONE)
        return GL_ERR_NOT_COUPLED;

    struct gl_lan *l = &net->lans[p->lan];
    int e = entry_of(l, &a);
    if (e >= 0) {
        if (l->addrs[e].port != port)
            return GL_ERR_DUPLICATE_ADDRESS;
        l->addrs[e].addr.prefix_len = prefix_len;
        return GL_OK;
    }
    if (l->naddrs >= GL_MAX_ADDRS_PER_LAN)
        return GL_ERR_ADDR_TABLE_FULL;
    entry_add(l, &a, port);
    p->naddrs++;
    return GL_OK;
}

enum gl_err gl_ip_unregister(struct gl_net *net, uint16_t port, uint32_t ipv4)
{
    struct gl_port *p = port_ptr(net, port);
    struct gl_addr a = gl_addr_ipv4(ipv4, 0);

    if (!p)
        return GL_ERR_BAD_PORT;
    if (p->lan == GL_LAN_NONE)
        return GL_ERR_NOT_COUPLED;

    struct gl_lan *l = &net->lans[p->lan];
    int e = entry_of(l, &a);
    if (e < 0 || l->addrs[e].port != port)
        return GL_ERR_ADDR_NOT_REGISTERED;
    entry_remove(l, (uint16_t)e);
    p->naddrs--;
    return GL_OK;
}

uint16_t gl_addr_owner(const struct gl_net *net, uint16_t lan, const struct gl_addr *a)
{
    const struct gl_lan *l = gl_lan_at(net, lan);
    int e;

    if (!l || (e = entry_of(l, a)) < 0)
        return GL_PORT_NONE;
    return l->addrs[e].port;
}

uint16_t gl_ip_owner(const struct gl_net *net, uint16_t lan, uint32_t ipv4)
{
    struct gl_addr a = gl_addr_ipv4(ipv4, 0);

    return gl_addr_owner(net, lan, &a);
}

enum gl_err gl_ip_list(const struct gl_net *net, uint16_t port, struct gl_addr *out,
                       size_t max, size_t *count)
{
    const struct gl_port *p = gl_port_at(net, port);
    size_t n = 0;

    if (!p)
        return GL_ERR_BAD_PORT;
    if (p->lan != GL_LAN_NONE) {
        const struct gl_lan *l = &net->lans[p->lan];
        for (uint16_t e = 0; e < l->naddrs; e++)
            if (l->addrs[e].port == port) {
                if (n < max)
                    out[n] = l->addrs[e].addr;
                n++;
            }
        CP_ASSERT(n == p->naddrs);
    }
    if (count)
        *count = n;
    return GL_OK;
}

/* ---- errors ---------------------------------------------------------- */

const char *gl_err_str(enum gl_err e)
{
    static const char *const s[GL_ERR_COUNT] = {
        [0] = "ok",
        [1] = "invalid LAN name",
        [2] = "LAN already exists",
        [3] = "LAN does not exist",
        [4] = "maximum number of LANs defined",
        [5] = "invalid MAXCONN value",
        [6] = "invalid MFS value",
        [7] = "LAN is in use",
        [8] = "invalid userid",
        [9] = "maximum number of NICs defined",
        [10] = "NIC already exists",
        [11] = "NIC does not exist",
        [12] = "NIC is already coupled",
        [13] = "NIC is not coupled",
        [14] = "maximum connections reached",
        [15] = "IP address is registered by another NIC",
        [16] = "IP address table is full",
        [17] = "IP address is not registered by this NIC",
        [18] = "invalid IP address",
        [19] = "invalid prefix length",
    };
    int i = -(int)e;

    if (i < 0 || i >= GL_ERR_COUNT || !s[i])
        return "unknown error";
    return s[i];
}
