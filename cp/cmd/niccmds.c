/*
 * niccmds.c - QUERY VIRTUAL NIC and QUERY NIC (pure): the virtual QDIO
 * NICs of the issuing guest, or (class B) of every guest.
 *
 * The NICs come from the VM layer (cp_vmops.nics), their LAN and
 * registered addresses from guestlan/ (cp_sys net).  The display follows
 * z/VM's QUERY VIRTUAL NIC (shared/reference/cp-commands.md section 5.3):
 *
 *   Adapter 0700.P00 Type: QDIO      Name: UNASSIGNED  Devices: 3
 *     MAC: 02-00-00-00-07-00         LAN: SYSTEM LAN1
 *
 * (VSWITCH: SYSTEM VSW1 on a VSWITCH, LAN: * None when uncoupled).
 *
 * DETAILS adds the control session, the adapter counters, one line per
 * device and the registered (unicast) IP addresses, sorted.  vmlan's NICs
 * are layer 3, so the MAC is informational only: 02-00-00-00 and the vdev.
 * QUERY NIC puts the owner's userid (8 wide) in front of each Adapter
 * line; the other lines are those of QUERY VIRTUAL NIC.
 * docs/commands.md shows the whole layout.
 */
#include "cp/cmd/cmdtab.h"
#include "guestlan/lan.h"

#define NIC_LIST_MAX    GL_MAX_PORTS    /* every guest's NICs at once       */
#define NIC_ADDRS_MAX   OSA_MAX_IPS     /* addresses shown per NIC          */

/* Role of the device at unit (offset from the base vdev). */
static const char *role_name(unsigned unit)
{
    static const char *const roles[] = { "CTL-READ", "CTL-WRITE", "DATA" };
    return unit < ARRAY_SIZE(roles) ? roles[unit] : "UNUSED";
}

/* ---- parse ------------------------------------------------------------------ */

/* [DETails] at token i (the last operand). */
static bool take_details(const struct cp_req *r, unsigned i, struct cp_parsed *p,
                         struct cp_error *e)
{
    if (i < r->t->n) {
        if (!cp_abbrev(r->t->tok[i], "DETAILS", 3))
            return cp_fail(e, MSG_INVALID_OPTION, r->t->tok[i]);
        p->details = true;
        i++;
    }
    return cp_no_more(r->t, i - 1, e);
}

bool cp_query_vnic_parse(const struct cp_req *r, struct cp_parsed *p, struct cp_error *e)
{
    const struct cp_tokens *t = r->t;
    unsigned i = 3;                     /* QUERY VIRTUAL NIC [vdev] [DETAILS] */
    if (r->who->vm < 0)
        return cp_fail(e, MSG_ONLY_FROM_GUEST, "QUERY VIRTUAL NIC");
    p->details = false;
    p->vdev_given = false;
    if (i < t->n && !cp_abbrev(t->tok[i], "DETAILS", 3)) {
        if (!cp_vdev(t->tok[i], &p->vdev))
            return cp_fail(e, MSG_VDEV_INVALID, NULL);
        p->vdev_given = true;
        i++;
    }
    return take_details(r, i, p, e);
}

bool cp_query_nic_parse(const struct cp_req *r, struct cp_parsed *p, struct cp_error *e)
{
    if (!strchr(r->who->classes, 'B'))  /* QUERY NIC is class B, as in z/VM */
        return cp_fail(e, MSG_INVALID_OPTION, r->t->tok[1]);
    p->details = false;
    p->vdev_given = false;
    return take_details(r, 2, p, e);    /* QUERY NIC [DETAILS] */
}

/* ---- display ------------------------------------------------------------------ */

/* s printable into out (at most 8 characters; others become '.'). */
static void printable(char out[9], const char *s)
{
    unsigned k = 0;
    for (; k < 8 && s[k]; k++)
        out[k] = s[k] >= 0x20 && s[k] < 0x7F ? s[k] : '.';
    out[k] = '\0';
}

/* Order of registered addresses: family, then address bytes (network
 * order, so bytewise is numeric). */
