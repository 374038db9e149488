/*
 * cio.c - the CMS channel-subsystem driver (target only; see cio.h).
 *
 * CMS does one I/O at a time and waits for it: SSCH, then enabled waits
 * (cms_wait) until the I/O interruption of that subchannel brings its
 * final status.  This is the whole interruption handling of the nucleus.
 */
#include "cms-tools/cio.h"
#include "cms-tools/machine.h"
#include "cms-tools/netio.h"
#include "insn.h"

#define CIO_START_TRIES 64      /* cc 1/2 retries before giving up        */

int cms_stsch(uint32_t schid, struct schib *s)
{
    return insn_stsch(schid, s);
}

int cms_msch(uint32_t schid, struct schib *s)
{
    return insn_msch(schid, s);
}

int cms_ssch(uint32_t schid, struct orb *orb)
{
    return insn_ssch(schid, orb);
}

int cms_tsch(uint32_t schid, struct irb *irb)
{
    return insn_tsch(schid, irb);
}

void cms_cio_init(void)
{
    insn_lctlg6(0xFF000000ull);          /* CR6: I/O subclasses 0-7 enabled */
}

bool cms_cio_enable(uint32_t schid, bool on)
{
    static struct schib s;
    static struct irb irb;

    for (int tries = 0; tries < CIO_START_TRIES; tries++) {
        if (cms_stsch(schid, &s) != 0)
            return false;
        s.pmcw.flags0 = (uint8_t)((s.pmcw.flags0 & ~PMCW_ISC_MASK)
                                  | (CMS_CIO_ISC << PMCW_ISC_SHIFT));
        if (on)
            s.pmcw.flags1 |= PMCW_F1_ENABLED;
        else
            s.pmcw.flags1 &= (uint8_t)~PMCW_F1_ENABLED;
        s.pmcw.intparm = schid;
        int cc = cms_msch(schid, &s);
        if (cc != 1)
            return cc == 0;
        (void)cms_tsch(schid, &irb);    /* status pending: clear it, retry */
    }
    return false;
}

/* True if irb is the end of the start function: solicited primary or
 * alert status (an ATTENTION alone is unsolicited). */
static bool ends_start(const struct irb *irb)
{
    return (irb->scsw.fctl_actl & SCSW_FC_START)
        && (irb->scsw.stctl & (SCSW_SC_PRIMARY | SCSW_SC_ALERT));
}

/* Wait for I/O interruptions until schid's channel program has ended;
 * every other status that arrives meanwhile is taken and dropped. */
static void wait_end(uint32_t schid, struct irb *irb)
{
    for (;;) {
        cms_wait();
        uint32_t id = CMS_LC32(LC_SUBCHANNEL_ID);
        if (cms_tsch(id, irb) != 0)
            continue;                   /* no status after all */
        if (id == schid && ends_start(irb))
            return;
        if (id != schid)
            net_io_interrupt(id);       /* a NIC's PCI: take its input */
    }
}

static struct orb orb;

static void make_orb(uint32_t schid, struct ccw1 *ccws)
{
    memset(&orb, 0, sizeof orb);
    orb.intparm = schid;
    orb.flags = ORB_FLAGS_FMT1;
    orb.lpm = ORB_LPM_ALL;
    orb.cpa = (uint32_t)(uintptr_t)ccws;
}

enum cms_cio_err cms_cio_start(uint32_t schid, struct ccw1 *ccws)
{
    static struct irb irb;
    for (int tries = 0; tries < CIO_START_TRIES; tries++) {
        make_orb(schid, ccws);
        switch (cms_ssch(schid, &orb)) {
        case 0:
            return CMS_CIO_OK;
        case 1:
            (void)cms_tsch(schid, &irb);
            break;
        case 2:
            return CMS_CIO_BUSY;
        default:
            return CMS_CIO_NOT_OPER;
        }
    }
    return CMS_CIO_BUSY;
}

bool cms_cio_halt(uint32_t schid, struct irb *irb)
{
    for (int tries = 0; tries < CIO_START_TRIES; tries++) {
        int cc = insn_hsch(schid);
        if (cc == 3)
            return false;
        if (cc == 1) {                  /* status pending: take it, retry */
            (void)cms_tsch(schid, irb);
            continue;
        }
        if (cc == 2)                    /* halt or clear already going on */
            return true;
        for (;;) {
            cms_wait();
            uint32_t id = CMS_LC32(LC_SUBCHANNEL_ID);
            if (cms_tsch(id, irb) == 0 && id == schid && (irb->scsw.fctl_actl & SCSW_FC_HALT))
                return true;
        }
    }
    return false;
}

enum cms_cio_err cms_cio_run(uint32_t schid, struct ccw1 *ccws, struct irb *irb)
{
    for (int tries = 0; tries < CIO_START_TRIES; tries++) {
        make_orb(schid, ccws);
        switch (cms_ssch(schid, &orb)) {
        case 0:
            wait_end(schid, irb);
            return CMS_CIO_OK;
        case 1:                         /* status pending: take it, retry */
            (void)cms_tsch(schid, irb);
            break;
        case 2:                         /* busy: let the interruption come */
            cms_wait();
            (void)cms_tsch(CMS_LC32(LC_SUBCHANNEL_ID), irb);
            break;
        default:
            return CMS_CIO_NOT_OPER;
        }
    }
    return CMS_CIO_BUSY;
}
