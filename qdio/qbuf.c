/*
 * qbuf.c - QDIO buffer walking over guest storage (pure; see qbuf.h).
 */
#include "qdio/qbuf.h"

static const char *const err_names[QBUF_ERR_COUNT] = {
    [0] = "ok",
    [1] = "buffer outside guest storage",
    [2] = "buffer key mismatch",
    [3] = "malformed buffer",
    [4] = "packet larger than the buffer",
};

const char *qbuf_err_str(enum qbuf_err e)
{
    unsigned i = (unsigned)-(int)e;
    return i < ARRAY_SIZE(err_names) ? err_names[i] : "unknown buffer error";
}

static enum qbuf_err gs_err(enum gs_err e)
{
    return e == GS_OK ? QBUF_OK : e == GS_PROTECTION ? QBUF_ERR_PROTECTION : QBUF_ERR_ADDRESSING;
}

static enum qbuf_err fetch_sbal(const struct gstore *gs, uint64_t sbala, uint8_t key,
                                struct sbal *s)
{
    if (sbala & (sizeof *s - 1))
        return QBUF_ERR_FORMAT;         /* SBALs are 256-byte aligned */
    return gs_err(gs_fetch(gs, GS_ABSOLUTE, sbala, s, sizeof *s, key));
}

/* The packet gathered in buf[0..len) must be a layer-3 header whose
 * length is exactly what follows it. */
static bool packet_ok(const uint8_t *buf, size_t len)
{
    const struct qdio_hdr_l3 *h = (const struct qdio_hdr_l3 *)buf;
    return len >= QDIO_HDR_LEN && h->id == QDIO_HDR_ID_L3
        && qdio_l3_length(h) == len - QDIO_HDR_LEN;
}

enum qbuf_err qbuf_read_output(const struct gstore *gs, uint64_t sbala, uint8_t key,
                               uint8_t *buf, qbuf_packet_fn fn, void *ctx,
                               unsigned *npackets)
{
    struct sbal s;
    enum qbuf_err e = fetch_sbal(gs, sbala, key, &s);
    size_t len = 0;
    bool in_packet = false;             /* inside a FIRST..LAST chain */
    *npackets = 0;
    if (e != QBUF_OK)
        return e;
    for (unsigned i = 0; i < QDIO_MAX_SBALES; i++) {
        const struct sbale *x = &s.e[i];
        uint8_t frag = x->flags[0] & SBALE_F0_FRAG_MASK;
        uint32_t n = sbale_length(x);
        bool starts = frag == 0 || frag == SBALE_F0_FIRST_FRAG;
        if (starts == in_packet || (starts && n < QDIO_HDR_LEN) || n > QBUF_PACKET_MAX - len)
            return QBUF_ERR_FORMAT;     /* chain broken, header split, too long */
        if ((e = gs_err(gs_fetch(gs, GS_ABSOLUTE, sbale_addr(x), buf + len, n, key))) != QBUF_OK)
            return e;
        len += n;
        in_packet = frag == SBALE_F0_FIRST_FRAG || frag == SBALE_F0_MIDDLE_FRAG;
        if (!in_packet) {
            if (!packet_ok(buf, len))
                return QBUF_ERR_FORMAT;
            fn(ctx, buf, len);
            (*npackets)++;
            len = 0;
        }
        if (sbale_is_last(x))
            return in_packet ? QBUF_ERR_FORMAT : QBUF_OK;
    }
    return QBUF_ERR_FORMAT;             /* no last entry */
}

enum qbuf_err qbuf_write_input(const struct gstore *gs, uint64_t sbala, uint8_t key,
                               const uint8_t hdr[QDIO_HDR_LEN], const uint8_t *data,
                               size_t len)
{
    struct sbal s;
    enum qbuf_err e = fetch_sbal(gs, sbala, key, &s);
    if (e != QBUF_OK)
        return e;
    /* capacity, and which SBALEs the packet takes */
    size_t total = QDIO_HDR_LEN + len, room = 0;
    unsigned used = 0;
    while (used < QDIO_MAX_SBALES && room < total) {
        room += sbale_length(&s.e[used]);
        if (sbale_is_last(&s.e[used++]))
            break;
    }
    if (room < total)
        return QBUF_ERR_TOO_BIG;
    if (sbale_length(&s.e[0]) < QDIO_HDR_LEN)
        return QBUF_ERR_FORMAT;         /* the header must not span SBALEs */
    size_t off = 0;
    for (unsigned i = 0; i < used; i++) {
        struct sbale *x = &s.e[i];
        size_t n = sbale_length(x), done = 0;
        if (n > total - off)
            n = total - off;
        /* the header first, then the data, possibly across the boundary */
        while (done < n) {
            size_t at = off + done, k;
            enum gs_err ge;
            if (at < QDIO_HDR_LEN) {
                k = QDIO_HDR_LEN - at < n - done ? QDIO_HDR_LEN - at : n - done;
                ge = gs_store(gs, GS_ABSOLUTE, sbale_addr(x) + done, hdr + at, k, key);
            } else {
                k = n - done;
                ge = gs_store(gs, GS_ABSOLUTE, sbale_addr(x) + done, data + at - QDIO_HDR_LEN,
                              k, key);
            }
            if ((e = gs_err(ge)) != QBUF_OK)
                return e;               /* the buffer is left unprimed */
            done += k;
        }
        off += n;
        sbale_set_length(x, (uint32_t)n);
        x->flags[0] = (uint8_t)(x->flags[0] & ~(SBALE_F0_FRAG_MASK | SBALE_F0_LAST_ENTRY));
        if (used > 1)
            x->flags[0] |= i == 0 ? SBALE_F0_FIRST_FRAG
                         : i == used - 1 ? SBALE_F0_LAST_FRAG : SBALE_F0_MIDDLE_FRAG;
        if (i == used - 1)
            x->flags[0] |= SBALE_F0_LAST_ENTRY;
    }
    return gs_err(gs_store(gs, GS_ABSOLUTE, sbala, &s, sizeof s, key));
}
