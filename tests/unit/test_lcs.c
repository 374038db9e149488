/*
 * test_lcs.c - the LCS buffer codec (osa/lcs.c): WRITE-buffer packing
 * checked byte by byte against the frames Hercules 3.13 was seen to accept
 * (shared/reference/lcs.md §4), the full-buffer rule (the 00 00
 * terminator always fits), READ-buffer walking with every malformed
 * offset, and command-reply decoding (STARTUP, LANSTAT with the MAC at
 * 0x16, QIPASSIST).
 */
#include <string.h>
#include "tests/unit/suites.h"
#include "osa/lcs.h"

/* [RUN] STARTUP request of lcs.md §4, then the terminator (WRITE count 0x16). */
static const uint8_t startup_req[0x16] = {
    0x00, 0x14,                                         /* 00 next frame at 0x14 */
    0x00,                                               /* 02 type command       */
    0x00,                                               /* 03 slot               */
    0x07,                                               /* 04 STARTUP            */
    0x00,                                               /* 05 initiator host     */
    0x00, 0x01,                                         /* 06 seq 1              */
    0x00, 0x00,                                         /* 08 rc                 */
    0x01,                                               /* 0A lan type Ethernet  */
    0x00,                                               /* 0B port 0             */
    0x50, 0x00,                                         /* 0C buffer size 0x5000 */
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00,                 /* 0E-13                 */
    0x00, 0x00,                                         /* 14 end of buffer      */
};

/* Its reply: bytes 00-0B copied, body zeroed (the size is not echoed). */
static const uint8_t startup_reply[0x16] = {
    0x00, 0x14, 0x00, 0x00,                             /* 00 next 0x14, cmd, 0  */
    0x07, 0x00, 0x00, 0x01,                             /* 04 STARTUP, host, seq */
    0x00, 0x00, 0x01, 0x00,                             /* 08 rc 0, Ethernet, 0  */
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,     /* 0C body zero          */
    0x00, 0x00,                                         /* 14 end of buffer      */
};

/* A 64-byte LANSTAT reply (seq 2) with the MAC at 0x16, then the end. */
static const uint8_t lanstat_reply[0x42] = {
    0x00, 0x40, 0x00, 0x00,                             /* 00 next 0x40, cmd     */
    0x04, 0x00, 0x00, 0x02,                             /* 04 LANSTAT, seq 2     */
    0x00, 0x00, 0x01, 0x00,                             /* 08 rc 0, Ethernet, 0  */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0,                       /* 0C-15 unused          */
    0x02, 0x00, 0x5E, 0x10, 0x20, 0x31,                 /* 16 MAC                */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,                 /* 1C counters           */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0x00, 0x00,                                         /* 40 end of buffer      */
};

/* A READ buffer: a STARTLAN reply, a 42-byte ARP request and a 0x26-byte
 * IPv4 frame (neither padded), then 00 00. */
static const uint8_t read_buf[] = {
    /* 0x00: command reply, 20 bytes */
    0x00, 0x14, 0x00, 0x00,                             /* 00 next 0x14, cmd     */
    0x01, 0x00, 0x00, 0x03,                             /* 04 STARTLAN, seq 3    */
    0x00, 0x00, 0x01, 0x00,                             /* 08 rc, Ethernet, port */
    0, 0, 0, 0, 0, 0, 0, 0,                             /* 0C body               */
    /* 0x14: Ethernet, 4 + 42 bytes -> next 0x42 */
    0x00, 0x42, 0x01, 0x00,                             /* 14 next 0x42, Ethernet */
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,                 /* 18 dst broadcast      */
    0x02, 0x00, 0x5E, 0x10, 0x20, 0x30,                 /* 1E src (the tap)      */
    0x08, 0x06,                                         /* 24 ARP                */
    0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01,     /* 26 Ether, IPv4, 6/4, req */
    0x02, 0x00, 0x5E, 0x10, 0x20, 0x30,                 /* 2E sha                */
    0x0A, 0x01, 0x01, 0x01,                             /* 34 spa 10.1.1.1       */
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00,                 /* 38 tha                */
    0x0A, 0x01, 0x01, 0x02,                             /* 3E tpa 10.1.1.2       */
    /* 0x42: Ethernet, 4 + 0x22 bytes -> next 0x68 */
    0x00, 0x68, 0x01, 0x00,                             /* 42 next 0x68          */
    0x02, 0x00, 0x5E, 0x10, 0x20, 0x31,                 /* 46 dst (us)           */
    0x02, 0x00, 0x5E, 0x10, 0x20, 0x30,                 /* 4C src                */
    0x08, 0x00,                                         /* 52 IPv4               */
    0x45, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x00,     /* 54 a bare IPv4 header */
    0x40, 0x01, 0x00, 0x00, 0x0A, 0x01, 0x01, 0x01,
    0x0A, 0x01, 0x01, 0x02,
    /* 0x68: end */
    0x00, 0x00,
};

