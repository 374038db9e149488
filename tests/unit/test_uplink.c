/*
 * test_uplink.c - the LCS uplink driver (osa/uplink.c) against a fake
 * Hercules LCS device (shared/reference/lcs.md): the fake records the
 * outstanding READ (buffer, count), copies every WRITE, logs state
 * changes and delivered datagrams, and owns a small table of guest IPs.
 * device_reply() packs command replies (reply rule of lcs.md §4: bytes
 * 00-0B of the request, body zero; LANSTAT 64 bytes with the MAC at 0x16)
 * and Ethernet frames into the outstanding READ and completes it.
 * Checked: start-up order and its timeout, reply matching on cmd+seq,
 * READ re-armed before parsing, ARP for next hops with the pending queue,
 * WRITE batching on two buffers, ARP answers for owned addresses, inbound
 * filtering, stop; counters exactly.
 */
#include <string.h>
#include "tests/unit/suites.h"
#include "osa/uplink.h"
#include "lib/ipv4.h"

static const uint8_t up_mac[6]  = { 0x02, 0x00, 0x5E, 0x10, 0x20, 0x31 };  /* LANSTAT */
static const uint8_t tap_mac[6] = { 0x02, 0x00, 0x5E, 0x10, 0x20, 0x30 };  /* host    */
static const uint8_t other_mac[6] = { 0x02, 0x00, 0x5E, 0x77, 0x77, 0x77 };

#define IP_HOST   0x0A010101u                           /* 10.1.1.1: the next hop */
#define IP_GUEST  0x0A010102u                           /* 10.1.1.2: owned        */
#define IP_GUEST2 0x0A010103u                           /* 10.1.1.3: owned        */
#define IP_NOBODY 0x0A010109u                           /* 10.1.1.9: not owned    */
#define IP_FAR    0x0A090909u                           /* 10.9.9.9               */

/* ---- the fake device --------------------------------------------------------- */

#define FK_WRITES 16
#define FK_STATES 16
#define FK_INPUTS 8

static struct {
    /* READ: the outstanding one */
    uint8_t *rbuf;
    size_t   rcap;
    unsigned nreads;
    bool     read_ok;
    /* WRITE: copies */
    uint8_t  w[FK_WRITES][UPLINK_BUF];
    size_t   wlen[FK_WRITES];
    const uint8_t *wptr[FK_WRITES];
    unsigned wreads[FK_WRITES];         /* nreads when it was written */
    unsigned nwrites;
    bool     write_ok;
    /* states, inputs */
    enum uplink_state states[FK_STATES];
    unsigned nstates;
    const uint8_t *in_ptr[FK_INPUTS];
    uint8_t  in[FK_INPUTS][2048];
    size_t   in_len[FK_INPUTS];
    unsigned in_reads[FK_INPUTS];       /* nreads when it was delivered */
    uint8_t *in_rbuf[FK_INPUTS];        /* the outstanding READ then    */
    unsigned ninputs;
    uint32_t owned[4];
    unsigned nowned;
} fk;

static struct uplink u;
static uint64_t now;

static bool fk_read(void *ctx, uint8_t *buf, size_t cap)
{
    CU_ASSERT_PTR_EQUAL(ctx, &fk);
    if (!fk.read_ok)
        return false;
    fk.rbuf = buf;
    fk.rcap = cap;
    fk.nreads++;
    return true;
}

static bool fk_write(void *ctx, const uint8_t *buf, size_t len)
{
    CU_ASSERT_PTR_EQUAL(ctx, &fk);
    if (!fk.write_ok)
        return false;
    CU_ASSERT_FATAL(fk.nwrites < FK_WRITES);
    CU_ASSERT_FATAL(len <= UPLINK_BUF);
    memcpy(fk.w[fk.nwrites], buf, len);
    fk.wlen[fk.nwrites] = len;
    fk.wptr[fk.nwrites] = buf;
    fk.wreads[fk.nwrites] = fk.nreads;
    fk.nwrites++;
    return true;
}

static void fk_state(void *ctx, enum uplink_state s)
{
    CU_ASSERT_PTR_EQUAL(ctx, &fk);
    CU_ASSERT_FATAL(fk.nstates < FK_STATES);
    fk.states[fk.nstates++] = s;
}

static void fk_input(void *ctx, const uint8_t *dgram, size_t len)
{
    CU_ASSERT_PTR_EQUAL(ctx, &fk);
    CU_ASSERT_FATAL(fk.ninputs < FK_INPUTS);
    CU_ASSERT_FATAL(len <= sizeof fk.in[0]);
    fk.in_ptr[fk.ninputs] = dgram;
    memcpy(fk.in[fk.ninputs], dgram, len);
    fk.in_len[fk.ninputs] = len;
    fk.in_reads[fk.ninputs] = fk.nreads;
    fk.in_rbuf[fk.ninputs] = fk.rbuf;
    fk.ninputs++;
}

static bool fk_owns(void *ctx, uint32_t ip)
{
    CU_ASSERT_PTR_EQUAL(ctx, &fk);
    for (unsigned i = 0; i < fk.nowned; i++)
        if (fk.owned[i] == ip)
            return true;
    return false;
}

static const struct uplink_ops fk_ops = {
    .read = fk_read, .write = fk_write, .state = fk_state, .input = fk_input,
    .owns = fk_owns, .ctx = &fk,
};

static void fk_reset(void)
{
    memset(&fk, 0, sizeof fk);
    fk.read_ok = fk.write_ok = true;
    fk.owned[0] = IP_GUEST;
    fk.owned[1] = IP_GUEST2;
    fk.nowned = 2;
    now = 1000;
    uplink_init(&u, &fk_ops);
}

/* Forget the WRITEs seen so far (numbering restarts at 0). */
static void fk_clear_writes(void)
{
    fk.nwrites = 0;
}

/* ---- READ completions ------------------------------------------------------------ */

static struct lcs_wbuf rb;

/* Start packing a READ completion into the outstanding READ buffer. */
static void rb_begin(void)
{
    CU_ASSERT_PTR_NOT_NULL_FATAL(fk.rbuf);
    lcs_wbuf_init(&rb, fk.rbuf, fk.rcap);
}

/* Append a frame of LCS type with data[0..n). */
static void rb_frame(uint8_t type, const uint8_t *data, size_t n)
{
    size_t at = rb.len;
    CU_ASSERT_FATAL(lcs_put_ether(&rb, data, n));
    rb.buf[at + 2] = type;
}

/* A reply of cmd/seq as Hercules builds it: request bytes 00-0B, body
 * zero; LANSTAT is 64 bytes with mac at 0x16. */
