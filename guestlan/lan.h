/*
 * lan.h - guest LAN bookkeeping (pure): LANs, NIC ports, coupling and the
 * per-LAN IP registration table that the route function consults.
 *
 * Follows z/VM's guest LAN model (z/VM CP Commands and Utilities Reference,
 * DEFINE LAN / DETACH LAN / COUPLE / UNCOUPLE; summary and QUERY LAN / QUERY
 * VIRTUAL NIC displays in shared/reference/cp-commands.md sections 5.2 and
 * 5.3).  Only SYSTEM-owned, UNRESTRICTED, QDIO (IP) LANs exist today.  A
 * port is one virtual NIC (owner userid + base vdev); it is coupled to at
 * most one LAN.  An IP address registered by a port (the IPA SETIP of the
 * NIC's guest) belongs to that port on that LAN only: the same address on
 * two LANs is two independent registrations.
 *
 * No I/O, no SIE, no command text: cp/vm and the command layer call in
 * here, the route function calls gl_ip_owner().  Everything lives in one
 * caller-allocated struct gl_net of fixed arrays.  Every function validates
 * all of its arguments before it changes anything: an error return means
 * nothing changed.  Not reentrant; the caller serializes (CP runs it with
 * interrupts disabled).
 *
 * Handles: LANs and ports are named by their index (uint16_t) in the
 * tables of struct gl_net.  A handle becomes invalid when its LAN is
 * detached or its port removed, and the index may be reused by a later
 * define/add; the caller drops handles it has removed.
 *
 * MTU choice: MTU = MFS in bytes (MFS 8K -> 8192, 16K -> 16384, 32K ->
 * 32768), except 64K, where the MTU is 65535, the largest IPv4 datagram.
 * z/VM documents MFS only for HiperSockets LANs (where Linux derives the
 * MTU as MFS - 8K); for vmlan's QDIO LANs the frame carries one datagram
 * after the QDIO header, which lives outside the MFS, so no reduction.
 */
#ifndef GUESTLAN_LAN_H
#define GUESTLAN_LAN_H

#include "port.h"

#define GL_NAME_MAX          8          /* LAN names and userids              */
#define GL_MAX_LANS          32
#define GL_MAX_PORTS         256
#define GL_MAX_ADDRS_PER_LAN 1024
#define GL_MAX_ADDRS_PER_PORT 32        /* a NIC's addresses (Hercules: 32)   */
#define GL_ADDR_SLOTS        2048       /* hash slots per LAN: load <= 1/2    */
#define GL_MAXCONN_INFINITE  0
#define GL_MAXCONN_MAX       1024       /* DEFINE LAN MAXCONN 1-1024          */
#define GL_MTU_MAX           65535u
#define GL_LAN_NONE          0xFFFFu    /* no LAN handle (uncoupled port)     */
#define GL_PORT_NONE         0xFFFFu    /* no port handle (no owner)          */
#define GL_PORT_UPLINK       0xFFFEu    /* a VSWITCH uplink (route.h)         */
#define GL_VSWITCH_MTU       1500u      /* Ethernet uplink                    */
#define GL_ADDR_BYTES        16         /* room for IPv6                      */
#define GL_OWNER_SYSTEM      "SYSTEM"

/* Errors (negative); texts from gl_err_str(). */
enum gl_err {
    GL_OK = 0,
    GL_ERR_BAD_NAME = -1,               /* LAN name not 1-8 of A-Z 0-9 @ # $  */
    GL_ERR_LAN_EXISTS = -2,
    GL_ERR_LAN_NOT_FOUND = -3,
    GL_ERR_LAN_TABLE_FULL = -4,
    GL_ERR_BAD_MAXCONN = -5,            /* not 0 (INFINITE) or 1-1024         */
    GL_ERR_BAD_MFS = -6,                /* not 8, 16, 32 or 64 (K)            */
    GL_ERR_LAN_IN_USE = -7,             /* DETACH LAN with NICs coupled       */
    GL_ERR_BAD_USERID = -8,
    GL_ERR_PORT_TABLE_FULL = -9,
    GL_ERR_PORT_EXISTS = -10,           /* same owner and vdev already a port */
    GL_ERR_BAD_PORT = -11,              /* handle out of range or not in use  */
    GL_ERR_ALREADY_COUPLED = -12,
    GL_ERR_NOT_COUPLED = -13,
    GL_ERR_MAXCONN = -14,
    GL_ERR_DUPLICATE_ADDRESS = -15,     /* IPA maps this to rc X'E005'        */
    GL_ERR_ADDR_TABLE_FULL = -16,
    GL_ERR_ADDR_NOT_REGISTERED = -17,
    GL_ERR_BAD_ADDRESS = -18,           /* 0.0.0.0, broadcast, multicast      */
    GL_ERR_BAD_PREFIX = -19,            /* prefix length over 32 (IPv4)       */
    GL_ERR_COUNT = 20                   /* number of codes, GL_OK included    */
};