static void test_err_str(void)
{
    CU_ASSERT_STRING_EQUAL(lcs_err_str(LCS_OK), "ok");
    CU_ASSERT_STRING_EQUAL(lcs_err_str(LCS_END), "end of buffer");
    for (int e = 1; e < LCS_ERR_COUNT; e++)
        CU_ASSERT_STRING_NOT_EQUAL(lcs_err_str((enum lcs_err)-e), "unknown LCS error");
    CU_ASSERT_STRING_EQUAL(lcs_err_str((enum lcs_err)-LCS_ERR_COUNT), "unknown LCS error");
    CU_ASSERT_STRING_EQUAL(lcs_err_str((enum lcs_err)2), "unknown LCS error");
}

/* ---- WRITE buffer ------------------------------------------------------- */

static void test_put_startup(void)
{
    uint8_t buf[0x100];
    struct lcs_wbuf w;
    memset(buf, 0xEE, sizeof buf);
    lcs_wbuf_init(&w, buf, sizeof buf);
    CU_ASSERT_EQUAL(w.len, 0);
    CU_ASSERT_TRUE(lcs_put_command(&w, LCS_CMD_STARTUP, 1, 0x5000));
    CU_ASSERT_EQUAL(w.len, 0x14);
    CU_ASSERT_EQUAL(w.frames, 1);
    CU_ASSERT_EQUAL(lcs_wbuf_finish(&w), 0x16);
    CU_ASSERT_EQUAL(memcmp(buf, startup_req, sizeof startup_req), 0);
    CU_ASSERT_EQUAL(buf[0x16], 0xEE);                   /* nothing past the end */

    /* both ends of the range Hercules accepts */
    lcs_wbuf_init(&w, buf, sizeof buf);
    CU_ASSERT_TRUE(lcs_put_command(&w, LCS_CMD_STARTUP, 9, LCS_STARTUP_SIZE_MIN));
    CU_ASSERT_EQUAL(be_get16(buf + 0x0C), 0x4000);
    CU_ASSERT_EQUAL(be_get16(buf + 0x06), 9);

    /* outside it the request is never built: Hercules would hang */
    lcs_wbuf_init(&w, buf, sizeof buf);
    memset(buf, 0xEE, sizeof buf);
    CU_ASSERT_FALSE(lcs_put_command(&w, LCS_CMD_STARTUP, 1, 0x3FFF));
    CU_ASSERT_FALSE(lcs_put_command(&w, LCS_CMD_STARTUP, 1, 0x5001));
    CU_ASSERT_FALSE(lcs_put_command(&w, LCS_CMD_STARTUP, 1, 0));
    CU_ASSERT_EQUAL(w.len, 0);
    CU_ASSERT_EQUAL(w.frames, 0);
    CU_ASSERT_EQUAL(buf[0], 0xEE);
}