static void rb_reply(uint8_t cmd, uint16_t seq, const uint8_t *mac)
{
    uint8_t r[LCS_LANSTAT_REPLY_LEN - LCS_HDR_LEN];
    memset(r, 0, sizeof r);
    r[0x04 - 4] = cmd;
    r[0x05 - 4] = LCS_INITIATOR_HOST;
    be_put16(r + 0x06 - 4, seq);
    r[0x0A - 4] = LCS_LAN_TYPE_ETHERNET;
    size_t n = LCS_STD_CMD_LEN - LCS_HDR_LEN;
    if (cmd == LCS_CMD_LANSTAT) {
        memcpy(r + LCS_LANSTAT_MAC_OFF - 4, mac, 6);
        n = sizeof r;
    }
    rb_frame(LCS_TYPE_COMMAND, r, n);
}

static void rb_ether(const uint8_t *frame, size_t len)
{
    rb_frame(LCS_TYPE_ETHERNET, frame, len);
}

/* Complete the outstanding READ with what was packed since rb_begin. */
static void device_reply(void)
{
    size_t got = lcs_wbuf_finish(&rb);
    fk.rbuf = NULL;                     /* no longer outstanding */
    uplink_read_done(&u, true, got, now);
}

/* One command reply as a whole READ completion. */
static void reply_one(uint8_t cmd, uint16_t seq, const uint8_t *mac)
{
    rb_begin();
    rb_reply(cmd, seq, mac);
    device_reply();
}

/* ---- WRITE inspection --------------------------------------------------------------- */

#define MAXF 16

struct wframes {
    unsigned n;
    struct lcs_frame f[MAXF];
};

/* Walk WRITE i: a clean chain ending in 00 00 at wlen - 2. */
static struct wframes walk_write(unsigned i)
{
    struct wframes w = { 0 };
    CU_ASSERT_FATAL(i < fk.nwrites);
    size_t pos = 0, len = fk.wlen[i];
    enum lcs_err e;
    struct lcs_frame f;
    while ((e = lcs_next(fk.w[i], len, &pos, &f)) == LCS_OK) {
        CU_ASSERT_FATAL(w.n < MAXF);
        w.f[w.n++] = f;
    }
    CU_ASSERT_EQUAL(e, LCS_END);
    CU_ASSERT_EQUAL(pos, len - 2);
    CU_ASSERT_EQUAL(be_get16(fk.w[i] + len - 2), 0);
    return w;
}

/* WRITE i holds exactly one command frame; returns its reply view. */
static struct lcs_reply write_command(unsigned i)
{
    struct lcs_reply r;
    memset(&r, 0, sizeof r);
    struct wframes w = walk_write(i);
    CU_ASSERT_EQUAL_FATAL(w.n, 1);
    CU_ASSERT_EQUAL(w.f[0].type, LCS_TYPE_COMMAND);
    CU_ASSERT_EQUAL_FATAL(w.f[0].len, LCS_STD_CMD_LEN - LCS_HDR_LEN);
    const uint8_t *d = w.f[0].data - LCS_HDR_LEN;      /* offsets of hw/lcs.h */
    r.cmd = d[0x04];
    r.initiator = d[0x05];
    r.seq = be_get16(d + 0x06);
    r.rc = be_get16(d + 0x08);
    r.lan_type = d[0x0A];
    r.port = d[0x0B];
    return r;
}

/* Write done on the fake, then completion to the driver. */
static void write_done(bool ok)
{
    now += 1;
    uplink_write_done(&u, ok, now);
}

/* Start-up to READY with every WRITE completed; the fake forgets it. */
static void bring_up(void)
{
    uplink_start(&u, now);
    write_done(true);
    reply_one(LCS_CMD_STARTUP, 1, NULL);
    write_done(true);
    reply_one(LCS_CMD_LANSTAT, 2, up_mac);
    write_done(true);
    reply_one(LCS_CMD_STARTLAN, 3, NULL);
    CU_ASSERT_EQUAL_FATAL(u.state, UPLINK_READY);
    fk_clear_writes();
    fk.nstates = 0;
}

static void counters_zero_except_startup(void)
{
    CU_ASSERT_EQUAL(u.c.reads, 4);
    CU_ASSERT_EQUAL(u.c.writes, 3);
    CU_ASSERT_EQUAL(u.c.starts, 1);
    CU_ASSERT_EQUAL(u.c.frames_in + u.c.frames_out + u.c.bytes_in + u.c.bytes_out, 0);
    CU_ASSERT_EQUAL(u.c.write_errors + u.c.arp_in + u.c.arp_out, 0);
    CU_ASSERT_EQUAL(u.c.dropped_in + u.c.dropped_out, 0);
}

/* ---- frames --------------------------------------------------------------------------- */

#define DG_LEN 28

/* A 28-byte IPv4 datagram src -> dst (UDP, 8 bytes of data); tag in the data. */
static size_t make_dgram(uint8_t *out, uint32_t src, uint32_t dst, uint8_t tag)
{
    size_t n = ipv4_build(out, src, dst, IPV4_PROTO_UDP, tag, 8);
    memset(out + n, tag, 8);
    return n + 8;
}

static size_t make_frame(uint8_t *out, const uint8_t dst[6], const uint8_t src[6],
                         uint16_t type, const uint8_t *payload, size_t n)
{
    return eth_build(out, dst, src, type, payload, n);
}

/* who-has 10.1.1.2 (a guest) tell 10.1.1.1 at the tap */
static const uint8_t host_asks_guest[42] = {
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,                 /* 00 dst broadcast      */
    0x02, 0x00, 0x5E, 0x10, 0x20, 0x30,                 /* 06 src tap            */
    0x08, 0x06,                                         /* 0C ARP                */
    0x00, 0x01, 0x08, 0x00, 0x06, 0x04,                 /* 0E Ether, IPv4, 6, 4  */
    0x00, 0x01,                                         /* 14 op request         */
    0x02, 0x00, 0x5E, 0x10, 0x20, 0x30,                 /* 16 sha tap            */
    0x0A, 0x01, 0x01, 0x01,                             /* 1C spa 10.1.1.1       */
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00,                 /* 20 tha unknown        */
    0x0A, 0x01, 0x01, 0x02,                             /* 26 tpa 10.1.1.2       */
};

/* 10.1.1.2 is-at the uplink MAC, to the tap: the answer to the above */
static const uint8_t uplink_answers[42] = {
    0x02, 0x00, 0x5E, 0x10, 0x20, 0x30,                 /* 00 dst tap            */
    0x02, 0x00, 0x5E, 0x10, 0x20, 0x31,                 /* 06 src uplink         */
    0x08, 0x06,                                         /* 0C ARP                */
    0x00, 0x01, 0x08, 0x00, 0x06, 0x04,                 /* 0E Ether, IPv4, 6, 4  */
    0x00, 0x02,                                         /* 14 op reply           */
    0x02, 0x00, 0x5E, 0x10, 0x20, 0x31,                 /* 16 sha uplink         */
    0x0A, 0x01, 0x01, 0x02,                             /* 1C spa 10.1.1.2       */
    0x02, 0x00, 0x5E, 0x10, 0x20, 0x30,                 /* 20 tha tap            */
    0x0A, 0x01, 0x01, 0x01,                             /* 26 tpa 10.1.1.1       */
};

