/*
 * vio.c - virtual channel subsystem: guest I/O instructions on virtual
 * subchannels (pure; see vio.h).
 *
 * Channel programs run to completion synchronously inside SSCH unless the
 * device blocks (a console READ with no input); vio_resume() continues it.
 * A CCW with the PCI flag makes an intermediate interruption: shown at once
 * when the program blocks, else with the final status (cstat PCI).
 * Unsupported CCW features (data chaining, IDAWs, suspend) end the program
 * with channel-program check; so does a TIC to a TIC, a misaligned CCW
 * address, a zero count in a format-0 CCW (format 1 allows it, as QDIO's
 * ACTIVATE QUEUES needs) or more than VIO_MAX_CCWS CCWs in one program.
 * A device whose data transfer hits storage it may not use ends the CCW
 * with VIO_STEP_PROG_CHECK / VIO_STEP_PROT_CHECK (vio_gs_step).
 */
#include "cp/vm/vio.h"
#include "lib/be.h"
#include "hw/irb.h"
#include "hw/ccw.h"

#define VIO_MAX_CCWS    4096
#define SCSW_AC_START_PENDING   0x04    /* byte 2 */
#define SCSW_AC_SCH_ACTIVE      0x80    /* byte 3 (kept apart in actl) */
#define SCSW_AC_DEV_ACTIVE      0x40
#define ORB_F1_FMT1     0x80            /* byte 5 */
#define ORB_F1_IDA2     0x08            /* byte 5: H, format-2 IDAWs */
#define ORB_F0_SUSPEND  0x08            /* byte 4 */
#define ORB_F3_ILSM     0x80            /* byte 7: L */
#define SENSE_CMD_REJECT 0x80

void vio_init(struct vio *v, const struct gstore *gs)
{
    memset(v, 0, sizeof *v);
    v->gs = gs;
}

bool vio_add(struct vio *v, uint16_t schno, uint16_t devno, const uint8_t *senseid,
             uint8_t senseid_len, const struct vio_dev_ops *ops, void *dev)
{
    if (schno >= VIO_MAX_SCH || v->sch[schno].valid || senseid_len > VIO_SENSEID_MAX)
        return false;
    struct vio_sch *s = &v->sch[schno];
    memset(s, 0, sizeof *s);
    s->vio = v;
    s->valid = true;
    s->schno = schno;
    s->devno = devno;
    memcpy(s->senseid, senseid, senseid_len);
    s->senseid_len = senseid_len;
    s->ops = ops;
    s->dev = dev;
    return true;
}

void vio_remove(struct vio *v, uint16_t schno)
{
    if (schno < VIO_MAX_SCH)
        v->sch[schno].valid = false;
}

bool vio_report(struct vio *v, uint32_t crw)
{
    if (v->ncrw == VIO_MAX_CRW)
        return false;
    v->crw[v->ncrw++] = crw;
    v->crw_signal = true;
    return true;
}

struct vio_sch *vio_by_devno(struct vio *v, uint16_t devno)
{
    for (unsigned i = 0; i < VIO_MAX_SCH; i++)
        if (v->sch[i].valid && v->sch[i].devno == devno)
            return &v->sch[i];
    return NULL;
}

/* ---- helpers --------------------------------------------------------- */

static enum vio_rc gs_to_rc(enum gs_err e)
{
    return e == GS_OK ? VIO_CC0 : e == GS_PROTECTION ? VIO_PGM_PROTECTION : VIO_PGM_ADDRESSING;
}

/* Subchannel for GR1, or an operand exception / cc 3 in *rc. */
static struct vio_sch *lookup(struct vio *v, uint32_t ssid, enum vio_rc *rc)
{
    if ((ssid & 0xFFFF0000u) != VIO_SSID_BASE) {
        *rc = VIO_PGM_OPERAND;          /* bits 0-12 zero, bit 15 one, set 0 */
        return NULL;
    }
    uint16_t n = (uint16_t)ssid;
    if (n >= VIO_MAX_SCH || !v->sch[n].valid) {
        *rc = VIO_CC3;
        return NULL;
    }
    *rc = VIO_CC0;
    return &v->sch[n];
}

static bool status_pending(const struct vio_sch *s)
{
    return s->stctl & SCSW_SC_PENDING;
}

static bool function_active(const struct vio_sch *s)
{
    return (s->fctl & SCSW_FC_MASK) && (!status_pending(s) || s->blocked);
}

