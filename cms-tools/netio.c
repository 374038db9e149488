/*
 * netio.c - the CMS IP layer over the QDIO driver (target only; see
 * netio.h).
 */
#include "cms-tools/netio.h"
#include "cms-tools/cio.h"
#include "cms-tools/console.h"
#include "cms-tools/machine.h"
#include "lib/ipv4.h"
#include "insn.h"

#define PAGE            4096u
#define SIGA_MASK_Q0    0x80000000u

uint8_t net_payload[65536];
static uint8_t txbuf[IPV4_MAX_LEN];
static uint8_t rxbuf[QDIO_HDR_LEN + IPV4_MAX_LEN];
static uint8_t reply[IPV4_MAX_LEN];
static const struct net_consumer *consumer;
static uint16_t ip_ident;

void net_set_consumer(const struct net_consumer *c)
{
    consumer = c;
}

static uint32_t mask_of(const struct qeth_if *q)
{
    return ipa_prefix_mask(q->prefix);
}

/* Is dst a broadcast on q's subnet (or all ones)? */
static bool is_broadcast(const struct qeth_if *q, uint32_t dst)
{
    return dst == IPV4_BROADCAST || (q->prefix <= 30 && dst == (q->addr | ~mask_of(q)));
}

static bool usable(const struct qeth_if *q)
{
    return q->used && q->lan && q->has_addr && q->queues;
}

struct qeth_if *net_route(uint32_t dst, uint32_t *nexthop)
{
    for (unsigned i = 0; i < QETH_MAX_IF; i++) {
        struct qeth_if *q = &qeth_ifs[i];
        if (usable(q) && ((dst & mask_of(q)) == (q->addr & mask_of(q)) || dst == IPV4_BROADCAST)) {
            *nexthop = dst;
            return q;
        }
    }
    for (unsigned i = 0; i < QETH_MAX_IF; i++) {
        struct qeth_if *q = &qeth_ifs[i];
        if (usable(q) && q->gateway) {
            *nexthop = q->gateway;
            return q;
        }
    }
    return NULL;
}

/* Put header + datagram into output buffer entry idx and prime it. */
static void fill_output(struct qeth_if *q, unsigned idx, const uint8_t *dgram, size_t len,
                        uint32_t nexthop, bool bcast)
{
    unsigned b = idx % QETH_NBUF;
    uint8_t *data = (uint8_t *)(uintptr_t)qeth_buffer(q, false, b);
    struct qdio_hdr_l3 *h = (struct qdio_hdr_l3 *)data;
    memset(h, 0, QDIO_HDR_LEN);
    h->id = QDIO_HDR_ID_L3;
    h->flags = bcast ? QDIO_CAST_BROADCAST : QDIO_CAST_UNICAST;
    qdio_l3_set_length(h, (uint16_t)len);
    be_put32(h->dest_addr + QDIO_L3_V4_OFF, nexthop);
    memcpy(data + QDIO_HDR_LEN, dgram, len);
    struct sbal *s = qeth_sbal(q, false, b);
    size_t total = QDIO_HDR_LEN + len;
    unsigned n = (unsigned)((total + PAGE - 1) / PAGE);
    memset(s, 0, sizeof *s);
    for (unsigned i = 0; i < n; i++) {
        struct sbale *e = &s->e[i];
        size_t piece = i + 1 < n ? PAGE : total - (size_t)i * PAGE;
        sbale_set_addr(e, (uint64_t)(uintptr_t)(data + (size_t)i * PAGE));
        sbale_set_length(e, (uint32_t)piece);
        if (n > 1)
            e->flags[0] = i == 0 ? SBALE_F0_FIRST_FRAG
                        : i + 1 == n ? SBALE_F0_LAST_FRAG : SBALE_F0_MIDDLE_FRAG;
    }
    s->e[n - 1].flags[0] |= SBALE_F0_LAST_ENTRY;
    __asm__ volatile("" : : : "memory");   /* buffer before its state */
    qeth_slsb(q, false)->val[idx] = SLSB_CU_OUTPUT_PRIMED;
}

static bool output(struct qeth_if *q, const uint8_t *dgram, size_t len, uint32_t nexthop,
                   bool bcast)
{
    unsigned idx = q->out_next;
    volatile uint8_t *state = &qeth_slsb(q, false)->val[idx];
    uint8_t st = *state;
    if (st != SLSB_P_OUTPUT_NOT_INIT && st != SLSB_P_OUTPUT_EMPTY && st != SLSB_P_OUTPUT_ERROR) {
        q->tx_errors++;                 /* still the adapter's: should not be */
        return false;
    }
    fill_output(q, idx, dgram, len, nexthop, bcast);
    int cc = insn_siga(0, q->sch[2], SIGA_MASK_Q0);
    q->out_next = (uint8_t)((idx + 1) % QDIO_MAX_BUFFERS);
    if (cc != 0 || *state != SLSB_P_OUTPUT_EMPTY) {
        q->tx_errors++;
        return false;
    }
    q->tx_packets++;
    q->tx_bytes += len;
    return true;
}

bool net_send(struct qeth_if *q, uint32_t dst, uint32_t nexthop, uint8_t proto,
              const uint8_t *payload, size_t n)
{
    if (n > IPV4_MAX_LEN - IPV4_HDR_LEN)
        return false;
    size_t h = ipv4_build(txbuf, q->addr, dst, proto, ++ip_ident, n);
    memcpy(txbuf + h, payload, n);
    return output(q, txbuf, h + n, nexthop, is_broadcast(q, dst));
}

/* ---- input ------------------------------------------------------------------ */