/* who-has 10.1.1.1 tell 10.1.1.2, from the uplink MAC (asked for a guest) */
static const uint8_t uplink_asks_host[42] = {
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,                 /* 00 dst broadcast      */
    0x02, 0x00, 0x5E, 0x10, 0x20, 0x31,                 /* 06 src uplink         */
    0x08, 0x06,                                         /* 0C ARP                */
    0x00, 0x01, 0x08, 0x00, 0x06, 0x04,                 /* 0E Ether, IPv4, 6, 4  */
    0x00, 0x01,                                         /* 14 op request         */
    0x02, 0x00, 0x5E, 0x10, 0x20, 0x31,                 /* 16 sha uplink         */
    0x0A, 0x01, 0x01, 0x02,                             /* 1C spa 10.1.1.2       */
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00,                 /* 20 tha unknown        */
    0x0A, 0x01, 0x01, 0x01,                             /* 26 tpa 10.1.1.1       */
};

/* 10.1.1.1 is-at the tap MAC, to the uplink */
static const uint8_t host_answers[42] = {
    0x02, 0x00, 0x5E, 0x10, 0x20, 0x31,                 /* 00 dst uplink         */
    0x02, 0x00, 0x5E, 0x10, 0x20, 0x30,                 /* 06 src tap            */
    0x08, 0x06,                                         /* 0C ARP                */
    0x00, 0x01, 0x08, 0x00, 0x06, 0x04,                 /* 0E Ether, IPv4, 6, 4  */
    0x00, 0x02,                                         /* 14 op reply           */
    0x02, 0x00, 0x5E, 0x10, 0x20, 0x30,                 /* 16 sha tap            */
    0x0A, 0x01, 0x01, 0x01,                             /* 1C spa 10.1.1.1       */
    0x02, 0x00, 0x5E, 0x10, 0x20, 0x31,                 /* 20 tha uplink         */
    0x0A, 0x01, 0x01, 0x02,                             /* 26 tpa 10.1.1.2       */
};

/* Teach the driver the host's MAC (an ARP reply in one READ). */
static void learn_host(void)
{
    rb_begin();
    rb_ether(host_answers, sizeof host_answers);
    device_reply();
}

/* Frame f is Ethernet dst/uplink MAC/type with payload p[0..n). */
static void check_ether(const struct lcs_frame *f, const uint8_t dst[6], uint16_t type,
                        const uint8_t *p, size_t n)
{
    CU_ASSERT_EQUAL(f->type, LCS_TYPE_ETHERNET);
    CU_ASSERT_EQUAL(f->slot, 0);
    CU_ASSERT_EQUAL_FATAL(f->len, ETH_HDR_LEN + n);
    CU_ASSERT_EQUAL(memcmp(f->data, dst, 6), 0);
    CU_ASSERT_EQUAL(memcmp(f->data + 6, up_mac, 6), 0);
    CU_ASSERT_EQUAL(be_get16(f->data + 12), type);
    CU_ASSERT_EQUAL(memcmp(f->data + ETH_HDR_LEN, p, n), 0);
}

/* ---- start-up ------------------------------------------------------------------------ */

static void test_state_str(void)
{
    CU_ASSERT_STRING_EQUAL(uplink_state_str(UPLINK_DOWN), "DOWN");
    CU_ASSERT_STRING_EQUAL(uplink_state_str(UPLINK_STARTING), "STARTING");
    CU_ASSERT_STRING_EQUAL(uplink_state_str(UPLINK_READY), "READY");
    CU_ASSERT_STRING_EQUAL(uplink_state_str(UPLINK_FAILED), "NOT READY");
    CU_ASSERT_STRING_EQUAL(uplink_state_str((enum uplink_state)4), "?");
}

/* [RUN] STARTUP request of lcs.md §4 with the terminator (WRITE count 0x16). */
static const uint8_t startup_req[0x16] = {
    0x00, 0x14, 0x00, 0x00,                             /* 00 next 0x14, command */
    0x07, 0x00, 0x00, 0x01,                             /* 04 STARTUP, host, seq 1 */
    0x00, 0x00, 0x01, 0x00,                             /* 08 rc, Ethernet, port 0 */
    0x50, 0x00,                                         /* 0C buffer size 0x5000 */
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00,                 /* 0E-13                 */
    0x00, 0x00,                                         /* 14 end of buffer      */
};

