/*
 * osadata.c - the data path of the emulated OSA-Express (pure; see osa.h):
 * output buffers a guest primed, taken on SIGA-w, and datagrams stored
 * into a guest's input buffers.  SLSB bytes, SL entries, SBALs and data
 * are reached only through gstore with the keys from the QDR; a buffer
 * CP cannot use is put in the error state and counted, never trusted.
 */
#include "qdio/osa.h"
#include "qdio/qbuf.h"
#include "lib/ipv4.h"

/* The state byte of buffer idx of queue q, or false if out of reach. */
static bool slsb_get(const struct gstore *gs, const struct qdr_queue *q, unsigned idx,
                     uint8_t *state)
{
    return gs_fetch(gs, GS_ABSOLUTE, q->slsb + idx, state, 1, q->key_slsb) == GS_OK;
}

static bool slsb_set(const struct gstore *gs, const struct qdr_queue *q, unsigned idx,
                     uint8_t state)
{
    return gs_store(gs, GS_ABSOLUTE, q->slsb + idx, &state, 1, q->key_slsb) == GS_OK;
}

/* SBAL address of buffer idx from the SL, or false if out of reach. */
static bool sl_get(const struct gstore *gs, const struct qdr_queue *q, unsigned idx,
                   uint64_t *sbala)
{
    uint8_t b[8];
    if (gs_fetch(gs, GS_ABSOLUTE, q->sl + 8 * idx, b, sizeof b, q->key_sl) != GS_OK)
        return false;
    *sbala = be_get64(b);
    return true;
}

struct out_ctx {
    struct osa *a;
    osa_send_fn send;
    void *ctx;
};

static void out_packet(void *ctx, const uint8_t *pkt, size_t len)
{
    struct out_ctx *o = ctx;
    const struct qdio_hdr_l3 *h = (const struct qdio_hdr_l3 *)pkt;
    uint32_t hop = (h->flags & QDIO_L3_F_IPV6) ? 0 : qdio_l3_v4_dest(h);
    o->send(o->ctx, o->a, pkt + QDIO_HDR_LEN, len - QDIO_HDR_LEN, hop);
}

/* Take the primed buffers of output queue q in ring order. */
static void drain_output(struct osa *a, const struct gstore *gs, unsigned qi, uint8_t *buf,
                         struct out_ctx *o)
{
    const struct qdr_queue *q = &a->queues.out[qi];
    for (unsigned n = 0; n < QDIO_MAX_BUFFERS; n++) {
        unsigned idx = a->out_next[qi];
        uint8_t state;
        uint64_t sbala;
        unsigned npk;
        if (!slsb_get(gs, q, idx, &state)) {
            a->c.slsb_errors++;         /* the SLSB moved out of reach */
            return;
        }
        if (state != SLSB_CU_OUTPUT_PRIMED) {
            if (!(state & SLSB_TYPE_OUTPUT) && state != 0)
                a->c.slsb_errors++;     /* an input state in an output queue */
            return;
        }
        if (!slsb_set(gs, q, idx, state)) {
            a->c.slsb_errors++;         /* CP could not give it back: take nothing */
            return;
        }
        bool ok = sl_get(gs, q, idx, &sbala)
                  && qbuf_read_output(gs, sbala, q->key_sbal, buf, out_packet, o, &npk) == QBUF_OK;
        if (!ok)
            a->c.buffer_errors++;
        if (!slsb_set(gs, q, idx, ok ? SLSB_P_OUTPUT_EMPTY : SLSB_P_OUTPUT_ERROR))
            a->c.slsb_errors++;
        a->out_next[qi] = (uint8_t)((idx + 1) % QDIO_MAX_BUFFERS);
    }
}

int osa_siga(struct osa *a, const struct gstore *gs, unsigned fc, uint32_t mask, uint8_t *buf,
             osa_send_fn send, void *ctx)
{
    a->c.sigas++;
    if (!a->active) {
        a->c.siga_errors++;
        return 1;
    }
    if (fc != OSA_SIGA_WRITE)
        return 0;
    struct out_ctx o = { a, send, ctx };
    for (unsigned qi = 0; qi < a->queues.nout; qi++)
        if (mask & (0x80000000u >> qi))
            drain_output(a, gs, qi, buf, &o);
    return 0;
}

bool osa_deliver(struct osa *a, const struct gstore *gs, const uint8_t *dgram, size_t len,
                 bool broadcast)
{
    if (!a->active)
        return false;
    const struct qdr_queue *q = &a->queues.in[0];
    unsigned idx = a->in_next;
    uint8_t state;
    uint64_t sbala;
    uint32_t dst = 0;
    if (!slsb_get(gs, q, idx, &state)) {
        a->c.slsb_errors++;
        return false;
    }
    if (state != SLSB_CU_INPUT_EMPTY)
        return false;                   /* the guest has not handed it over */
    if (!slsb_set(gs, q, idx, state)) {
        a->c.slsb_errors++;             /* it could never be marked primed */
        return false;
    }
    uint8_t hdr[QDIO_HDR_LEN] = { 0 };
    struct qdio_hdr_l3 *h = (struct qdio_hdr_l3 *)hdr;
    h->id = QDIO_HDR_ID_L3;
    h->flags = broadcast ? QDIO_CAST_BROADCAST : QDIO_CAST_UNICAST;
    qdio_l3_set_length(h, (uint16_t)len);
    (void)ipv4_dest(dgram, len, &dst);
    be_put32(h->dest_addr + QDIO_L3_V4_OFF, dst);
    enum qbuf_err e = sl_get(gs, q, idx, &sbala)
                      ? qbuf_write_input(gs, sbala, q->key_sbal, hdr, dgram, len)
                      : QBUF_ERR_ADDRESSING;
    if (e == QBUF_ERR_TOO_BIG)
        return false;                   /* stays empty: a smaller one may fit */
    if (e != QBUF_OK)
        a->c.buffer_errors++;
    if (!slsb_set(gs, q, idx, e == QBUF_OK ? SLSB_P_INPUT_PRIMED : SLSB_P_INPUT_ERROR))
        a->c.slsb_errors++;
    a->in_next = (uint8_t)((idx + 1) % QDIO_MAX_BUFFERS);
    return e == QBUF_OK;
}
