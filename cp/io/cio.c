/*
 * cio.c - channel-subsystem driver: find and enable subchannels, start
 * channel programs, and route I/O interruptions to device drivers by
 * subchannel (target only; see cio.h).
 */
#include "cp/io/cio.h"
#include "cp/arch/machine.h"

#define SSID_BASE 0x00010000u           /* subchannel set 0, "one" bit */

struct cio_dev {
    uint32_t    schid;
    cio_handler handler;
    void       *ctx;
};

static struct cio_dev devs[CIO_MAX_DEVS];
static unsigned ndevs;

int cio_ssch(uint32_t schid, struct orb *orb)
{
    return insn_ssch(schid, orb);
}

int cio_tsch(uint32_t schid, struct irb *irb)
{
    return insn_tsch(schid, irb);
}

int cio_csch(uint32_t schid)
{
    return insn_csch(schid);
}

void cio_init(void)
{
    insn_lctlg6(0xFF000000ull);         /* CR6: I/O subclasses 0-7 enabled */
    ndevs = 0;
}

uint32_t cio_find(uint16_t devno)
{
    struct schib s;
    for (uint32_t sch = 0; sch <= 0xFFFF; sch++) {
        int cc = insn_stsch(SSID_BASE | sch, &s);
        if (cc == 3)
            break;
        if (cc == 0 && (s.pmcw.flags1 & PMCW_F1_DEVNO_VALID) && s.pmcw.devno == devno)
            return SSID_BASE | sch;
    }
    return 0;
}

bool cio_attach(uint32_t schid, cio_handler h, void *ctx)
{
    struct schib s;
    if (ndevs == CIO_MAX_DEVS || insn_stsch(schid, &s) != 0)
        return false;
    s.pmcw.flags0 = (uint8_t)((s.pmcw.flags0 & ~PMCW_ISC_MASK) | (CIO_ISC << PMCW_ISC_SHIFT));
    s.pmcw.flags1 |= PMCW_F1_ENABLED;
    s.pmcw.intparm = schid;
    if (insn_msch(schid, &s) != 0)
        return false;
    devs[ndevs++] = (struct cio_dev){ schid, h, ctx };
    return true;
}

void cio_detach(uint32_t schid)
{
    struct schib s;
    for (unsigned i = 0; i < ndevs; i++) {
        if (devs[i].schid != schid)
            continue;
        devs[i] = devs[--ndevs];
        if (insn_stsch(schid, &s) == 0) {
            s.pmcw.flags1 &= (uint8_t)~PMCW_F1_ENABLED;
            (void)insn_msch(schid, &s);
        }
        return;
    }
}

int cio_start(uint32_t schid, struct orb *orb, struct ccw1 *ccws)
{
    memset(orb, 0, sizeof *orb);
    orb->intparm = schid;
    orb->flags = ORB_FLAGS_FMT1;
    orb->lpm = ORB_LPM_ALL;
    orb->cpa = (uint32_t)(uintptr_t)ccws;
    return cio_ssch(schid, orb);
}

void cio_interrupt(void)
{
    static struct irb irb;
    uint32_t schid = LC32(LC_SUBCHANNEL_ID);

    if (cio_tsch(schid, &irb) != 0)
        return;                         /* status already taken */
    for (unsigned i = 0; i < ndevs; i++) {
        if (devs[i].schid == schid) {
            devs[i].handler(devs[i].ctx, schid, &irb);
            return;
        }
    }
}

bool cio_poll(uint32_t schid, struct irb *irb, uint64_t tod_limit)
{
    uint64_t end = insn_stck() + tod_limit;
    do {
        if (cio_tsch(schid, irb) == 0)
            return true;
    } while (insn_stck() < end);
    return false;
}