static void test_put_commands(void)
{
    static const uint8_t cmds[] = { LCS_CMD_LANSTAT, LCS_CMD_STARTLAN, LCS_CMD_STOPLAN,
                                    LCS_CMD_SHUTDOWN, LCS_CMD_QIPASSIST };
    uint8_t buf[0x100];
    struct lcs_wbuf w;
    memset(buf, 0xEE, sizeof buf);
    lcs_wbuf_init(&w, buf, sizeof buf);
    for (unsigned i = 0; i < ARRAY_SIZE(cmds); i++)     /* size ignored, not STARTUP */
        CU_ASSERT_TRUE(lcs_put_command(&w, cmds[i], (uint16_t)(0xFFF0 + i), 0x1234));
    CU_ASSERT_EQUAL(lcs_wbuf_finish(&w), ARRAY_SIZE(cmds) * LCS_STD_CMD_LEN + 2);
    for (unsigned i = 0; i < ARRAY_SIZE(cmds); i++) {
        const uint8_t *f = buf + i * LCS_STD_CMD_LEN;
        uint8_t want[LCS_STD_CMD_LEN] = {
            0x00, (uint8_t)((i + 1) * 0x14), 0x00, 0x00,    /* 00 next, command */
            cmds[i], 0x00, 0xFF, (uint8_t)(0xF0 + i),       /* 04 cmd, host, seq */
            0x00, 0x00, 0x01, 0x00,                         /* 08 rc, Ethernet, 0 */
        };
        CU_ASSERT_EQUAL(memcmp(f, want, sizeof want), 0);
    }
    CU_ASSERT_EQUAL(be_get16(buf + 5 * 0x14), 0);        /* terminator */
}

static void test_put_ether(void)
{
    uint8_t frame[42], buf[0x80];
    struct lcs_wbuf w;
    for (unsigned i = 0; i < sizeof frame; i++)
        frame[i] = (uint8_t)(0xA0 + i);
    memset(buf, 0xEE, sizeof buf);
    lcs_wbuf_init(&w, buf, sizeof buf);
    CU_ASSERT_TRUE(lcs_put_command(&w, LCS_CMD_LANSTAT, 2, 0));
    CU_ASSERT_TRUE(lcs_put_ether(&w, frame, sizeof frame));
    CU_ASSERT_EQUAL(w.len, 0x14 + 4 + 42);
    CU_ASSERT_EQUAL(lcs_wbuf_finish(&w), 0x14 + 4 + 42 + 2);
    static const uint8_t hdr[4] = { 0x00, 0x42, 0x01, 0x00 };   /* next 0x42, Ethernet, 0 */
    CU_ASSERT_EQUAL(memcmp(buf + 0x14, hdr, 4), 0);
    CU_ASSERT_EQUAL(memcmp(buf + 0x18, frame, sizeof frame), 0);
    CU_ASSERT_EQUAL(be_get16(buf + 0x42), 0);
    CU_ASSERT_EQUAL(buf[0x44], 0xEE);

    /* an empty frame is a bare header */
    lcs_wbuf_init(&w, buf, sizeof buf);
    CU_ASSERT_TRUE(lcs_put_ether(&w, NULL, 0));
    CU_ASSERT_EQUAL(lcs_wbuf_finish(&w), 6);
    CU_ASSERT_EQUAL(be_get16(buf), 4);
}

static void test_wbuf_full(void)
{
    uint8_t frame[100], buf[0x40];
    struct lcs_wbuf w;
    memset(frame, 0x5A, sizeof frame);

    /* cap 0x40: 4 + 0x3A + 2 fills it exactly; one byte more does not fit */
    lcs_wbuf_init(&w, buf, sizeof buf);
    CU_ASSERT_TRUE(lcs_wbuf_fits(&w, 0x3A));
    CU_ASSERT_FALSE(lcs_wbuf_fits(&w, 0x3B));
    CU_ASSERT_FALSE(lcs_put_ether(&w, frame, 0x3B));
    CU_ASSERT_EQUAL(w.len, 0);
    CU_ASSERT_TRUE(lcs_put_ether(&w, frame, 0x3A));
    CU_ASSERT_EQUAL(w.len, 0x3E);
    CU_ASSERT_FALSE(lcs_put_ether(&w, frame, 0));       /* not even a header    */
    CU_ASSERT_FALSE(lcs_put_command(&w, LCS_CMD_LANSTAT, 1, 0));
    CU_ASSERT_EQUAL(w.frames, 1);
    CU_ASSERT_EQUAL(lcs_wbuf_finish(&w), 0x40);
    CU_ASSERT_EQUAL(be_get16(buf + 0x3E), 0);

    /* commands until full: 3 x 20 bytes + 2 <= 0x40, the 4th does not fit */
    lcs_wbuf_init(&w, buf, sizeof buf);
    unsigned n = 0;
    while (lcs_put_command(&w, LCS_CMD_STARTLAN, (uint16_t)n, 0))
        n++;
    CU_ASSERT_EQUAL(n, 3);
    CU_ASSERT_EQUAL(w.len, 60);
    CU_ASSERT_EQUAL(lcs_wbuf_finish(&w), 62);

    /* the smallest buffer holds only the terminator */
    uint8_t tiny[2] = { 0xEE, 0xEE };
    lcs_wbuf_init(&w, tiny, sizeof tiny);
    CU_ASSERT_FALSE(lcs_put_ether(&w, frame, 0));
    CU_ASSERT_EQUAL(lcs_wbuf_finish(&w), 2);
    CU_ASSERT_EQUAL(tiny[0], 0);
    CU_ASSERT_EQUAL(tiny[1], 0);

    /* a capacity the 16-bit offsets cannot describe is clamped */
    static uint8_t big[0x12000];
    lcs_wbuf_init(&w, big, sizeof big);
    CU_ASSERT_EQUAL(w.cap, LCS_WBUF_MAX);
    n = 0;
    while (lcs_put_ether(&w, big, 1500))
        n++;
    CU_ASSERT_EQUAL(n, (LCS_WBUF_MAX - 2) / 1504);
    CU_ASSERT_TRUE(w.len + 2 <= LCS_WBUF_MAX);
    CU_ASSERT_EQUAL(be_get16(big + w.len - 1504), w.len);
}

