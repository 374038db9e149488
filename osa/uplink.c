/*
 * uplink.c - the LCS uplink driver (pure; see uplink.h).
 */
#include "osa/uplink.h"
#include "lib/be.h"
#include "lib/ipv4.h"

enum { STEP_STARTUP, STEP_LANSTAT, STEP_STARTLAN, STEP_RUNNING };

static const uint8_t step_cmd[] = { LCS_CMD_STARTUP, LCS_CMD_LANSTAT, LCS_CMD_STARTLAN };

static const char *const state_names[] = { "DOWN", "STARTING", "READY", "NOT READY" };

const char *uplink_state_str(enum uplink_state s)
{
    return (unsigned)s < ARRAY_SIZE(state_names) ? state_names[s] : "?";
}

void uplink_init(struct uplink *u, const struct uplink_ops *ops)
{
    memset(u, 0, sizeof *u);
    u->ops = ops;
    u->state = UPLINK_DOWN;
    arp_init(&u->arp);
}

static void set_state(struct uplink *u, enum uplink_state s)
{
    if (u->state == s)
        return;
    u->state = s;
    if (s == UPLINK_READY)
        u->c.starts++;
    u->ops->state(u->ops->ctx, s);
}

static void fail(struct uplink *u)
{
    u->step = STEP_STARTUP;
    set_state(u, UPLINK_FAILED);
}

/* ---- WRITE batching ------------------------------------------------------- */

static void wbuf_open(struct uplink *u)
{
    lcs_wbuf_init(&u->w, u->wbuf[u->wcur], UPLINK_BUF);
}

/* Start the WRITE of the filled buffer when none runs. */
static void flush(struct uplink *u)
{
    if (u->writing || u->w.len == 0)
        return;
    size_t len = lcs_wbuf_finish(&u->w);
    if (!u->ops->write(u->ops->ctx, u->wbuf[u->wcur], len)) {
        u->c.write_errors++;
        wbuf_open(u);                   /* the frames are lost */
        return;
    }
    u->writing = true;
    u->c.writes++;
    u->wcur ^= 1;
    wbuf_open(u);
}

static void command(struct uplink *u, uint8_t cmd, uint64_t now)
{
    lcs_put_command(&u->w, cmd, ++u->seq, UPLINK_BUF);
    u->deadline_ms = now + UPLINK_CMD_TIMEOUT_MS;
    flush(u);
}

/* Queue one Ethernet frame (dst, our MAC, type, payload) for the WRITE. */
static bool frame_out(struct uplink *u, const uint8_t dst[6], uint16_t type,
                      const uint8_t *payload, size_t n)
{
    static uint8_t frame[ETH_HDR_LEN + 1500];
    if (n > sizeof frame - ETH_HDR_LEN) {
        u->c.dropped_out++;
        return false;
    }
    size_t len = eth_build(frame, dst, u->mac, type, payload, n);
    if (!lcs_put_ether(&u->w, frame, len)) {
        flush(u);                       /* full: send it, or wait for the running one */
        if (!lcs_put_ether(&u->w, frame, len)) {
            u->c.dropped_out++;
            return false;
        }
    }
    u->c.frames_out++;
    u->c.bytes_out += len;
    flush(u);
    return true;
}

/* ---- start-up --------------------------------------------------------------- */

void uplink_start(struct uplink *u, uint64_t now)
{
    u->step = STEP_STARTUP;
    u->have_mac = false;
    u->writing = false;
    u->wcur = 0;
    wbuf_open(u);
    set_state(u, UPLINK_STARTING);
    u->reading = u->ops->read(u->ops->ctx, u->rbuf[u->rcur], UPLINK_BUF);
    if (!u->reading) {
        fail(u);
        return;
    }
    u->c.reads++;
    command(u, LCS_CMD_STARTUP, now);
}

void uplink_stop(struct uplink *u)
{
    u->reading = u->writing = false;
    u->step = STEP_STARTUP;
    set_state(u, UPLINK_DOWN);
}

static void reply(struct uplink *u, const struct lcs_frame *f, uint64_t now)
{
    struct lcs_reply r;
    if (u->state != UPLINK_STARTING || u->step >= STEP_RUNNING || lcs_parse_reply(f, &r) != LCS_OK
        || r.cmd != step_cmd[u->step] || r.seq != u->seq)
        return;                         /* not the answer awaited */
    if (u->step == STEP_LANSTAT) {
        memcpy(u->mac, r.mac, sizeof u->mac);
        u->have_mac = true;
    }
    if (++u->step == STEP_RUNNING) {
        u->deadline_ms = 0;
        set_state(u, UPLINK_READY);
        return;
    }
    command(u, step_cmd[u->step], now);
}

