/*
 * vnet.c - the guest LAN data path in CP (target only): SIGA on a NIC's
 * DATA device takes the guest's primed output buffers (qdio/osadata.c),
 * each datagram goes through the one route function (guestlan/route.c),
 * and delivery copies it into the receiving guest's next input buffer and
 * makes its PCI pending (intermediate status on the receiver's DATA
 * subchannel, as a real OSA signals new input) and wakes it.
 *
 * CP runs this while it handles the sender's SIGA interception, with
 * interrupts disabled: the sender's storage and the receiver's are both
 * reached through their gstores; nothing else runs meanwhile.
 */
#include "cp/vm/vm.h"
#include "guestlan/route.h"
#include "qdio/qbuf.h"

static uint8_t packet[QBUF_PACKET_MAX];     /* one datagram at a time */

/* The NIC a subchannel belongs to and its device role, or NULL. */
static struct vnic *nic_of_sch(struct vm *v, uint32_t ssid, unsigned *unit)
{
    if ((ssid & 0xFFFF0000u) != VIO_SSID_BASE || (ssid & 0xFFFF) >= VIO_MAX_SCH)
        return NULL;
    struct vio_sch *s = &v->vio.sch[ssid & 0xFFFF];
    if (!s->valid || s->ops != &vnic_ops)
        return NULL;
    struct vnic *n = s->dev;
    *unit = (unsigned)(s->schno - n->schno);
    return n;
}

/* gl_deliver: into the NIC behind port, then its PCI; or to the uplink. */
static enum gl_verdict deliver(void *ctx, uint16_t port, const uint8_t *pkt, size_t len,
                               bool broadcast, uint32_t nexthop)
{
    const uint16_t *lan = ctx;
    if (port == GL_PORT_UPLINK)
        return uplink_send(*lan, pkt, len, nexthop) ? GL_DELIVERED : GL_DROP_NO_BUFFER;
    const struct gl_port *p = gl_port_at(&vm_lans, port);
    int h = p ? vm_find(p->owner) : -1;
    struct vnic *n = h >= 0 ? vnic_find(&vms[h].nics, p->vdev) : NULL;
    if (!n || !osa_deliver(&n->osa, &vms[h].gs, pkt, len, broadcast))
        return GL_DROP_NO_BUFFER;
    vio_intermediate(&vms[h].vio.sch[n->schno + OSA_ROLE_DATA]);
    vm_wake(&vms[h]);
    return GL_DELIVERED;
}

static void send(void *ctx, struct osa *a, const uint8_t *dgram, size_t len, uint32_t nexthop)
{
    (void)ctx;
    const struct gl_port *p = gl_port_at(&vm_lans, a->port);
    if (!p)
        return;
    uint16_t lan = p->lan;
    struct gl_deliver d = { deliver, &lan };
    gl_route(&vm_lans, a->port, lan, dgram, len, nexthop, &d);
}

void vm_uplink_input(uint16_t lan, const uint8_t *dgram, size_t len)
{
    struct gl_deliver d = { deliver, &lan };
    gl_route(&vm_lans, GL_PORT_UPLINK, lan, dgram, len, 0, &d);
}

int vm_siga(struct vm *v, uint32_t fc, uint32_t ssid, uint32_t mask)
{
    unsigned unit;
    struct vnic *n = nic_of_sch(v, ssid, &unit);
    if (fc > OSA_SIGA_SYNC)
        return -1;                      /* specification exception */
    if (!n || unit != OSA_ROLE_DATA)
        return 3;                       /* not a QDIO data subchannel */
    return osa_siga(&n->osa, &v->gs, fc, mask, packet, send, NULL);
}
