/*
 * test_vio.c - guest storage access (gstore) and the virtual channel
 * subsystem (vio) with the virtual 3215 (vcon), over fake guest storage.
 * Control blocks are literal big-endian bytes, as the guest writes them.
 */
#include <stdio.h>
#include <string.h>
#include "tests/unit/suites.h"
#include "cp/vm/gstore.h"
#include "cp/vm/vio.h"
#include "cp/vm/vcon.h"
#include "cp/vm/vnic.h"
#include "lib/be.h"
#include "lib/ebcdic.h"

#define GSIZE (64 * 1024)
static uint8_t mem[GSIZE];
static uint8_t keys[GSIZE / 4096];

static uint8_t *fake_page(void *ctx, uint64_t pfn) { (void)ctx; return mem + pfn * 4096; }
static uint8_t fake_key(void *ctx, uint64_t pfn) { (void)ctx; return keys[pfn]; }

static struct gstore gs = { NULL, GSIZE, 0, fake_page, fake_key };
static struct vio v;
static struct vcon con;
static char shown[8][200];
static unsigned nshown;

static void show(void *ctx, const char *line)
{
    (void)ctx;
    if (nshown < 8)
        snprintf(shown[nshown], sizeof shown[0], "%s", line);
    nshown++;
}

#define SSID 0x00010000u
#define ORB_AT 0x1000
#define CCW_AT 0x1100
#define BUF_AT 0x2000
#define IRB_AT 0x3000
#define SCHIB_AT 0x3100

static void setup(void)
{
    memset(mem, 0, sizeof mem);
    memset(keys, 0, sizeof keys);
    gs.prefix = 0;
    vio_init(&v, &gs);
    vcon_init(&con, "GST1", show, NULL);
    CU_ASSERT_TRUE(vio_add(&v, 0, 0x0009, vcon_senseid, VCON_SENSEID_LEN, &vcon_ops, &con));
    con.sch = &v.sch[0];
    nshown = 0;
}

/* enable the subchannel with MSCH: intparm, ISC 3, E */
static void enable(void)
{
    CU_ASSERT_EQUAL(vio_stsch(&v, SSID, SCHIB_AT, 0), VIO_CC0);
    be_put32(mem + SCHIB_AT, 0x12345678);
    mem[SCHIB_AT + 4] = 3 << 3;
    mem[SCHIB_AT + 5] |= 0x80;
    CU_ASSERT_EQUAL(vio_msch(&v, SSID, SCHIB_AT, 0), VIO_CC0);
}

static void put_orb(uint32_t cpa, bool fmt1)
{
    memset(mem + ORB_AT, 0, 32);
    be_put32(mem + ORB_AT, 0xCAFE0001);
    mem[ORB_AT + 5] = fmt1 ? 0x80 : 0;
    mem[ORB_AT + 6] = 0xFF;
    be_put32(mem + ORB_AT + 8, cpa);
}

static void put_ccw1(uint32_t at, uint8_t cmd, uint8_t flags, uint16_t count, uint32_t cda)
{
    mem[at] = cmd;
    mem[at + 1] = flags;
    be_put16(mem + at + 2, count);
    be_put32(mem + at + 4, cda);
}

static void put_text(uint32_t at, const char *s)
{
    for (size_t i = 0; s[i]; i++)
        mem[at + i] = ebcdic_from_latin1[(uint8_t)s[i]];
}

/* TSCH into IRB_AT; returns the cc */
static int tsch(void)
{
    return (int)vio_tsch(&v, SSID, IRB_AT, 0);
}

static uint8_t irb_dstat(void) { return mem[IRB_AT + 8]; }
static uint8_t irb_cstat(void) { return mem[IRB_AT + 9]; }
static uint16_t irb_count(void) { return be_get16(mem + IRB_AT + 10); }
static uint8_t irb_stctl(void) { return mem[IRB_AT + 3] & 0x1F; }
static uint8_t irb_fctl(void) { return mem[IRB_AT + 2] & 0x70; }