static int addr_cmp(const struct gl_addr *a, const struct gl_addr *b)
{
    if (a->af != b->af)
        return a->af < b->af ? -1 : 1;
    return memcmp(a->a, b->a, sizeof a->a);
}

static void sort_addrs(struct gl_addr *a, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        struct gl_addr x = a[i];
        size_t j = i;
        for (; j > 0 && addr_cmp(&a[j - 1], &x) > 0; j--)
            a[j] = a[j - 1];
        a[j] = x;
    }
}

static void show_addr(const struct cp_req *r, const struct gl_addr *a)
{
    if (a->af == GL_AF_IPV4) {
        uint32_t m = a->prefix_len >= 32 ? 0xFFFFFFFFu
                   : a->prefix_len ? ~(0xFFFFFFFFu >> a->prefix_len) : 0;
        cp_out_printf(r->out, "    %u.%u.%u.%u MASK %u.%u.%u.%u", a->a[0], a->a[1], a->a[2],
                      a->a[3], m >> 24, m >> 16 & 0xFF, m >> 8 & 0xFF, m & 0xFF);
        return;
    }
    char buf[CP_OUT_LINE_MAX + 1];
    size_t k = (size_t)ksnprintf(buf, sizeof buf, "    ");
    for (unsigned g = 0; g < GL_ADDR_BYTES / 2; g++)
        k += (size_t)ksnprintf(buf + k, sizeof buf - k, "%s%x", g ? ":" : "",
                               (unsigned)(a->a[2 * g] << 8 | a->a[2 * g + 1]));
    ksnprintf(buf + k, sizeof buf - k, "/%u", a->prefix_len);
    cp_out_line(r->out, buf);
}

/* The Unicast IP Addresses block of the NIC on guest LAN port port. */
static void show_addrs(const struct cp_req *r, uint16_t port)
{
    static struct gl_addr a[NIC_ADDRS_MAX];
    size_t n = 0;
    cp_out_line(r->out, "  Unicast IP Addresses:");
    if (port == GL_PORT_NONE || !r->sys->net
        || gl_ip_list(r->sys->net, port, a, ARRAY_SIZE(a), &n) != GL_OK)
        n = 0;
    size_t shown = n < ARRAY_SIZE(a) ? n : ARRAY_SIZE(a);
    sort_addrs(a, shown);
    for (size_t i = 0; i < shown; i++)
        show_addr(r, &a[i]);
    if (n > shown)
        cp_out_printf(r->out, "    ... %u more", (unsigned)(n - shown));
    if (n == 0)
        cp_out_line(r->out, "    None");
}

/* The DETAILS lines of one NIC. */
static void show_details(const struct cp_req *r, const struct cp_nicinfo *ni)
{
    const struct osa_counters *c = &ni->counters;
    char conn[9];
    printable(conn, ni->conn_name);
    cp_out_printf(r->out, "  Connection Name: %s  State: %s", conn[0] ? conn : "UNASSIGNED",
                  osa_phase_name(ni->phase));
    cp_out_printf(r->out, "  LAN Started: %s  Queues: %s  MTU: %u", ni->lan_started ? "YES" : "NO",
                  ni->queues_active ? "ACTIVE" : "INACTIVE", ni->mtu);
    cp_out_printf(r->out, "  PDUs: %llu  IPA Commands: %llu  IPA Refused: %llu",
                  (unsigned long long)c->pdus, (unsigned long long)c->ipa_cmds,
                  (unsigned long long)c->ipa_refused);
    cp_out_printf(r->out, "  Errors: IDX %llu  PDU %llu  Sequence %llu  QDIO %llu  Overruns %llu",
                  (unsigned long long)c->idx_errors, (unsigned long long)c->pdu_errors,
                  (unsigned long long)c->seq_errors, (unsigned long long)c->qdio_errors,
                  (unsigned long long)c->reply_overruns);
    const struct gl_port *gp = gl_port_at(r->sys->net, ni->port);
    if (gp) {
        cp_out_printf(r->out, "  RX Packets: %llu  RX Bytes: %llu  TX Bytes: %llu",
                      (unsigned long long)gp->rx_packets, (unsigned long long)gp->rx_bytes,
                      (unsigned long long)gp->tx_bytes);
        cp_show_datagrams(r, "TX Packets", &gp->tx);
    }
    cp_out_printf(r->out, "  SIGA: %llu  SIGA Errors: %llu  Buffer Errors: %llu  SLSB Errors: %llu",
                  (unsigned long long)c->sigas, (unsigned long long)c->siga_errors,
                  (unsigned long long)c->buffer_errors, (unsigned long long)c->slsb_errors);
    unsigned roles = ni->devices < 3 ? ni->devices : 3;
    for (unsigned u = 0; u < roles; u++)
        cp_out_printf(r->out, "  Device: %04X  Unit: %03X   Role: %s",
                      (unsigned)(ni->vdev + u) & 0xFFFF, u, role_name(u));
    if (ni->devices > 3)                /* the rest in one line: up to 3069 */
        cp_out_printf(r->out, "  Device: %04X-%04X  Unit: %03X-%03X   Role: %s",
                      (unsigned)(ni->vdev + 3) & 0xFFFF,
                      (unsigned)(ni->vdev + ni->devices - 1) & 0xFFFF, 3u,
                      ni->devices - 1u, role_name(3));
    show_addrs(r, ni->port);
}

