/*
 * con3215.c - 3215 operator-console driver (target only; see con3215.h).
 *
 * Per console: one I/O at a time (write, read or sense), chosen by
 * con_kick(): a buffered input line first (ATTENTION seen), then queued
 * output.  Completion arrives through cio's interruption routing.
 * Commands (Hercules console.c / con1052c.c): 0x09 write with carrier
 * return, 0x0A read inquiry, 0x04 sense (byte 0: 0x40 intervention
 * required = no client, 0x04 overrun, 0x10 equipment check).
 */
#include "cp/io/con3215.h"
#include "cp/io/cio.h"
#include "cp/arch/machine.h"
#include "cp/cmd/msgcat.h"
#include "lib/ebcdic.h"
#include "lib/tod.h"

#define CCW_CON_WRITE_CR    0x09
#define CCW_CON_READ        0x0A
#define SENSE_IR            0x40
#define CON_IO_TIMEOUT      (2 * TOD_UNITS_PER_SEC)
#define CON_INPUT_LINES     8
#define CON_CHAIN           16          /* output lines per channel program */

enum con_io { CON_IO_NONE, CON_IO_WRITE, CON_IO_READ, CON_IO_SENSE, CON_IO_CLEAR };

struct con_line {
    uint8_t len;
    char    text[CON_LINE_MAX];
};

struct console {
    uint16_t    devno;
    uint32_t    schid;
    enum con_io io;                 /* I/O in flight                       */
    uint64_t    io_start;           /* TOD when it started                 */
    bool        connected;          /* a client is believed attached       */
    bool        attn;               /* a line is waiting in Hercules       */
    bool        sense_needed;       /* a read ended in unit check          */
    unsigned    lost;               /* lines dropped because queue full    */
    unsigned    out_head, out_count;
    struct con_line out[CON_QUEUE_LINES];
    unsigned    in_head, in_count;
    struct con_line in[CON_INPUT_LINES];
    unsigned    chained;                /* output lines in the write in flight */
    /* channel-program areas: below 2 GB, owned by the I/O in flight */
    struct ccw1 ccw;                    /* read, sense, trap-path write       */
    struct orb  orb;
    uint8_t     buf[CON_LINE_MAX];
    struct ccw1 wccw[CON_CHAIN];        /* a chain of writes, one per line    */
    uint8_t     wbuf[CON_CHAIN][CON_LINE_MAX];
};

static struct console cons[CON_MAX];
static unsigned ncons;

static void con_kick(struct console *c);

static void start(struct console *c, enum con_io io, uint8_t cmd, uint16_t count)
{
    c->ccw = (struct ccw1){ cmd, CCW_FLAG_SLI, count, (uint32_t)(uintptr_t)c->buf };
    int cc = cio_start(c->schid, &c->orb, &c->ccw);
    if (cc == 0) {
        c->io = io;
        c->io_start = insn_stck();
    } else if (cc == 3) {
        c->connected = false;           /* device gone: stop writing to it */
        c->out_count = 0;
    }
    /* cc 1 (status pending) or 2 (busy): the interruption re-kicks */
}

/* Write up to CON_CHAIN queued lines with one command-chained channel
 * program: fewer I/O starts and interruptions while output streams. */
static void start_write(struct console *c)
{
    unsigned k = c->out_count < CON_CHAIN ? c->out_count : CON_CHAIN;
    for (unsigned j = 0; j < k; j++) {
        const struct con_line *l = &c->out[(c->out_head + j) % CON_QUEUE_LINES];
        uint16_t n = l->len;
        for (uint16_t i = 0; i < n; i++)
            c->wbuf[j][i] = ebcdic_from_latin1[(uint8_t)l->text[i]];
        if (n == 0)
            c->wbuf[j][n++] = 0x40;     /* a blank line is one blank */
        c->wccw[j] = (struct ccw1){ CCW_CON_WRITE_CR,
                                    (uint8_t)(CCW_FLAG_SLI | (j + 1 < k ? CCW_FLAG_CC : 0)),
                                    n, (uint32_t)(uintptr_t)c->wbuf[j] };
    }
    int cc = cio_start(c->schid, &c->orb, c->wccw);
    if (cc == 0) {
        c->io = CON_IO_WRITE;
        c->io_start = insn_stck();
        c->chained = k;
    } else if (cc == 3) {
        c->connected = false;
        c->out_count = 0;
    }
}

