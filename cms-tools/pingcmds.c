/*
 * pingcmds.c - CMS traffic commands over netio.c (target only): PING,
 * UDPECHO, UDPSEND, UDPSINK.  docs/cms.md is the user reference.  Times
 * are the guest's TOD clock (STCK).
 */
#include "cms-tools/cms.h"
#include "cms-tools/netio.h"
#include "lib/inet.h"
#include "lib/ipv4.h"
#include "lib/tod.h"
#include "insn.h"

#define PING_IDENT          0x564D      /* "VM" */
#define PING_COUNT_MAX      100000u
#define UDP_COUNT_MAX       100000000u
#define UDP_SOURCE_PORT     49152
#define SINK_IDLE_US        2000000u    /* UDPSINK ends 2 s after the last */
#define TICK_US             1000000u    /* UDPECHO / UDPSINK look at the console */

static uint8_t pattern[65536];

/* Decimal 0..max. */
static bool parse_u32(const char *s, uint32_t max, uint32_t *out)
{
    uint64_t v = 0;
    if (!*s)
        return false;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || (v = v * 10 + (uint64_t)(*s - '0')) > max)
            return false;
    }
    *out = (uint32_t)v;
    return true;
}

static void fill_pattern(size_t n)
{
    for (size_t i = 0; i < n; i++)
        pattern[i] = (uint8_t)(i & 0xFF);
}

/* Microseconds as "m.uuu" milliseconds. */
static void fmt_ms(char *out, size_t n, uint64_t us)
{
    ksnprintf(out, n, "%llu.%03llu", (unsigned long long)(us / 1000),
              (unsigned long long)(us % 1000));
}

/* The largest payload after IPv4 + hdr bytes on q. */
static uint32_t max_payload(const struct qeth_if *q, uint32_t hdr)
{
    uint32_t mtu = q->drv.mtu ? q->drv.mtu : 576;
    return mtu > IPV4_HDR_LEN + hdr ? mtu - IPV4_HDR_LEN - hdr : 0;
}

/* Rates of n datagrams of bytes total in us: "x datagrams/s, y.yyy Mbit/s". */
static void fmt_rate(char *out, size_t sz, uint64_t n, uint64_t bytes, uint64_t us)
{
    if (!us)
        us = 1;
    uint64_t kbit = bytes * 8 * 1000 / us;          /* kbit/s = bit/ms */
    ksnprintf(out, sz, "%llu datagrams/s, %llu.%03llu Mbit/s",
              (unsigned long long)(n * 1000000 / us), (unsigned long long)(kbit / 1000),
              (unsigned long long)(kbit % 1000));
}

/* ---- PING ------------------------------------------------------------------ */

static struct {
    uint32_t dst;
    uint16_t seq;
    bool     got;
    uint64_t when;
    size_t   n;
} ping;

static void ping_reply(uint32_t src, uint16_t ident, uint16_t seq, const uint8_t *data, size_t n)
{
    (void)data;
    if (ident == PING_IDENT && seq == ping.seq && src == ping.dst && !ping.got) {
        ping.got = true;
        ping.when = insn_stck();
        ping.n = n;
    }
}

static const struct net_consumer ping_consumer = { ping_reply, NULL };

struct ping_opts {
    uint32_t count, size;
    uint64_t timeout_us;
};

static int ping_options(const struct cms_line *l, struct ping_opts *o)
{
    o->count = 4;
    o->size = 56;
    o->timeout_us = 1000000;
    for (unsigned i = 2; i < l->t.n; i += 2) {
        const char *k = l->t.tok[i], *v = i + 1 < l->t.n ? l->t.tok[i + 1] : NULL;
        bool ok;
        if (!v)
            return cms_msg(CMS_MSG_OPERAND_MISSING, "PING addr [COUNT n] [SIZE bytes] [TIMEOUT s]");
        if (cp_abbrev(k, "COUNT", 1))
            ok = parse_u32(v, PING_COUNT_MAX, &o->count) && o->count > 0;
        else if (cp_abbrev(k, "SIZE", 1))
            ok = parse_u32(v, IPV4_MAX_LEN, &o->size);
        else if (cp_abbrev(k, "TIMEOUT", 1))
            ok = cms_parse_seconds(v, &o->timeout_us);
        else
            return cms_msg(CMS_MSG_INVALID_OPTION, k);
        if (!ok)
            return cms_msg(CMS_MSG_INVALID_PARAMETER, v);
    }
    return l->t.overflow ? cms_msg(CMS_MSG_INVALID_OPTION, l->t.extra) : 0;
}

