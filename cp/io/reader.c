/*
 * reader.c - card reader input at IPL (target only; see reader.h).
 * Hercules "3505 file ascii eof" turns each text line of the file into one
 * EBCDIC card and ends the deck with unit exception.  The reader is read
 * polled: it runs once, before any guest.
 */
#include "cp/io/reader.h"
#include "cp/io/cio.h"
#include "lib/ebcdic.h"
#include "lib/tod.h"

#define CARD            80
#define CCW_RDR_READ    0x02

static void no_interrupts(void *ctx, uint32_t schid, const struct irb *irb)
{
    (void)ctx;
    (void)schid;
    (void)irb;
}

long rdr_read_text(uint16_t devno, char *buf, size_t max, unsigned *bad_card)
{
    static uint8_t card[CARD];
    static struct ccw1 ccw;
    static struct orb orb;
    struct irb irb;
    size_t len = 0;
    unsigned cards = 0;

    *bad_card = 0;
    uint32_t schid = cio_find(devno);
    if (!schid || !cio_attach(schid, no_interrupts, NULL))
        return -1;
    while (len + CARD + 1 <= max) {
        ccw = (struct ccw1){ CCW_RDR_READ, CCW_FLAG_SLI, CARD, (uint32_t)(uintptr_t)card };
        int cc = cio_start(schid, &orb, &ccw);
        if (cc == 1) {                  /* stale status: take it and retry */
            cio_tsch(schid, &irb);
            continue;
        }
        if (cc != 0 || !cio_poll(schid, &irb, 5 * TOD_UNITS_PER_SEC))
            break;
        cards++;
        if (irb.scsw.dstat & DEV_STAT_UX)
            break;                      /* end of the deck */
        if (irb.scsw.dstat & DEV_STAT_UC) {
            *bad_card = cards;          /* a card the reader could not read */
            break;
        }
        size_t n = CARD - irb.scsw.count;
        while (n && card[n - 1] == 0x40)
            n--;
        for (size_t i = 0; i < n; i++)
            buf[len++] = (char)ebcdic_to_latin1[card[i]];
        buf[len++] = '\n';
    }
    return (long)len;
}