static void gstore_checks_range_prefix_and_keys(void)
{
    setup();
    uint8_t b[16] = { 1, 2, 3 };
    CU_ASSERT_EQUAL(gs_store(&gs, GS_ABSOLUTE, GSIZE - 2, b, 2, 0), GS_OK);
    CU_ASSERT_EQUAL(gs_store(&gs, GS_ABSOLUTE, GSIZE - 2, b, 3, 0), GS_ADDRESSING);
    CU_ASSERT_EQUAL(gs_fetch(&gs, GS_ABSOLUTE, GSIZE, b, 1, 0), GS_ADDRESSING);
    CU_ASSERT_EQUAL(gs_fetch(&gs, GS_ABSOLUTE, ~0ull, b, 2, 0), GS_ADDRESSING);
    /* prefix 0x4000: real 0x10 is absolute 0x4010 and vice versa */
    gs.prefix = 0x4000;
    CU_ASSERT_EQUAL(gs_store(&gs, GS_REAL, 0x10, b, 3, 0), GS_OK);
    CU_ASSERT_EQUAL(mem[0x4010], 1);
    CU_ASSERT_EQUAL(gs_real_to_abs(&gs, 0x4010), 0x10);
    CU_ASSERT_EQUAL(gs_real_to_abs(&gs, 0x8000), 0x8000);
    /* a store crossing from the prefix area into ordinary storage */
    memset(mem, 0, sizeof mem);
    uint8_t w[8] = { 9, 9, 9, 9, 9, 9, 9, 9 };
    CU_ASSERT_EQUAL(gs_store(&gs, GS_REAL, 0x1FFC, w, 8, 0), GS_OK);
    CU_ASSERT_EQUAL(mem[0x5FFC], 9);                /* real 1FFC -> abs 5FFC */
    CU_ASSERT_EQUAL(mem[0x2000], 9);                /* real 2000 stays 2000  */
    gs.prefix = 0;
    /* keys: page 2 has key 3, page 3 key 3 and fetch protection */
    keys[2] = 0x30;
    keys[3] = 0x38;
    CU_ASSERT_EQUAL(gs_store(&gs, GS_ABSOLUTE, 0x2000, b, 1, 3), GS_OK);
    CU_ASSERT_EQUAL(gs_store(&gs, GS_ABSOLUTE, 0x2000, b, 1, 4), GS_PROTECTION);
    CU_ASSERT_EQUAL(gs_store(&gs, GS_ABSOLUTE, 0x2000, b, 1, 0), GS_OK);   /* key 0 */
    CU_ASSERT_EQUAL(gs_fetch(&gs, GS_ABSOLUTE, 0x2000, b, 1, 4), GS_OK);   /* not fetch-prot */
    CU_ASSERT_EQUAL(gs_fetch(&gs, GS_ABSOLUTE, 0x3000, b, 1, 4), GS_PROTECTION);
    /* nothing is stored when one page of the range is protected */
    mem[0x1FFF] = 0x77;
    CU_ASSERT_EQUAL(gs_store(&gs, GS_ABSOLUTE, 0x1FFF, w, 2, 4), GS_PROTECTION);
    CU_ASSERT_EQUAL(mem[0x1FFF], 0x77);
    CU_ASSERT_STRING_EQUAL(gs_err_str(GS_PROTECTION), "protection exception");
}

static void stsch_msch_and_cc3(void)
{
    setup();
    CU_ASSERT_EQUAL(vio_stsch(&v, SSID, SCHIB_AT, 0), VIO_CC0);
    CU_ASSERT_EQUAL(be_get16(mem + SCHIB_AT + 6), 0x0009);          /* devno */
    CU_ASSERT_EQUAL(mem[SCHIB_AT + 5], 0x01);                       /* V, not E */
    enable();
    CU_ASSERT_EQUAL(vio_stsch(&v, SSID, SCHIB_AT, 0), VIO_CC0);
    CU_ASSERT_EQUAL(mem[SCHIB_AT + 5], 0x81);
    CU_ASSERT_EQUAL(be_get32(mem + SCHIB_AT), 0x12345678);
    CU_ASSERT_EQUAL(mem[SCHIB_AT + 4], 3 << 3);
    CU_ASSERT_EQUAL(vio_stsch(&v, SSID | 1, SCHIB_AT, 0), VIO_CC3);   /* no such sch */
    CU_ASSERT_EQUAL(vio_ssch(&v, 0x0001FFFF, ORB_AT, 0), VIO_CC3);
    CU_ASSERT_EQUAL(vio_stsch(&v, 0x00000000, SCHIB_AT, 0), VIO_PGM_OPERAND);   /* no "one" bit */
    CU_ASSERT_EQUAL(vio_stsch(&v, 0x00030000, SCHIB_AT, 0), VIO_PGM_OPERAND);   /* set 1 */
    CU_ASSERT_EQUAL(vio_stsch(&v, SSID, SCHIB_AT + 2, 0), VIO_PGM_SPECIFICATION);
    CU_ASSERT_EQUAL(vio_stsch(&v, SSID, GSIZE - 8, 0), VIO_PGM_ADDRESSING);
    mem[SCHIB_AT + 5] |= 0x04;                                      /* D bit: reserved here */
    CU_ASSERT_EQUAL(vio_msch(&v, SSID, SCHIB_AT, 0), VIO_PGM_OPERAND);
}