/* One NIC: the Adapter and MAC lines (owner first for QUERY NIC), and
 * with details the rest. */
static void show_nic(const struct cp_req *r, const struct cp_nicinfo *ni, bool owner,
                     bool details)
{
    const struct gl_net *net = r->sys->net;
    const struct gl_port *gp = ni->port != GL_PORT_NONE && net ? gl_port_at(net, ni->port) : NULL;
    const struct gl_lan *lan = gp && gp->lan != GL_LAN_NONE ? gl_lan_at(net, gp->lan) : NULL;
    char user[9], owner_col[10] = "", lanname[24];

    if (owner) {
        printable(user, ni->userid);
        ksnprintf(owner_col, sizeof owner_col, "%-8s ", user);
    }
    if (lan)
        ksnprintf(lanname, sizeof lanname, "%s SYSTEM %s", lan->vswitch ? "VSWITCH:" : "LAN:",
                  lan->name);
    else
        ksnprintf(lanname, sizeof lanname, "LAN: * None");
    cp_out_printf(r->out, "%sAdapter %04X.P00 Type: QDIO      Name: UNASSIGNED  Devices: %u",
                  owner_col, ni->vdev, ni->devices);
    cp_out_printf(r->out, "  MAC: 02-00-00-00-%02X-%02X         %s", ni->vdev >> 8,
                  ni->vdev & 0xFF, lanname);
    if (details)
        show_details(r, ni);
}

/* ---- execute -------------------------------------------------------------------- */

static struct cp_nicinfo nic_list[NIC_LIST_MAX];

int cp_query_vnic_exec(const struct cp_req *r, const struct cp_parsed *p)
{
    unsigned n = r->sys->vm->nics(r->who->vm, nic_list, NIC_LIST_MAX), shown = 0;
    if (n > NIC_LIST_MAX)
        n = NIC_LIST_MAX;
    for (unsigned i = 0; i < n; i++) {
        if (p->vdev_given && nic_list[i].vdev != p->vdev)
            continue;
        show_nic(r, &nic_list[i], false, p->details);
        shown++;
    }
    if (shown)
        return 0;
    if (p->vdev_given) {
        char dev[8];
        ksnprintf(dev, sizeof dev, "%04X", p->vdev);
        return cp_out_msg(r->out, MSG_DEVICE_NOT_EXIST, dev);
    }
    cp_out_line(r->out, "No NICs are defined");
    return 0;
}

int cp_query_nic_exec(const struct cp_req *r, const struct cp_parsed *p)
{
    unsigned n = r->sys->vm->nics(-1, nic_list, NIC_LIST_MAX);
    if (n > NIC_LIST_MAX)
        n = NIC_LIST_MAX;
    for (unsigned i = 0; i < n; i++)
        show_nic(r, &nic_list[i], true, p->details);
    if (n == 0)
        cp_out_line(r->out, "No NICs are defined");
    return 0;
}