/* ---- READ buffer -------------------------------------------------------------- */

static void test_walk(void)
{
    size_t pos = 0;
    struct lcs_frame f;
    struct lcs_reply r;

    CU_ASSERT_EQUAL(lcs_next(read_buf, sizeof read_buf, &pos, &f), LCS_OK);
    CU_ASSERT_EQUAL(f.type, LCS_TYPE_COMMAND);
    CU_ASSERT_EQUAL(f.offset, 0);
    CU_ASSERT_PTR_EQUAL(f.data, read_buf + 4);
    CU_ASSERT_EQUAL(f.len, 0x10);
    CU_ASSERT_EQUAL(pos, 0x14);
    CU_ASSERT_EQUAL(lcs_parse_reply(&f, &r), LCS_OK);
    CU_ASSERT_EQUAL(r.cmd, LCS_CMD_STARTLAN);
    CU_ASSERT_EQUAL(r.seq, 3);
    CU_ASSERT_EQUAL(r.rc, 0);
    CU_ASSERT_FALSE(r.has_mac);

    CU_ASSERT_EQUAL(lcs_next(read_buf, sizeof read_buf, &pos, &f), LCS_OK);
    CU_ASSERT_EQUAL(f.type, LCS_TYPE_ETHERNET);
    CU_ASSERT_EQUAL(f.slot, 0);
    CU_ASSERT_EQUAL(f.offset, 0x14);
    CU_ASSERT_PTR_EQUAL(f.data, read_buf + 0x18);
    CU_ASSERT_EQUAL(f.len, 42);
    CU_ASSERT_EQUAL(lcs_parse_reply(&f, &r), LCS_ERR_TYPE);

    CU_ASSERT_EQUAL(lcs_next(read_buf, sizeof read_buf, &pos, &f), LCS_OK);
    CU_ASSERT_EQUAL(f.type, LCS_TYPE_ETHERNET);
    CU_ASSERT_PTR_EQUAL(f.data, read_buf + 0x46);
    CU_ASSERT_EQUAL(f.len, 0x22);
    CU_ASSERT_EQUAL(pos, 0x68);

    CU_ASSERT_EQUAL(lcs_next(read_buf, sizeof read_buf, &pos, &f), LCS_END);
    CU_ASSERT_EQUAL(pos, 0x68);
    CU_ASSERT_EQUAL(lcs_next(read_buf, sizeof read_buf, &pos, &f), LCS_END);

    /* without the terminator: the end of the data ends the walk */
    pos = 0x42;
    CU_ASSERT_EQUAL(lcs_next(read_buf, 0x68, &pos, &f), LCS_OK);
    CU_ASSERT_EQUAL(lcs_next(read_buf, 0x68, &pos, &f), LCS_END);
    pos = 0x42;
    CU_ASSERT_EQUAL(lcs_next(read_buf, 0x69, &pos, &f), LCS_OK);
    CU_ASSERT_EQUAL(lcs_next(read_buf, 0x69, &pos, &f), LCS_END);   /* 1 byte left */

    /* empty buffers */
    pos = 0;
    CU_ASSERT_EQUAL(lcs_next(read_buf, 0, &pos, &f), LCS_END);
    CU_ASSERT_EQUAL(lcs_next(read_buf, 1, &pos, &f), LCS_END);
    CU_ASSERT_EQUAL(lcs_next(startup_req + 0x14, 2, &pos, &f), LCS_END);
}