static void test_startup(void)
{
    fk_reset();
    CU_ASSERT_EQUAL(u.state, UPLINK_DOWN);
    uplink_start(&u, now);
    CU_ASSERT_EQUAL(u.state, UPLINK_STARTING);
    CU_ASSERT_EQUAL(fk.nstates, 1);
    CU_ASSERT_EQUAL(fk.states[0], UPLINK_STARTING);
    /* a READ first, then STARTUP */
    CU_ASSERT_EQUAL(fk.nreads, 1);
    CU_ASSERT_PTR_EQUAL(fk.rbuf, u.rbuf[0]);
    CU_ASSERT_EQUAL(fk.rcap, UPLINK_BUF);
    CU_ASSERT_EQUAL_FATAL(fk.nwrites, 1);
    CU_ASSERT_EQUAL(fk.wreads[0], 1);
    CU_ASSERT_EQUAL(fk.wlen[0], sizeof startup_req);
    CU_ASSERT_EQUAL(memcmp(fk.w[0], startup_req, sizeof startup_req), 0);
    struct lcs_reply r = write_command(0);
    CU_ASSERT_EQUAL(r.cmd, LCS_CMD_STARTUP);
    CU_ASSERT_EQUAL(r.initiator, LCS_INITIATOR_HOST);
    CU_ASSERT_EQUAL(r.seq, 1);

    /* the STARTUP reply comes before its WRITE ended: LANSTAT waits */
    reply_one(LCS_CMD_STARTUP, 1, NULL);
    CU_ASSERT_EQUAL(fk.nreads, 2);
    CU_ASSERT_PTR_EQUAL(fk.rbuf, u.rbuf[1]);
    CU_ASSERT_EQUAL(fk.nwrites, 1);
    write_done(true);
    CU_ASSERT_EQUAL_FATAL(fk.nwrites, 2);
    r = write_command(1);
    CU_ASSERT_EQUAL(r.cmd, LCS_CMD_LANSTAT);
    CU_ASSERT_EQUAL(r.initiator, LCS_INITIATOR_HOST);
    CU_ASSERT_EQUAL(r.seq, 2);
    CU_ASSERT_EQUAL(r.lan_type, LCS_LAN_TYPE_ETHERNET);
    CU_ASSERT_EQUAL(fk.wlen[1], LCS_STD_CMD_LEN + 2);
    CU_ASSERT_EQUAL(fk.w[1][0x0C], 0);                  /* no size on LANSTAT */

    write_done(true);
    reply_one(LCS_CMD_LANSTAT, 2, up_mac);
    CU_ASSERT_EQUAL(fk.nreads, 3);
    CU_ASSERT_PTR_EQUAL(fk.rbuf, u.rbuf[0]);
    CU_ASSERT_EQUAL_FATAL(fk.nwrites, 3);
    r = write_command(2);
    CU_ASSERT_EQUAL(r.cmd, LCS_CMD_STARTLAN);
    CU_ASSERT_EQUAL(r.initiator, LCS_INITIATOR_HOST);
    CU_ASSERT_EQUAL(r.seq, 3);
    CU_ASSERT_EQUAL(u.state, UPLINK_STARTING);
    CU_ASSERT_TRUE(u.have_mac);
    CU_ASSERT_EQUAL(memcmp(u.mac, up_mac, 6), 0);

    write_done(true);
    reply_one(LCS_CMD_STARTLAN, 3, NULL);
    CU_ASSERT_EQUAL(u.state, UPLINK_READY);
    CU_ASSERT_EQUAL_FATAL(fk.nstates, 2);
    CU_ASSERT_EQUAL(fk.states[0], UPLINK_STARTING);
    CU_ASSERT_EQUAL(fk.states[1], UPLINK_READY);
    CU_ASSERT_EQUAL(fk.nwrites, 3);
    CU_ASSERT_EQUAL(fk.nreads, 4);
    counters_zero_except_startup();
    /* READY cancels the timeout */
    uplink_tick(&u, now + 10 * UPLINK_CMD_TIMEOUT_MS);
    CU_ASSERT_EQUAL(u.state, UPLINK_READY);

    /* the LANSTAT MAC is the source MAC from now on */
    uint8_t d[64];
    size_t n = make_dgram(d, IP_GUEST, IP_FAR, 1);
    CU_ASSERT_TRUE(uplink_output(&u, d, n, IP_HOST, now));
    CU_ASSERT_EQUAL_FATAL(fk.nwrites, 4);
    struct wframes w = walk_write(3);
    CU_ASSERT_EQUAL_FATAL(w.n, 1);
    check_ether(&w.f[0], eth_broadcast_mac, ETHERTYPE_ARP, uplink_asks_host + ETH_HDR_LEN,
                ARP_PACKET_LEN);
}

static void test_startup_mismatch(void)
{
    fk_reset();
    uplink_start(&u, now);
    write_done(true);
    /* wrong seq, wrong cmd, a reply to nothing: ignored */
    reply_one(LCS_CMD_STARTUP, 2, NULL);
    reply_one(LCS_CMD_LANSTAT, 1, up_mac);
    reply_one(LCS_CMD_STARTLAN, 1, NULL);
    reply_one(LCS_CMD_STARTUP, 0, NULL);
    CU_ASSERT_EQUAL(fk.nwrites, 1);
    CU_ASSERT_EQUAL(u.state, UPLINK_STARTING);
    CU_ASSERT_FALSE(u.have_mac);
    /* a too-short reply (LCS header only + 4) is no reply */
    rb_begin();
    rb_frame(LCS_TYPE_COMMAND, (const uint8_t[]){ LCS_CMD_STARTUP, 0, 0, 1 }, 4);
    device_reply();
    CU_ASSERT_EQUAL(fk.nwrites, 1);
    /* the right one, after an Ethernet frame in the same READ */
    rb_begin();
    rb_ether(host_asks_guest, sizeof host_asks_guest);
    rb_reply(LCS_CMD_STARTUP, 1, NULL);
    device_reply();
    CU_ASSERT_EQUAL(u.c.dropped_in, 1);                 /* the frame: not READY */
    CU_ASSERT_EQUAL(u.c.frames_in, 0);
    CU_ASSERT_EQUAL_FATAL(fk.nwrites, 2);
    CU_ASSERT_EQUAL(write_command(1).cmd, LCS_CMD_LANSTAT);
    write_done(true);
    /* a duplicate STARTUP reply after the step moved on: ignored */
    reply_one(LCS_CMD_STARTUP, 1, NULL);
    /* LANSTAT with a wrong seq does not set the MAC */
    reply_one(LCS_CMD_LANSTAT, 3, other_mac);
    CU_ASSERT_FALSE(u.have_mac);
    CU_ASSERT_EQUAL(fk.nwrites, 2);
    reply_one(LCS_CMD_LANSTAT, 2, up_mac);
    CU_ASSERT_EQUAL(fk.nwrites, 3);
    CU_ASSERT_EQUAL(memcmp(u.mac, up_mac, 6), 0);
    write_done(true);
    reply_one(LCS_CMD_STARTLAN, 2, NULL);
    reply_one(LCS_CMD_LANSTAT, 3, up_mac);
    CU_ASSERT_EQUAL(u.state, UPLINK_STARTING);
    reply_one(LCS_CMD_STARTLAN, 3, NULL);
    CU_ASSERT_EQUAL(u.state, UPLINK_READY);
    CU_ASSERT_EQUAL(fk.nstates, 2);
    CU_ASSERT_EQUAL(u.c.reads, 13);                     /* start + 12 completions */
    CU_ASSERT_EQUAL(u.c.writes, 3);
    CU_ASSERT_EQUAL(u.c.starts, 1);
    CU_ASSERT_EQUAL(u.c.dropped_in, 1);
    /* a stray reply when READY: ignored, not counted */
    reply_one(LCS_CMD_STARTLAN, 3, NULL);
    CU_ASSERT_EQUAL(fk.nwrites, 3);
    CU_ASSERT_EQUAL(u.c.dropped_in, 1);
    CU_ASSERT_EQUAL(fk.nstates, 2);
}

