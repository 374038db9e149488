/*
 * console.c - the CMS 3215 console driver (target only; see console.h).
 *
 * Synchronous: each write and read runs to its end through cms_cio_run.
 * A READ stays outstanding while CMS idles, so CP (or Hercules) finishes
 * it when the next line arrives; a line queued while no READ is out is
 * announced by ATTENTION, which cms_cio_run clears (SSCH cc 1) before the
 * next READ picks the line up.  Unit check on a write (no terminal) loses
 * that line; on a read, CMS waits for the next interruption before it
 * reads again, so a dead console never makes it spin.
 * Commands: Hercules console.c/con1052c.c, the 3215 component description.
 */
#include "cms-tools/console.h"
#include "cms-tools/cio.h"
#include "cms-tools/machine.h"
#include "lib/ebcdic.h"

#define CCW_CON_WRITE_CR    0x09
#define CCW_CON_READ        0x0A
#define SENSE_ID_LEN        32      /* 7 bytes + command-information words */
#define EBCDIC_BLANK        0x40

static uint32_t con_schid;
static uint16_t con_devno;

/* Channel-program areas: one I/O at a time, in .bss (below 2 GB). */
static struct ccw1 con_ccw;
static struct irb  con_irb;
static uint8_t     con_buf[CMS_CON_LINE_MAX];
static uint8_t     sense_id[SENSE_ID_LEN];

/* SENSE ID on an enabled subchannel; true if its control unit is a 3215. */
static bool is_3215(uint32_t schid)
{
    memset(sense_id, 0, sizeof sense_id);
    con_ccw = (struct ccw1){ CCW_CMD_SENSE_ID, CCW_FLAG_SLI, SENSE_ID_LEN,
                             (uint32_t)(uintptr_t)sense_id };
    if (cms_cio_run(schid, &con_ccw, &con_irb) != CMS_CIO_OK)
        return false;
    if (con_irb.scsw.dstat & DEV_STAT_UC)
        return false;                   /* command reject: no SENSE ID */
    if (SENSE_ID_LEN - con_irb.scsw.count < 3)
        return false;
    return ((uint16_t)(sense_id[1] << 8 | sense_id[2])) == CMS_CON_CU_TYPE;
}

bool cms_con_init(void)
{
    static struct schib s;

    con_schid = 0;
    con_devno = 0;
    for (uint32_t sch = 0; sch <= 0xFFFF; sch++) {
        uint32_t schid = CMS_CIO_SSID_BASE | sch;
        int cc = cms_stsch(schid, &s);
        if (cc == 3)
            break;
        if (cc != 0 || !(s.pmcw.flags1 & PMCW_F1_DEVNO_VALID))
            continue;
        uint16_t devno = s.pmcw.devno;
        if (!cms_cio_enable(schid, true))
            continue;
        if (is_3215(schid)) {
            con_schid = schid;
            con_devno = devno;
            return true;
        }
        (void)cms_cio_enable(schid, false);
    }
    return false;
}

bool cms_con_ready(void)
{
    return con_schid != 0;
}

uint16_t cms_con_devno(void)
{
    return con_devno;
}

uint32_t cms_con_schid(void)
{
    return con_schid;
}

/* Run one console CCW; a console that stops answering (cc 3) ends CMS:
 * there is nobody left to tell. */
static void con_io(uint8_t cmd, uint16_t count)
{
    con_ccw = (struct ccw1){ cmd, CCW_FLAG_SLI, count, (uint32_t)(uintptr_t)con_buf };
    if (cms_cio_run(con_schid, &con_ccw, &con_irb) == CMS_CIO_NOT_OPER)
        cms_disabled_wait(CMS_WAIT(CMS_WAIT_CONSOLE_GONE, con_schid));
}

static void write_chunk(const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++)
        con_buf[i] = ebcdic_from_latin1[(uint8_t)text[i]];
    if (len == 0)
        con_buf[len++] = EBCDIC_BLANK;  /* a CCW count of 0 is invalid */
    con_io(CCW_CON_WRITE_CR, (uint16_t)len);
}

void cms_con_write(const char *text)
{
    size_t len = strlen(text);

    if (!con_schid)
        return;
    do {
        size_t n = len > CMS_CON_LINE_MAX ? CMS_CON_LINE_MAX : len;
        write_chunk(text, n);
        text += n;
        len -= n;
    } while (len);
}

size_t cms_con_read(char *buf, size_t n)
{
    if (!con_schid || n == 0)
        return 0;
    for (;;) {
        con_io(CCW_CON_READ, CMS_CON_LINE_MAX);
        if (!(con_irb.scsw.dstat & DEV_STAT_UC))
            break;
        cms_wait();                     /* no input possible now: idle */
        (void)cms_tsch(CMS_LC32(LC_SUBCHANNEL_ID), &con_irb);
    }
    size_t got = (size_t)(CMS_CON_LINE_MAX - con_irb.scsw.count);
    if (got > CMS_CON_LINE_MAX)
        got = 0;                        /* residual larger than the count */
    if (got > n - 1)
        got = n - 1;
    for (size_t i = 0; i < got; i++)
        buf[i] = (char)ebcdic_to_latin1[con_buf[i]];
    buf[got] = '\0';
    return got;
}
