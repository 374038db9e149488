/* test_telnet_codec.c - CUnit suite for tools/vmlan/telnet_codec.c.
 * Fixtures are the byte strings Hercules 3.13 console.c sends (negotiate(), connect_client()). */
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <string.h>

#include "../../tools/vmlan/telnet_codec.h"

#include "suites.h"

#define TT_MAX_EVENTS 64

/* Everything one feed produced, in order. */
struct tt_log {
    enum tnc_event ev[TT_MAX_EVENTS];
    char text[TT_MAX_EVENTS][TNC_LINE_MAX + 1];   /* line[] for line events */
    bool split[TT_MAX_EVENTS];
    size_t n;
    uint8_t replies[512];                         /* all reply bytes concatenated */
    size_t nreplies;
};

/* Feed in[0..len) to c in chunks of at most chunk bytes, recording every event. */
static void tt_feed(struct tnc *c, const uint8_t *in, size_t len, size_t chunk, struct tt_log *log)
{
    size_t off = 0;
    while (off < len) {
        size_t part = len - off < chunk ? len - off : chunk;
        size_t done = 0;
        while (done < part) {
            size_t used = 0;
            enum tnc_event ev = tnc_decode(c, in + off + done, part - done, &used);
            CU_ASSERT_FATAL(used > 0 && used <= part - done);
            done += used;
            if (ev == TNC_EV_NONE)
                continue;
            CU_ASSERT_FATAL(log->n < TT_MAX_EVENTS);
            log->ev[log->n] = ev;
            log->split[log->n] = c->line_split;
            if (ev == TNC_EV_REPLY) {
                CU_ASSERT_FATAL(log->nreplies + c->reply_len <= sizeof log->replies);
                memcpy(log->replies + log->nreplies, c->reply, c->reply_len);
                log->nreplies += c->reply_len;
                log->text[log->n][0] = '\0';
            } else {
                CU_ASSERT_EQUAL(strlen(c->line), c->line_len);
                memcpy(log->text[log->n], c->line, c->line_len + 1);
            }
            log->n++;
        }
        off += part;
    }
}

static void tt_init(struct tnc *c, struct tt_log *log)
{
    CU_ASSERT_EQUAL_FATAL(tnc_init(c, "DUMB@VMLAN"), TNC_OK);
    memset(log, 0, sizeof *log);
}

/* Hercules' side of a 1052/3215 connection, up to and including the banner. */
static const uint8_t tt_server_hello[] = {
    255, 253, 24,                      /* IAC DO TTYPE */
    255, 250, 24, 1, 255, 240,         /* IAC SB TTYPE SEND IAC SE */
    'H', 'e', 'r', 'c', 'u', 'l', 'e', 's', ' ', 'v', '3', '\r', '\n',
    'r', 'u', 'n', 'n', 'i', 'n', 'g', ' ', 'o', 'n', ' ', 'x', '\r', '\n',
    'C', 'o', 'n', 'n', 'e', 'c', 't', 'e', 'd', ' ', 't', 'o', ' ', 'd', 'e', 'v', 'i', 'c',
    'e', ' ', '0', ':', '0', '0', '0', '9', '\r', '\n',
};

/* What the client must answer to tt_server_hello, byte-exact. */
static const uint8_t tt_client_hello[] = {
    255, 251, 24,                                          /* IAC WILL TTYPE */
    255, 250, 24, 0, 'D', 'U', 'M', 'B', '@', 'V', 'M', 'L', 'A', 'N', 255, 240,
};

