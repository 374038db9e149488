/* uplink.h - the host side of a run's LCS uplink: address, OAT address, console and log lines.
 *
 * Pure: string.h only, no I/O.  Every run attaches an LCS (OSA in LCS mode) at real devices
 * 0E40-0E41 (conf/hercules.cnf.in); Hercules creates its TAP in the run's namespace and logs
 *   HHCLC073I 0E40: TAP device tap0 opened
 * (shared/reference/lcs.md §2).  Each LCS STARTUP erases the TAP's IPv4 address, so the runner
 * (re)applies the host address (--uplink-net, default UPL_DEFAULT_NET) whenever CP reports its
 * VSWITCH ready, which CP does after every successful LCS start-up (STARTUP, LANSTAT, STARTLAN;
 * lcs.md §1 fact 9, §7).  The OAT entry `0E40 IP 00 PRI <addr>` uses the subnet's last usable
 * address: Hercules adds a /32 host route for it at STARTLAN, so it must be an address no guest
 * owns; PRI makes every other inbound IPv4 and ARP frame reach CP too (lcs.md §1 fact 8).
 */
#ifndef VMLAN_UPLINK_H
#define VMLAN_UPLINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UPL_DEFAULT_NET  "10.1.0.1/24"
#define UPL_DEVNO        "0E40"        /* the LCS read device; write device 0E41 */
#define UPL_PREFIX_MIN   8u
#define UPL_PREFIX_MAX   30u           /* /31 and /32 leave no room for the OAT address */
#define UPL_CIDR_MAX     19u           /* "255.255.255.255/32" plus NUL */
#define UPL_IP_MAX       16u           /* "255.255.255.255" plus NUL */
#define UPL_IFNAME_MAX   16u           /* IFNAMSIZ */

/* A console line from CP (no guest prefix) saying a VSWITCH finished its LCS start-up; CP may
 * put its message id in front.  POSIX ERE (regcomp REG_EXTENDED).  Anchored at the start, so
 * guest output ("USERID: text") never matches.  A compile-time constant, so that a test build
 * can trigger on another CP line with -DUPL_READY_RE='"..."'. */
#ifndef UPL_READY_RE
#define UPL_READY_RE \
    "^([A-Z]{3}[0-9]{3,}[A-Z] )?VSWITCH SYSTEM [A-Z0-9@#$]+ status is ready\\."
#endif

struct upl_net {
    uint32_t host;             /* host address on the TAP, host byte order */
    uint32_t oat_ip;           /* the OAT entry's address: last usable of the subnet */
    uint8_t prefix;            /* UPL_PREFIX_MIN..UPL_PREFIX_MAX */
    char cidr[UPL_CIDR_MAX];   /* host/prefix, normalised ("10.1.0.1/24") */
    char oat_text[UPL_IP_MAX]; /* oat_ip, dotted decimal */
};

enum upl_err {
    UPL_OK = 0,
    UPL_E_SYNTAX = -1,         /* not a.b.c.d/n with decimal parts 0..255 */
    UPL_E_PREFIX = -2,         /* prefix outside UPL_PREFIX_MIN..UPL_PREFIX_MAX */
    UPL_E_NETWORK = -3,        /* host part all zero: the subnet's own address */
    UPL_E_BROADCAST = -4,      /* host part all ones: the subnet's broadcast address */
    UPL_E_OAT = -5,            /* the last usable address is reserved for the OAT entry */
    UPL_E_ADDRESS = -6,        /* 0.0.0.0/8, loopback, multicast or reserved */
};

/* Parse and validate "a.b.c.d/n" into *out.  Returns UPL_OK or the first problem. */
enum upl_err upl_parse_net(const char *s, struct upl_net *out);

/* Format ip (host byte order) as dotted decimal into buf (cap >= UPL_IP_MAX). */
void upl_format_ip(uint32_t ip, char *buf, size_t cap);

/* If line is Hercules' "HHCLC073I <devno>: TAP device <name> opened" for devno (hex, any
 * case), copy <name> into name (cap bytes, cap >= UPL_IFNAME_MAX) and return true. */
bool upl_tap_from_log(const char *line, const char *devno, char *name, size_t cap);

const char *upl_err_str(enum upl_err e);

#endif