int cms_cmd_ping(const struct cms_line *l)
{
    struct ping_opts o;
    uint32_t dst, hop;
    char a[INET4_TEXT_MAX], t[24], t2[24], t3[24];
    int rc;
    if (l->t.n < 2)
        return cms_msg(CMS_MSG_OPERAND_MISSING, "PING addr [COUNT n] [SIZE bytes] [TIMEOUT s]");
    if (!inet4_parse(l->t.tok[1], &dst))
        return cms_msg(CMS_MSG_INVALID_PARAMETER, l->t.tok[1]);
    if ((rc = ping_options(l, &o)) != 0)
        return rc;
    struct qeth_if *q = net_route(dst, &hop);
    if (!q)
        return cms_msg(CMS_MSG_NO_ROUTE, inet4_format(dst, a));
    if (o.size > max_payload(q, ICMP_HDR_LEN)) {
        ksnprintf(t, sizeof t, "%u", o.size);
        return cms_msg(CMS_MSG_TOO_BIG, t, max_payload(q, ICMP_HDR_LEN), q->vdev);
    }
    fill_pattern(o.size);
    inet4_format(dst, a);
    uint32_t received = 0;
    uint64_t min = ~0ull, max = 0, sum = 0;
    net_set_consumer(&ping_consumer);
    for (uint32_t i = 1; i <= o.count; i++) {
        size_t n = icmp_echo_build(net_payload, ICMP_ECHO_REQUEST, PING_IDENT, (uint16_t)i,
                                   pattern, o.size);
        ping.dst = dst;
        ping.seq = (uint16_t)i;
        ping.got = false;
        uint64_t t0 = insn_stck();
        if (!net_send(q, dst, hop, IPV4_PROTO_ICMP, net_payload, n))
            continue;
        uint64_t deadline = t0 + o.timeout_us * TOD_UNITS_PER_US;
        while (!ping.got && net_wait(deadline) != NET_WAIT_TIMEOUT)
            ;
        if (!ping.got)
            continue;
        uint64_t us = (ping.when - t0) / TOD_UNITS_PER_US;
        received++;
        sum += us;
        min = us < min ? us : min;
        max = us > max ? us : max;
        fmt_ms(t, sizeof t, us);
        cms_printf("%u bytes from %s: icmp_seq=%u time=%s ms", (unsigned)ping.n + ICMP_HDR_LEN,
                   a, i, t);
    }
    net_set_consumer(NULL);
    cms_printf("%u packets transmitted, %u received, %u%% packet loss", o.count, received,
               (unsigned)((o.count - received) * 100u / o.count));
    if (!received)
        return 1;
    fmt_ms(t, sizeof t, min);
    fmt_ms(t2, sizeof t2, sum / received);
    fmt_ms(t3, sizeof t3, max);
    cms_printf("rtt min/avg/max = %s/%s/%s ms", t, t2, t3);
    return 0;
}

/* ---- UDP ---------------------------------------------------------------------- */

static struct {
    uint16_t port;
    uint64_t count, bytes, first, last;
    bool     echo;
} udp;

static void udp_in(struct qeth_if *q, uint32_t src, uint16_t sport, uint16_t dport,
                   const uint8_t *data, size_t n)
{
    if (dport != udp.port)
        return;
    uint64_t now = insn_stck();
    if (!udp.count)
        udp.first = now;
    udp.last = now;
    udp.count++;
    udp.bytes += n;
    if (udp.echo) {
        uint32_t hop;
        static uint8_t out[65536];
        size_t m = udp_build(out, q->addr, src, dport, sport, data, n);
        if (!net_route(src, &hop))
            hop = src;
        (void)net_send(q, src, hop, IPV4_PROTO_UDP, out, m);
    }
}

static const struct net_consumer udp_consumer = { NULL, udp_in };

/* "port [COUNT n]" -> udp.port, *count (0: no limit). */
static int port_count(const struct cms_line *l, const char *syntax, uint64_t *count)
{
    uint32_t port, n = 0;
    int rc;
    if (l->t.n < 2)
        return cms_msg(CMS_MSG_OPERAND_MISSING, syntax);
    if (!parse_u32(l->t.tok[1], 65535, &port) || !port)
        return cms_msg(CMS_MSG_INVALID_PARAMETER, l->t.tok[1]);
    if (l->t.n >= 3) {
        if (!cp_abbrev(l->t.tok[2], "COUNT", 1))
            return cms_msg(CMS_MSG_INVALID_OPTION, l->t.tok[2]);
        if (l->t.n < 4)
            return cms_msg(CMS_MSG_OPERAND_MISSING, syntax);
        if (!parse_u32(l->t.tok[3], UDP_COUNT_MAX, &n) || !n)
            return cms_msg(CMS_MSG_INVALID_PARAMETER, l->t.tok[3]);
        if (cms_extra_operand(l, 4, &rc))
            return rc;
    }
    udp.port = (uint16_t)port;
    *count = n;
    return 0;
}

/* Take datagrams until count (0: none), a console line, or (idle_us != 0)
 * that long after the last datagram. */
static void udp_run(uint64_t count, uint64_t idle_us)
{
    udp.count = udp.bytes = 0;
    net_set_consumer(&udp_consumer);
    while (!count || udp.count < count) {
        uint64_t now = insn_stck();
        if (idle_us && udp.count && now - udp.last >= idle_us * TOD_UNITS_PER_US)
            break;
        if (net_wait(now + (uint64_t)TICK_US * TOD_UNITS_PER_US) == NET_WAIT_CONSOLE)
            break;
    }
    net_set_consumer(NULL);
}