/* ---- inbound ---------------------------------------------------------------- */

/* arp_deliver_fn: the datagrams that waited for a next hop just learned. */
static void send_queued(void *ctx, uint32_t nexthop, const uint8_t mac[6], const uint8_t *dgram,
                        size_t len)
{
    struct uplink *u = ctx;
    (void)nexthop;
    frame_out(u, mac, ETHERTYPE_IPV4, dgram, len);
}

static void arp_in(struct uplink *u, const uint8_t *payload, size_t n, uint64_t now)
{
    struct arp_packet a;
    u->c.arp_in++;
    if (arp_parse(payload, n, &a) != ARP_OK) {
        u->c.dropped_in++;
        return;
    }
    if (arp_learn(&u->arp, a.spa, a.sha, now))
        arp_take_resolved(&u->arp, a.spa, now, send_queued, u);
    if (a.op == ARP_OP_REQUEST && u->ops->owns(u->ops->ctx, a.tpa)) {
        uint8_t out[ARP_PACKET_LEN];
        size_t m = arp_build(out, ARP_OP_REPLY, u->mac, a.tpa, a.sha, a.spa);
        if (frame_out(u, a.sha, ETHERTYPE_ARP, out, m))
            u->c.arp_out++;
    }
}

static void ether_in(struct uplink *u, const uint8_t *frame, size_t len, uint64_t now)
{
    const uint8_t *dst, *src, *payload;
    uint16_t type;
    size_t plen;
    u->c.frames_in++;
    u->c.bytes_in += len;
    if (eth_parse(frame, len, &dst, &src, &type, &payload, &plen) != ARP_OK) {
        u->c.dropped_in++;
        return;
    }
    if (type == ETHERTYPE_ARP) {
        arp_in(u, payload, plen, now);
        return;
    }
    /* only unicast IPv4 to our MAC goes to the guests */
    if (type != ETHERTYPE_IPV4 || !u->have_mac || memcmp(dst, u->mac, 6) != 0) {
        u->c.dropped_in++;
        return;
    }
    u->ops->input(u->ops->ctx, payload, plen);
}

void uplink_read_done(struct uplink *u, bool ok, size_t got, uint64_t now)
{
    const uint8_t *buf = u->rbuf[u->rcur];
    u->reading = false;
    if (u->state == UPLINK_DOWN)
        return;
    /* the next READ first: the device must always have one */
    u->rcur ^= 1;
    u->reading = u->ops->read(u->ops->ctx, u->rbuf[u->rcur], UPLINK_BUF);
    if (!u->reading) {
        fail(u);
        return;
    }
    u->c.reads++;
    if (!ok)
        return;
    size_t pos = 0;
    struct lcs_frame f;
    while (lcs_next(buf, got, &pos, &f) == LCS_OK) {
        if (f.type == LCS_TYPE_COMMAND)
            reply(u, &f, now);
        else if (f.type == LCS_TYPE_ETHERNET && u->state == UPLINK_READY)
            ether_in(u, f.data, f.len, now);
        else
            u->c.dropped_in++;
    }
}

void uplink_write_done(struct uplink *u, bool ok, uint64_t now)
{
    (void)now;
    u->writing = false;
    if (!ok)
        u->c.write_errors++;            /* the frames in it are lost */
    if (u->state != UPLINK_DOWN)
        flush(u);
}

/* ---- outbound ----------------------------------------------------------------- */


bool uplink_output(struct uplink *u, const uint8_t *dgram, size_t len, uint32_t nexthop,
                   uint64_t now)
{
    uint8_t mac[6];
    if (u->state != UPLINK_READY)
        return false;
    if (arp_lookup(&u->arp, nexthop, now, mac))
        return frame_out(u, mac, ETHERTYPE_IPV4, dgram, len);
    if (!arp_queue(&u->arp, nexthop, dgram, len, now))
        return false;
    if (arp_should_request(&u->arp, nexthop, now)) {
        uint8_t out[ARP_PACKET_LEN];
        static const uint8_t zero[6] = { 0 };
        /* asked on behalf of the sending guest: its address as sender */
        uint32_t spa = len >= IPV4_HDR_LEN ? be_get32(dgram + 12) : 0;
        size_t m = arp_build(out, ARP_OP_REQUEST, u->mac, spa, zero, nexthop);
        if (frame_out(u, eth_broadcast_mac, ETHERTYPE_ARP, out, m))
            u->c.arp_out++;
    }
    return true;
}

void uplink_tick(struct uplink *u, uint64_t now)
{
    if (u->state == UPLINK_STARTING && u->deadline_ms && now >= u->deadline_ms)
        fail(u);
    arp_expire(&u->arp, now);
}