static void write_format1_and_irb(void)
{
    setup();
    enable();
    put_text(BUF_AT, "hello, world");
    put_ccw1(CCW_AT, 0x09, 0x20, 12, BUF_AT);
    put_orb(CCW_AT, true);
    CU_ASSERT_EQUAL(vio_ssch(&v, SSID, ORB_AT, 0), VIO_CC0);
    CU_ASSERT_EQUAL(nshown, 1);
    CU_ASSERT_STRING_EQUAL(shown[0], "GST1: hello, world");
    CU_ASSERT_TRUE(vio_irq_pending(&v, 0xFF000000));
    CU_ASSERT_FALSE(vio_irq_pending(&v, 0x80000000));               /* ISC 3 masked */
    CU_ASSERT_EQUAL(vio_ssch(&v, SSID, ORB_AT, 0), VIO_CC1);        /* status pending */
    uint32_t w[3];
    CU_ASSERT_TRUE(vio_next_irq(&v, 0xFF000000, w));
    CU_ASSERT_EQUAL(w[0], SSID);
    CU_ASSERT_EQUAL(w[1], 0xCAFE0001);                              /* ORB intparm */
    CU_ASSERT_EQUAL(w[2], 0x18000000);                              /* ISC 3 */
    CU_ASSERT_EQUAL(tsch(), 0);
    CU_ASSERT_EQUAL(irb_dstat(), 0x0C);                             /* CE DE */
    CU_ASSERT_EQUAL(irb_cstat(), 0);
    CU_ASSERT_EQUAL(irb_count(), 0);
    CU_ASSERT_EQUAL(irb_fctl(), 0x40);
    CU_ASSERT_EQUAL(irb_stctl(), 0x07);                             /* primary secondary pending */
    CU_ASSERT_EQUAL(be_get32(mem + IRB_AT + 4), CCW_AT + 8);
    CU_ASSERT_EQUAL(tsch(), 1);                                     /* nothing pending now */
}

static void format0_chain_with_tic_and_sense_id(void)
{
    setup();
    enable();
    /* format-0: SENSE ID (CC) -> TIC -> NOP */
    uint8_t c0[8] = { 0xE4, 0x00, 0x20, 0x00, 0x60, 0x00, 0x00, 0x07 };  /* cda 002000, CC|SLI */
    uint8_t t0[8] = { 0x08, 0x00, 0x12, 0x00, 0x00, 0x00, 0x00, 0x00 };  /* TIC 001200 */
    uint8_t n0[8] = { 0x03, 0x00, 0x00, 0x00, 0x20, 0x00, 0x00, 0x01 };  /* NOP */
    memcpy(mem + CCW_AT, c0, 8);
    memcpy(mem + CCW_AT + 8, t0, 8);
    memcpy(mem + 0x1200, n0, 8);
    put_orb(CCW_AT, false);
    CU_ASSERT_EQUAL(vio_ssch(&v, SSID, ORB_AT, 0), VIO_CC0);
    CU_ASSERT_EQUAL(tsch(), 0);
    CU_ASSERT_EQUAL(irb_dstat(), 0x0C);
    CU_ASSERT_EQUAL(irb_cstat(), 0);
    CU_ASSERT_EQUAL(mem[BUF_AT], 0xFF);
    CU_ASSERT_EQUAL(be_get16(mem + BUF_AT + 1), 0x3215);
    CU_ASSERT_EQUAL(be_get32(mem + IRB_AT + 4), 0x1208);            /* past the NOP */
}