static void test_walk_errors(void)
{
    uint8_t b[0x30];
    size_t pos;
    struct lcs_frame f;

    /* a READ cut short (count smaller than the batch): offset past the data */
    pos = 0x14;
    CU_ASSERT_EQUAL(lcs_next(read_buf, 0x41, &pos, &f), LCS_ERR_BEYOND);
    CU_ASSERT_EQUAL(pos, 0x14);                        /* unchanged: sticky */
    CU_ASSERT_EQUAL(lcs_next(read_buf, 0x41, &pos, &f), LCS_ERR_BEYOND);
    pos = 0x100;                                        /* position past len */
    CU_ASSERT_EQUAL(lcs_next(read_buf, sizeof read_buf, &pos, &f), LCS_ERR_BEYOND);

    /* an offset that points back, or at itself */
    memset(b, 0, sizeof b);
    be_put16(b + 0x00, 0x10);
    be_put16(b + 0x10, 0x08);
    pos = 0;
    CU_ASSERT_EQUAL(lcs_next(b, sizeof b, &pos, &f), LCS_OK);
    CU_ASSERT_EQUAL(lcs_next(b, sizeof b, &pos, &f), LCS_ERR_OFFSET);
    CU_ASSERT_EQUAL(pos, 0x10);
    be_put16(b + 0x10, 0x10);
    CU_ASSERT_EQUAL(lcs_next(b, sizeof b, &pos, &f), LCS_ERR_OFFSET);

    /* a frame shorter than its header: next - pos of 1..3 */
    for (uint16_t d = 1; d < 4; d++) {
        be_put16(b + 0x10, (uint16_t)(0x10 + d));
        pos = 0x10;
        CU_ASSERT_EQUAL(lcs_next(b, sizeof b, &pos, &f), LCS_ERR_SHORT);
    }
    /* exactly a header: an empty frame */
    be_put16(b + 0x10, 0x14);
    pos = 0x10;
    CU_ASSERT_EQUAL(lcs_next(b, sizeof b, &pos, &f), LCS_OK);
    CU_ASSERT_EQUAL(f.len, 0);

    /* a non-zero offset with less than a header left */
    be_put16(b + 0x2D, 0x2F);
    pos = 0x2D;
    CU_ASSERT_EQUAL(lcs_next(b, sizeof b, &pos, &f), LCS_ERR_SHORT);
    pos = 0x2C;
    be_put16(b + 0x2C, 0x30);
    CU_ASSERT_EQUAL(lcs_next(b, sizeof b, &pos, &f), LCS_OK);  /* 4 left: fine */
    CU_ASSERT_EQUAL(f.len, 0);
    CU_ASSERT_EQUAL(lcs_next(b, sizeof b, &pos, &f), LCS_END);

    /* a walk over any buffer ends within len/4 + 1 steps */
    for (unsigned v = 0; v < 0x40; v++) {
        for (unsigned i = 0; i < sizeof b; i += 2)
            be_put16(b + i, (uint16_t)(i + v));
        pos = 0;
        unsigned steps = 0;
        enum lcs_err e;
        while ((e = lcs_next(b, sizeof b, &pos, &f)) == LCS_OK)
            steps++;
        CU_ASSERT_TRUE(steps <= sizeof b / 4);
        CU_ASSERT_TRUE(e == LCS_END || e < 0);
    }
}

/* ---- replies ---------------------------------------------------------------------- */

