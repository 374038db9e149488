/*
 * vnic.h - a guest's virtual QDIO network adapters as device groups (pure).
 *
 * A NIC is `devices` consecutive virtual device numbers from vdev (3 by
 * default: CTL-READ, CTL-WRITE, DATA) on consecutive virtual subchannels,
 * each answering SENSE ID as OSA-Express does (CU 1731-01, device 1732-01,
 * CIWs RCD, EQ, AQ; shared/reference/qdio-osa.md).  Defining or detaching
 * one while the guest runs queues a channel report word per subchannel, as
 * z/VM does, so the guest learns about it (STCRW).
 *
 * Channel commands (per device role, qdio/osa.h has the protocol):
 *   01 WRITE       CTL-READ/CTL-WRITE: IDX ACTIVATE, then MPC PDUs
 *   02 READ        CTL-READ/CTL-WRITE: the IDX reply, then (CTL-READ) the
 *                  next queued reply, waiting until one is queued
 *   FA RCD         any device: 128 bytes of configuration data (one NED)
 *   1B EQ          DATA: ESTABLISH QUEUES, the QDR
 *   1F AQ          DATA: ACTIVATE QUEUES, runs until HSCH/CSCH
 * Anything else, and every command on devices beyond the third, ends in
 * unit check with command reject.  Bad data addresses or keys in a CCW end
 * in channel program / protection check (vio).
 */
#ifndef CP_VM_VNIC_H
#define CP_VM_VNIC_H

#include "port.h"
#include "cp/vm/vio.h"
#include "qdio/osa.h"

#define VNIC_MAX            8           /* NICs per guest                  */
#define VNIC_DEVICES_MIN    3
#define VNIC_DEVICES_MAX    3072        /* z/VM's limit; vio has fewer      */
#define VNIC_SENSEID_LEN    20

struct vnic {
    bool     used;
    uint16_t vdev;
    uint16_t devices;
    uint16_t schno;                     /* first of `devices` subchannels   */
    struct osa osa;                     /* the adapter behind the devices   */
};

struct vnic_set {
    struct vnic nic[VNIC_MAX];
};

enum vnic_err {
    VNIC_OK             =  0,
    VNIC_ERR_EXISTS     = -1,           /* a device in the range exists     */
    VNIC_ERR_RANGE      = -2,           /* devices out of range / past FFFF */
    VNIC_ERR_NO_SCH     = -3,           /* no run of free subchannels       */
    VNIC_ERR_TOO_MANY   = -4,           /* VNIC_MAX NICs already            */
    VNIC_ERR_NOT_FOUND  = -5,           /* no NIC at vdev                   */
};

extern const uint8_t vnic_senseid[VNIC_SENSEID_LEN];
extern const struct vio_dev_ops vnic_ops;

const char *vnic_err_str(enum vnic_err e);
/* Add a NIC at vdev with `devices` devices to v; report = queue channel
 * report words (a NIC added while the guest runs). */
enum vnic_err vnic_define(struct vnic_set *ns, struct vio *v, uint16_t vdev,
                          uint16_t devices, bool report);
/* Connect the NIC at vdev to its guest LAN port (after gl_port_add). */
void vnic_set_port(struct vnic_set *ns, uint16_t vdev, struct gl_net *net, uint16_t port);
/* The NIC whose first device is vdev, or NULL. */
struct vnic *vnic_find(struct vnic_set *ns, uint16_t vdev);
/* Remove the NIC at vdev (its first device number); *devices gets its size. */
enum vnic_err vnic_detach(struct vnic_set *ns, struct vio *v, uint16_t vdev,
                          uint16_t *devices);

#endif