static void icmp_input(struct qeth_if *q, const struct ipv4_info *ip)
{
    uint8_t type;
    uint16_t ident, seq;
    const uint8_t *data;
    size_t n;
    if (icmp_echo_parse(ip, &type, &ident, &seq, &data, &n) != IPV4_OK) {
        q->rx_dropped++;
        return;
    }
    if (type == ICMP_ECHO_REPLY) {
        if (consumer && consumer->echo_reply)
            consumer->echo_reply(ip->src, ident, seq, data, n);
        return;
    }
    if (is_broadcast(q, ip->dst))
        return;                         /* no replies to broadcast pings */
    size_t m = icmp_echo_build(reply, ICMP_ECHO_REPLY, ident, seq, data, n);
    uint32_t hop;
    if (!net_route(ip->src, &hop))
        hop = ip->src;
    (void)net_send(q, ip->src, hop, IPV4_PROTO_ICMP, reply, m);
}

static void ip_input(struct qeth_if *q, const uint8_t *d, size_t len)
{
    struct ipv4_info ip;
    uint16_t sport, dport;
    const uint8_t *data;
    size_t n;
    if (ipv4_parse(d, len, true, &ip) != IPV4_OK || (ip.dst != q->addr && !is_broadcast(q, ip.dst))) {
        q->rx_dropped++;
        return;
    }
    if (ip.proto == IPV4_PROTO_ICMP)
        icmp_input(q, &ip);
    else if (ip.proto == IPV4_PROTO_UDP && udp_parse(&ip, &sport, &dport, &data, &n) == IPV4_OK
             && consumer && consumer->udp)
        consumer->udp(q, ip.src, sport, dport, data, n);
    else
        q->rx_dropped++;
}

/* Gather input buffer b's packet into rxbuf; its length, 0 if malformed. */
static size_t gather(struct qeth_if *q, unsigned b)
{
    const struct sbal *s = qeth_sbal(q, true, b);
    size_t len = 0;
    for (unsigned i = 0; i < QDIO_MAX_SBALES; i++) {
        const struct sbale *e = &s->e[i];
        uint32_t n = sbale_length(e);
        if (n > sizeof rxbuf - len)
            return 0;
        memcpy(rxbuf + len, (const void *)(uintptr_t)sbale_addr(e), n);
        len += n;
        if (sbale_is_last(e))
            break;
    }
    const struct qdio_hdr_l3 *h = (const struct qdio_hdr_l3 *)rxbuf;
    if (len < QDIO_HDR_LEN || h->id != QDIO_HDR_ID_L3 || qdio_l3_length(h) > len - QDIO_HDR_LEN)
        return 0;
    return qdio_l3_length(h);
}

/* Take the ring entries CP primed on q, in order. */
static unsigned poll_if(struct qeth_if *q)
{
    volatile uint8_t *slsb = qeth_slsb(q, true)->val;
    unsigned taken = 0;
    for (unsigned k = 0; k < QDIO_MAX_BUFFERS; k++) {
        unsigned idx = q->in_next, b = idx % q->nbuf_in;
        uint8_t st = slsb[idx];
        size_t len = 0;
        if (st == SLSB_P_INPUT_PRIMED)
            len = gather(q, b);
        else if (st != SLSB_P_INPUT_ERROR && st != SLSB_ERROR_ANY)
            break;
        if (len) {
            q->rx_packets++;
            q->rx_bytes += len;
        } else {
            q->rx_errors++;
        }
        /* the buffer (copied to rxbuf) goes to the entry nbuf_in ahead */
        qeth_arm_sbal(qeth_sbal(q, true, b), qeth_buffer(q, true, b), q->in_pages);
        slsb[idx] = SLSB_P_INPUT_NOT_INIT;
        __asm__ volatile("" : : : "memory");
        slsb[(idx + q->nbuf_in) % QDIO_MAX_BUFFERS] = SLSB_CU_INPUT_EMPTY;
        q->in_next = (uint8_t)((idx + 1) % QDIO_MAX_BUFFERS);
        taken++;
        if (len)
            ip_input(q, rxbuf + QDIO_HDR_LEN, len);
    }
    return taken;
}

unsigned net_poll(void)
{
    unsigned n = 0;
    for (unsigned i = 0; i < QETH_MAX_IF; i++)
        if (qeth_ifs[i].used && qeth_ifs[i].queues)
            n += poll_if(&qeth_ifs[i]);
    return n;
}

void net_io_interrupt(uint32_t ssid)
{
    for (unsigned i = 0; i < QETH_MAX_IF; i++)
        if (qeth_ifs[i].used && qeth_ifs[i].queues && qeth_ifs[i].sch[2] == ssid) {
            net_poll();
            return;
        }
}

enum net_wait net_wait(uint64_t deadline)
{
    static struct irb irb;
    enum net_wait w = NET_WAIT_TIMEOUT;
    if (net_poll())
        return NET_WAIT_INPUT;
    insn_sckc(deadline);
    insn_lctlg0(insn_stctg0() | CR0_CLOCK_COMP);
    while (insn_stck() < deadline) {
        if (cms_wait_any() != 0)
            continue;                   /* the clock comparator: the loop ends */
        uint32_t id = CMS_LC32(LC_SUBCHANNEL_ID);
        if (cms_tsch(id, &irb) == 0 && id == cms_con_schid()
            && (irb.scsw.dstat & DEV_STAT_ATTN)) {
            w = NET_WAIT_CONSOLE;
            break;
        }
        if (net_poll()) {
            w = NET_WAIT_INPUT;
            break;
        }
    }
    insn_lctlg0(insn_stctg0() & ~CR0_CLOCK_COMP);
    insn_sckc(~0ull);
    return w;
}