static void tt_check_hello(const struct tt_log *log)
{
    CU_ASSERT_EQUAL_FATAL(log->n, 5);
    CU_ASSERT_EQUAL(log->ev[0], TNC_EV_REPLY);
    CU_ASSERT_EQUAL(log->ev[1], TNC_EV_REPLY);
    CU_ASSERT_EQUAL(log->ev[2], TNC_EV_BANNER);
    CU_ASSERT_STRING_EQUAL(log->text[2], "Hercules v3");
    CU_ASSERT_EQUAL(log->ev[3], TNC_EV_BANNER);
    CU_ASSERT_EQUAL(log->ev[4], TNC_EV_CONNECTED);
    CU_ASSERT_STRING_EQUAL(log->text[4], "Connected to device 0:0009");
    CU_ASSERT_EQUAL_FATAL(log->nreplies, sizeof tt_client_hello);
    CU_ASSERT_EQUAL(memcmp(log->replies, tt_client_hello, sizeof tt_client_hello), 0);
}

static void test_handshake_whole(void)
{
    struct tnc c;
    struct tt_log log;
    tt_init(&c, &log);
    CU_ASSERT_FALSE(c.connected);
    tt_feed(&c, tt_server_hello, sizeof tt_server_hello, sizeof tt_server_hello, &log);
    tt_check_hello(&log);
    CU_ASSERT_TRUE(c.connected);
}

static void test_handshake_every_split(void)
{
    for (size_t chunk = 1; chunk < 12; chunk++) {
        struct tnc c;
        struct tt_log log;
        tt_init(&c, &log);
        tt_feed(&c, tt_server_hello, sizeof tt_server_hello, chunk, &log);
        tt_check_hello(&log);
    }
}

/* One option command from the server -> the expected reply (len 0: none). */
static void tt_option(uint8_t verb, uint8_t opt, const uint8_t *want, size_t wantlen)
{
    struct tnc c;
    struct tt_log log;
    tt_init(&c, &log);
    const uint8_t in[3] = { 255, verb, opt };
    tt_feed(&c, in, 3, 3, &log);
    CU_ASSERT_EQUAL(log.nreplies, wantlen);
    if (log.nreplies == wantlen && wantlen > 0)
        CU_ASSERT_EQUAL(memcmp(log.replies, want, wantlen), 0);
    CU_ASSERT_EQUAL(c.state, TNC_S_DATA);
}

static void test_option_replies(void)
{
    static const uint8_t will_ttype[] = { 255, 251, 24 }, wont_naws[] = { 255, 252, 31 },
                         dont_echo[] = { 255, 254, 1 }, dont_sga[] = { 255, 254, 3 },
                         wont_bin[] = { 255, 252, 0 };
    tt_option(253, 24, will_ttype, 3);     /* DO TTYPE  -> WILL TTYPE */
    tt_option(253, 31, wont_naws, 3);      /* DO NAWS   -> WONT NAWS */
    tt_option(253, 0, wont_bin, 3);        /* DO BINARY -> WONT BINARY */
    tt_option(252, 1, dont_echo, 3);       /* WONT ECHO -> DONT ECHO (Hercules requires it) */
    tt_option(251, 1, dont_echo, 3);       /* WILL ECHO -> DONT ECHO */
    tt_option(251, 3, dont_sga, 3);        /* WILL SGA  -> DONT SGA */
    tt_option(254, 24, NULL, 0);           /* DONT x    -> nothing */
    tt_option(252, 3, NULL, 0);            /* WONT SGA  -> nothing */
}