static void test_startup_timeout(void)
{
    fk_reset();
    uplink_start(&u, now);                              /* deadline 4000 */
    write_done(true);
    uplink_tick(&u, 1000 + UPLINK_CMD_TIMEOUT_MS - 1);
    CU_ASSERT_EQUAL(u.state, UPLINK_STARTING);
    uplink_tick(&u, 1000 + UPLINK_CMD_TIMEOUT_MS);
    CU_ASSERT_EQUAL(u.state, UPLINK_FAILED);
    CU_ASSERT_EQUAL_FATAL(fk.nstates, 2);
    CU_ASSERT_EQUAL(fk.states[0], UPLINK_STARTING);
    CU_ASSERT_EQUAL(fk.states[1], UPLINK_FAILED);
    CU_ASSERT_EQUAL(u.c.starts, 0);
    uplink_tick(&u, 1000 + 5 * UPLINK_CMD_TIMEOUT_MS);
    CU_ASSERT_EQUAL(fk.nstates, 2);                     /* reported once */

    /* the deadline runs from the last command: LANSTAT sent at 2000 */
    fk_reset();
    uplink_start(&u, now);
    write_done(true);
    now = 2000;
    reply_one(LCS_CMD_STARTUP, 1, NULL);
    CU_ASSERT_EQUAL(fk.nwrites, 2);
    uplink_tick(&u, 2000 + UPLINK_CMD_TIMEOUT_MS - 1);
    CU_ASSERT_EQUAL(u.state, UPLINK_STARTING);
    uplink_tick(&u, 2000 + UPLINK_CMD_TIMEOUT_MS);
    CU_ASSERT_EQUAL(u.state, UPLINK_FAILED);
    CU_ASSERT_EQUAL(u.c.writes, 2);
    CU_ASSERT_EQUAL(u.c.reads, 2);

    /* a READ the device does not take fails the start at once */
    fk_reset();
    fk.read_ok = false;
    uplink_start(&u, now);
    CU_ASSERT_EQUAL(u.state, UPLINK_FAILED);
    CU_ASSERT_EQUAL(fk.nwrites, 0);                     /* no STARTUP without a READ */
    CU_ASSERT_EQUAL(u.c.reads, 0);
}

/*
 * Known issue, kept out of the run (see the report of this file's author):
 * after a STARTUP timeout, a late STARTUP reply with the awaited seq
 * restarts the sequence from FAILED (fail() resets step but not seq), and
 * LANSTAT/STARTLAN replies then take the uplink FAILED -> READY.
 */
static void test_late_reply_after_failure(void)
{
    fk_reset();
    uplink_start(&u, now);
    write_done(true);
    uplink_tick(&u, now + UPLINK_CMD_TIMEOUT_MS);
    CU_ASSERT_EQUAL_FATAL(u.state, UPLINK_FAILED);
    reply_one(LCS_CMD_STARTUP, 1, NULL);
    CU_ASSERT_EQUAL(fk.nwrites, 1);                     /* no LANSTAT from FAILED */
    CU_ASSERT_EQUAL(u.state, UPLINK_FAILED);
    write_done(true);
    reply_one(LCS_CMD_LANSTAT, 2, up_mac);
    write_done(true);
    reply_one(LCS_CMD_STARTLAN, 3, NULL);
    CU_ASSERT_EQUAL(u.state, UPLINK_FAILED);            /* not FAILED -> READY */
    CU_ASSERT_EQUAL(fk.nstates, 2);
}

/* ---- READ handling ------------------------------------------------------------------- */

static void test_read_rearmed_first(void)
{
    fk_reset();
    bring_up();
    uint8_t *before = fk.rbuf;
    unsigned reads = fk.nreads;
    CU_ASSERT_PTR_EQUAL(before, u.rbuf[1]);             /* 4th READ of bring_up */
    uint8_t d[64], fr[128];
    size_t n = make_dgram(d, IP_FAR, IP_GUEST, 7);
    size_t fl = make_frame(fr, up_mac, tap_mac, ETHERTYPE_IPV4, d, n);
    rb_begin();
    rb_ether(fr, fl);
    rb_ether(host_asks_guest, sizeof host_asks_guest);   /* answered: a WRITE */
    device_reply();
    CU_ASSERT_EQUAL_FATAL(fk.ninputs, 1);
    /* at the callback the next READ was out, on the other buffer */
    CU_ASSERT_EQUAL(fk.in_reads[0], reads + 1);
    CU_ASSERT_PTR_EQUAL(fk.in_rbuf[0], u.rbuf[0]);
    CU_ASSERT_TRUE(fk.in_ptr[0] >= before && fk.in_ptr[0] + n <= before + UPLINK_BUF);
    CU_ASSERT_EQUAL_FATAL(fk.nwrites, 1);
    CU_ASSERT_EQUAL(fk.wreads[0], reads + 1);
    CU_ASSERT_EQUAL(fk.nreads, reads + 1);
    CU_ASSERT_PTR_EQUAL(fk.rbuf, u.rbuf[0]);

    /* a READ ending in error: re-armed, nothing parsed */
    rb_begin();
    rb_ether(fr, fl);
    size_t got = lcs_wbuf_finish(&rb);
    uplink_read_done(&u, false, got, now);
    CU_ASSERT_EQUAL(fk.ninputs, 1);
    CU_ASSERT_EQUAL(fk.nreads, reads + 2);
    CU_ASSERT_PTR_EQUAL(fk.rbuf, u.rbuf[1]);
    CU_ASSERT_EQUAL(u.c.frames_in, 2);
    CU_ASSERT_EQUAL(u.c.reads, 6);

    /* an empty completion (just 00 00) */
    rb_begin();
    device_reply();
    CU_ASSERT_EQUAL(u.c.reads, 7);
    CU_ASSERT_EQUAL(u.c.frames_in, 2);

    /* the device refuses the next READ: FAILED */
    fk.read_ok = false;
    rb_begin();
    rb_ether(fr, fl);
    device_reply();
    CU_ASSERT_EQUAL(u.state, UPLINK_FAILED);
    CU_ASSERT_EQUAL(fk.ninputs, 1);                     /* not parsed */
    CU_ASSERT_EQUAL_FATAL(fk.nstates, 1);
    CU_ASSERT_EQUAL(fk.states[0], UPLINK_FAILED);
    CU_ASSERT_EQUAL(u.c.reads, 7);
}

/* ---- outbound -------------------------------------------------------------------------- */

