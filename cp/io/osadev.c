/*
 * osadev.c - real OSA (LCS) devices as VSWITCH uplinks (target only):
 * the channel I/O for osa/uplink.c, and the uplink services the command
 * layer (cp_uplinkops) and the route function (uplink_send) use.
 *
 * A VSWITCH with RDEV rdev gets the device pair rdev (READ) / rdev+1
 * (WRITE).  Start: both subchannels must exist and answer SENSE ID with
 * control unit 3088 model 60 (lcs.md §1), else the VSWITCH is "not ready"
 * with a message.  Then osa/uplink.c runs the start-up and the data path
 * on interrupt-driven READ/WRITE channel programs.  Stop (DETACH VSWITCH,
 * SET VSWITCH RDEV): CSCH both subchannels; Hercules ends a pending LCS
 * READ only after up to 5 s, and its status, when it comes, is ignored.
 */
#include "cp/io/osadev.h"
#include "cp/io/cio.h"
#include "cp/io/con3215.h"
#include "cp/arch/machine.h"
#include "cp/cmd/msgcat.h"
#include "cp/vm/vm.h"
#include "osa/uplink.h"
#include "lib/tod.h"

#define OSADEV_MAX          2
#define SENSE_ID_TIMEOUT    (TOD_UNITS_PER_SEC / 10)
#define CU_LCS              0x3088
#define CU_LCS_MODEL        0x60

struct osadev {
    bool     used;
    uint16_t rdev;
    uint16_t lan;                       /* its VSWITCH (gl handle)            */
    uint32_t sch[2];                    /* READ, WRITE                        */
    struct ccw1 ccw[2];
    struct orb  orb[2];
    struct uplink u;
};

static struct osadev devs[OSADEV_MAX];

static uint64_t now_ms(void)
{
    return insn_stck() / (TOD_UNITS_PER_SEC / 1000);
}

static void report(enum msg_id id, ...)
{
    char line[CON_LINE_MAX + 1];
    va_list ap;
    va_start(ap, id);
    msg_vformat(line, sizeof line, id, ap);
    va_end(ap);
    con_broadcast(line);
}

/* ---- uplink_ops ---------------------------------------------------------- */

static bool op_read(void *ctx, uint8_t *buf, size_t cap)
{
    struct osadev *d = ctx;
    d->ccw[0] = (struct ccw1){ 0x02, CCW_FLAG_SLI, (uint16_t)cap, (uint32_t)(uintptr_t)buf };
    return cio_start(d->sch[0], &d->orb[0], &d->ccw[0]) == 0;
}

static bool op_write(void *ctx, const uint8_t *buf, size_t len)
{
    struct osadev *d = ctx;
    d->ccw[1] = (struct ccw1){ 0x01, CCW_FLAG_SLI, (uint16_t)len, (uint32_t)(uintptr_t)buf };
    return cio_start(d->sch[1], &d->orb[1], &d->ccw[1]) == 0;
}

static void op_state(void *ctx, enum uplink_state s)
{
    struct osadev *d = ctx;
    struct gl_lan *l = &vm_lans.lans[d->lan];
    if (!l->defined || !l->vswitch)
        return;
    if (s == UPLINK_READY) {
        l->uplink = GL_UPLINK_READY;
        report(MSG_VSWITCH_READY, l->name);
    } else if (s == UPLINK_FAILED) {
        l->uplink = GL_UPLINK_FAILED;
        report(MSG_VSWITCH_NOT_ACTIVE, l->name, d->rdev, "start-up failed");
    }
}

static void op_input(void *ctx, const uint8_t *dgram, size_t len)
{
    struct osadev *d = ctx;
    vm_uplink_input(d->lan, dgram, len);
}

static bool op_owns(void *ctx, uint32_t ip)
{
    struct osadev *d = ctx;
    return gl_ip_owner(&vm_lans, d->lan, ip) != GL_PORT_NONE;
}

static const struct uplink_ops ops_proto = { op_read, op_write, op_state, op_input, op_owns, NULL };
static struct uplink_ops dev_ops[OSADEV_MAX];

/* ---- interrupts -------------------------------------------------------------- */

static void on_irq(void *ctx, uint32_t schid, const struct irb *irb)
{
    struct osadev *d = ctx;
    if (!d->used || !(irb->scsw.stctl & (SCSW_SC_PRIMARY | SCSW_SC_ALERT)))
        return;
    bool ok = (irb->scsw.dstat & ~(DEV_STAT_CE | DEV_STAT_DE)) == 0 && irb->scsw.cstat == 0;
    if (schid == d->sch[0])
        uplink_read_done(&d->u, ok, (size_t)(d->ccw[0].count - irb->scsw.count), now_ms());
    else
        uplink_write_done(&d->u, ok, now_ms());
}

/* ---- start / stop ----------------------------------------------------------------- */

