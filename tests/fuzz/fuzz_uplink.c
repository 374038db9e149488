/*
 * fuzz_uplink.c - libFuzzer harness for the LCS uplink driver
 * (osa/uplink.c) over a fake Hercules LCS device (as in
 * tests/unit/test_uplink.c).  Each run brings an uplink to READY, then
 * the input is a program of steps: READ completions (raw bytes, or
 * well-formed Ethernet/ARP/command frames built from the input, with a
 * got length up to the READ count), WRITE completions (ok or unit check),
 * uplink_output with fuzzed datagrams and next hops, ticks of a fake clock
 * that only moves forward, READ/WRITE refusals and stop.  Checked after
 * every step: a READ is outstanding while the uplink is not DOWN/FAILED,
 * never two READs or two WRITEs at once, every WRITE parses cleanly with
 * lcs_next and ends in 00 00 within its length, Ethernet frames carry the
 * uplink MAC, ops->input only sees bytes inside the completed READ, and
 * no counter ever falls.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "osa/uplink.h"
#include "lib/ipv4.h"

#define CHECK(x) do { if (!(x)) { fprintf(stderr, "check failed: %s (line %d)\n", #x, __LINE__); abort(); } } while (0)

static const uint8_t up_mac[6]  = { 0x02, 0x00, 0x5E, 0x10, 0x20, 0x31 };
static const uint8_t tap_mac[6] = { 0x02, 0x00, 0x5E, 0x10, 0x20, 0x30 };
static const uint32_t ips[4] = { 0x0A010101u, 0x0A010102u, 0x0A010103u, 0x0A010109u };

static struct {
    uint8_t *rbuf;                      /* the outstanding READ, or NULL */
    size_t   rcap;
    bool     writing;                   /* a WRITE is outstanding        */
    bool     read_ok, write_ok;
    const uint8_t *done_buf;            /* the READ being completed      */
    size_t   done_got;
} fk;

static struct uplink u;
static uint64_t now;

static bool fk_read(void *ctx, uint8_t *buf, size_t cap)
{
    CHECK(ctx == &fk);
    CHECK(fk.rbuf == NULL);             /* one READ at a time */
    CHECK(cap == UPLINK_BUF);
    CHECK(buf == u.rbuf[0] || buf == u.rbuf[1]);
    CHECK(buf != fk.done_buf);          /* not the one being parsed */
    if (!fk.read_ok)
        return false;
    fk.rbuf = buf;
    fk.rcap = cap;
    return true;
}

static bool fk_write(void *ctx, const uint8_t *buf, size_t len)
{
    CHECK(ctx == &fk);
    CHECK(!fk.writing);                 /* one WRITE at a time */
    CHECK(len >= LCS_END_LEN && len <= UPLINK_BUF);
    size_t pos = 0;
    struct lcs_frame f;
    enum lcs_err e;
    while ((e = lcs_next(buf, len, &pos, &f)) == LCS_OK) {
        if (f.type == LCS_TYPE_COMMAND) {
            CHECK(f.len == LCS_STD_CMD_LEN - LCS_HDR_LEN);
            CHECK(f.data[1] == LCS_INITIATOR_HOST);
        } else {
            CHECK(f.type == LCS_TYPE_ETHERNET);
            CHECK(f.len >= ETH_HDR_LEN && f.len <= ETH_HDR_LEN + ETH_MTU);
            CHECK(memcmp(f.data + 6, up_mac, 6) == 0);
        }
    }
    CHECK(e == LCS_END);
    CHECK(pos == len - LCS_END_LEN);
    CHECK(buf[len - 2] == 0 && buf[len - 1] == 0);
    if (!fk.write_ok)
        return false;
    fk.writing = true;
    return true;
}

static void fk_state(void *ctx, enum uplink_state s)
{
    CHECK(ctx == &fk);
    CHECK(s == u.state);
}

static void fk_input(void *ctx, const uint8_t *dgram, size_t len)
{
    CHECK(ctx == &fk);
    CHECK(fk.done_buf != NULL);
    CHECK(dgram >= fk.done_buf && len <= fk.done_got
          && (size_t)(dgram - fk.done_buf) <= fk.done_got - len);
    CHECK(u.state == UPLINK_READY);
    volatile uint8_t sum = 0;           /* ASan: every byte readable */
    for (size_t i = 0; i < len; i++)
        sum = (uint8_t)(sum + dgram[i]);
    (void)sum;
}

static bool fk_owns(void *ctx, uint32_t ip)
{
    CHECK(ctx == &fk);
    return ip == ips[1] || ip == ips[2];
}

