/*
 * fuzz_lcs.c - libFuzzer harness for the LCS READ-buffer walk and the
 * codecs behind it (osa/lcs.c, osa/arp.c).  The input, copied into an
 * exactly-sized heap buffer so that ASan sees any over-read, is walked as
 * a READ buffer: every frame must lie inside the input, positions must
 * strictly advance (so the walk ends within len/4 + 1 steps), and errors
 * must leave the position alone.  Command frames go through
 * lcs_parse_reply; Ethernet frames through eth_parse and arp_parse_frame,
 * whose pointers must lie inside the frame, and accepted ARP packets must
 * survive a build -> parse round trip.  Every frame walked is packed into
 * a WRITE buffer again, which must walk back to the same frames.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "osa/lcs.h"
#include "osa/arp.h"

#define CHECK(x) do { if (!(x)) { fprintf(stderr, "check failed: %s (line %d)\n", #x, __LINE__); abort(); } } while (0)

/* [p, p + n) lies within [base, base + size). */
static int inside(const uint8_t *base, size_t size, const void *p, size_t n)
{
    uintptr_t b = (uintptr_t)base, q = (uintptr_t)p;
    return q >= b && q - b <= size && n <= size - (q - b);
}

static void fuzz_ether(const uint8_t *frame, size_t len)
{
    const uint8_t *dst, *src, *payload;
    uint16_t type;
    size_t plen;
    enum arp_err e = eth_parse(frame, len, &dst, &src, &type, &payload, &plen);
    CHECK(e <= ARP_OK && e > -ARP_ERR_COUNT);
    CHECK(strcmp(arp_err_str(e), "unknown ARP error") != 0);
    if (e == ARP_OK) {
        CHECK(inside(frame, len, dst, ETH_ALEN) && inside(frame, len, src, ETH_ALEN));
        CHECK(inside(frame, len, payload, plen) && plen == len - ETH_HDR_LEN);
        CHECK(type >= ETH_TYPE_MIN);
    } else {
        CHECK(e == ARP_ERR_SHORT || e == ARP_ERR_ETHERTYPE);
    }

    struct arp_packet a, b;
    enum arp_err ea = arp_parse_frame(frame, len, &a);
    CHECK(ea <= ARP_OK && ea > -ARP_ERR_COUNT);
    CHECK(ea != ARP_OK || (e == ARP_OK && type == ETHERTYPE_ARP && plen >= ARP_PACKET_LEN));
    if (ea != ARP_OK)
        return;
    CHECK(a.op == ARP_OP_REQUEST || a.op == ARP_OP_REPLY);
    uint8_t out[ARP_FRAME_LEN];
    if (a.op == ARP_OP_REPLY)
        CHECK(arp_build_reply(out, a.sha, a.spa, a.tha, a.tpa) == ARP_FRAME_LEN);
    else
        CHECK(arp_build(out + ETH_HDR_LEN, a.op, a.sha, a.spa, a.tha, a.tpa) == ARP_PACKET_LEN);
    CHECK(arp_parse(out + ETH_HDR_LEN, ARP_PACKET_LEN, &b) == ARP_OK);
    CHECK(b.op == a.op && b.spa == a.spa && b.tpa == a.tpa);
    CHECK(memcmp(b.sha, a.sha, ETH_ALEN) == 0 && memcmp(b.tha, a.tha, ETH_ALEN) == 0);
    /* the packet as sent is the bytes received, up to the padding */
    CHECK(memcmp(out + ETH_HDR_LEN, payload, ARP_PACKET_LEN) == 0);
}

static void fuzz_reply(const struct lcs_frame *f)
{
    struct lcs_reply r;
    enum lcs_err e = lcs_parse_reply(f, &r);
    CHECK(e <= LCS_OK && e > -LCS_ERR_COUNT);
    CHECK(strcmp(lcs_err_str(e), "unknown LCS error") != 0);
    if (f->type != LCS_TYPE_COMMAND) {
        CHECK(e == LCS_ERR_TYPE);
        return;
    }
    CHECK(e == LCS_OK || e == LCS_ERR_SHORT);
    uint8_t cmd = f->len ? f->data[0] : 0;
    bool ok = f->len >= 8 && !(cmd == LCS_CMD_LANSTAT && f->len < 0x18)
              && !(cmd == LCS_CMD_QIPASSIST && f->len < 0x10);
    CHECK((e == LCS_OK) == ok);
    if (e == LCS_OK) {
        CHECK(r.cmd == f->data[0] && r.seq == be_get16(f->data + 2));
        CHECK(r.has_mac == (r.cmd == LCS_CMD_LANSTAT));
        if (r.has_mac)
            CHECK(memcmp(r.mac, f->data + LCS_LANSTAT_MAC_OFF - LCS_HDR_LEN, ETH_ALEN) == 0);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *buf = malloc(size ? size : 1);
    static uint8_t wb[LCS_WBUF_MAX];
    static struct lcs_frame frames[LCS_WBUF_MAX / 4 + 1];
    if (!buf)
        return 0;
    if (size)
        memcpy(buf, data, size);

    size_t pos = 0, steps = 0;
    struct lcs_frame f;
    enum lcs_err e;
    while ((e = lcs_next(buf, size, &pos, &f)) == LCS_OK) {
        CHECK(inside(buf, size, f.data, f.len));
        CHECK(f.offset + LCS_HDR_LEN + f.len == pos && f.data == buf + f.offset + LCS_HDR_LEN);
        CHECK(steps == 0 || f.offset == frames[steps - 1].offset + LCS_HDR_LEN
                                        + frames[steps - 1].len);
        CHECK(steps < size / 4 + 1);
        frames[steps++] = f;
        if (f.type == LCS_TYPE_ETHERNET)
            fuzz_ether(f.data, f.len);
        fuzz_reply(&f);
    }
    CHECK(e == LCS_END || (e < 0 && e > -LCS_ERR_COUNT));
    CHECK(strcmp(lcs_err_str(e), "unknown LCS error") != 0);
    size_t stop = pos;
    struct lcs_frame g;
    CHECK(lcs_next(buf, size, &pos, &g) == e && pos == stop);   /* sticky */

    /* pack the Ethernet frames again; they must walk back the same */
    struct lcs_wbuf w;
    size_t cap = size < LCS_END_LEN ? LCS_END_LEN : size;
    lcs_wbuf_init(&w, wb, cap > sizeof wb ? sizeof wb : cap);
    size_t packed = 0;
    for (size_t i = 0; i < steps; i++) {
        if (frames[i].type != LCS_TYPE_ETHERNET)
            continue;
        if (!lcs_put_ether(&w, frames[i].data, frames[i].len))
            break;
        frames[packed++] = frames[i];
    }
    size_t wlen = lcs_wbuf_finish(&w);
    CHECK(wlen <= w.cap && w.frames == packed);
    pos = 0;
    for (size_t i = 0; i < packed; i++) {
        CHECK(lcs_next(wb, wlen, &pos, &g) == LCS_OK);
        CHECK(g.type == LCS_TYPE_ETHERNET && g.slot == 0 && g.len == frames[i].len);
        CHECK(memcmp(g.data, frames[i].data, g.len) == 0);
    }
    CHECK(lcs_next(wb, wlen, &pos, &g) == LCS_END && pos == wlen - LCS_END_LEN);
    free(buf);
    return 0;
}