static void con_kick(struct console *c)
{
    if (c->io != CON_IO_NONE)
        return;
    if (c->sense_needed) {
        c->sense_needed = false;
        start(c, CON_IO_SENSE, CCW_CMD_SENSE, 1);
    } else if (c->attn) {
        c->attn = false;
        start(c, CON_IO_READ, CCW_CON_READ, CON_LINE_MAX);
    } else if (c->out_count && !c->connected) {
        c->out_count = 0;               /* nobody to show it to */
    } else if (c->out_count) {
        start_write(c);
    }
}

static void push_input(struct console *c, uint16_t len)
{
    if (c->in_count == CON_INPUT_LINES)
        return;                         /* the operator types faster than CP reads */
    struct con_line *l = &c->in[(c->in_head + c->in_count++) % CON_INPUT_LINES];
    l->len = (uint8_t)len;
    for (uint16_t i = 0; i < len; i++)
        l->text[i] = (char)ebcdic_to_latin1[c->buf[i]];
}

static void enqueue(struct console *c, const char *text, size_t len);

/* The channel program c->io ended with status irb. */
static void io_done(struct console *c, const struct irb *irb)
{
    enum con_io io = c->io;
    uint8_t ds = irb->scsw.dstat;
    uint16_t got = (uint16_t)(c->ccw.count - irb->scsw.count);
    char msg[CON_LINE_MAX + 1];

    c->io = CON_IO_NONE;
    if (io == CON_IO_CLEAR)
        return;                         /* retry whatever was queued */
    if (ds & DEV_STAT_UC) {
        if (io == CON_IO_WRITE || io == CON_IO_SENSE) {
            c->connected = false;       /* no client (sense IR) or it went away */
            c->out_count = 0;
        } else if (io == CON_IO_READ) {
            c->sense_needed = true;     /* learn why the line was lost */
        }
        return;
    }
    if (io == CON_IO_WRITE) {
        unsigned k = c->chained < c->out_count ? c->chained : c->out_count;
        c->out_head = (c->out_head + k) % CON_QUEUE_LINES;
        c->out_count -= k;
    } else if (io == CON_IO_READ) {
        push_input(c, got);
    } else if (io == CON_IO_SENSE && c->buf[0] != SENSE_IR) {
        msg_format(msg, sizeof msg, MSG_CONSOLE_INPUT_LOST, c->devno, c->buf[0]);
        enqueue(c, msg, strlen(msg));
    } else if (io == CON_IO_SENSE) {
        c->connected = false;
        c->out_count = 0;
    }
}

static void con_interrupt(void *ctx, uint32_t schid, const struct irb *irb)
{
    struct console *c = ctx;
    uint8_t fc = irb->scsw.fctl_actl & SCSW_FC_MASK;
    uint8_t sc = irb->scsw.stctl;
    (void)schid;

    if (irb->scsw.dstat & DEV_STAT_ATTN) {
        c->attn = true;                 /* a line waits: read it when idle */
        c->connected = true;
    }
    if (c->io != CON_IO_NONE && (fc & (SCSW_FC_START | SCSW_FC_CLEAR))
        && (sc & (SCSW_SC_PRIMARY | SCSW_SC_ALERT | SCSW_SC_SECONDARY))) {
        io_done(c, irb);
    } else if (c->io == CON_IO_NONE && (irb->scsw.dstat & DEV_STAT_DE)) {
        c->connected = true;            /* unsolicited DE: a client attached */
    }
    con_kick(c);
}

unsigned con_init(const uint16_t *devnos, unsigned n)
{
    ncons = 0;
    for (unsigned i = 0; i < n && ncons < CON_MAX; i++) {
        struct console *c = &cons[ncons];
        memset(c, 0, sizeof *c);
        c->devno = devnos[i];
        c->schid = cio_find(devnos[i]);
        if (!c->schid || !cio_attach(c->schid, con_interrupt, c))
            continue;
        c->connected = true;            /* until a write says otherwise */
        ncons++;
    }
    return ncons;
}

unsigned con_count(void)
{
    return ncons;
}

uint16_t con_devno(unsigned con)
{
    return con < ncons ? cons[con].devno : 0;
}

static void enqueue(struct console *c, const char *text, size_t len)
{
    if (!c->connected)
        return;
    if (c->lost && c->out_count + 2 <= CON_QUEUE_LINES) {
        struct con_line *l = &c->out[(c->out_head + c->out_count++) % CON_QUEUE_LINES];
        l->len = (uint8_t)msg_format(l->text, sizeof l->text, MSG_CONSOLE_OUTPUT_LOST,
                                     c->lost, c->devno);
        if (l->len > CON_LINE_MAX)
            l->len = CON_LINE_MAX;
        c->lost = 0;
    }
    do {
        size_t n = len > CON_LINE_MAX ? CON_LINE_MAX : len;
        if (c->out_count == CON_QUEUE_LINES) {
            c->lost++;
        } else {
            struct con_line *l = &c->out[(c->out_head + c->out_count++) % CON_QUEUE_LINES];
            memcpy(l->text, text, n);
            l->len = (uint8_t)n;
        }
        text += n;
        len -= n;
    } while (len);
    con_kick(c);
}