static const struct uplink_ops fk_ops = {
    .read = fk_read, .write = fk_write, .state = fk_state, .input = fk_input,
    .owns = fk_owns, .ctx = &fk,
};

/* Complete the outstanding READ with got bytes of it. */
static void read_done(bool ok, size_t got)
{
    CHECK(fk.rbuf != NULL && got <= fk.rcap);
    fk.done_buf = fk.rbuf;
    fk.done_got = ok ? got : 0;
    fk.rbuf = NULL;
    uplink_read_done(&u, ok, got, now);
    fk.done_buf = NULL;
}

static void write_done(bool ok)
{
    CHECK(fk.writing);
    fk.writing = false;
    uplink_write_done(&u, ok, now);
}

static void reply(uint8_t cmd, uint16_t seq)
{
    struct lcs_wbuf w;
    uint8_t r[LCS_LANSTAT_REPLY_LEN - LCS_HDR_LEN];
    memset(r, 0, sizeof r);
    r[0] = cmd;
    be_put16(r + 2, seq);
    r[6] = LCS_LAN_TYPE_ETHERNET;
    size_t n = LCS_STD_CMD_LEN - LCS_HDR_LEN;
    if (cmd == LCS_CMD_LANSTAT) {
        memcpy(r + LCS_LANSTAT_MAC_OFF - LCS_HDR_LEN, up_mac, 6);
        n = sizeof r;
    }
    lcs_wbuf_init(&w, fk.rbuf, fk.rcap);
    CHECK(lcs_put_ether(&w, r, n));
    w.buf[2] = LCS_TYPE_COMMAND;
    read_done(true, lcs_wbuf_finish(&w));
}

static void bring_up(void)
{
    memset(&fk, 0, sizeof fk);
    fk.read_ok = fk.write_ok = true;
    now = 1000;
    uplink_init(&u, &fk_ops);
    uplink_start(&u, now);
    static const uint8_t cmds[3] = { LCS_CMD_STARTUP, LCS_CMD_LANSTAT, LCS_CMD_STARTLAN };
    for (uint16_t i = 0; i < 3; i++) {
        write_done(true);
        reply(cmds[i], (uint16_t)(i + 1));
    }
    CHECK(u.state == UPLINK_READY);
}

/* ---- input reader -------------------------------------------------------------- */

struct in {
    const uint8_t *p;
    size_t n;
};

static uint8_t take8(struct in *in)
{
    if (!in->n)
        return 0;
    in->n--;
    return *in->p++;
}

static uint16_t take16(struct in *in)
{
    uint16_t hi = take8(in);
    return (uint16_t)(hi << 8 | take8(in));
}

/* Up to n bytes into out (the rest zero); returns n. */
static size_t take(struct in *in, uint8_t *out, size_t n)
{
    size_t k = n < in->n ? n : in->n;
    memcpy(out, in->p, k);
    memset(out + k, 0, n - k);
    in->p += k;
    in->n -= k;
    return n;
}

/* A well-formed-ish READ: frames of chosen kinds with fuzzed contents. */
static void structured_read(struct in *in)
{
    struct lcs_wbuf w;
    uint8_t frame[ETH_HDR_LEN + ETH_MTU + 64], pl[ETH_MTU + 50];
    lcs_wbuf_init(&w, fk.rbuf, fk.rcap);
    unsigned nf = take8(in) % 8u;
    for (unsigned i = 0; i < nf; i++) {
        uint8_t kind = take8(in);
        const uint8_t *dst = (kind & 3) == 0 ? up_mac : (kind & 3) == 1 ? eth_broadcast_mac
                             : tap_mac;
        size_t len;
        switch ((kind >> 2) % 5u) {
        case 0: {                       /* ARP, addresses from the small set */
            uint8_t sha[6];
            take(in, sha, 6);
            if (take8(in) & 1)
                memcpy(sha, tap_mac, 6);
            uint8_t ab = take8(in);
            uint16_t op = (ab & 0x80) ? take16(in) : (uint16_t)(1 + (ab & 1));
            arp_build(pl, op, sha, ips[ab & 3], up_mac, ips[(ab >> 2) & 3]);
            size_t pn = ARP_PACKET_LEN - (size_t)(take8(in) % 4u == 0 ? take8(in) % 29u : 0);
            len = eth_build(frame, dst, sha, ETHERTYPE_ARP, pl, pn);
            break;
        }
        case 1: {                       /* IPv4 */
            size_t pn = take16(in) % (ETH_MTU + 50u);
            take(in, pl, pn);
            len = eth_build(frame, dst, tap_mac, ETHERTYPE_IPV4, pl, pn);
            break;
        }
        case 2: {                       /* any EtherType */
            size_t pn = take8(in);
            uint16_t type = take16(in);
            take(in, pl, pn);
            len = eth_build(frame, dst, tap_mac, type, pl, pn);
            break;
        }
        case 3: {                       /* a command reply, maybe the awaited one */
            uint8_t r[LCS_LANSTAT_REPLY_LEN - LCS_HDR_LEN];
            take(in, r, sizeof r);
            if (take8(in) & 1)
                be_put16(r + 2, u.seq);
            size_t rn = take8(in) % (sizeof r + 1);
            size_t at = w.len;
            if (lcs_put_ether(&w, r, rn))
                w.buf[at + 2] = LCS_TYPE_COMMAND;
            continue;
        }
        default:                        /* a short or raw frame */
            len = take8(in) % 40u;
            take(in, frame, len);
            break;
        }
        if (!lcs_put_ether(&w, frame, len))
            break;
    }
    size_t got = lcs_wbuf_finish(&w);
    uint8_t cut = take8(in);
    if (cut & 0x80)                     /* a READ cut short */
        got = got * (cut & 0x7F) / 0x7F;
    read_done(true, got);
}