enum gl_lan_type {
    GL_LAN_QDIO = 1                     /* HIPERS later                       */
};

enum gl_af {
    GL_AF_NONE = 0,
    GL_AF_IPV4 = 4,                     /* IPv6 later: same table, a[0..15]   */
    GL_AF_IPV6 = 6
};

/* An address as registered: network byte order in a[], IPv4 in a[0..3],
 * the rest zero, so that equal addresses compare equal bytewise. */
struct gl_addr {
    uint8_t af;                         /* enum gl_af                         */
    uint8_t prefix_len;
    uint8_t a[GL_ADDR_BYTES];
};

/* Per-LAN datagram counters, filled by the route function.  Conserved:
 * sent = delivered + the dropped_* sum. */
struct gl_counters {
    uint64_t sent;
    uint64_t delivered;
    uint64_t dropped_no_owner;
    uint64_t dropped_no_buffer;
    uint64_t dropped_too_big;
    uint64_t dropped_malformed;
};

struct gl_ip_entry {
    struct gl_addr addr;
    uint16_t port;                      /* owner                              */
};

/* State of a VSWITCH uplink (the real OSA CP drives, osa/). */
enum gl_uplink {
    GL_UPLINK_NONE = 0,                 /* no RDEV (or not a VSWITCH)         */
    GL_UPLINK_STARTING,                 /* the device is being started        */
    GL_UPLINK_READY,                    /* datagrams flow                     */
    GL_UPLINK_FAILED,                   /* missing, wrong or failed device    */
};

/* The uplink traffic as the route function counts it.  Outbound copies
 * (guest to uplink) are counted in the LAN counters like any delivery;
 * these are the uplink view. */
struct gl_uplink_counters {
    uint64_t out_datagrams, out_bytes;  /* handed to the uplink driver       */
    uint64_t in_datagrams, in_bytes;    /* IPv4 received for a guest          */
    struct gl_counters in;              /* inbound copies: delivered/dropped  */
};

struct gl_lan {
    /* identity, set by gl_lan_define / gl_vswitch_define */
    bool defined;
    bool vswitch;                       /* a VSWITCH: may have an uplink      */
    uint16_t rdev;                      /* VSWITCH: real read device, 0 none  */
    enum gl_uplink uplink;
    struct gl_uplink_counters up;
    char name[GL_NAME_MAX + 1];         /* upper case, NUL-terminated         */
    char owner[GL_NAME_MAX + 1];        /* "SYSTEM"                           */
    enum gl_lan_type type;
    uint32_t maxconn;                   /* 0 = INFINITE                       */
    uint32_t mfs;                       /* bytes                              */
    uint32_t mtu;                       /* bytes, see header comment          */
    /* coupling */
    uint32_t connected;                 /* ports coupled                      */
    struct gl_counters counters;
    /* registered addresses: entries dense in addrs[0..naddrs-1]; slot[]
     * is an open-addressing hash (linear probing, backward-shift delete)
     * holding entry index + 1, 0 = empty. */
    uint16_t naddrs;
    struct gl_ip_entry addrs[GL_MAX_ADDRS_PER_LAN];
    uint16_t slot[GL_ADDR_SLOTS];
};

struct gl_port {
    bool in_use;
    char owner[GL_NAME_MAX + 1];        /* userid, upper case                 */
    uint16_t vdev;                      /* base device number of the NIC      */
    uint16_t lan;                       /* GL_LAN_NONE when uncoupled         */
    uint16_t naddrs;                    /* addresses registered on its LAN    */
    /* traffic (guestlan/route.c); reset when the port is added */
    struct gl_counters tx;              /* what it sent: conserved as the LAN's */
    uint64_t tx_bytes;                  /* datagram bytes it sent             */
    uint64_t rx_packets, rx_bytes;      /* what was delivered to it           */
};

struct gl_net {
    struct gl_lan lans[GL_MAX_LANS];
    struct gl_port ports[GL_MAX_PORTS];
};

/* Empty network: no LANs, no ports. */
void gl_net_init(struct gl_net *net);