static void test_subnegotiation(void)
{
    struct tnc c;
    struct tt_log log;
    /* SB with other options or extra bytes: no reply, parser returns to data */
    static const uint8_t other[] = { 255, 250, 31, 0, 80, 0, 24, 255, 240, 'a', '\n' };
    tt_init(&c, &log);
    tt_feed(&c, other, sizeof other, 4, &log);
    CU_ASSERT_EQUAL(log.nreplies, 0);
    CU_ASSERT_EQUAL_FATAL(log.n, 1);
    CU_ASSERT_STRING_EQUAL(log.text[0], "a");
    /* IAC IAC inside SB is a data byte, not the end */
    static const uint8_t esc[] = { 255, 250, 24, 255, 255, 255, 240, 'b', '\n' };
    tt_init(&c, &log);
    tt_feed(&c, esc, sizeof esc, 1, &log);
    CU_ASSERT_EQUAL(log.nreplies, 0);
    CU_ASSERT_EQUAL_FATAL(log.n, 1);
    CU_ASSERT_STRING_EQUAL(log.text[0], "b");
    /* an SB longer than the buffer is skipped whole */
    uint8_t big[TNC_SB_MAX + 16];
    size_t n = 0;
    big[n++] = 255, big[n++] = 250, big[n++] = 24, big[n++] = 1;
    while (n < sizeof big - 4)
        big[n++] = 'x';
    big[n++] = 255, big[n++] = 240, big[n++] = 'c', big[n++] = '\n';
    tt_init(&c, &log);
    tt_feed(&c, big, n, n, &log);
    CU_ASSERT_EQUAL(log.nreplies, 0);
    CU_ASSERT_EQUAL_FATAL(log.n, 1);
    CU_ASSERT_STRING_EQUAL(log.text[0], "c");
}

static void test_iac_stripping(void)
{
    static const uint8_t in[] = {
        'R', 'e', 255, 241 /* NOP */, 'a', 'd', 255, 249 /* GA */, 'y', ';', 255, 251, 1,
        '\r', '\n',
    };
    for (size_t chunk = 1; chunk <= sizeof in; chunk++) {
        struct tnc c;
        struct tt_log log;
        tt_init(&c, &log);
        c.connected = true;
        tt_feed(&c, in, sizeof in, chunk, &log);
        CU_ASSERT_EQUAL_FATAL(log.n, 2);
        CU_ASSERT_EQUAL(log.ev[0], TNC_EV_REPLY);    /* WILL ECHO -> DONT ECHO mid-line */
        CU_ASSERT_EQUAL(log.ev[1], TNC_EV_LINE);
        CU_ASSERT_STRING_EQUAL(log.text[1], "Ready;");
    }
}

static void test_iac_iac(void)
{
    static const uint8_t in[] = { 'x', 255, 255, 'y', '\r', '\n' };
    struct tnc c;
    struct tt_log log;
    tt_init(&c, &log);
    c.connected = true;
    tt_feed(&c, in, sizeof in, 2, &log);     /* split between the two IACs */
    CU_ASSERT_EQUAL_FATAL(log.n, 1);
    CU_ASSERT_EQUAL(log.nreplies, 0);
    CU_ASSERT_STRING_EQUAL(log.text[0], "x\xffy");
}

static void test_cr_lf(void)
{
    static const char in[] = "one\r\ntwo  \t \r\nthree\nfo\rur\r\n\r\n   \r\nsi\0x\r\n";
    struct tnc c;
    struct tt_log log;
    tt_init(&c, &log);
    c.connected = true;
    tt_feed(&c, (const uint8_t *)in, sizeof in - 1, 5, &log);
    CU_ASSERT_EQUAL_FATAL(log.n, 7);
    static const char *const want[] = { "one", "two", "three", "four", "", "", "six" };
    for (size_t i = 0; i < 7; i++) {
        CU_ASSERT_EQUAL(log.ev[i], TNC_EV_LINE);
        CU_ASSERT_STRING_EQUAL(log.text[i], want[i]);
        CU_ASSERT_FALSE(log.split[i]);
    }
    /* an unterminated tail stays pending */
    tt_init(&c, &log);
    c.connected = true;
    tt_feed(&c, (const uint8_t *)"partial", 7, 7, &log);
    CU_ASSERT_EQUAL(log.n, 0);
    tt_feed(&c, (const uint8_t *)" line\r\n", 7, 7, &log);
    CU_ASSERT_EQUAL_FATAL(log.n, 1);
    CU_ASSERT_STRING_EQUAL(log.text[0], "partial line");
}