static void program_checks_and_incorrect_length(void)
{
    setup();
    enable();
    put_ccw1(CCW_AT, 0x09, 0x20, 4, GSIZE + 0x100);                 /* data outside */
    put_orb(CCW_AT, true);
    CU_ASSERT_EQUAL(vio_ssch(&v, SSID, ORB_AT, 0), VIO_CC0);
    CU_ASSERT_EQUAL(tsch(), 0);
    CU_ASSERT_EQUAL(irb_cstat(), 0x20);                             /* program check */
    keys[BUF_AT / 4096] = 0x50;                                     /* key 5, ORB key 3 */
    put_ccw1(CCW_AT, 0x0A, 0x20, 4, BUF_AT);
    mem[ORB_AT + 4] = 0x30;
    CU_ASSERT_TRUE(vcon_input(&con, "x"));
    CU_ASSERT_EQUAL(tsch(), 0);                                     /* its ATTENTION */
    CU_ASSERT_EQUAL(vio_ssch(&v, SSID, ORB_AT, 0), VIO_CC0);
    CU_ASSERT_EQUAL(tsch(), 0);
    CU_ASSERT_EQUAL(irb_cstat(), 0x10);                             /* protection check */
    keys[BUF_AT / 4096] = 0;
    mem[ORB_AT + 4] = 0;
    CU_ASSERT_EQUAL(vio_ssch(&v, SSID, ORB_AT, 0), VIO_CC0);        /* the line stayed */
    CU_ASSERT_EQUAL(tsch(), 0);
    CU_ASSERT_EQUAL(irb_count(), 3);
    put_ccw1(CCW_AT, 0x09, 0x20, 0, BUF_AT);                        /* count 0, format 1: ok */
    CU_ASSERT_EQUAL(vio_ssch(&v, SSID, ORB_AT, 0), VIO_CC0);
    CU_ASSERT_EQUAL(tsch(), 0);
    CU_ASSERT_EQUAL(irb_cstat(), 0);
    memset(mem + CCW_AT, 0, 8);                                     /* count 0, format 0 */
    mem[CCW_AT] = 0x09;
    mem[CCW_AT + 4] = 0x20;
    put_orb(CCW_AT, false);
    CU_ASSERT_EQUAL(vio_ssch(&v, SSID, ORB_AT, 0), VIO_CC0);
    CU_ASSERT_EQUAL(tsch(), 0);
    CU_ASSERT_EQUAL(irb_cstat(), 0x20);
    put_orb(CCW_AT + 4, true);                                      /* CPA not aligned */
    CU_ASSERT_EQUAL(vio_ssch(&v, SSID, ORB_AT, 0), VIO_PGM_OPERAND);
    put_ccw1(CCW_AT, 0x08, 0, 0, CCW_AT);                           /* TIC to TIC */
    put_orb(CCW_AT, true);
    CU_ASSERT_EQUAL(vio_ssch(&v, SSID, ORB_AT, 0), VIO_CC0);
    CU_ASSERT_EQUAL(tsch(), 0);
    CU_ASSERT_EQUAL(irb_cstat(), 0x20);                             /* program check */
    CU_ASSERT_EQUAL(irb_stctl() & 0x10, 0x10);                      /* alert */
    put_ccw1(CCW_AT, 0x09, 0x84, 4, BUF_AT);                        /* CD + IDA */
    CU_ASSERT_EQUAL(vio_ssch(&v, SSID, ORB_AT, 0), VIO_CC0);
    CU_ASSERT_EQUAL(tsch(), 0);
    CU_ASSERT_EQUAL(irb_cstat(), 0x20);
    put_ccw1(CCW_AT, 0x77, 0x20, 4, BUF_AT);                        /* unknown command */
    CU_ASSERT_EQUAL(vio_ssch(&v, SSID, ORB_AT, 0), VIO_CC0);
    CU_ASSERT_EQUAL(tsch(), 0);
    CU_ASSERT_EQUAL(irb_dstat(), 0x0E);                             /* CE DE UC */
    put_ccw1(CCW_AT, 0x04, 0x20, 8, BUF_AT);                        /* SENSE: command reject */
    CU_ASSERT_EQUAL(vio_ssch(&v, SSID, ORB_AT, 0), VIO_CC0);
    CU_ASSERT_EQUAL(tsch(), 0);
    CU_ASSERT_EQUAL(mem[BUF_AT], 0x80);
    CU_ASSERT_EQUAL(irb_count(), 7);
    /* a read of a short line without SLI: incorrect length */
    CU_ASSERT_TRUE(vcon_input(&con, "abc"));
    CU_ASSERT_EQUAL(tsch(), 0);                                     /* its ATTENTION */
    put_ccw1(CCW_AT, 0x0A, 0x00, 20, BUF_AT);
    CU_ASSERT_EQUAL(vio_ssch(&v, SSID, ORB_AT, 0), VIO_CC0);
    CU_ASSERT_EQUAL(tsch(), 0);
    CU_ASSERT_EQUAL(irb_cstat(), 0x40);
    CU_ASSERT_EQUAL(irb_count(), 17);
    /* disabled subchannel: cc 3 for SSCH (not operational) */
    mem[SCHIB_AT + 5] = 0x01;
    CU_ASSERT_EQUAL(vio_msch(&v, SSID, SCHIB_AT, 0), VIO_CC0);
    CU_ASSERT_EQUAL(vio_ssch(&v, SSID, ORB_AT, 0), VIO_CC3);
}

