/*
 * lcs.c - LCS WRITE-buffer packing, READ-buffer walking and command-reply
 * decoding (pure; see lcs.h, include/hw/lcs.h, shared/reference/lcs.md).
 */
#include "osa/lcs.h"

static const char *const err_names[LCS_ERR_COUNT] = {
    [0] = "ok",
    [1] = "frame shorter than its header",
    [2] = "next-frame offset does not advance",
    [3] = "next-frame offset beyond the data",
    [4] = "not a command frame",
};

const char *lcs_err_str(enum lcs_err e)
{
    if (e == LCS_END)
        return "end of buffer";
    unsigned i = (unsigned)-(int)e;
    return i < ARRAY_SIZE(err_names) ? err_names[i] : "unknown LCS error";
}

/* ---- WRITE buffer ------------------------------------------------------- */

void lcs_wbuf_init(struct lcs_wbuf *w, uint8_t *buf, size_t cap)
{
    CP_ASSERT(cap >= LCS_END_LEN);
    w->buf = buf;
    w->cap = cap > LCS_WBUF_MAX ? LCS_WBUF_MAX : cap;
    w->len = 0;
    w->frames = 0;
}

bool lcs_wbuf_fits(const struct lcs_wbuf *w, size_t n)
{
    size_t room = w->cap - w->len;      /* len + LCS_END_LEN <= cap always */
    return n <= room && room - n >= LCS_HDR_LEN + LCS_END_LEN;
}

/* Reserve a frame of n bytes after an LCS header of type; returns where
 * its data goes, or NULL when it does not fit. */
static uint8_t *put_frame(struct lcs_wbuf *w, uint8_t type, size_t n)
{
    if (!lcs_wbuf_fits(w, n))
        return NULL;
    struct lcs_hdr *h = (struct lcs_hdr *)(w->buf + w->len);
    size_t next = w->len + LCS_HDR_LEN + n;
    be_put16(h->offset, (uint16_t)next); /* next < cap <= LCS_WBUF_MAX */
    h->type = type;
    h->slot = 0;
    w->len = next;
    w->frames++;
    return (uint8_t *)(h + 1);
}

bool lcs_put_command(struct lcs_wbuf *w, uint8_t cmd, uint16_t seq, uint16_t bufsize)
{
    if (cmd == LCS_CMD_STARTUP
        && (bufsize < LCS_STARTUP_SIZE_MIN || bufsize > LCS_STARTUP_SIZE_MAX))
        return false;
    uint8_t *body = put_frame(w, LCS_TYPE_COMMAND, LCS_STD_CMD_LEN - LCS_HDR_LEN);
    if (!body)
        return false;
    struct lcs_std_cmd *c = (struct lcs_std_cmd *)(body - LCS_HDR_LEN);
    memset(body, 0, LCS_STD_CMD_LEN - LCS_HDR_LEN);
    c->h.cmd = cmd;
    c->h.initiator = LCS_INITIATOR_HOST;
    be_put16(c->h.seq, seq);
    c->h.lan_type = LCS_LAN_TYPE_ETHERNET;
    c->h.port = 0;
    if (cmd == LCS_CMD_STARTUP)
        be_put16(((struct lcs_startup *)c)->buffer_size, bufsize);
    return true;
}

bool lcs_put_ether(struct lcs_wbuf *w, const uint8_t *frame, size_t len)
{
    uint8_t *data = put_frame(w, LCS_TYPE_ETHERNET, len);
    if (!data)
        return false;
    if (len)
        memcpy(data, frame, len);
    return true;
}

size_t lcs_wbuf_finish(struct lcs_wbuf *w)
{
    w->buf[w->len] = 0;
    w->buf[w->len + 1] = 0;
    return w->len + LCS_END_LEN;
}

/* ---- READ buffer ----------------------------------------------------------- */

enum lcs_err lcs_next(const uint8_t *buf, size_t len, size_t *pos, struct lcs_frame *out)
{
    size_t p = *pos;
    if (p > len)
        return LCS_ERR_BEYOND;
    if (len - p < 2)
        return LCS_END;
    size_t next = be_get16(buf + p);
    if (next == 0)
        return LCS_END;
    if (len - p < LCS_HDR_LEN)
        return LCS_ERR_SHORT;
    if (next <= p)
        return LCS_ERR_OFFSET;
    if (next > len)
        return LCS_ERR_BEYOND;
    if (next - p < LCS_HDR_LEN)
        return LCS_ERR_SHORT;
    const struct lcs_hdr *h = (const struct lcs_hdr *)(buf + p);
    *out = (struct lcs_frame){
        .type = h->type, .slot = h->slot, .offset = p,
        .data = buf + p + LCS_HDR_LEN, .len = next - p - LCS_HDR_LEN,
    };
    *pos = next;
    return LCS_OK;
}

/* ---- command replies ------------------------------------------------------ */

/* Frame offsets (hw/lcs.h, counted from the LCS header) as indexes into
 * f->data, which starts after the header. */
#define BODY(off) ((size_t)(off) - LCS_HDR_LEN)
#define FIELD(type, field) BODY(__builtin_offsetof(struct type, field))

enum lcs_err lcs_parse_reply(const struct lcs_frame *f, struct lcs_reply *out)
{
    if (f->type != LCS_TYPE_COMMAND)
        return LCS_ERR_TYPE;
    if (f->len < BODY(sizeof(struct lcs_cmd_hdr)))
        return LCS_ERR_SHORT;
    const uint8_t *d = f->data;
    struct lcs_reply r = {
        .cmd = d[FIELD(lcs_cmd_hdr, cmd)],
        .initiator = d[FIELD(lcs_cmd_hdr, initiator)],
        .seq = be_get16(d + FIELD(lcs_cmd_hdr, seq)),
        .rc = be_get16(d + FIELD(lcs_cmd_hdr, rc)),
        .lan_type = d[FIELD(lcs_cmd_hdr, lan_type)],
        .port = d[FIELD(lcs_cmd_hdr, port)],
    };
    if (r.cmd == LCS_CMD_LANSTAT) {
        if (f->len < BODY(LCS_LANSTAT_MAC_OFF + ETH_ALEN))
            return LCS_ERR_SHORT;
        memcpy(r.mac, d + FIELD(lcs_lanstat_reply, mac), ETH_ALEN);
        r.has_mac = true;
    } else if (r.cmd == LCS_CMD_QIPASSIST) {
        if (f->len < BODY(sizeof(struct lcs_qipassist_reply)))
            return LCS_ERR_SHORT;
        r.assists_supported = be_get16(d + FIELD(lcs_qipassist_reply, assists_supported));
        r.assists_enabled = be_get16(d + FIELD(lcs_qipassist_reply, assists_enabled));
        r.has_assists = true;
    }
    *out = r;
    return LCS_OK;
}
