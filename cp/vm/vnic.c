/*
 * vnic.c - virtual NIC device groups on a guest's channel subsystem (pure;
 * see vnic.h).
 */
#include "cp/vm/vnic.h"

#define SENSE_CMD_REJECT 0x80

/* SENSE ID: FF, CU 1731-01, device 1732-01, 00, then CIWs (byte 0 = 0x40 |
 * type, command, count): RCD FA/128, EQ (type 3) 1B/4096, AQ (type 4) 1F/0. */
const uint8_t vnic_senseid[VNIC_SENSEID_LEN] = {
    0xFF, 0x17, 0x31, 0x01, 0x17, 0x32, 0x01, 0x00,
    0x40, 0xFA, 0x00, 0x80,
    0x43, 0x1B, 0x10, 0x00,
    0x44, 0x1F, 0x00, 0x00,
};

static const char *const err_names[] = {
    [0] = "ok",
    [1] = "device already defined",
    [2] = "device count or range invalid",
    [3] = "not enough virtual subchannels",
    [4] = "too many NICs",
    [5] = "NIC does not exist",
};

const char *vnic_err_str(enum vnic_err e)
{
    unsigned i = (unsigned)-(int)e;
    return i < ARRAY_SIZE(err_names) ? err_names[i] : "unknown vnic error";
}

#define CMD_WRITE       0x01
#define CMD_READ        0x02
#define CMD_RCD         0xFA
#define CMD_EQ          0x1B
#define CMD_AQ          0x1F
#define RCD_LEN         128
#define SENSE_DATA_CHECK 0x08
#define VNIC_CHPID      0x00

/* EBCDIC text of an ASCII string of digits / capitals. */
static void ebcdic_put(uint8_t *out, const char *s)
{
    for (; *s; s++, out++)
        *out = *s >= '0' && *s <= '9' ? (uint8_t)(0xF0 + *s - '0')
             : *s >= 'A' && *s <= 'I' ? (uint8_t)(0xC1 + *s - 'A')
             : *s >= 'J' && *s <= 'R' ? (uint8_t)(0xD1 + *s - 'J')
             : (uint8_t)(0xE2 + *s - 'S');
}

/* Configuration data: a device NED and a control-unit NED (32 bytes
 * each).  "VM" as plant at 0x10 tells Linux's qeth it runs on a guest
 * LAN; byte 30 is the CHPID, 31 the unit address, 63 the CU address. */
static void rcd_data(uint8_t out[RCD_LEN], uint8_t unit)
{
    memset(out, 0, RCD_LEN);
    for (int k = 0; k < 2; k++) {
        uint8_t *ned = out + 32 * k;
        ned[0] = 0xD0;                  /* NED, valid */
        ned[1] = k == 0 ? 0x01 : 0x02;  /* device / control unit */
        ned[2] = 0x06;                  /* class: communications */
        ebcdic_put(ned + 4, k == 0 ? "001732" : "001731");
        ebcdic_put(ned + 10, "001");
        ebcdic_put(ned + 13, "IBM");
        ebcdic_put(ned + 16, "VM");
        ebcdic_put(ned + 18, "000000000000");
    }
    out[30] = VNIC_CHPID;
    out[31] = unit;
    out[63] = 0x00;
}

static struct vnic *nic_of(struct vio_sch *s, enum osa_role *role, unsigned *unit)
{
    struct vnic *n = s->dev;
    *unit = (unsigned)(s->schno - n->schno);
    *role = *unit <= OSA_ROLE_DATA ? (enum osa_role)*unit : OSA_ROLE_DATA;
    return n;
}

/* After a reply was queued: a READ waiting on CTL-READ takes it now. */
static void wake_reader(struct vnic *n, struct vio *v)
{
    struct vio_sch *rd = &v->sch[n->schno + OSA_ROLE_READ];
    if (rd->valid && rd->blocked)
        vio_resume(rd);
}

static enum vio_step outcome(struct vio_sch *s, enum osa_outcome o)
{
    switch (o) {
    case OSA_DONE:       return VIO_STEP_DONE;
    case OSA_WAIT:       return VIO_STEP_WAIT;
    case OSA_DATA_CHECK: s->sense[0] = SENSE_DATA_CHECK; break;
    default:             s->sense[0] = SENSE_CMD_REJECT; break;
    }
    s->nsense = 1;
    return VIO_STEP_UNIT_CHECK;
}

static enum vio_step vnic_ccw(struct vio_sch *s, const struct vio_ccw *ccw, uint16_t *res)
{
    static uint8_t buf[MPC_PDU_MAX];    /* CP runs one CCW at a time */
    enum osa_role role;
    unsigned unit;
    struct vnic *n = nic_of(s, &role, &unit);
    uint16_t count = ccw->count < sizeof buf ? ccw->count : (uint16_t)sizeof buf;
    enum osa_outcome o;
    enum gs_err e;
    size_t len;
    bool reply;