/* The console read paths: a line already queued, a read that waits for
 * one, and ATTENTION for a line that arrives while the device is idle.
 * The residual count must always describe the line just read. */
static void console_read_paths_and_residuals(void)
{
    setup();
    enable();
    put_orb(CCW_AT, true);
    /* a long write first, so stale counts would show */
    put_text(BUF_AT, "CONNECT= 00:00:00 VIRTCPU= 000:00.00 TOTCPU= 000:00.00");
    put_ccw1(CCW_AT, 0x09, 0x20, 54, BUF_AT);
    CU_ASSERT_EQUAL(vio_ssch(&v, SSID, ORB_AT, 0), VIO_CC0);
    CU_ASSERT_EQUAL(tsch(), 0);
    /* read with nothing queued: blocks, cc 2 for another SSCH */
    put_ccw1(CCW_AT, 0x0A, 0x20, 150, BUF_AT);
    CU_ASSERT_EQUAL(vio_ssch(&v, SSID, ORB_AT, 0), VIO_CC0);
    CU_ASSERT_TRUE(v.sch[0].blocked);
    CU_ASSERT_FALSE(vio_irq_pending(&v, ~0ull));
    CU_ASSERT_EQUAL(vio_ssch(&v, SSID, ORB_AT, 0), VIO_CC2);
    CU_ASSERT_EQUAL(tsch(), 1);
    CU_ASSERT_TRUE(vcon_input(&con, "ECHO short"));                 /* resumes the read */
    CU_ASSERT_TRUE(vio_irq_pending(&v, ~0ull));
    CU_ASSERT_EQUAL(tsch(), 0);
    CU_ASSERT_EQUAL(irb_dstat(), 0x0C);
    CU_ASSERT_EQUAL(irb_count(), 150 - 10);
    CU_ASSERT_EQUAL(mem[BUF_AT], ebcdic_from_latin1['E']);
    /* a line while idle: ATTENTION, unsolicited; then the read completes at once */
    CU_ASSERT_TRUE(vcon_input(&con, "CP MSG OPERATOR hi"));
    CU_ASSERT_EQUAL(tsch(), 0);
    CU_ASSERT_EQUAL(irb_dstat(), 0x80);
    CU_ASSERT_EQUAL(irb_fctl(), 0);
    CU_ASSERT_EQUAL(vio_ssch(&v, SSID, ORB_AT, 0), VIO_CC0);
    CU_ASSERT_EQUAL(tsch(), 0);
    CU_ASSERT_EQUAL(irb_count(), 150 - 18);
    /* two lines queued: two reads, in order, each with its own count */
    CU_ASSERT_TRUE(vcon_input(&con, "first"));
    CU_ASSERT_TRUE(vcon_input(&con, "second line"));
    CU_ASSERT_EQUAL(tsch(), 0);                                     /* the ATTENTION */
    CU_ASSERT_EQUAL(vio_ssch(&v, SSID, ORB_AT, 0), VIO_CC0);
    CU_ASSERT_EQUAL(tsch(), 0);
    CU_ASSERT_EQUAL(irb_count(), 145);
    CU_ASSERT_EQUAL(vio_ssch(&v, SSID, ORB_AT, 0), VIO_CC0);
    CU_ASSERT_EQUAL(tsch(), 0);
    CU_ASSERT_EQUAL(irb_count(), 139);
    /* the queue is bounded: the 17th line is refused */
    for (int i = 0; i < VCON_INPUT_MAX; i++)
        CU_ASSERT_TRUE(vcon_input(&con, "x"));
    CU_ASSERT_FALSE(vcon_input(&con, "one too many"));
}