/* SENSE ID, polled: control unit type and model. */
static bool is_lcs(uint32_t schid)
{
    static uint8_t id[16];
    static struct ccw1 ccw;
    static struct orb orb;
    struct irb irb;
    memset(id, 0, sizeof id);
    ccw = (struct ccw1){ CCW_CMD_SENSE_ID, CCW_FLAG_SLI, sizeof id, (uint32_t)(uintptr_t)id };
    if (cio_start(schid, &orb, &ccw) != 0 || !cio_poll(schid, &irb, SENSE_ID_TIMEOUT))
        return false;
    return id[0] == 0xFF && (uint16_t)(id[1] << 8 | id[2]) == CU_LCS && id[3] == CU_LCS_MODEL;
}

static struct osadev *by_rdev(uint16_t rdev)
{
    for (unsigned i = 0; i < OSADEV_MAX; i++)
        if (devs[i].used && devs[i].rdev == rdev)
            return &devs[i];
    return NULL;
}

static void up_start(uint16_t lan)
{
    struct gl_lan *l = &vm_lans.lans[lan];
    struct osadev *d = NULL;
    for (unsigned i = 0; i < OSADEV_MAX && !d; i++)
        if (!devs[i].used)
            d = &devs[i];
    const char *why = NULL;
    uint32_t r = cio_find(l->rdev), w = cio_find((uint16_t)(l->rdev + 1));
    if (by_rdev(l->rdev))
        why = "device in use";
    else if (!d)
        why = "too many uplinks";
    else if (!r || !w)
        why = "device does not exist";
    else if (!cio_attach(r, on_irq, d) || !cio_attach(w, on_irq, d))
        why = "cannot enable the subchannels";
    else if (!is_lcs(r) || !is_lcs(w))             /* enabled: SENSE ID can run */
        why = "not an LCS (3088-60)";
    if (why) {
        if (r)
            cio_detach(r);
        if (w)
            cio_detach(w);
        l->uplink = GL_UPLINK_FAILED;
        report(MSG_VSWITCH_NOT_ACTIVE, l->name, l->rdev, why);
        return;
    }
    unsigned k = (unsigned)(d - devs);
    memset(d, 0, sizeof *d);
    d->used = true;
    d->rdev = l->rdev;
    d->lan = lan;
    d->sch[0] = r;
    d->sch[1] = w;
    dev_ops[k] = ops_proto;
    dev_ops[k].ctx = d;
    l->uplink = GL_UPLINK_STARTING;
    uplink_init(&d->u, &dev_ops[k]);
    uplink_start(&d->u, now_ms());
}

static void up_stop(uint16_t rdev)
{
    struct osadev *d = by_rdev(rdev);
    if (!d)
        return;
    uplink_stop(&d->u);
    d->used = false;                    /* late status is ignored (on_irq) */
    cio_csch(d->sch[0]);
    cio_csch(d->sch[1]);
    cio_detach(d->sch[0]);
    cio_detach(d->sch[1]);
}

static unsigned up_list(struct cp_osainfo *out, unsigned max)
{
    unsigned n = 0;
    for (unsigned i = 0; i < OSADEV_MAX; i++) {
        const struct osadev *d = &devs[i];
        if (!d->used)
            continue;
        if (n < max) {
            const struct gl_lan *l = &vm_lans.lans[d->lan];
            struct cp_osainfo *o = &out[n];
            memset(o, 0, sizeof *o);
            o->rdev = d->rdev;
            memcpy(o->vswitch, l->name, sizeof o->vswitch);
            o->state = uplink_state_str(d->u.state);
            o->have_mac = d->u.have_mac;
            memcpy(o->mac, d->u.mac, sizeof o->mac);
            o->frames_in = d->u.c.frames_in;
            o->frames_out = d->u.c.frames_out;
            o->write_errors = d->u.c.write_errors;
            o->arp_in = d->u.c.arp_in;
            o->arp_out = d->u.c.arp_out;
            o->dropped_in = d->u.c.dropped_in;
            o->arp_unresolved = d->u.arp.c.expired_unresolved + d->u.arp.c.dropped_full;
            o->starts = d->u.c.starts;
        }
        n++;
    }
    return n;
}

const struct cp_uplinkops osadev_ops = { up_start, up_stop, up_list };

bool uplink_send(uint16_t lan, const uint8_t *dgram, size_t len, uint32_t nexthop)
{
    for (unsigned i = 0; i < OSADEV_MAX; i++)
        if (devs[i].used && devs[i].lan == lan)
            return uplink_output(&devs[i].u, dgram, len, nexthop, now_ms());
    return false;
}

void osadev_tick(void)
{
    uint64_t now = now_ms();
    for (unsigned i = 0; i < OSADEV_MAX; i++)
        if (devs[i].used)
            uplink_tick(&devs[i].u, now);
}

uint64_t osadev_deadline(void)
{
    uint64_t d = 0;
    for (unsigned i = 0; i < OSADEV_MAX; i++) {
        const struct uplink *u = &devs[i].u;
        if (devs[i].used && u->state == UPLINK_STARTING && u->deadline_ms) {
            uint64_t t = u->deadline_ms * (TOD_UNITS_PER_SEC / 1000);
            if (!d || t < d)
                d = t;
        }
    }
    return d;
}