static void scsw_bytes(const struct vio_sch *s, uint8_t out[12])
{
    out[0] = (uint8_t)(s->key << 4);
    out[1] = (uint8_t)(s->fmt1 ? 0x80 : 0);
    out[2] = (uint8_t)(s->fctl | (s->actl & 0x0F));
    out[3] = (uint8_t)((s->actl & 0xE0) | s->stctl);
    be_put32(out + 4, s->cpa);
    out[8] = s->dstat;
    out[9] = s->cstat;
    be_put16(out + 10, s->count);
}

/* The channel program ended: make status pending and an interruption. */
static void finish(struct vio_sch *s, uint8_t dstat, uint8_t cstat)
{
    s->blocked = false;
    s->actl = 0;
    s->dstat = dstat;
    s->cstat = (uint8_t)(cstat | (s->pci ? SCH_STAT_PCI : 0) | (s->cstat & SCH_STAT_PCI));
    s->pci = false;
    s->stctl = SCSW_SC_PRIMARY | SCSW_SC_SECONDARY | SCSW_SC_PENDING;
    if ((dstat & (DEV_STAT_UC | DEV_STAT_UX)) || cstat)
        s->stctl |= SCSW_SC_ALERT;
    s->irq_pending = s->enabled;
}

/* Fetch the CCW at s->ccw_addr (format 0 converted to format 1). */
static bool fetch_ccw(struct vio_sch *s, struct vio_ccw *out)
{
    uint8_t b[8];
    if ((s->ccw_addr & 7) ||
        gs_fetch(s->vio->gs, GS_ABSOLUTE, s->ccw_addr, b, 8, s->key) != GS_OK)
        return false;
    if (s->fmt1) {
        *out = (struct vio_ccw){ b[0], b[1], be_get16(b + 2), be_get32(b + 4) };
        if (out->cda & 0x80000000u)
            return false;
    } else {
        *out = (struct vio_ccw){ b[0], b[4], be_get16(b + 6),
                                 (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3] };
    }
    return true;
}

enum gs_err vio_data_out(struct vio_sch *s, const struct vio_ccw *ccw, void *buf, uint16_t len)
{
    return gs_fetch(s->vio->gs, GS_ABSOLUTE, ccw->cda, buf, len, s->key);
}

enum gs_err vio_data_in(struct vio_sch *s, const struct vio_ccw *ccw, const void *buf, uint16_t len)
{
    return gs_store(s->vio->gs, GS_ABSOLUTE, ccw->cda, buf, len, s->key);
}

/* Commands the channel handles for every device. */
static enum vio_step common_ccw(struct vio_sch *s, const struct vio_ccw *c, uint16_t *res,
                                uint8_t *cstat)
{
    const uint8_t *src = NULL;
    uint16_t n = 0;
    uint8_t zero = 0;
    if (c->cmd == CCW_CMD_SENSE_ID) {
        src = s->senseid;
        n = s->senseid_len;
    } else if (c->cmd == CCW_CMD_SENSE) {
        src = s->nsense ? s->sense : &zero;
        n = s->nsense ? s->nsense : 1;
    } else {                            /* NOP */
        *res = c->count;
        return VIO_STEP_DONE;
    }
    if (n > c->count)
        n = c->count;
    enum gs_err e = vio_data_in(s, c, src, n);
    if (e != GS_OK) {
        *cstat = e == GS_PROTECTION ? SCH_STAT_PROT_CHK : SCH_STAT_PROG_CHK;
        return VIO_STEP_DONE;
    }
    if (c->cmd == CCW_CMD_SENSE)
        s->nsense = 0;
    *res = (uint16_t)(c->count - n);
    return VIO_STEP_DONE;
}

static void run(struct vio_sch *s);

enum vio_step vio_gs_step(enum gs_err e)
{
    return e == GS_OK ? VIO_STEP_DONE : e == GS_PROTECTION ? VIO_STEP_PROT_CHECK
                                                           : VIO_STEP_PROG_CHECK;
}

/* A device's channel-status outcome becomes cstat on a done step. */
static enum vio_step device_cstat(enum vio_step st, uint8_t *cstat)
{
    if (st == VIO_STEP_PROG_CHECK)
        *cstat = SCH_STAT_PROG_CHK;
    else if (st == VIO_STEP_PROT_CHECK)
        *cstat = SCH_STAT_PROT_CHK;
    else
        return st;
    return VIO_STEP_DONE;
}

/* One CCW was done (st, residual res, channel status cstat): end the
 * channel program with its status, or step to the next CCW when it is
 * command-chained.  Returns true when the program goes on. */