static void halt_clear_tpi_and_crw(void)
{
    setup();
    enable();
    put_orb(CCW_AT, true);
    put_ccw1(CCW_AT, 0x0A, 0x20, 150, BUF_AT);
    CU_ASSERT_EQUAL(vio_ssch(&v, SSID, ORB_AT, 0), VIO_CC0);        /* blocked read */
    CU_ASSERT_EQUAL(vio_hsch(&v, SSID), VIO_CC0);
    CU_ASSERT_EQUAL(vio_hsch(&v, SSID), VIO_CC1);                   /* status pending */
    CU_ASSERT_EQUAL(vio_tpi(&v, 0, 0, 0xFF000000), VIO_CC1);
    CU_ASSERT_EQUAL(be_get32(mem + 0xB8), SSID);
    CU_ASSERT_EQUAL(be_get32(mem + 0xBC), 0xCAFE0001);
    CU_ASSERT_EQUAL(be_get32(mem + 0xC0), 0x18000000);
    CU_ASSERT_EQUAL(vio_tpi(&v, 0, 0, 0xFF000000), VIO_CC0);        /* taken */
    CU_ASSERT_EQUAL(tsch(), 0);
    CU_ASSERT_EQUAL(irb_fctl() & 0x20, 0x20);                       /* halt function */
    CU_ASSERT_EQUAL(vio_csch(&v, SSID), VIO_CC0);
    CU_ASSERT_EQUAL(tsch(), 0);
    CU_ASSERT_EQUAL(irb_fctl(), 0x10);                              /* clear function */
    CU_ASSERT_EQUAL(vio_csch(&v, SSID | 5), VIO_CC3);
    CU_ASSERT_EQUAL(vio_stcrw(&v, 0x400, 0), VIO_CC1);
    CU_ASSERT_EQUAL(be_get32(mem + 0x400), 0);
    CU_ASSERT_TRUE(vio_report(&v, 0x00830001));
    CU_ASSERT_EQUAL(vio_stcrw(&v, 0x400, 0), VIO_CC0);
    CU_ASSERT_EQUAL(be_get32(mem + 0x400), 0x00830001);
    CU_ASSERT_EQUAL(vio_stcrw(&v, 0x400, 0), VIO_CC1);
    vio_remove(&v, 0);
    CU_ASSERT_EQUAL(vio_stsch(&v, SSID, SCHIB_AT, 0), VIO_CC3);
}

/* PCI: with a program that runs to its end the PCI bit comes with the
 * final status; with one that blocks, intermediate status comes at once
 * and the program goes on after TSCH. */
