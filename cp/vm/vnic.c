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

/* The adapter protocol comes with the QDIO adapter: until then every
 * device-specific command is rejected (unit check, command reject). */
static enum vio_step vnic_ccw(struct vio_sch *s, const struct vio_ccw *ccw, uint16_t *res)
{
    s->sense[0] = SENSE_CMD_REJECT;
    s->nsense = 1;
    *res = ccw->count;
    return VIO_STEP_UNIT_CHECK;
}

static void vnic_halt(struct vio_sch *s)
{
    (void)s;
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
    *slot = (struct vnic){ true, vdev, devices, (uint16_t)first };
    return VNIC_OK;
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