static void test_reply_startup(void)
{
    size_t pos = 0;
    struct lcs_frame f;
    struct lcs_reply r;
    CU_ASSERT_EQUAL(lcs_next(startup_reply, sizeof startup_reply, &pos, &f), LCS_OK);
    memset(&r, 0xAA, sizeof r);
    CU_ASSERT_EQUAL(lcs_parse_reply(&f, &r), LCS_OK);
    CU_ASSERT_EQUAL(r.cmd, LCS_CMD_STARTUP);
    CU_ASSERT_EQUAL(r.initiator, LCS_INITIATOR_HOST);
    CU_ASSERT_EQUAL(r.seq, 1);
    CU_ASSERT_EQUAL(r.rc, 0);
    CU_ASSERT_EQUAL(r.lan_type, LCS_LAN_TYPE_ETHERNET);
    CU_ASSERT_EQUAL(r.port, 0);
    CU_ASSERT_FALSE(r.has_mac);
    CU_ASSERT_FALSE(r.has_assists);
    CU_ASSERT_EQUAL(lcs_next(startup_reply, sizeof startup_reply, &pos, &f), LCS_END);

    /* what we write parses as a (command) frame too: rc and initiator */
    uint8_t b[0x16];
    memcpy(b, startup_reply, sizeof b);
    be_put16(b + 0x08, 0x0102);
    b[0x05] = LCS_INITIATOR_LGW;
    pos = 0;
    CU_ASSERT_EQUAL(lcs_next(b, sizeof b, &pos, &f), LCS_OK);
    CU_ASSERT_EQUAL(lcs_parse_reply(&f, &r), LCS_OK);
    CU_ASSERT_EQUAL(r.rc, 0x0102);
    CU_ASSERT_EQUAL(r.initiator, LCS_INITIATOR_LGW);

    /* the command header must be whole: 8 bytes after the LCS header */
    f.len = 7;
    CU_ASSERT_EQUAL(lcs_parse_reply(&f, &r), LCS_ERR_SHORT);
    f.len = 8;
    CU_ASSERT_EQUAL(lcs_parse_reply(&f, &r), LCS_OK);
}

static void test_reply_lanstat(void)
{
    static const uint8_t mac[6] = { 0x02, 0x00, 0x5E, 0x10, 0x20, 0x31 };
    size_t pos = 0;
    struct lcs_frame f;
    struct lcs_reply r;
    CU_ASSERT_EQUAL(lcs_next(lanstat_reply, sizeof lanstat_reply, &pos, &f), LCS_OK);
    CU_ASSERT_EQUAL(f.len, 0x3C);
    CU_ASSERT_EQUAL(lcs_parse_reply(&f, &r), LCS_OK);
    CU_ASSERT_EQUAL(r.cmd, LCS_CMD_LANSTAT);
    CU_ASSERT_EQUAL(r.seq, 2);
    CU_ASSERT_TRUE(r.has_mac);
    CU_ASSERT_EQUAL(memcmp(r.mac, mac, 6), 0);
    CU_ASSERT_EQUAL(lcs_next(lanstat_reply, sizeof lanstat_reply, &pos, &f), LCS_END);

    /* the MAC ends at frame offset 0x1C: 0x18 bytes after the header */
    uint8_t b[0x1E];
    memcpy(b, lanstat_reply, 0x1C);
    be_put16(b, 0x1C);
    be_put16(b + 0x1C, 0);
    pos = 0;
    CU_ASSERT_EQUAL(lcs_next(b, sizeof b, &pos, &f), LCS_OK);
    CU_ASSERT_EQUAL(lcs_parse_reply(&f, &r), LCS_OK);
    CU_ASSERT_EQUAL(memcmp(r.mac, mac, 6), 0);
    be_put16(b, 0x1B);
    pos = 0;
    CU_ASSERT_EQUAL(lcs_next(b, sizeof b, &pos, &f), LCS_OK);
    CU_ASSERT_EQUAL(lcs_parse_reply(&f, &r), LCS_ERR_SHORT);
    be_put16(b, 0x14);                                  /* a standard-size LANSTAT */
    pos = 0;
    CU_ASSERT_EQUAL(lcs_next(b, sizeof b, &pos, &f), LCS_OK);
    CU_ASSERT_EQUAL(lcs_parse_reply(&f, &r), LCS_ERR_SHORT);
}