static void test_output_arp(void)
{
    fk_reset();
    bring_up();
    uint8_t d1[64], d2[64], d3[64];
    size_t n1 = make_dgram(d1, IP_GUEST, IP_FAR, 1);
    size_t n2 = make_dgram(d2, IP_GUEST2, IP_FAR, 2);
    size_t n3 = make_dgram(d3, IP_GUEST, IP_FAR, 3);

    /* unknown next hop: queued, one request asked for the sender */
    now = 10000;
    CU_ASSERT_TRUE(uplink_output(&u, d1, n1, IP_HOST, now));
    CU_ASSERT_EQUAL_FATAL(fk.nwrites, 1);
    struct wframes w = walk_write(0);
    CU_ASSERT_EQUAL_FATAL(w.n, 1);
    CU_ASSERT_EQUAL(w.f[0].len, sizeof uplink_asks_host);
    CU_ASSERT_EQUAL(memcmp(w.f[0].data, uplink_asks_host, sizeof uplink_asks_host), 0);
    CU_ASSERT_EQUAL(u.arp.pending, 1);
    CU_ASSERT_EQUAL(u.c.arp_out, 1);
    CU_ASSERT_EQUAL(u.c.frames_out, 1);
    CU_ASSERT_EQUAL(u.c.bytes_out, 42);
    CU_ASSERT_EQUAL(u.c.writes, 4);
    write_done(true);

    /* within 1 s: queued, no second request */
    now = 10999;
    CU_ASSERT_TRUE(uplink_output(&u, d2, n2, IP_HOST, now));
    CU_ASSERT_EQUAL(fk.nwrites, 1);
    CU_ASSERT_EQUAL(u.arp.pending, 2);
    CU_ASSERT_EQUAL(u.arp.c.requests, 1);
    CU_ASSERT_EQUAL(u.arp.c.requests_limited, 1);
    CU_ASSERT_EQUAL(u.c.arp_out, 1);

    /* the host answers: the queue goes out, oldest first, bytes unchanged */
    now = 11100;
    learn_host();
    CU_ASSERT_EQUAL(u.arp.pending, 0);
    CU_ASSERT_EQUAL(u.arp.c.handed_over, 2);
    CU_ASSERT_EQUAL(u.c.arp_in, 1);
    CU_ASSERT_EQUAL(u.c.arp_out, 1);                    /* a reply is not answered */
    CU_ASSERT_EQUAL(u.c.frames_in, 1);
    CU_ASSERT_EQUAL(u.c.bytes_in, 42);
    CU_ASSERT_EQUAL(u.c.dropped_in, 0);
    CU_ASSERT_EQUAL(fk.ninputs, 0);
    /* the first went at once, the second waits for it */
    CU_ASSERT_EQUAL_FATAL(fk.nwrites, 2);
    w = walk_write(1);
    CU_ASSERT_EQUAL_FATAL(w.n, 1);
    check_ether(&w.f[0], tap_mac, ETHERTYPE_IPV4, d1, n1);
    write_done(true);
    CU_ASSERT_EQUAL_FATAL(fk.nwrites, 3);
    w = walk_write(2);
    CU_ASSERT_EQUAL_FATAL(w.n, 1);
    check_ether(&w.f[0], tap_mac, ETHERTYPE_IPV4, d2, n2);
    write_done(true);

    /* resolved now: straight out */
    CU_ASSERT_TRUE(uplink_output(&u, d3, n3, IP_HOST, now));
    CU_ASSERT_EQUAL_FATAL(fk.nwrites, 4);
    w = walk_write(3);
    CU_ASSERT_EQUAL_FATAL(w.n, 1);
    check_ether(&w.f[0], tap_mac, ETHERTYPE_IPV4, d3, n3);
    write_done(true);
    CU_ASSERT_EQUAL(u.c.frames_out, 4);
    CU_ASSERT_EQUAL(u.c.bytes_out, 42 + 3 * (ETH_HDR_LEN + DG_LEN));
    CU_ASSERT_EQUAL(u.c.writes, 7);
    CU_ASSERT_EQUAL(u.c.write_errors, 0);
    CU_ASSERT_EQUAL(u.c.dropped_out, 0);
    CU_ASSERT_EQUAL(u.c.reads, 5);

    /* an empty datagram: refused by the queue */
    CU_ASSERT_FALSE(uplink_output(&u, d1, 0, IP_NOBODY, now));
    CU_ASSERT_EQUAL(u.arp.c.queue_rejected, 1);
    CU_ASSERT_EQUAL(fk.nwrites, 4);
}

static void test_output_expiry(void)
{
    fk_reset();
    bring_up();
    uint8_t d[64];
    size_t n = make_dgram(d, IP_GUEST, IP_FAR, 1);
    now = 20000;
    CU_ASSERT_TRUE(uplink_output(&u, d, n, IP_HOST, now));
    write_done(true);
    uplink_tick(&u, 20000 + ARP_QUEUE_TIMEOUT_MS - 1);
    CU_ASSERT_EQUAL(u.arp.pending, 1);
    uplink_tick(&u, 20000 + ARP_QUEUE_TIMEOUT_MS);
    CU_ASSERT_EQUAL(u.arp.pending, 0);
    CU_ASSERT_EQUAL(u.arp.c.expired_unresolved, 1);
    /* a late answer sends nothing */
    now = 20000 + ARP_QUEUE_TIMEOUT_MS + 1;
    learn_host();
    CU_ASSERT_EQUAL(fk.nwrites, 1);
    CU_ASSERT_EQUAL(u.state, UPLINK_READY);
    /* a second request a second later */
    CU_ASSERT_TRUE(uplink_output(&u, d, n, IP_NOBODY, now));
    CU_ASSERT_EQUAL(fk.nwrites, 2);
    write_done(true);
    CU_ASSERT_TRUE(uplink_output(&u, d, n, IP_NOBODY, now + ARP_REQUEST_INTERVAL_MS));
    CU_ASSERT_EQUAL(fk.nwrites, 3);
    CU_ASSERT_EQUAL(u.c.arp_out, 3);
}