static void raw_read(struct in *in, bool ok)
{
    size_t got = take16(in) % (fk.rcap + 1);
    size_t k = got < in->n ? got : in->n;
    memcpy(fk.rbuf, in->p, k);
    memset(fk.rbuf + k, 0, got - k);
    in->p += k;
    in->n -= k;
    read_done(ok, got);
}

static void output(struct in *in)
{
    static uint8_t d[ETH_MTU + 8];
    uint8_t b = take8(in);
    uint32_t nh = (b & 0x80) ? (uint32_t)take16(in) << 16 | take16(in) : ips[b & 3];
    size_t len = take16(in) % sizeof d;
    take(in, d, len);
    if (len >= IPV4_HDR_LEN && (b & 0x40))
        ipv4_build(d, ips[(b >> 2) & 3], 0x0A090909u, IPV4_PROTO_UDP, 1,
                   len - IPV4_HDR_LEN);
    bool ready = u.state == UPLINK_READY;
    bool r = uplink_output(&u, d, len, nh, now);
    CHECK(ready || !r);
}

#define NCOUNT (sizeof(struct uplink_counters) / sizeof(uint64_t))

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bring_up();
    struct in in = { data, size };
    uint64_t prev[NCOUNT];
    memcpy(prev, &u.c, sizeof prev);
    while (in.n) {
        uint8_t op = take8(&in);
        switch (op % 10u) {
        case 0: case 1:
            if (fk.rbuf)
                structured_read(&in);
            break;
        case 2:
            if (fk.rbuf)
                raw_read(&in, (op & 0x10) == 0);
            break;
        case 3: case 4:
            if (fk.writing)
                write_done((op & 0x30) != 0x30);
            break;
        case 5: case 6:
            output(&in);
            break;
        case 7:
            now += (uint64_t)take16(&in) * ((op & 0x10) ? 100u : 1u);
            uplink_tick(&u, now);
            break;
        case 8:                         /* the device refuses the next I/O */
            fk.read_ok = (op & 0x10) == 0 || (op & 0x20) != 0;
            fk.write_ok = (op & 0x40) == 0 || (op & 0x20) != 0;
            break;
        default:
            if ((op & 0xF0) == 0x90) {  /* rare: stop, the caller halts the I/O */
                struct uplink_counters c = u.c;
                uplink_stop(&u);
                fk.writing = false;
                if (fk.rbuf && (op & 1))
                    read_done(true, take16(&in) % (fk.rcap + 1));   /* late: ignored */
                fk.rbuf = NULL;
                CHECK(memcmp(&c, &u.c, sizeof c) == 0);
                CHECK(!uplink_output(&u, data, size, ips[0], now));
            }
            break;
        }
        /* a READ is always out unless DOWN or FAILED */
        if (u.state != UPLINK_DOWN && u.state != UPLINK_FAILED)
            CHECK(fk.rbuf != NULL && u.reading);
        CHECK(u.state != UPLINK_DOWN || fk.rbuf == NULL);
        CHECK(fk.writing == u.writing);
        uint64_t cur[NCOUNT];
        memcpy(cur, &u.c, sizeof cur);
        for (size_t i = 0; i < NCOUNT; i++)
            CHECK(cur[i] >= prev[i]);
        memcpy(prev, cur, sizeof prev);
    }
    return 0;
}
