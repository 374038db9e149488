/*
 * qdr.c - validate an ESTABLISH QUEUES QDR against guest storage (pure;
 * see qdr.h).
 */
#include "qdio/qdr.h"

static const char *const err_names[QDR_ERR_COUNT] = {
    [0] = "ok",
    [1] = "QDR too short",
    [2] = "queue format not OSA",
    [3] = "queue count out of range",
    [4] = "queue descriptor size not 8 words",
    [5] = "control block misaligned",
    [6] = "control block outside guest storage",
    [7] = "control block key mismatch",
    [8] = "SLIB does not match its descriptor",
};

const char *qdr_err_str(enum qdr_err e)
{
    unsigned i = (unsigned)-(int)e;
    return i < ARRAY_SIZE(err_names) ? err_names[i] : "unknown QDR error";
}

/* The block of len bytes at addr (alignment align) must be fetchable with
 * key; its bytes go to buf when buf is not NULL. */
static enum qdr_err check_block(const struct gstore *gs, uint64_t addr, size_t len,
                                uint64_t align, uint8_t key, void *buf)
{
    uint8_t scratch[256];
    if (addr & (align - 1))
        return QDR_ERR_ALIGN;
    for (size_t off = 0; off < len; off += sizeof scratch) {
        size_t n = len - off < sizeof scratch ? len - off : sizeof scratch;
        enum gs_err e = gs_fetch(gs, GS_ABSOLUTE, addr + off,
                                 buf ? (uint8_t *)buf + off : scratch, n, key);
        if (e == GS_PROTECTION)
            return QDR_ERR_PROTECTION;
        if (e != GS_OK)
            return QDR_ERR_ADDRESSING;
    }
    return QDR_OK;
}

/* Blocks the adapter writes (SLSB state bytes) must also be storable. */
static enum qdr_err check_store(const struct gstore *gs, uint64_t addr, size_t len, uint8_t key)
{
    uint8_t b[sizeof(struct slsb)];
    if (gs_fetch(gs, GS_ABSOLUTE, addr, b, len, key) != GS_OK)
        return QDR_ERR_ADDRESSING;
    enum gs_err e = gs_store(gs, GS_ABSOLUTE, addr, b, len, key);   /* same bytes back */
    return e == GS_OK ? QDR_OK : e == GS_PROTECTION ? QDR_ERR_PROTECTION : QDR_ERR_ADDRESSING;
}

static enum qdr_err check_queue(const struct gstore *gs, const struct qdesfmt0 *d,
                                struct qdr_queue *q)
{
    static struct slib slib;            /* 2 KB: not on the CP stack */
    enum qdr_err e;
    *q = (struct qdr_queue){
        qdesc_sliba(d), qdesc_sla(d), qdesc_slsba(d),
        qdesc_key_slib(d), qdesc_key_sl(d), qdesc_key_sbal(d), qdesc_key_slsb(d),
    };
    if ((e = check_block(gs, q->slib, sizeof slib, 2048, q->key_slib, &slib)) != QDR_OK
        || (e = check_block(gs, q->sl, sizeof(struct sl), 1024, q->key_sl, NULL)) != QDR_OK
        || (e = check_block(gs, q->slsb, sizeof(struct slsb), 256, q->key_slsb, NULL)) != QDR_OK
        || (e = check_store(gs, q->slsb, sizeof(struct slsb), q->key_slsb)) != QDR_OK)
        return e;
    if (slib_sla(&slib) != q->sl || slib_slsba(&slib) != q->slsb)
        return QDR_ERR_SLIB;
    return QDR_OK;
}

enum qdr_err qdr_parse(const uint8_t *buf, size_t len, const struct gstore *gs,
                       struct qdr_config *out)
{
    const struct qdr *q = (const struct qdr *)buf;
    enum qdr_err e;
    if (len < QDR_MIN_LEN)
        return QDR_ERR_SHORT;
    if (q->qfmt != QDR_QFMT_OSA)
        return QDR_ERR_FORMAT;
    if (q->iqdcnt < 1 || q->iqdcnt > QDR_MAX_INQ || q->oqdcnt < 1 || q->oqdcnt > QDR_MAX_OUTQ)
        return QDR_ERR_QUEUES;
    if (q->iqdsz != QDR_QDSZ_FMT0 || q->oqdsz != QDR_QDSZ_FMT0)
        return QDR_ERR_DESC_SIZE;
    unsigned n = (unsigned)q->iqdcnt + q->oqdcnt;
    if (len < QDR_MIN_LEN + n * sizeof(struct qdesfmt0))
        return QDR_ERR_SHORT;
    struct qdr_config c = { .nin = q->iqdcnt, .nout = q->oqdcnt, .qib = qdr_qiba(q),
                            .qkey = qdr_qkey(q) };
    if ((e = check_block(gs, c.qib, sizeof(struct qib), 256, c.qkey, NULL)) != QDR_OK)
        return e;
    for (unsigned i = 0; i < n; i++) {
        struct qdr_queue *dst = i < c.nin ? &c.in[i] : &c.out[i - c.nin];
        if ((e = check_queue(gs, &q->qdf0[i], dst)) != QDR_OK)
            return e;
    }
    *out = c;
    return QDR_OK;
}
