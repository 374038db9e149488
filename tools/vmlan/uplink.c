/* uplink.c - the host side of a run's LCS uplink: parsing and formatting (uplink.h).
 *
 * Pure (string.h only).  Facts about Hercules 3.13's LCS device and its TAP:
 * shared/reference/lcs.md §1-2, §7.
 */
#include "uplink.h"

#include <string.h>

/* Contract: parses a decimal 0..max at *p (1 to 3 digits, no sign, no leading zero unless the
 * number is 0); advances *p.  Returns false when there is none. */
static bool upl_decimal(const char **p, uint32_t max, uint32_t *out)
{
    const char *s = *p;
    uint32_t v = 0;
    size_t n = 0;
    while (s[n] >= '0' && s[n] <= '9' && n < 4) {
        v = v * 10u + (uint32_t)(s[n] - '0');
        n++;
    }
    if (n == 0 || n > 3 || v > max || (n > 1 && s[0] == '0'))
        return false;
    *p = s + n;
    *out = v;
    return true;
}

void upl_format_ip(uint32_t ip, char *buf, size_t cap)
{
    char tmp[UPL_IP_MAX];
    size_t n = 0;
    for (int shift = 24; shift >= 0; shift -= 8) {
        uint32_t b = (ip >> shift) & 0xFFu;
        if (b >= 100u)
            tmp[n++] = (char)('0' + b / 100u);
        if (b >= 10u)
            tmp[n++] = (char)('0' + b / 10u % 10u);
        tmp[n++] = (char)('0' + b % 10u);
        if (shift > 0)
            tmp[n++] = '.';
    }
    tmp[n] = '\0';
    if (cap == 0)
        return;
    if (n >= cap)
        n = cap - 1;
    memcpy(buf, tmp, n);
    buf[n] = '\0';
}

enum upl_err upl_parse_net(const char *s, struct upl_net *out)
{
    uint32_t ip = 0, part, prefix;
    const char *p = s;
    for (int i = 0; i < 4; i++) {
        if (!upl_decimal(&p, 255u, &part) || *p != (i < 3 ? '.' : '/'))
            return UPL_E_SYNTAX;
        ip = ip << 8 | part;
        p++;
    }
    if (!upl_decimal(&p, 32u, &prefix) || *p != '\0')
        return UPL_E_SYNTAX;
    if (prefix < UPL_PREFIX_MIN || prefix > UPL_PREFIX_MAX)
        return UPL_E_PREFIX;
    uint32_t first = ip >> 24;
    if (first == 0u || first == 127u || first >= 224u)
        return UPL_E_ADDRESS;
    uint32_t hostmask = (1u << (32u - prefix)) - 1u;
    if ((ip & hostmask) == 0u)
        return UPL_E_NETWORK;
    if ((ip & hostmask) == hostmask)
        return UPL_E_BROADCAST;
    uint32_t last = (ip | hostmask) - 1u;
    if (ip == last)
        return UPL_E_OAT;
    memset(out, 0, sizeof *out);
    out->host = ip;
    out->oat_ip = last;
    out->prefix = (uint8_t)prefix;
    upl_format_ip(ip, out->cidr, UPL_IP_MAX);
    size_t n = strlen(out->cidr);
    out->cidr[n++] = '/';
    if (prefix >= 10u)
        out->cidr[n++] = (char)('0' + prefix / 10u);
    out->cidr[n++] = (char)('0' + prefix % 10u);
    out->cidr[n] = '\0';
    upl_format_ip(last, out->oat_text, sizeof out->oat_text);
    return UPL_OK;
}

/* Contract: true when a and b are the same hex device number, ignoring case. */
static bool upl_same_devno(const char *a, size_t alen, const char *b)
{
    if (alen != strlen(b))
        return false;
    for (size_t i = 0; i < alen; i++) {
        char x = a[i], y = b[i];
        if (x >= 'a' && x <= 'f')
            x = (char)(x - 'a' + 'A');
        if (y >= 'a' && y <= 'f')
            y = (char)(y - 'a' + 'A');
        if (x != y)
            return false;
    }
    return true;
}

bool upl_tap_from_log(const char *line, const char *devno, char *name, size_t cap)
{
    static const char id[] = "HHCLC073I ", mid[] = ": TAP device ", tail[] = " opened";
    if (strncmp(line, id, sizeof id - 1) != 0)
        return false;
    const char *dev = line + sizeof id - 1;
    const char *colon = strchr(dev, ':');
    if (colon == NULL || !upl_same_devno(dev, (size_t)(colon - dev), devno)
        || strncmp(colon, mid, sizeof mid - 1) != 0)
        return false;
    const char *nm = colon + sizeof mid - 1;
    size_t n = strcspn(nm, " /");
    if (n == 0 || n >= UPL_IFNAME_MAX || n >= cap || strcmp(nm + n, tail) != 0)
        return false;
    memcpy(name, nm, n);
    name[n] = '\0';
    return true;
}

const char *upl_err_str(enum upl_err e)
{
    static const char *const s[] = {
        [0] = "ok",
        [1] = "not an IPv4 address with a prefix length (a.b.c.d/n)",
        [2] = "the prefix length must be 8..30 (the subnet needs room for the OAT address)",
        [3] = "that is the subnet's own address (host part all zero)",
        [4] = "that is the subnet's broadcast address",
        [5] = "the subnet's last usable address is reserved for the LCS OAT entry",
        [6] = "not a unicast address (0.x, 127.x, multicast and 240.x are refused)",
    };
    int i = -(int)e;
    if (i < 0 || (size_t)i >= sizeof s / sizeof s[0])
        return "unknown uplink address error";
    return s[i];
}
