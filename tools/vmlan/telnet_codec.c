/* telnet_codec.c - incremental decoder of a Hercules 3.13 telnet 3215 console stream.
 *
 * Pure (string.h only).  Protocol facts and their sources are in telnet_codec.h and
 * shared/reference/console-telnet.md.  The state machine has one cell per (state, byte class):
 *
 *   state   IAC            DO/DONT/WILL/WONT   SB          SE         other
 *   DATA    ->IAC          data                data        data       data (CR, NUL dropped; LF ends line)
 *   IAC     data 0xFF      ->OPT (verb)        ->SB        ignore     ignore (NOP, GA, EL, ...)
 *   OPT     option byte: reply per the table in reply_option(), ->DATA
 *   SB      ->SB_IAC       collect             collect     collect    collect
 *   SB_IAC  collect 0xFF   ->SB (malformed)    ->SB        finish SB  ->SB (malformed)
 */
#include "telnet_codec.h"

#include <string.h>

static const char tnc_banner_ok[] = "Connected to device";
static const char tnc_banner_rejected[] = "Connection rejected";

/* Contract: copies at most cap-1 bytes of src into dst and NUL-terminates (cap > 0). */
static void tnc_strlcpy(char *dst, const char *src, size_t cap)
{
    size_t n = strlen(src);
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

enum tnc_err tnc_init(struct tnc *c, const char *ttype)
{
    memset(c, 0, sizeof *c);
    c->state = TNC_S_DATA;
    size_t n = strlen(ttype);
    if (n > TNC_TTYPE_MAX)
        return TNC_E_TTYPE_LONG;
    if (n == 0)
        return TNC_E_TTYPE_BAD;
    for (size_t i = 0; i < n; i++) {
        uint8_t b = (uint8_t)ttype[i];
        if (b < 0x21 || b > 0x7E)
            return TNC_E_TTYPE_BAD;
    }
    tnc_strlcpy(c->ttype, ttype, sizeof c->ttype);
    return TNC_OK;
}

/* Contract: sets reply[] to IAC verb opt. */
static void tnc_reply3(struct tnc *c, uint8_t verb, uint8_t opt)
{
    c->reply[0] = (uint8_t)TNC_IAC;
    c->reply[1] = verb;
    c->reply[2] = opt;
    c->reply_len = 3;
}

/* Contract: decides the answer to "IAC verb opt" from the server.  Returns true when reply[] was
 * set.  Only TTYPE is ever agreed to; WONT ECHO is confirmed because Hercules requires it. */
static bool tnc_reply_option(struct tnc *c, uint8_t verb, uint8_t opt)
{
    switch (verb) {
    case TNC_DO:
        tnc_reply3(c, opt == TNC_OPT_TTYPE ? (uint8_t)TNC_WILL : (uint8_t)TNC_WONT, opt);
        return true;
    case TNC_WILL:
        tnc_reply3(c, (uint8_t)TNC_DONT, opt);
        return true;
    case TNC_WONT:
        if (opt == TNC_OPT_ECHO) {
            tnc_reply3(c, (uint8_t)TNC_DONT, opt);
            return true;
        }
        return false;
    default:                    /* DONT: we never enable anything, nothing to confirm */
        return false;
    }
}

/* Contract: handles a complete subnegotiation in sb[].  Returns true when reply[] was set
 * (only for TTYPE SEND, answered with the configured terminal type). */
static bool tnc_finish_sb(struct tnc *c)
{
    if (c->sb_overflow || c->sb_len != 2 || c->sb[0] != TNC_OPT_TTYPE
        || c->sb[1] != TNC_TTYPE_SEND)
        return false;
    size_t n = strlen(c->ttype);
    c->reply[0] = (uint8_t)TNC_IAC;
    c->reply[1] = (uint8_t)TNC_SB;
    c->reply[2] = (uint8_t)TNC_OPT_TTYPE;
    c->reply[3] = (uint8_t)TNC_TTYPE_IS;
    memcpy(c->reply + 4, c->ttype, n);
    c->reply[4 + n] = (uint8_t)TNC_IAC;
    c->reply[5 + n] = (uint8_t)TNC_SE;
    c->reply_len = 6 + n;
    return true;
}

static bool tnc_starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Contract: ends the line being collected (split: cut at TNC_LINE_MAX, more follows): strips
 * trailing blanks, NUL-terminates, and classifies it as banner, connect, reject or console line. */
static enum tnc_event tnc_finish_line(struct tnc *c, bool split)
{
    bool continues = c->pending_split;
    if (!split)
        while (c->line_len > 0
               && (c->line[c->line_len - 1] == ' ' || c->line[c->line_len - 1] == '\t'))
            c->line_len--;
    c->line[c->line_len] = '\0';
    c->line_done = true;
    c->line_split = split;
    c->pending_split = split;
    if (c->connected)
        return TNC_EV_LINE;
    if (!continues && tnc_starts_with(c->line, tnc_banner_ok)) {
        c->connected = true;
        return TNC_EV_CONNECTED;
    }
    if (!continues && tnc_starts_with(c->line, tnc_banner_rejected))
        return TNC_EV_REJECTED;
    return TNC_EV_BANNER;
}

/* Contract: adds one data byte to the line being collected.  Returns the event it completes
 * (a line on LF or on reaching TNC_LINE_MAX) or TNC_EV_NONE. */
static enum tnc_event tnc_data(struct tnc *c, uint8_t b)
{
    if (b == '\r' || b == '\0')
        return TNC_EV_NONE;
    if (b == '\n')
        return tnc_finish_line(c, false);
    c->line[c->line_len++] = (char)b;
    if (c->line_len == TNC_LINE_MAX)
        return tnc_finish_line(c, true);
    return TNC_EV_NONE;
}

/* Contract: one byte of telnet command syntax in state IAC, OPT, SB or SB_IAC. */
static enum tnc_event tnc_command(struct tnc *c, uint8_t b)
{
    switch (c->state) {
    case TNC_S_IAC:
        c->state = TNC_S_DATA;
        if (b == TNC_IAC)
            return tnc_data(c, b);
        if (b == TNC_DO || b == TNC_DONT || b == TNC_WILL || b == TNC_WONT) {
            c->verb = b;
            c->state = TNC_S_OPT;
        } else if (b == TNC_SB) {
            c->sb_len = 0;
            c->sb_overflow = false;
            c->state = TNC_S_SB;
        }
        return TNC_EV_NONE;
    case TNC_S_OPT:
        c->state = TNC_S_DATA;
        return tnc_reply_option(c, c->verb, b) ? TNC_EV_REPLY : TNC_EV_NONE;
    case TNC_S_SB:
        if (b == TNC_IAC) {
            c->state = TNC_S_SB_IAC;
            return TNC_EV_NONE;
        }
        break;
    case TNC_S_SB_IAC:
        if (b == TNC_SE) {
            c->state = TNC_S_DATA;
            return tnc_finish_sb(c) ? TNC_EV_REPLY : TNC_EV_NONE;
        }
        c->state = TNC_S_SB;
        if (b != TNC_IAC)       /* malformed: IAC x inside SB; keep x as data of the SB */
            c->sb_overflow = true;
        break;
    default:
        return TNC_EV_NONE;
    }
    if (c->sb_len < TNC_SB_MAX)
        c->sb[c->sb_len++] = b;
    else
        c->sb_overflow = true;
    return TNC_EV_NONE;
}

enum tnc_event tnc_decode(struct tnc *c, const uint8_t *in, size_t len, size_t *used)
{
    c->reply_len = 0;
    if (c->line_done) {
        c->line_len = 0;
        c->line[0] = '\0';
        c->line_done = false;
    }
    for (size_t i = 0; i < len; i++) {
        uint8_t b = in[i];
        enum tnc_event ev;
        if (c->state == TNC_S_DATA) {
            if (b == TNC_IAC) {
                c->state = TNC_S_IAC;
                continue;
            }
            ev = tnc_data(c, b);
        } else {
            ev = tnc_command(c, b);
        }
        if (ev != TNC_EV_NONE) {
            *used = i + 1;
            return ev;
        }
    }
    *used = len;
    return TNC_EV_NONE;
}

size_t tnc_guest_prefix_len(const char *line)
{
    size_t n = 0;
    while (n < 9) {
        char ch = line[n];
        bool ok = (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '@' || ch == '#'
                  || ch == '$';
        if (!ok)
            break;
        n++;
    }
    if (n < 1 || n > 8 || line[n] != ':' || line[n + 1] != ' ')
        return 0;
    return n + 2;
}

size_t tnc_encode_line(const char *text, uint8_t *out, size_t cap)
{
    size_t n = strlen(text);
    if (n > TNC_INPUT_MAX || n + 2 > cap)
        return 0;
    for (size_t i = 0; i < n; i++) {
        uint8_t b = (uint8_t)text[i];
        if (b < 0x20 || b > 0x7E)
            return 0;
        out[i] = b;
    }
    out[n] = '\r';
    out[n + 1] = '\n';
    return n + 2;
}

const char *tnc_err_str(enum tnc_err e)
{
    static const char *const s[] = {
        [0] = "ok",
        [1] = "terminal type too long",
        [2] = "terminal type empty or not printable ASCII",
    };
    size_t i = (size_t)(-(int)e);
    if ((int)e > 0 || i >= sizeof s / sizeof s[0])
        return "unknown telnet codec error";
    return s[i];
}

const char *tnc_event_str(enum tnc_event ev)
{
    static const char *const s[] = {
        [TNC_EV_NONE] = "none",         [TNC_EV_REPLY] = "reply",
        [TNC_EV_BANNER] = "banner",     [TNC_EV_CONNECTED] = "connected",
        [TNC_EV_REJECTED] = "rejected", [TNC_EV_LINE] = "line",
    };
    if ((size_t)ev >= sizeof s / sizeof s[0])
        return "unknown event";
    return s[ev];
}