static void test_output_batching(void)
{
    fk_reset();
    bring_up();
    learn_host();
    uint8_t d[4][64];
    size_t n[4];
    for (uint8_t i = 0; i < 4; i++)
        n[i] = make_dgram(d[i], IP_GUEST, IP_FAR, (uint8_t)(i + 1));

    CU_ASSERT_TRUE(uplink_output(&u, d[0], n[0], IP_HOST, now));
    CU_ASSERT_EQUAL_FATAL(fk.nwrites, 1);
    /* WRITE outstanding: the next ones gather in the other buffer */
    CU_ASSERT_TRUE(uplink_output(&u, d[1], n[1], IP_HOST, now));
    CU_ASSERT_TRUE(uplink_output(&u, d[2], n[2], IP_HOST, now));
    CU_ASSERT_EQUAL(fk.nwrites, 1);
    CU_ASSERT_EQUAL(u.c.frames_out, 3);
    CU_ASSERT_EQUAL(u.c.writes, 4);
    write_done(true);
    CU_ASSERT_EQUAL_FATAL(fk.nwrites, 2);
    CU_ASSERT_PTR_NOT_EQUAL(fk.wptr[0], fk.wptr[1]);
    struct wframes w = walk_write(1);
    CU_ASSERT_EQUAL_FATAL(w.n, 2);
    check_ether(&w.f[0], tap_mac, ETHERTYPE_IPV4, d[1], n[1]);
    check_ether(&w.f[1], tap_mac, ETHERTYPE_IPV4, d[2], n[2]);
    CU_ASSERT_EQUAL(fk.wlen[1], 2 * (LCS_HDR_LEN + ETH_HDR_LEN + DG_LEN) + 2);
    CU_ASSERT_EQUAL(u.c.writes, 5);

    /* that WRITE ends in unit check: counted, the driver carries on */
    write_done(false);
    CU_ASSERT_EQUAL(u.c.write_errors, 1);
    CU_ASSERT_EQUAL(fk.nwrites, 2);                     /* nothing left to write */
    CU_ASSERT_TRUE(uplink_output(&u, d[3], n[3], IP_HOST, now));
    CU_ASSERT_EQUAL_FATAL(fk.nwrites, 3);
    CU_ASSERT_PTR_EQUAL(fk.wptr[2], fk.wptr[0]);        /* buffers alternate */
    w = walk_write(2);
    CU_ASSERT_EQUAL_FATAL(w.n, 1);
    check_ether(&w.f[0], tap_mac, ETHERTYPE_IPV4, d[3], n[3]);
    CU_ASSERT_EQUAL(u.state, UPLINK_READY);

    /* the device refuses a WRITE: the frame is lost, counted */
    write_done(true);
    fk.write_ok = false;
    CU_ASSERT_TRUE(uplink_output(&u, d[0], n[0], IP_HOST, now));
    CU_ASSERT_EQUAL(u.c.write_errors, 2);
    fk.write_ok = true;
    CU_ASSERT_TRUE(uplink_output(&u, d[1], n[1], IP_HOST, now));
    CU_ASSERT_EQUAL_FATAL(fk.nwrites, 4);
    w = walk_write(3);
    CU_ASSERT_EQUAL_FATAL(w.n, 1);                      /* d[0] is gone */
    check_ether(&w.f[0], tap_mac, ETHERTYPE_IPV4, d[1], n[1]);
    CU_ASSERT_EQUAL(u.c.writes, 7);
    CU_ASSERT_EQUAL(u.c.frames_out, 6);
    CU_ASSERT_EQUAL(u.c.dropped_out, 0);
}

static void test_output_full(void)
{
    fk_reset();
    bring_up();
    learn_host();
    static uint8_t big[ETH_MTU];
    ipv4_build(big, IP_GUEST, IP_FAR, IPV4_PROTO_UDP, 1, ETH_MTU - IPV4_HDR_LEN);
    CU_ASSERT_TRUE(uplink_output(&u, big, sizeof big, IP_HOST, now));   /* writing */
    CU_ASSERT_EQUAL(fk.nwrites, 1);
    /* 13 frames of 4 + 1514 fill 0x5000 (19734 + 2 <= 20480); the 14th not */
    for (int i = 0; i < 13; i++)
        CU_ASSERT_TRUE(uplink_output(&u, big, sizeof big, IP_HOST, now));
    CU_ASSERT_FALSE(uplink_output(&u, big, sizeof big, IP_HOST, now));
    CU_ASSERT_EQUAL(u.c.dropped_out, 1);
    CU_ASSERT_EQUAL(u.c.frames_out, 14);
    CU_ASSERT_EQUAL(fk.nwrites, 1);
    write_done(true);
    CU_ASSERT_EQUAL_FATAL(fk.nwrites, 2);
    CU_ASSERT_EQUAL(fk.wlen[1], 13 * (LCS_HDR_LEN + ETH_HDR_LEN + ETH_MTU) + 2);
    struct wframes w = walk_write(1);
    CU_ASSERT_EQUAL(w.n, 13);
    /* above the MTU: dropped_out */
    static uint8_t huge[ETH_MTU + 1];
    memcpy(huge, big, sizeof big);
    CU_ASSERT_FALSE(uplink_output(&u, huge, sizeof huge, IP_HOST, now));
    CU_ASSERT_EQUAL(u.c.dropped_out, 2);
    CU_ASSERT_EQUAL(u.c.frames_out, 14);
}

/* ---- inbound ---------------------------------------------------------------------------- */

static void test_inbound_arp(void)
{
    fk_reset();
    bring_up();
    /* request for an owned address: answered from the uplink MAC */
    rb_begin();
    rb_ether(host_asks_guest, sizeof host_asks_guest);
    device_reply();
    CU_ASSERT_EQUAL_FATAL(fk.nwrites, 1);
    struct wframes w = walk_write(0);
    CU_ASSERT_EQUAL_FATAL(w.n, 1);
    CU_ASSERT_EQUAL(w.f[0].len, sizeof uplink_answers);
    CU_ASSERT_EQUAL(memcmp(w.f[0].data, uplink_answers, sizeof uplink_answers), 0);
    CU_ASSERT_EQUAL(u.c.arp_in, 1);
    CU_ASSERT_EQUAL(u.c.arp_out, 1);
    CU_ASSERT_EQUAL(u.c.frames_in, 1);
    CU_ASSERT_EQUAL(u.c.frames_out, 1);
    CU_ASSERT_EQUAL(u.c.bytes_in, 42);
    CU_ASSERT_EQUAL(u.c.bytes_out, 42);
    CU_ASSERT_EQUAL(u.arp.c.learned, 1);                /* the asker */
    write_done(true);

    /* for an address no guest owns: learned from, not answered */
    uint8_t req[42];
    memcpy(req, host_asks_guest, sizeof req);
    be_put32(req + 0x26, IP_NOBODY);
    rb_begin();
    rb_ether(req, sizeof req);
    device_reply();
    CU_ASSERT_EQUAL(fk.nwrites, 1);
    CU_ASSERT_EQUAL(u.c.arp_in, 2);
    CU_ASSERT_EQUAL(u.c.arp_out, 1);
    CU_ASSERT_EQUAL(u.c.dropped_in, 0);

    /* malformed ARP (too short, bad op): counted in and dropped */
    rb_begin();
    rb_ether(host_asks_guest, sizeof host_asks_guest - 1);
    memcpy(req, host_asks_guest, sizeof req);
    be_put16(req + 0x14, 3);
    rb_ether(req, sizeof req);
    device_reply();
    CU_ASSERT_EQUAL(fk.nwrites, 1);
    CU_ASSERT_EQUAL(u.c.arp_in, 4);
    CU_ASSERT_EQUAL(u.c.dropped_in, 2);
    CU_ASSERT_EQUAL(u.c.frames_in, 4);
    CU_ASSERT_EQUAL(u.c.bytes_in, 42 * 3 + 41);
    CU_ASSERT_EQUAL(fk.ninputs, 0);
}