static bool step_ended(struct vio_sch *s, const struct vio_ccw *c, enum vio_step st,
                       uint16_t res, uint8_t cstat)
{
    s->count = res;
    if (st == VIO_STEP_UNIT_CHECK)
        finish(s, DEV_STAT_CE | DEV_STAT_DE | DEV_STAT_UC, 0);
    else if (cstat)
        finish(s, DEV_STAT_CE | DEV_STAT_DE, cstat);
    else if (res && !(c->flags & CCW_FLAG_SLI))
        finish(s, DEV_STAT_CE | DEV_STAT_DE, SCH_STAT_IL);
    else if (!(c->flags & CCW_FLAG_CC))
        finish(s, DEV_STAT_CE | DEV_STAT_DE, 0);
    else {
        s->ccw_addr += 8;
        return true;
    }
    return false;
}

/* Run the channel program from s->ccw_addr until it ends or blocks. */
static void run(struct vio_sch *s)
{
    bool after_tic = false;
    for (unsigned n = 0; n < VIO_MAX_CCWS; n++) {
        struct vio_ccw c;
        uint8_t cstat = 0;
        uint16_t res = 0;
        if (!fetch_ccw(s, &c))
            return finish(s, 0, SCH_STAT_PROG_CHK);
        s->cpa = (uint32_t)(s->ccw_addr + 8);
        if (c.cmd == CCW_CMD_TIC || (c.cmd & 0x0F) == CCW_CMD_TIC) {
            if (after_tic || (c.cda & 7))
                return finish(s, 0, SCH_STAT_PROG_CHK);
            after_tic = true;
            s->ccw_addr = c.cda;
            continue;
        }
        after_tic = false;
        if ((c.flags & (CCW_FLAG_CD | CCW_FLAG_IDA | 0x02 /* S */ | 0x01 /* MIDA */)) ||
            (c.count == 0 && !s->fmt1))      /* zero count: format 0 only */
            return finish(s, 0, SCH_STAT_PROG_CHK);
        s->ccw = c;
        if (c.flags & CCW_FLAG_PCI)
            s->pci = true;
        enum vio_step st;
        if (c.cmd == CCW_CMD_SENSE || c.cmd == CCW_CMD_SENSE_ID || c.cmd == CCW_CMD_NOP)
            st = common_ccw(s, &c, &res, &cstat);
        else
            st = device_cstat(s->ops->ccw(s, &c, &res), &cstat);
        if (st == VIO_STEP_WAIT) {
            s->blocked = true;
            s->actl = SCSW_AC_SCH_ACTIVE | SCSW_AC_DEV_ACTIVE;
            if (s->pci)
                vio_intermediate(s);
            return;
        }
        if (!step_ended(s, &c, st, res, cstat))
            return;
    }
    finish(s, 0, SCH_STAT_PROG_CHK);    /* runaway channel program */
}

void vio_resume(struct vio_sch *s)
{
    if (!s->blocked)
        return;
    uint16_t res = 0;
    uint8_t cstat = 0;
    enum vio_step st = device_cstat(s->ops->ccw(s, &s->ccw, &res), &cstat);
    if (st == VIO_STEP_WAIT)
        return;
    s->blocked = false;
    if (step_ended(s, &s->ccw, st, res, cstat))
        run(s);
}

bool vio_intermediate(struct vio_sch *s)
{
    if (status_pending(s)) {
        s->pci = true;                  /* shows with the status to come */
        return false;
    }
    s->pci = false;
    s->cstat = SCH_STAT_PCI;
    s->dstat = 0;
    s->stctl = SCSW_SC_INTERMEDIATE | SCSW_SC_PENDING;
    s->irq_pending = s->enabled;
    return true;
}

/* Only intermediate status is pending: the function goes on after TSCH. */
static bool intermediate_only(const struct vio_sch *s)
{
    return (s->stctl & ~SCSW_SC_PENDING) == SCSW_SC_INTERMEDIATE;
}

bool vio_unsolicited(struct vio_sch *s, uint8_t dstat)
{
    if (status_pending(s) || function_active(s) || s->blocked)
        return false;
    s->fctl = 0;
    s->actl = 0;
    s->dstat = dstat;
    s->cstat = 0;
    s->stctl = SCSW_SC_ALERT | SCSW_SC_PENDING;
    s->irq_pending = s->enabled;
    return true;
}

/* ---- instructions ------------------------------------------------------- */

/* GR1's subchannel for an instruction whose operand at addr must be a
 * word: NULL with *rc a specification or operand exception, or cc 3. */