static void pci_and_intermediate_status(void)
{
    setup();
    enable();
    put_orb(CCW_AT, true);
    put_text(BUF_AT, "x");
    put_ccw1(CCW_AT, 0x09, 0x28, 1, BUF_AT);                        /* write, SLI + PCI */
    CU_ASSERT_EQUAL(vio_ssch(&v, SSID, ORB_AT, 0), VIO_CC0);
    CU_ASSERT_EQUAL(tsch(), 0);
    CU_ASSERT_EQUAL(irb_cstat(), 0x80);                             /* PCI with the end */
    CU_ASSERT_EQUAL(irb_stctl(), 0x07);

    put_ccw1(CCW_AT, 0x0A, 0x28, 150, BUF_AT);                      /* read, SLI + PCI: blocks */
    CU_ASSERT_EQUAL(vio_ssch(&v, SSID, ORB_AT, 0), VIO_CC0);
    CU_ASSERT_TRUE(vio_irq_pending(&v, ~0ull));
    CU_ASSERT_EQUAL(vio_ssch(&v, SSID, ORB_AT, 0), VIO_CC1);        /* status pending */
    CU_ASSERT_EQUAL(tsch(), 0);
    CU_ASSERT_EQUAL(irb_stctl(), 0x09);                             /* intermediate + pending */
    CU_ASSERT_EQUAL(irb_cstat(), 0x80);
    CU_ASSERT_EQUAL(irb_fctl(), 0x40);
    CU_ASSERT_EQUAL(mem[IRB_AT + 3] & 0xC0, 0xC0);                  /* still active */
    CU_ASSERT_EQUAL(vio_ssch(&v, SSID, ORB_AT, 0), VIO_CC2);        /* the program goes on */
    CU_ASSERT_TRUE(vcon_input(&con, "go"));
    CU_ASSERT_EQUAL(tsch(), 0);
    CU_ASSERT_EQUAL(irb_stctl(), 0x07);
    CU_ASSERT_EQUAL(irb_cstat(), 0);                                /* PCI already shown */
    CU_ASSERT_EQUAL(irb_count(), 148);

    /* a device's own PCI while its program is active (the QDIO way) */
    put_ccw1(CCW_AT, 0x0A, 0x20, 150, BUF_AT);
    CU_ASSERT_EQUAL(vio_ssch(&v, SSID, ORB_AT, 0), VIO_CC0);        /* blocks, no PCI */
    CU_ASSERT_FALSE(vio_irq_pending(&v, ~0ull));
    CU_ASSERT_TRUE(vio_intermediate(&v.sch[0]));
    CU_ASSERT_FALSE(vio_intermediate(&v.sch[0]));                   /* already pending */
    uint32_t w[3];
    CU_ASSERT_TRUE(vio_next_irq(&v, ~0ull, w));
    CU_ASSERT_EQUAL(tsch(), 0);
    CU_ASSERT_EQUAL(irb_stctl(), 0x09);
    CU_ASSERT_TRUE(vcon_input(&con, "end"));
    CU_ASSERT_EQUAL(tsch(), 0);
    CU_ASSERT_EQUAL(irb_cstat(), 0x80);                             /* the second PCI */
    CU_ASSERT_EQUAL(irb_count(), 147);
}

/* NIC device groups: SENSE ID with CIWs, channel reports when added or
 * removed while the guest runs, ranges, overlaps, the free-subchannel search. */