static void test_inbound_ipv4(void)
{
    fk_reset();
    bring_up();
    uint8_t d[64], fr[6][128];
    size_t n = make_dgram(d, IP_FAR, IP_GUEST, 9), fl[6];
    fl[0] = make_frame(fr[0], up_mac, tap_mac, ETHERTYPE_IPV4, d, n);            /* ours */
    fl[1] = make_frame(fr[1], eth_broadcast_mac, tap_mac, ETHERTYPE_IPV4, d, n);
    fl[2] = make_frame(fr[2], other_mac, tap_mac, ETHERTYPE_IPV4, d, n);
    fl[3] = make_frame(fr[3], up_mac, tap_mac, 0x86DD, d, n);                    /* IPv6 */
    fl[4] = make_frame(fr[4], up_mac, tap_mac, 0x9000, d, n);                    /* unknown */
    fl[5] = make_frame(fr[5], up_mac, tap_mac, 0x0040, d, n);                    /* 802.3 */
    rb_begin();
    for (int i = 0; i < 6; i++)
        rb_ether(fr[i], fl[i]);
    rb_ether(fr[0], 13);                                /* shorter than a header */
    rb_frame(LCS_TYPE_TOKENRING, fr[0], fl[0]);        /* not Ethernet */
    rb_ether(fr[0], fl[0]);                             /* ours again */
    device_reply();
    CU_ASSERT_EQUAL_FATAL(fk.ninputs, 2);
    for (unsigned i = 0; i < 2; i++) {
        CU_ASSERT_EQUAL(fk.in_len[i], n);
        CU_ASSERT_EQUAL(memcmp(fk.in[i], d, n), 0);
    }
    CU_ASSERT_EQUAL(u.c.frames_in, 8);
    CU_ASSERT_EQUAL(u.c.bytes_in, 7 * (ETH_HDR_LEN + DG_LEN) + 13);
    CU_ASSERT_EQUAL(u.c.dropped_in, 7);
    CU_ASSERT_EQUAL(u.c.arp_in, 0);
    CU_ASSERT_EQUAL(fk.nwrites, 0);
    CU_ASSERT_EQUAL(u.c.frames_out, 0);
}

static void test_inbound_before_ready(void)
{
    fk_reset();
    uplink_start(&u, now);
    write_done(true);
    reply_one(LCS_CMD_STARTUP, 1, NULL);
    write_done(true);
    reply_one(LCS_CMD_LANSTAT, 2, up_mac);
    write_done(true);
    /* MAC known, STARTLAN not answered: frames are dropped, not parsed */
    uint8_t d[64], fr[128];
    size_t n = make_dgram(d, IP_FAR, IP_GUEST, 9);
    size_t fl = make_frame(fr, up_mac, tap_mac, ETHERTYPE_IPV4, d, n);
    rb_begin();
    rb_ether(fr, fl);
    rb_ether(host_asks_guest, sizeof host_asks_guest);
    device_reply();
    CU_ASSERT_EQUAL(fk.ninputs, 0);
    CU_ASSERT_EQUAL(fk.nwrites, 3);
    CU_ASSERT_EQUAL(u.c.dropped_in, 2);
    CU_ASSERT_EQUAL(u.c.frames_in, 0);
    CU_ASSERT_EQUAL(u.c.arp_in, 0);
    CU_ASSERT_FALSE(uplink_output(&u, d, n, IP_HOST, now));
    CU_ASSERT_EQUAL(u.arp.pending, 0);
    /* the STARTLAN reply and a frame in one READ: the frame is taken */
    rb_begin();
    rb_reply(LCS_CMD_STARTLAN, 3, NULL);
    rb_ether(fr, fl);
    device_reply();
    CU_ASSERT_EQUAL(u.state, UPLINK_READY);
    CU_ASSERT_EQUAL(fk.ninputs, 1);
    CU_ASSERT_EQUAL(u.c.frames_in, 1);
    CU_ASSERT_EQUAL(u.c.dropped_in, 2);
}

static void test_stop(void)
{
    fk_reset();
    bring_up();
    learn_host();
    uint8_t d[64], fr[128];
    size_t n = make_dgram(d, IP_GUEST, IP_FAR, 1);
    CU_ASSERT_TRUE(uplink_output(&u, d, n, IP_HOST, now));
    CU_ASSERT_EQUAL(fk.nwrites, 1);
    CU_ASSERT_TRUE(uplink_output(&u, d, n, IP_HOST, now));      /* waits */
    uplink_stop(&u);
    CU_ASSERT_EQUAL(u.state, UPLINK_DOWN);
    CU_ASSERT_EQUAL_FATAL(fk.nstates, 1);
    CU_ASSERT_EQUAL(fk.states[0], UPLINK_DOWN);
    struct uplink_counters c = u.c;
    unsigned reads = fk.nreads;

    /* completions after the stop: ignored */
    size_t fl = make_frame(fr, up_mac, tap_mac, ETHERTYPE_IPV4, d, n);
    rb_begin();
    rb_ether(fr, fl);
    rb_ether(host_asks_guest, sizeof host_asks_guest);
    device_reply();
    write_done(true);
    uplink_tick(&u, now + 10 * UPLINK_CMD_TIMEOUT_MS);
    CU_ASSERT_EQUAL(fk.nreads, reads);
    CU_ASSERT_EQUAL(fk.nwrites, 1);
    CU_ASSERT_EQUAL(fk.ninputs, 0);
    CU_ASSERT_EQUAL(fk.nstates, 1);
    CU_ASSERT_EQUAL(memcmp(&c, &u.c, sizeof c), 0);
    CU_ASSERT_FALSE(uplink_output(&u, d, n, IP_HOST, now));
    CU_ASSERT_EQUAL(fk.nwrites, 1);

    /* and it starts again from scratch */
    fk_clear_writes();
    uplink_start(&u, now);
    CU_ASSERT_EQUAL(u.state, UPLINK_STARTING);
    CU_ASSERT_EQUAL_FATAL(fk.nwrites, 1);
    CU_ASSERT_EQUAL(write_command(0).cmd, LCS_CMD_STARTUP);
}

void register_uplink_tests(void)
{
    static const struct unit_test tests[] = {
        { "uplink_state_str", test_state_str },
        { "start-up STARTUP -> LANSTAT -> STARTLAN", test_startup },
        { "start-up ignores wrong cmd/seq", test_startup_mismatch },
        { "start-up timeout and READ refused", test_startup_timeout },
        { "late reply after a timeout", test_late_reply_after_failure },
        { "READ re-armed before parsing", test_read_rearmed_first },
        { "output: ARP, queue, flush on reply", test_output_arp },
        { "output: queue expiry, request rate", test_output_expiry },
        { "output: batching on two buffers", test_output_batching },
        { "output: full buffer, oversize", test_output_full },
        { "inbound ARP", test_inbound_arp },
        { "inbound IPv4 filter", test_inbound_ipv4 },
        { "inbound before READY", test_inbound_before_ready },
        { "stop", test_stop },
        { NULL, NULL },
    };
    unit_add_suite("uplink", tests);
}