static struct vio_sch *with_operand(struct vio *v, uint32_t ssid, uint64_t addr, enum vio_rc *rc)
{
    struct vio_sch *s = lookup(v, ssid, rc);
    if (addr & 3) {
        *rc = VIO_PGM_SPECIFICATION;
        return NULL;
    }
    return s;
}

enum vio_rc vio_stsch(struct vio *v, uint32_t ssid, uint64_t addr, uint8_t akey)
{
    enum vio_rc rc;
    struct vio_sch *s = with_operand(v, ssid, addr, &rc);
    if (!s)
        return rc;
    uint8_t b[VIO_SCHIB_SIZE] = { 0 };
    be_put32(b + 0, s->intparm);
    b[4] = (uint8_t)(s->isc << 3);
    b[5] = (uint8_t)((s->enabled ? 0x80 : 0) | 0x01);          /* E, V */
    be_put16(b + 6, s->devno);
    b[8] = 0x80;                        /* LPM  */
    b[10] = 0x80;                       /* LPUM */
    b[11] = 0x80;                       /* PIM  */
    b[14] = 0xFF;                       /* POM  */
    b[15] = 0x80;                       /* PAM  */
    b[16] = 0x01;                       /* CHPID 0 */
    scsw_bytes(s, b + 28);
    return gs_to_rc(gs_store(v->gs, GS_REAL, addr, b, sizeof b, akey));
}

enum vio_rc vio_msch(struct vio *v, uint32_t ssid, uint64_t addr, uint8_t akey)
{
    enum vio_rc rc;
    struct vio_sch *s = with_operand(v, ssid, addr, &rc);
    uint8_t b[VIO_SCHIB_SIZE];
    if (!s)
        return rc;
    enum gs_err e = gs_fetch(v->gs, GS_REAL, addr, b, sizeof b, akey);
    if (e != GS_OK)
        return gs_to_rc(e);
    if ((b[4] & 0xC6) || (b[5] & 0x06))  /* reserved, or D/T: not available */
        return VIO_PGM_OPERAND;
    if (status_pending(s))
        return VIO_CC1;
    if (function_active(s) || s->blocked)
        return VIO_CC2;
    s->intparm = be_get32(b);
    s->isc = (uint8_t)((b[4] >> 3) & 7);
    s->enabled = b[5] & 0x80;
    return VIO_CC0;
}

enum vio_rc vio_ssch(struct vio *v, uint32_t ssid, uint64_t addr, uint8_t akey)
{
    enum vio_rc rc;
    struct vio_sch *s = with_operand(v, ssid, addr, &rc);
    uint8_t orb[12];
    if (!s)
        return rc;
    enum gs_err e = gs_fetch(v->gs, GS_REAL, addr, orb, sizeof orb, akey);
    if (e != GS_OK)
        return gs_to_rc(e);
    uint32_t cpa = be_get32(orb + 8);
    if ((orb[4] & ORB_F0_SUSPEND) || (orb[5] & ORB_F1_IDA2) || (cpa & 0x80000007u) ||
        (orb[7] & 0x7E))
        return VIO_PGM_OPERAND;
    if (status_pending(s))
        return VIO_CC1;
    if (function_active(s) || s->blocked)
        return VIO_CC2;
    if (!s->enabled)
        return VIO_CC3;                 /* a disabled subchannel is not operational */
    s->intparm = be_get32(orb);
    s->key = orb[4] >> 4;
    s->fmt1 = orb[5] & ORB_F1_FMT1;
    s->suppress_il = orb[7] & ORB_F3_ILSM;
    s->fctl = SCSW_FC_START;
    s->actl = SCSW_AC_START_PENDING;
    s->stctl = 0;
    s->dstat = s->cstat = 0;
    s->count = 0;
    s->ccw_addr = cpa;
    s->cpa = cpa;
    v->ios_started++;
    run(s);
    return VIO_CC0;
}

enum vio_rc vio_tsch(struct vio *v, uint32_t ssid, uint64_t addr, uint8_t akey)
{
    enum vio_rc rc;
    struct vio_sch *s = with_operand(v, ssid, addr, &rc);
    if (!s)
        return rc;
    uint8_t irb[VIO_IRB_SIZE] = { 0 };
    scsw_bytes(s, irb);
    if (!status_pending(s))
        irb[3] = (uint8_t)(irb[3] & ~SCSW_SC_PENDING);
    enum gs_err e = gs_store(v->gs, GS_REAL, addr, irb, sizeof irb, akey);
    if (e != GS_OK)
        return gs_to_rc(e);
    if (!status_pending(s))
        return VIO_CC1;
    if (intermediate_only(s)) {         /* the channel program goes on */
        s->stctl = 0;
        s->cstat = 0;
    } else {
        s->fctl = s->actl = s->stctl = 0;
        s->dstat = s->cstat = 0;
    }
    s->irq_pending = false;
    return VIO_CC0;
}