    *res = ccw->count;
    s->nsense = 0;
    if (unit > OSA_ROLE_DATA)
        return outcome(s, OSA_CMD_REJECT);
    switch (ccw->cmd) {
    case CMD_RCD:
        rcd_data(buf, (uint8_t)(n->vdev + unit));
        len = count < RCD_LEN ? count : RCD_LEN;
        if ((e = vio_data_in(s, ccw, buf, (uint16_t)len)) != GS_OK)
            return vio_gs_step(e);
        *res = (uint16_t)(ccw->count - len);
        return VIO_STEP_DONE;
    case CMD_WRITE:
        if (role == OSA_ROLE_DATA)
            return outcome(s, OSA_CMD_REJECT);
        if ((e = vio_data_out(s, ccw, buf, count)) != GS_OK)
            return vio_gs_step(e);
        o = osa_write(&n->osa, role, buf, count, &reply);
        if (o == OSA_DONE) {
            *res = (uint16_t)(ccw->count - count);
            if (reply && role == OSA_ROLE_WRITE && n->osa.idx_write)
                wake_reader(n, s->vio);
        }
        return outcome(s, o);
    case CMD_READ:
        if ((o = osa_read(&n->osa, role, buf, count, &len)) != OSA_DONE)
            return outcome(s, o);
        if ((e = vio_data_in(s, ccw, buf, (uint16_t)len)) != GS_OK)
            return vio_gs_step(e);
        *res = (uint16_t)(ccw->count - len);
        return VIO_STEP_DONE;
    case CMD_EQ:
        if (role != OSA_ROLE_DATA)
            return outcome(s, OSA_CMD_REJECT);
        memset(buf, 0, sizeof buf);
        if ((e = vio_data_out(s, ccw, buf, count)) != GS_OK)
            return vio_gs_step(e);
        /* the QDR's own addresses are checked with their keys, gs-wide */
        if ((o = osa_establish(&n->osa, s->vio->gs, buf, count)) == OSA_DONE)
            *res = (uint16_t)(ccw->count - count);
        return outcome(s, o);
    case CMD_AQ:
        if (role != OSA_ROLE_DATA)
            return outcome(s, OSA_CMD_REJECT);
        if (n->osa.active && s->blocked)
            return VIO_STEP_WAIT;       /* still running (a resume) */
        return outcome(s, osa_activate(&n->osa));
    default:
        return outcome(s, OSA_CMD_REJECT);
    }
}

static void vnic_halt(struct vio_sch *s)
{
    enum osa_role role;
    unsigned unit;
    struct vnic *n = nic_of(s, &role, &unit);
    if (unit == OSA_ROLE_DATA)
        osa_halt(&n->osa);
}

const struct vio_dev_ops vnic_ops = { vnic_ccw, vnic_halt };

/* First of n consecutive free subchannels, or -1. */
static int free_run(const struct vio *v, unsigned n)
{
    for (unsigned start = 0; start + n <= VIO_MAX_SCH; start++) {
        unsigned k = 0;
        while (k < n && !v->sch[start + k].valid)
            k++;
        if (k == n)
            return (int)start;
        start += k;
    }
    return -1;
}

enum vnic_err vnic_define(struct vnic_set *ns, struct vio *v, uint16_t vdev,
                          uint16_t devices, bool report)
{
    if (devices < VNIC_DEVICES_MIN || devices > VNIC_DEVICES_MAX
        || (uint32_t)vdev + devices - 1 > 0xFFFF)
        return VNIC_ERR_RANGE;
    for (unsigned i = 0; i < VIO_MAX_SCH; i++)
        if (v->sch[i].valid && v->sch[i].devno >= vdev
            && v->sch[i].devno <= (uint32_t)vdev + devices - 1)
            return VNIC_ERR_EXISTS;
    struct vnic *slot = NULL;
    for (unsigned i = 0; i < VNIC_MAX && !slot; i++)
        if (!ns->nic[i].used)
            slot = &ns->nic[i];
    if (!slot)
        return VNIC_ERR_TOO_MANY;
    int first = free_run(v, devices);
    if (first < 0)
        return VNIC_ERR_NO_SCH;

    for (uint16_t k = 0; k < devices; k++) {
        uint16_t schno = (uint16_t)(first + k);
        if (!vio_add(v, schno, (uint16_t)(vdev + k), vnic_senseid, VNIC_SENSEID_LEN,
                     &vnic_ops, slot))
            CP_ASSERT(false);           /* free_run found them free */
        if (report)
            vio_report(v, VIO_CRW_SCH(schno));
    }
    slot->used = true;
    slot->vdev = vdev;
    slot->devices = devices;
    slot->schno = (uint16_t)first;
    osa_init(&slot->osa, vdev, NULL, GL_PORT_NONE);
    return VNIC_OK;
}

struct vnic *vnic_find(struct vnic_set *ns, uint16_t vdev)
{
    for (unsigned i = 0; i < VNIC_MAX; i++)
        if (ns->nic[i].used && ns->nic[i].vdev == vdev)
            return &ns->nic[i];
    return NULL;
}

void vnic_set_port(struct vnic_set *ns, uint16_t vdev, struct gl_net *net, uint16_t port)
{
    struct vnic *n = vnic_find(ns, vdev);
    if (n) {
        n->osa.net = net;
        n->osa.port = port;
    }
}

enum vnic_err vnic_detach(struct vnic_set *ns, struct vio *v, uint16_t vdev,
                          uint16_t *devices)
{
    for (unsigned i = 0; i < VNIC_MAX; i++) {
        struct vnic *n = &ns->nic[i];
        if (!n->used || n->vdev != vdev)
            continue;
        for (uint16_t k = 0; k < n->devices; k++) {
            vio_remove(v, (uint16_t)(n->schno + k));
            vio_report(v, VIO_CRW_SCH(n->schno + k));
        }
        *devices = n->devices;
        n->used = false;
        return VNIC_OK;
    }
    return VNIC_ERR_NOT_FOUND;
}