void con_write(unsigned con, const char *text)
{
    if (con < ncons)
        enqueue(&cons[con], text, strlen(text));
}

void con_broadcast(const char *text)
{
    for (unsigned i = 0; i < ncons; i++)
        enqueue(&cons[i], text, strlen(text));
}

bool con_read_line(unsigned *con, char *buf, size_t n)
{
    for (unsigned i = 0; i < ncons; i++) {
        struct console *c = &cons[i];
        if (!c->in_count || !n)
            continue;
        const struct con_line *l = &c->in[c->in_head];
        size_t k = l->len < n - 1 ? l->len : n - 1;
        memcpy(buf, l->text, k);
        buf[k] = '\0';
        c->in_head = (c->in_head + 1) % CON_INPUT_LINES;
        c->in_count--;
        *con = i;
        return true;
    }
    return false;
}

uint64_t con_deadline(void)
{
    uint64_t d = 0;
    for (unsigned i = 0; i < ncons; i++)
        if (cons[i].io != CON_IO_NONE) {
            uint64_t t = cons[i].io_start + CON_IO_TIMEOUT;
            if (!d || t < d)
                d = t;
        }
    return d;
}

/* An I/O whose status never came (a client connecting resets the device
 * state in Hercules 3.13): clear the subchannel and start over. */
void con_timeouts(uint64_t now)
{
    for (unsigned i = 0; i < ncons; i++) {
        struct console *c = &cons[i];
        if (c->io == CON_IO_NONE || c->io == CON_IO_CLEAR || now < c->io_start + CON_IO_TIMEOUT)
            continue;
        if (cio_csch(c->schid) == 0) {
            c->io = CON_IO_CLEAR;
            c->io_start = now;
        } else {
            c->io = CON_IO_NONE;
            con_kick(c);
        }
    }
}

bool con_busy(void)
{
    for (unsigned i = 0; i < ncons; i++)
        if (cons[i].connected && (cons[i].out_count || cons[i].io != CON_IO_NONE))
            return true;
    return false;
}

/* Polled write of one line; false if the console did not answer. */
static bool panic_write(struct console *c, const char *text, size_t len)
{
    struct irb irb;
    if (len > CON_LINE_MAX)
        len = CON_LINE_MAX;
    for (size_t i = 0; i < len; i++)
        c->buf[i] = ebcdic_from_latin1[(uint8_t)text[i]];
    c->ccw = (struct ccw1){ CCW_CON_WRITE_CR, CCW_FLAG_SLI, (uint16_t)(len ? len : 1),
                            (uint32_t)(uintptr_t)c->buf };
    if (!len)
        c->buf[0] = 0x40;
    for (int tries = 0; tries < 4; tries++) {
        int cc = cio_start(c->schid, &c->orb, &c->ccw);
        if (cc == 3)
            return false;
        if (cc != 0) {                  /* pending status or busy: take it */
            cio_poll(c->schid, &irb, TOD_UNITS_PER_SEC / 2);
            continue;
        }
        while (cio_poll(c->schid, &irb, TOD_UNITS_PER_SEC))
            if (irb.scsw.fctl_actl & SCSW_FC_START)
                return !(irb.scsw.dstat & DEV_STAT_UC);
        return false;
    }
    return false;
}

void con_panic(const char *text)
{
    struct irb irb;
    for (unsigned i = 0; i < ncons; i++) {
        struct console *c = &cons[i];
        if (!c->connected)
            continue;
        if (c->io != CON_IO_NONE) {
            cio_poll(c->schid, &irb, TOD_UNITS_PER_SEC);
            if (c->io == CON_IO_WRITE && !(irb.scsw.dstat & DEV_STAT_UC)) {
                unsigned k = c->chained < c->out_count ? c->chained : c->out_count;
                c->out_head = (c->out_head + k) % CON_QUEUE_LINES;
                c->out_count -= k;
            }
            c->io = CON_IO_NONE;
        }
        while (c->out_count && c->connected) {
            const struct con_line *l = &c->out[c->out_head];
            c->connected = panic_write(c, l->text, l->len);
            c->out_head = (c->out_head + 1) % CON_QUEUE_LINES;
            c->out_count--;
        }
        if (c->connected)
            c->connected = panic_write(c, text, strlen(text));
    }
}