static void nic_groups_and_channel_reports(void)
{
    static struct vnic_set ns;
    uint16_t n = 0;
    setup();
    enable();
    memset(&ns, 0, sizeof ns);
    CU_ASSERT_EQUAL(vnic_define(&ns, &v, 0x0700, 3, true), VNIC_OK);
    CU_ASSERT_EQUAL(v.sch[1].devno, 0x0700);                        /* after the console */
    CU_ASSERT_EQUAL(v.sch[3].devno, 0x0702);
    CU_ASSERT_EQUAL(v.ncrw, 3);
    CU_ASSERT_EQUAL(vio_stcrw(&v, 0x400, 0), VIO_CC0);
    CU_ASSERT_EQUAL(be_get32(mem + 0x400), 0x03040001);            /* RSC 3, ERC 4, sch 1 */
    /* SENSE ID on the data device: 1731-01 / 1732-01 and the CIWs */
    mem[SCHIB_AT + 5] = 0x81;
    CU_ASSERT_EQUAL(vio_msch(&v, SSID | 3, SCHIB_AT, 0), VIO_CC0);
    put_ccw1(CCW_AT, 0xE4, 0x20, 32, BUF_AT);
    put_orb(CCW_AT, true);
    CU_ASSERT_EQUAL(vio_ssch(&v, SSID | 3, ORB_AT, 0), VIO_CC0);
    CU_ASSERT_EQUAL(vio_tsch(&v, SSID | 3, IRB_AT, 0), VIO_CC0);
    CU_ASSERT_EQUAL(irb_count(), 32 - VNIC_SENSEID_LEN);
    CU_ASSERT_EQUAL(memcmp(mem + BUF_AT, vnic_senseid, VNIC_SENSEID_LEN), 0);
    CU_ASSERT_EQUAL(be_get16(mem + BUF_AT + 1), 0x1731);
    CU_ASSERT_EQUAL(mem[BUF_AT + 12], 0x43);                        /* CIW EQ */
    CU_ASSERT_EQUAL(mem[BUF_AT + 13], 0x1B);
    /* anything else: command reject until the adapter exists */
    put_ccw1(CCW_AT, 0x01, 0x20, 8, BUF_AT);
    CU_ASSERT_EQUAL(vio_ssch(&v, SSID | 3, ORB_AT, 0), VIO_CC0);
    CU_ASSERT_EQUAL(vio_tsch(&v, SSID | 3, IRB_AT, 0), VIO_CC0);
    CU_ASSERT_EQUAL(irb_dstat(), 0x0E);
    /* overlaps, ranges, limits */
    CU_ASSERT_EQUAL(vnic_define(&ns, &v, 0x06FF, 3, true), VNIC_ERR_EXISTS);
    CU_ASSERT_EQUAL(vnic_define(&ns, &v, 0x0008, 3, true), VNIC_ERR_EXISTS);     /* 0009 */
    CU_ASSERT_EQUAL(vnic_define(&ns, &v, 0xFFFE, 3, true), VNIC_ERR_RANGE);
    CU_ASSERT_EQUAL(vnic_define(&ns, &v, 0x0800, 2, true), VNIC_ERR_RANGE);
    CU_ASSERT_EQUAL(vnic_define(&ns, &v, 0x0800, 61, true), VNIC_ERR_NO_SCH);   /* 60 left */
    CU_ASSERT_EQUAL(vnic_define(&ns, &v, 0x0800, 60, false), VNIC_OK);
    CU_ASSERT_EQUAL(v.ncrw, 2);                                     /* not reported */
    CU_ASSERT_EQUAL(vnic_detach(&ns, &v, 0x0701, &n), VNIC_ERR_NOT_FOUND);
    CU_ASSERT_EQUAL(vnic_detach(&ns, &v, 0x0700, &n), VNIC_OK);
    CU_ASSERT_EQUAL(n, 3);
    CU_ASSERT_EQUAL(v.ncrw, 5);
    CU_ASSERT_EQUAL(vio_stsch(&v, SSID | 2, SCHIB_AT, 0), VIO_CC3);
    /* the freed subchannels are used again */
    CU_ASSERT_EQUAL(vnic_define(&ns, &v, 0x0900, 3, true), VNIC_OK);
    CU_ASSERT_EQUAL(v.sch[1].devno, 0x0900);
    CU_ASSERT_EQUAL(vnic_detach(&ns, &v, 0x0800, &n), VNIC_OK);
    CU_ASSERT_EQUAL(n, 60);
    for (uint16_t d = 0x0A00; d < 0x0A00 + 7 * 3; d += 3)          /* NICs 2 to 8 */
        CU_ASSERT_EQUAL(vnic_define(&ns, &v, d, 3, false), VNIC_OK);
    CU_ASSERT_EQUAL(vnic_define(&ns, &v, 0x0B00, 3, false), VNIC_ERR_TOO_MANY);
    CU_ASSERT_STRING_EQUAL(vnic_err_str(VNIC_ERR_NO_SCH), "not enough virtual subchannels");
}

void register_vio_tests(void)
{
    static const struct unit_test tests[] = {
        { "gstore range, prefix, keys", gstore_checks_range_prefix_and_keys },
        { "STSCH, MSCH, cc 3, operand checks", stsch_msch_and_cc3 },
        { "format-1 write and the IRB", write_format1_and_irb },
        { "format-0 chain, TIC, SENSE ID", format0_chain_with_tic_and_sense_id },
        { "program checks, unit checks, IL", program_checks_and_incorrect_length },
        { "console read paths and residuals", console_read_paths_and_residuals },
        { "HSCH, CSCH, TPI, STCRW", halt_clear_tpi_and_crw },
        { "PCI and intermediate status", pci_and_intermediate_status },
        { "NIC groups and channel reports", nic_groups_and_channel_reports },
        { NULL, NULL },
    };
    unit_add_suite("vio", tests);
}