static void test_banner(void)
{
    struct tnc c;
    struct tt_log log;
    static const char rej[] = "Hercules v3\r\nrunning on x\r\n"
                              "Connection rejected, no available 1052 or 3215 device\r\n";
    tt_init(&c, &log);
    tt_feed(&c, (const uint8_t *)rej, sizeof rej - 1, 64, &log);
    CU_ASSERT_EQUAL_FATAL(log.n, 3);
    CU_ASSERT_EQUAL(log.ev[0], TNC_EV_BANNER);
    CU_ASSERT_EQUAL(log.ev[1], TNC_EV_BANNER);
    CU_ASSERT_EQUAL(log.ev[2], TNC_EV_REJECTED);
    CU_ASSERT_FALSE(c.connected);
    /* after the banner, a line that looks like one is console output */
    static const char ok[] = "Connected to device 0:0009\r\nConnected to device 0:0009\r\n";
    tt_init(&c, &log);
    tt_feed(&c, (const uint8_t *)ok, sizeof ok - 1, 64, &log);
    CU_ASSERT_EQUAL_FATAL(log.n, 2);
    CU_ASSERT_EQUAL(log.ev[0], TNC_EV_CONNECTED);
    CU_ASSERT_EQUAL(log.ev[1], TNC_EV_LINE);
}

static void test_long_line(void)
{
    static uint8_t in[TNC_LINE_MAX * 2 + 100];
    size_t n = TNC_LINE_MAX + 476;
    for (size_t i = 0; i < n; i++)
        in[i] = (uint8_t)('a' + i % 26);
    in[n++] = ' ';
    in[n++] = '\r';
    in[n++] = '\n';
    in[n++] = 'z';
    in[n++] = '\n';
    struct tnc c;
    struct tt_log log;
    tt_init(&c, &log);
    c.connected = true;
    tt_feed(&c, in, n, 333, &log);
    CU_ASSERT_EQUAL_FATAL(log.n, 3);
    CU_ASSERT_EQUAL(strlen(log.text[0]), TNC_LINE_MAX);
    CU_ASSERT_TRUE(log.split[0]);
    CU_ASSERT_EQUAL(memcmp(log.text[0], in, TNC_LINE_MAX), 0);
    CU_ASSERT_EQUAL(strlen(log.text[1]), 476);
    CU_ASSERT_FALSE(log.split[1]);
    CU_ASSERT_EQUAL(memcmp(log.text[1], in + TNC_LINE_MAX, 476), 0);
    CU_ASSERT_STRING_EQUAL(log.text[2], "z");
    /* a split banner line is not taken for the connect line by its tail */
    tt_init(&c, &log);
    memset(in, 'x', TNC_LINE_MAX);
    memcpy(in + TNC_LINE_MAX, "Connected to device 0:0009\n", 27);
    tt_feed(&c, in, TNC_LINE_MAX + 27, 4096, &log);
    CU_ASSERT_EQUAL_FATAL(log.n, 2);
    CU_ASSERT_EQUAL(log.ev[1], TNC_EV_BANNER);
    CU_ASSERT_FALSE(c.connected);
}

static void test_guest_prefix(void)
{
    CU_ASSERT_EQUAL(tnc_guest_prefix_len("GST1: Ready;"), 6);
    CU_ASSERT_EQUAL(tnc_guest_prefix_len("ABCDEFGH: x"), 10);
    CU_ASSERT_EQUAL(tnc_guest_prefix_len("$#@9: "), 6);
    CU_ASSERT_EQUAL(tnc_guest_prefix_len("ABCDEFGHI: x"), 0);
    CU_ASSERT_EQUAL(tnc_guest_prefix_len("gst1: x"), 0);
    CU_ASSERT_EQUAL(tnc_guest_prefix_len("GST1:x"), 0);
    CU_ASSERT_EQUAL(tnc_guest_prefix_len("GST1:"), 0);
    CU_ASSERT_EQUAL(tnc_guest_prefix_len(": x"), 0);
    CU_ASSERT_EQUAL(tnc_guest_prefix_len("Ready;"), 0);
    CU_ASSERT_EQUAL(tnc_guest_prefix_len(""), 0);
    CU_ASSERT_EQUAL(tnc_guest_prefix_len("HCP 1: x"), 0);
}