int cms_cmd_udpecho(const struct cms_line *l)
{
    uint64_t count;
    int rc = port_count(l, "UDPECHO port [COUNT n]", &count);
    if (rc)
        return rc;
    udp.echo = true;
    cms_printf("UDPECHO: echoing port %u", udp.port);
    udp_run(count, 0);
    cms_printf("UDPECHO: %llu datagrams echoed", (unsigned long long)udp.count);
    return 0;
}

int cms_cmd_udpsink(const struct cms_line *l)
{
    uint64_t count;
    char r[64];
    int rc = port_count(l, "UDPSINK port [COUNT n]", &count);
    if (rc)
        return rc;
    udp.echo = false;
    cms_printf("UDPSINK: listening on port %u", udp.port);
    udp_run(count, SINK_IDLE_US);
    uint64_t us = udp.count > 1 ? (udp.last - udp.first) / TOD_UNITS_PER_US : 0;
    fmt_rate(r, sizeof r, udp.count, udp.bytes, us);
    cms_printf("UDPSINK: %llu datagrams, %llu bytes in %llu us (%s)",
               (unsigned long long)udp.count, (unsigned long long)udp.bytes,
               (unsigned long long)us, r);
    return 0;
}

/* UDPSEND ... ECHO: replies from the echo server to our source port. */
static struct {
    uint32_t from;
    uint16_t port;
    uint64_t got;
} echoed;

static void echo_in(struct qeth_if *q, uint32_t src, uint16_t sport, uint16_t dport,
                    const uint8_t *data, size_t n)
{
    (void)q, (void)data, (void)n;
    if (src == echoed.from && sport == echoed.port && dport == UDP_SOURCE_PORT)
        echoed.got++;
}

static const struct net_consumer echo_consumer = { NULL, echo_in };

int cms_cmd_udpsend(const struct cms_line *l)
{
    static const char syntax[] = "UDPSEND addr port count size [ECHO]";
    uint32_t dst, hop, port, count, size;
    char a[INET4_TEXT_MAX], r[64], t[24];
    int rc;
    if (l->t.n < 5)
        return cms_msg(CMS_MSG_OPERAND_MISSING, syntax);
    if (!inet4_parse(l->t.tok[1], &dst))
        return cms_msg(CMS_MSG_INVALID_PARAMETER, l->t.tok[1]);
    if (!parse_u32(l->t.tok[2], 65535, &port) || !port)
        return cms_msg(CMS_MSG_INVALID_PARAMETER, l->t.tok[2]);
    if (!parse_u32(l->t.tok[3], UDP_COUNT_MAX, &count) || !count)
        return cms_msg(CMS_MSG_INVALID_PARAMETER, l->t.tok[3]);
    if (!parse_u32(l->t.tok[4], IPV4_MAX_LEN, &size))
        return cms_msg(CMS_MSG_INVALID_PARAMETER, l->t.tok[4]);
    bool echo = l->t.n > 5 && cp_abbrev(l->t.tok[5], "ECHO", 4);
    if (l->t.n > 5 && !echo)
        return cms_msg(CMS_MSG_INVALID_OPTION, l->t.tok[5]);
    if (cms_extra_operand(l, echo ? 6 : 5, &rc))
        return rc;
    struct qeth_if *q = net_route(dst, &hop);
    if (!q)
        return cms_msg(CMS_MSG_NO_ROUTE, inet4_format(dst, a));
    if (size > max_payload(q, UDP_HDR_LEN)) {
        ksnprintf(t, sizeof t, "%u", size);
        return cms_msg(CMS_MSG_TOO_BIG, t, max_payload(q, UDP_HDR_LEN), q->vdev);
    }
    fill_pattern(size);
    size_t n = udp_build(net_payload, q->addr, dst, UDP_SOURCE_PORT, (uint16_t)port, pattern,
                         size);
    uint64_t sent = 0, t0 = insn_stck();
    echoed.from = dst;
    echoed.port = (uint16_t)port;
    echoed.got = 0;
    if (echo)
        net_set_consumer(&echo_consumer);
    for (uint32_t i = 0; i < count; i++) {
        sent += net_send(q, dst, hop, IPV4_PROTO_UDP, net_payload, n);
        /* ECHO: one datagram outstanding; its echo, or 1 s, before the next */
        uint64_t deadline = insn_stck() + (uint64_t)TICK_US * TOD_UNITS_PER_US;
        while (echo && echoed.got < i + 1 && net_wait(deadline) != NET_WAIT_TIMEOUT)
            ;
    }
    net_set_consumer(NULL);
    uint64_t us = (insn_stck() - t0) / TOD_UNITS_PER_US;
    fmt_rate(r, sizeof r, sent, sent * size, us);
    cms_printf("UDPSEND: %llu datagrams of %u bytes to %s port %u in %llu us (%s)",
               (unsigned long long)sent, size, inet4_format(dst, a), port,
               (unsigned long long)us, r);
    if (echo)
        cms_printf("UDPSEND: %llu echoed", (unsigned long long)echoed.got);
    return sent == count && (!echo || echoed.got == count) ? 0 : 1;
}