/* DEFINE LAN name OWNERID SYSTEM TYPE QDIO MAXCONN maxconn (0 = INFINITE)
 * MFS mfs_kb.  name is folded to upper case.  On GL_OK *lan_out (if not
 * NULL) is the new LAN's handle. */
enum gl_err gl_lan_define(struct gl_net *net, const char *name, uint32_t maxconn,
                          uint32_t mfs_kb, uint16_t *lan_out);

/* DEFINE VSWITCH name [RDEV rdev]: a LAN of kind VSWITCH (MTU 1500, the
 * Ethernet uplink MTU), INFINITE MAXCONN; rdev 0 = no uplink. */
enum gl_err gl_vswitch_define(struct gl_net *net, const char *name, uint16_t rdev,
                              uint16_t *lan_out);

/* SET VSWITCH name RDEV rdev|NONE: the VSWITCH with handle lan gets
 * uplink device rdev (0 = none) and uplink state GL_UPLINK_STARTING (or
 * GL_UPLINK_NONE for 0); its counters stay.  GL_ERR_LAN_NOT_FOUND if lan
 * is no defined VSWITCH.  Stopping the old device and starting the new
 * one is the caller's business (cp_uplinkops). */
enum gl_err gl_vswitch_set_rdev(struct gl_net *net, uint16_t lan, uint16_t rdev);

/* DETACH LAN name: refused with GL_ERR_LAN_IN_USE while any port is
 * coupled (z/VM: "LAN in use"). */
enum gl_err gl_lan_detach(struct gl_net *net, const char *name);

/* The LAN named name (any case) -> *lan_out. */
enum gl_err gl_lan_find(const struct gl_net *net, const char *name, uint16_t *lan_out);

/* The LAN with handle lan, or NULL if none is defined there. */
const struct gl_lan *gl_lan_at(const struct gl_net *net, uint16_t lan);

/* A new uncoupled port for owner's NIC at vdev -> *port_out. */
enum gl_err gl_port_add(struct gl_net *net, const char *owner, uint16_t vdev,
                        uint16_t *port_out);

/* The port of owner's NIC at vdev -> *port_out (GL_ERR_BAD_PORT if none). */
enum gl_err gl_port_find(const struct gl_net *net, const char *owner, uint16_t vdev,
                         uint16_t *port_out);

/* The port with handle port, or NULL if none is in use there. */
const struct gl_port *gl_port_at(const struct gl_net *net, uint16_t port);

/* Remove a port: uncouples it first (dropping its addresses). */
enum gl_err gl_port_remove(struct gl_net *net, uint16_t port);

/* COUPLE the port to LAN lan_name. */
enum gl_err gl_couple(struct gl_net *net, uint16_t port, const char *lan_name);

/* UNCOUPLE the port; every address it registered is unregistered. */
enum gl_err gl_uncouple(struct gl_net *net, uint16_t port);

/* Register ipv4 (host-order value, 10.0.0.1 = 0x0A000001) with prefix
 * prefix_len for port on its LAN.  Registering an address the port
 * already owns is GL_OK and replaces the prefix length. */
enum gl_err gl_ip_register(struct gl_net *net, uint16_t port, uint32_t ipv4,
                           uint8_t prefix_len);

/* Unregister ipv4: GL_ERR_ADDR_NOT_REGISTERED unless port owns it. */
enum gl_err gl_ip_unregister(struct gl_net *net, uint16_t port, uint32_t ipv4);

/* The port that owns ipv4 on LAN lan, or GL_PORT_NONE (also for an
 * undefined lan).  Expected O(1): one hash and a short linear probe in a
 * table at most half full; worst case O(GL_MAX_ADDRS_PER_LAN). */
uint16_t gl_ip_owner(const struct gl_net *net, uint16_t lan, uint32_t ipv4);

/* The same for any address family (the route function's entry for IPv6
 * later); a->prefix_len is ignored. */
uint16_t gl_addr_owner(const struct gl_net *net, uint16_t lan, const struct gl_addr *a);

/* Copy up to max of port's registered addresses (in no fixed order) into
 * out; *count is the number the port has, which may exceed max.  An
 * uncoupled port has none.  O(addresses on the LAN). */
enum gl_err gl_ip_list(const struct gl_net *net, uint16_t port, struct gl_addr *out,
                       size_t max, size_t *count);

/* Build an IPv4 gl_addr. */
struct gl_addr gl_addr_ipv4(uint32_t ipv4, uint8_t prefix_len);

/* Short z/VM-flavoured text for e; "unknown error" out of range. */
const char *gl_err_str(enum gl_err e);

#endif