static void test_encode_line(void)
{
    uint8_t out[256];
    CU_ASSERT_EQUAL(tnc_encode_line("Q TIME", out, sizeof out), 8);
    CU_ASSERT_EQUAL(memcmp(out, "Q TIME\r\n", 8), 0);
    CU_ASSERT_EQUAL(tnc_encode_line("", out, sizeof out), 2);
    char max[TNC_INPUT_MAX + 2];
    memset(max, 'A', TNC_INPUT_MAX);
    max[TNC_INPUT_MAX] = '\0';
    CU_ASSERT_EQUAL(tnc_encode_line(max, out, sizeof out), TNC_INPUT_MAX + 2);
    max[TNC_INPUT_MAX] = 'A';
    max[TNC_INPUT_MAX + 1] = '\0';
    CU_ASSERT_EQUAL(tnc_encode_line(max, out, sizeof out), 0);
    CU_ASSERT_EQUAL(tnc_encode_line("a\x03" "b", out, sizeof out), 0);   /* Ctrl-C */
    CU_ASSERT_EQUAL(tnc_encode_line("a\xff", out, sizeof out), 0);       /* IAC */
    CU_ASSERT_EQUAL(tnc_encode_line("abc", out, 4), 0);                  /* no room */
    CU_ASSERT_EQUAL(tnc_encode_line("abc", out, 5), 5);
}

static void test_init_and_strings(void)
{
    struct tnc c;
    char longtype[TNC_TTYPE_MAX + 2];
    memset(longtype, 'X', sizeof longtype - 1);
    longtype[sizeof longtype - 1] = '\0';
    CU_ASSERT_EQUAL(tnc_init(&c, longtype), TNC_E_TTYPE_LONG);
    CU_ASSERT_EQUAL(tnc_init(&c, ""), TNC_E_TTYPE_BAD);
    CU_ASSERT_EQUAL(tnc_init(&c, "DU MB"), TNC_E_TTYPE_BAD);
    CU_ASSERT_EQUAL(tnc_init(&c, "DUMB"), TNC_OK);
    CU_ASSERT_STRING_EQUAL(c.ttype, "DUMB");
    CU_ASSERT_STRING_EQUAL(tnc_err_str(TNC_E_TTYPE_LONG), "terminal type too long");
    CU_ASSERT_STRING_EQUAL(tnc_err_str((enum tnc_err)-9), "unknown telnet codec error");
    CU_ASSERT_STRING_EQUAL(tnc_err_str((enum tnc_err)3), "unknown telnet codec error");
    CU_ASSERT_STRING_EQUAL(tnc_event_str(TNC_EV_CONNECTED), "connected");
    CU_ASSERT_STRING_EQUAL(tnc_event_str((enum tnc_event)99), "unknown event");
}

void register_telnet_codec_tests(void)
{
    CU_pSuite s = CU_add_suite("vmlan telnet 3215 codec", NULL, NULL);
    if (s == NULL)
        return;
    CU_add_test(s, "Hercules handshake, one read", test_handshake_whole);
    CU_add_test(s, "Hercules handshake, split reads", test_handshake_every_split);
    CU_add_test(s, "option replies byte-exact", test_option_replies);
    CU_add_test(s, "subnegotiations", test_subnegotiation);
    CU_add_test(s, "IAC stripping across reads", test_iac_stripping);
    CU_add_test(s, "IAC IAC is a data byte", test_iac_iac);
    CU_add_test(s, "CR LF, blanks, NUL", test_cr_lf);
    CU_add_test(s, "banner, connect, reject", test_banner);
    CU_add_test(s, "lines longer than the bound", test_long_line);
    CU_add_test(s, "guest prefix", test_guest_prefix);
    CU_add_test(s, "encode operator line", test_encode_line);
    CU_add_test(s, "init and strings", test_init_and_strings);
}