enum vio_rc vio_hsch(struct vio *v, uint32_t ssid)
{
    enum vio_rc rc;
    struct vio_sch *s = lookup(v, ssid, &rc);
    if (!s)
        return rc;
    if (status_pending(s))
        return VIO_CC1;
    if (s->fctl & (SCSW_FC_HALT | SCSW_FC_CLEAR))
        return VIO_CC2;
    bool was_active = s->blocked;
    if (s->blocked && s->ops->halt)
        s->ops->halt(s);
    s->blocked = false;
    s->fctl |= SCSW_FC_HALT;
    s->actl = 0;
    s->dstat = was_active ? DEV_STAT_CE | DEV_STAT_DE : 0;
    s->cstat = 0;
    s->stctl = (uint8_t)((was_active ? SCSW_SC_PRIMARY | SCSW_SC_SECONDARY : 0) | SCSW_SC_PENDING);
    s->irq_pending = s->enabled;
    return VIO_CC0;
}

enum vio_rc vio_csch(struct vio *v, uint32_t ssid)
{
    enum vio_rc rc;
    struct vio_sch *s = lookup(v, ssid, &rc);
    if (!s)
        return rc;
    if (s->blocked && s->ops->halt)
        s->ops->halt(s);
    s->blocked = false;
    s->fctl = SCSW_FC_CLEAR;
    s->actl = 0;
    s->dstat = s->cstat = 0;
    s->stctl = SCSW_SC_PENDING;
    s->irq_pending = s->enabled;
    return VIO_CC0;
}

static bool isc_enabled(uint64_t cr6, uint8_t isc)
{
    return cr6 & (0x80000000ull >> isc);
}

bool vio_irq_pending(const struct vio *v, uint64_t cr6)
{
    for (unsigned i = 0; i < VIO_MAX_SCH; i++)
        if (v->sch[i].valid && v->sch[i].irq_pending && isc_enabled(cr6, v->sch[i].isc))
            return true;
    return false;
}

bool vio_next_irq(struct vio *v, uint64_t cr6, uint32_t words[3])
{
    for (unsigned i = 0; i < VIO_MAX_SCH; i++) {
        struct vio_sch *s = &v->sch[i];
        if (!s->valid || !s->irq_pending || !isc_enabled(cr6, s->isc))
            continue;
        s->irq_pending = false;
        words[0] = VIO_SSID_BASE | s->schno;
        words[1] = s->intparm;
        words[2] = (uint32_t)s->isc << 27;
        return true;
    }
    return false;
}

enum vio_rc vio_tpi(struct vio *v, uint64_t addr, uint8_t akey, uint64_t cr6)
{
    uint32_t w[3];
    uint8_t b[12];
    if (addr & 3)
        return VIO_PGM_SPECIFICATION;
    if (!vio_irq_pending(v, cr6))
        return VIO_CC0;
    struct vio_sch *s = NULL;
    for (unsigned i = 0; i < VIO_MAX_SCH && !s; i++)
        if (v->sch[i].valid && v->sch[i].irq_pending && isc_enabled(cr6, v->sch[i].isc))
            s = &v->sch[i];
    w[0] = VIO_SSID_BASE | s->schno;
    w[1] = s->intparm;
    w[2] = (uint32_t)s->isc << 27;
    for (int i = 0; i < 3; i++)
        be_put32(b + 4 * i, w[i]);
    enum gs_err e = addr ? gs_store(v->gs, GS_REAL, addr, b, 8, akey)
                         : gs_store(v->gs, GS_REAL, 0xB8, b, 12, 0);
    if (e != GS_OK)
        return gs_to_rc(e);
    s->irq_pending = false;
    return VIO_CC1;
}

enum vio_rc vio_stcrw(struct vio *v, uint64_t addr, uint8_t akey)
{
    uint8_t b[4] = { 0 };
    if (addr & 3)
        return VIO_PGM_SPECIFICATION;
    bool have = v->ncrw > 0;
    if (have)
        be_put32(b, v->crw[0]);
    enum gs_err e = gs_store(v->gs, GS_REAL, addr, b, 4, akey);
    if (e != GS_OK)
        return gs_to_rc(e);
    if (!have)
        return VIO_CC1;
    memmove(v->crw, v->crw + 1, (v->ncrw - 1) * sizeof v->crw[0]);
    v->ncrw--;
    return VIO_CC0;
}