static void test_reply_qipassist(void)
{
    static const uint8_t b[0x16] = {
        0x00, 0x14, 0x00, 0x00,                         /* 00 next 0x14, command */
        0xB2, 0x00, 0x00, 0x04,                         /* 04 QIPASSIST, seq 4   */
        0x00, 0x00, 0x01, 0x00,                         /* 08 rc, Ethernet, 0    */
        0x00, 0x00,                                     /* 0C pairs              */
        0x00, 0x48,                                     /* 0E supported          */
        0x00, 0x48,                                     /* 10 enabled            */
        0x00, 0x04,                                     /* 12 version            */
        0x00, 0x00,                                     /* 14 end                */
    };
    size_t pos = 0;
    struct lcs_frame f;
    struct lcs_reply r;
    CU_ASSERT_EQUAL(lcs_next(b, sizeof b, &pos, &f), LCS_OK);
    CU_ASSERT_EQUAL(lcs_parse_reply(&f, &r), LCS_OK);
    CU_ASSERT_EQUAL(r.cmd, LCS_CMD_QIPASSIST);
    CU_ASSERT_TRUE(r.has_assists);
    CU_ASSERT_EQUAL(r.assists_supported, 0x0048);
    CU_ASSERT_EQUAL(r.assists_enabled, 0x0048);
    CU_ASSERT_FALSE(r.has_mac);
    f.len = 0x0F;
    CU_ASSERT_EQUAL(lcs_parse_reply(&f, &r), LCS_ERR_SHORT);
}

/* Build a buffer, then walk it as a READ buffer: what we write, we read. */
static void test_round_trip(void)
{
    uint8_t buf[0x200], frame[60];
    struct lcs_wbuf w;
    for (unsigned i = 0; i < sizeof frame; i++)
        frame[i] = (uint8_t)i;
    lcs_wbuf_init(&w, buf, sizeof buf);
    CU_ASSERT_TRUE(lcs_put_command(&w, LCS_CMD_STARTUP, 7, 0x4800));
    CU_ASSERT_TRUE(lcs_put_ether(&w, frame, 60));
    CU_ASSERT_TRUE(lcs_put_ether(&w, frame, 17));
    CU_ASSERT_TRUE(lcs_put_command(&w, LCS_CMD_SHUTDOWN, 8, 0));
    size_t len = lcs_wbuf_finish(&w), pos = 0;

    struct lcs_frame f;
    struct lcs_reply r;
    CU_ASSERT_EQUAL(lcs_next(buf, len, &pos, &f), LCS_OK);
    CU_ASSERT_EQUAL(lcs_parse_reply(&f, &r), LCS_OK);
    CU_ASSERT_EQUAL(r.cmd, LCS_CMD_STARTUP);
    CU_ASSERT_EQUAL(r.seq, 7);
    CU_ASSERT_EQUAL(be_get16(f.data + 0x08), 0x4800);   /* frame offset 0x0C */
    CU_ASSERT_EQUAL(lcs_next(buf, len, &pos, &f), LCS_OK);
    CU_ASSERT_EQUAL(f.type, LCS_TYPE_ETHERNET);
    CU_ASSERT_EQUAL(f.len, 60);
    CU_ASSERT_EQUAL(memcmp(f.data, frame, 60), 0);
    CU_ASSERT_EQUAL(lcs_next(buf, len, &pos, &f), LCS_OK);
    CU_ASSERT_EQUAL(f.len, 17);
    CU_ASSERT_EQUAL(lcs_next(buf, len, &pos, &f), LCS_OK);
    CU_ASSERT_EQUAL(lcs_parse_reply(&f, &r), LCS_OK);
    CU_ASSERT_EQUAL(r.cmd, LCS_CMD_SHUTDOWN);
    CU_ASSERT_EQUAL(lcs_next(buf, len, &pos, &f), LCS_END);
    CU_ASSERT_EQUAL(pos, len - 2);
}

void register_lcs_tests(void)
{
    static const struct unit_test tests[] = {
        { "lcs_err_str", test_err_str },
        { "put STARTUP (lcs.md fixture, size range)", test_put_startup },
        { "put standard commands", test_put_commands },
        { "put Ethernet frame", test_put_ether },
        { "write buffer full keeps the terminator", test_wbuf_full },
        { "walk a READ buffer", test_walk },
        { "walk errors never loop", test_walk_errors },
        { "STARTUP reply", test_reply_startup },
        { "LANSTAT reply MAC at 0x16", test_reply_lanstat },
        { "QIPASSIST reply", test_reply_qipassist },
        { "write -> walk round trip", test_round_trip },
        { NULL, NULL },
    };
    unit_add_suite("lcs", tests);
}
