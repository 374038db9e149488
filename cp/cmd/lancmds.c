/*
 * lancmds.c - guest-LAN commands (pure): DEFINE LAN, DETACH LAN, COUPLE,
 * UNCOUPLE, QUERY LAN.  They work on the LAN tables of guestlan/ (cp_sys
 * net); a NIC is a guestlan port that CP's VM layer adds when the NIC is
 * defined.  Response shapes follow z/VM (shared/reference/cp-commands.md
 * §5.2): "LAN SYSTEM NAME is created", "NIC 0700 is connected to LAN
 * SYSTEM NAME".  Only SYSTEM-owned QDIO LANs exist.  VSWITCHes share the
 * LAN table (vswcmds.c has their own commands): the LAN commands do not
 * see them, except COUPLE/UNCOUPLE, which say "VSWITCH" for one.
 */
#include "cp/cmd/cmdtab.h"
#include "guestlan/lan.h"

bool cp_take_lan(const struct cp_req *r, unsigned i, struct cp_parsed *p, struct cp_error *e)
{
    if (r->t->n <= i)
        return cp_fail(e, MSG_OPERAND_MISSING, NULL);
    if (!cp_userid_ok(r->t->tok[i]))
        return cp_fail(e, MSG_INVALID_OPERAND, r->t->tok[i]);
    cp_upper(p->lan, sizeof p->lan, r->t->tok[i]);
    return true;
}

int cp_lan_exists(const struct cp_req *r, const char *name)
{
    uint16_t h;
    const struct gl_lan *l = gl_lan_find(r->sys->net, name, &h) == GL_OK
                           ? gl_lan_at(r->sys->net, h) : NULL;
    return cp_out_msg(r->out, l && l->vswitch ? MSG_VSWITCH_EXISTS : MSG_LAN_EXISTS, name);
}

/* The LAN kind's word in responses. */
static const char *kind(const struct gl_lan *l)
{
    return l && l->vswitch ? "VSWITCH" : "LAN";
}

/* Map a guestlan failure to its message; returns the rc. */
static int lan_error(const struct cp_req *r, enum gl_err err, const char *lan, const char *dev)
{
    switch (err) {
    case GL_ERR_LAN_EXISTS:      return cp_lan_exists(r, lan);
    case GL_ERR_LAN_NOT_FOUND:   return cp_out_msg(r->out, MSG_LAN_NOT_FOUND, lan);
    case GL_ERR_LAN_IN_USE:      return cp_out_msg(r->out, MSG_LAN_IN_USE, lan);
    case GL_ERR_MAXCONN:         return cp_out_msg(r->out, MSG_LAN_MAXCONN, lan);
    case GL_ERR_LAN_TABLE_FULL:  return cp_out_msg(r->out, MSG_LAN_TABLE_FULL, lan);
    case GL_ERR_ALREADY_COUPLED: return cp_out_msg(r->out, MSG_NIC_COUPLED, dev);
    case GL_ERR_NOT_COUPLED:     return cp_out_msg(r->out, MSG_NIC_NOT_COUPLED, dev);
    default:                     return cp_out_msg(r->out, MSG_INVALID_OPERAND, gl_err_str(err));
    }
}

/* ---- DEFINE LAN name [OWNERID SYSTEM] [TYPE QDIO] [MAXCONN n|INFINITE] [MFS nK] ---- */

bool cp_define_lan_parse(const struct cp_req *r, struct cp_parsed *p, struct cp_error *e)
{
    const struct cp_tokens *t = r->t;
    if (!strchr(r->who->classes, 'A') && !strchr(r->who->classes, 'B'))
        return cp_fail(e, MSG_INVALID_OPTION, t->tok[1]);  /* only SYSTEM LANs: class B */
    if (!cp_take_lan(r, 2, p, e))
        return false;
    p->maxconn = 0;
    p->mfs = 8;
    for (unsigned i = 3; i < t->n; i += 2) {
        const char *k = t->tok[i], *v = i + 1 < t->n ? t->tok[i + 1] : NULL;
        if (!v)
            return cp_fail(e, MSG_OPERAND_MISSING, NULL);
        if (cp_abbrev(k, "OWNERID", 5)) {
            if (!cp_abbrev(v, "SYSTEM", 6))
                return cp_fail(e, MSG_INVALID_OPERAND, v);
        } else if (cp_abbrev(k, "TYPE", 4)) {
            if (!cp_abbrev(v, "QDIO", 4))
                return cp_fail(e, MSG_INVALID_OPERAND, v);
        } else if (cp_abbrev(k, "MAXCONN", 4)) {
            if (cp_abbrev(v, "INFINITE", 3))
                p->maxconn = 0;
            else if (!cp_number(v, &p->maxconn) || p->maxconn < 1 || p->maxconn > 1024)
                return cp_fail(e, MSG_INVALID_OPERAND, v);
        } else if (cp_abbrev(k, "MFS", 3)) {
            char u[8];
            cp_upper(u, sizeof u, v);
            p->mfs = !strcmp(u, "8K") ? 8 : !strcmp(u, "16K") ? 16 : !strcmp(u, "32K") ? 32
                   : !strcmp(u, "64K") ? 64 : 0;
            if (!p->mfs)
                return cp_fail(e, MSG_INVALID_OPERAND, v);
        } else {
            return cp_fail(e, MSG_INVALID_OPTION, k);
        }
    }
    return true;
}

int cp_define_lan_exec(const struct cp_req *r, const struct cp_parsed *p)
{
    enum gl_err err = gl_lan_define(r->sys->net, p->lan, p->maxconn, p->mfs, NULL);
    if (err != GL_OK)
        return lan_error(r, err, p->lan, NULL);
    cp_out_printf(r->out, "LAN SYSTEM %s is created", p->lan);
    return 0;
}

/* ---- DETACH LAN name ------------------------------------------------------------------ */

bool cp_detach_lan_parse(const struct cp_req *r, struct cp_parsed *p, struct cp_error *e)
{
    if (!strchr(r->who->classes, 'A') && !strchr(r->who->classes, 'B'))
        return cp_fail(e, MSG_INVALID_OPTION, r->t->tok[1]);
    return cp_take_lan(r, 2, p, e) && cp_no_more(r->t, 2, e);
}

int cp_detach_lan_exec(const struct cp_req *r, const struct cp_parsed *p)
{
    uint16_t h;
    if (gl_lan_find(r->sys->net, p->lan, &h) == GL_OK && gl_lan_at(r->sys->net, h)->vswitch)
        return cp_out_msg(r->out, MSG_LAN_NOT_FOUND, p->lan);     /* DETACH VSWITCH does it */
    enum gl_err err = gl_lan_detach(r->sys->net, p->lan);
    if (err != GL_OK)
        return lan_error(r, err, p->lan, NULL);
    cp_out_printf(r->out, "LAN SYSTEM %s is destroyed", p->lan);
    return 0;
}

/* ---- COUPLE vdev [TO] SYSTEM name / UNCOUPLE vdev ------------------------------------- */

bool cp_couple_parse(const struct cp_req *r, struct cp_parsed *p, struct cp_error *e)
{
    const struct cp_tokens *t = r->t;
    if (r->who->vm < 0)
        return cp_fail(e, MSG_ONLY_FROM_GUEST, "COUPLE");
    if (t->n < 2 || !cp_vdev(t->tok[1], &p->vdev))
        return cp_fail(e, MSG_VDEV_INVALID, NULL);
    unsigned i = 2;
    if (i < t->n && cp_abbrev(t->tok[i], "TO", 2))
        i++;
    if (i >= t->n)
        return cp_fail(e, MSG_OPERAND_MISSING, NULL);
    if (!cp_abbrev(t->tok[i], "SYSTEM", 6))
        return cp_fail(e, MSG_INVALID_OPERAND, t->tok[i]);
    return cp_take_lan(r, i + 1, p, e) && cp_no_more(t, i + 1, e);
}

/* The guestlan port of the issuer's NIC at vdev, or the VML040E rc. */
static int issuer_port(const struct cp_req *r, const struct cp_parsed *p, uint16_t *port,
                       char dev[8])
{
    ksnprintf(dev, 8, "%04X", p->vdev);
    if (gl_port_find(r->sys->net, r->who->userid, p->vdev, port) != GL_OK)
        return cp_out_msg(r->out, MSG_DEVICE_NOT_EXIST, dev);
    return 0;
}

int cp_couple_exec(const struct cp_req *r, const struct cp_parsed *p)
{
    uint16_t port;
    char dev[8];
    int rc = issuer_port(r, p, &port, dev);
    if (rc)
        return rc;
    enum gl_err err = gl_couple(r->sys->net, port, p->lan);
    if (err != GL_OK)
        return lan_error(r, err, p->lan, dev);
    const struct gl_port *gp = gl_port_at(r->sys->net, port);
    cp_out_printf(r->out, "NIC %s is connected to %s SYSTEM %s", dev,
                  kind(gl_lan_at(r->sys->net, gp->lan)), p->lan);
    return 0;
}

bool cp_uncouple_parse(const struct cp_req *r, struct cp_parsed *p, struct cp_error *e)
{
    if (r->who->vm < 0)
        return cp_fail(e, MSG_ONLY_FROM_GUEST, "UNCOUPLE");
    if (r->t->n < 2 || !cp_vdev(r->t->tok[1], &p->vdev))
        return cp_fail(e, MSG_VDEV_INVALID, NULL);
    return cp_no_more(r->t, 1, e);
}

int cp_uncouple_exec(const struct cp_req *r, const struct cp_parsed *p)
{
    uint16_t port;
    char dev[8];
    int rc = issuer_port(r, p, &port, dev);
    if (rc)
        return rc;
    const struct gl_port *gp = gl_port_at(r->sys->net, port);
    const struct gl_lan *lan = gp ? gl_lan_at(r->sys->net, gp->lan) : NULL;
    char name[9] = "";
    const char *k = kind(lan);
    if (lan)
        memcpy(name, lan->name, sizeof name);
    enum gl_err err = gl_uncouple(r->sys->net, port);
    if (err != GL_OK)
        return lan_error(r, err, NULL, dev);
    cp_out_printf(r->out, "NIC %s is disconnected from %s SYSTEM %s", dev, k, name);
    return 0;
}

/* ---- QUERY LAN [name] [DETAILS] -------------------------------------------------------- */

bool cp_query_lan_parse(const struct cp_req *r, struct cp_parsed *p, struct cp_error *e)
{
    const struct cp_tokens *t = r->t;
    unsigned i = 2;
    p->lan[0] = '\0';
    p->absolute = false;                /* DETAILS */
    if (i < t->n && !cp_abbrev(t->tok[i], "DETAILS", 3)) {
        if (!cp_take_lan(r, i, p, e))
            return false;
        i++;
    }
    if (i < t->n) {
        if (!cp_abbrev(t->tok[i], "DETAILS", 3))
            return cp_fail(e, MSG_INVALID_OPTION, t->tok[i]);
        p->absolute = true;
        i++;
    }
    return cp_no_more(t, i - 1, e);
}

void cp_show_datagrams(const struct cp_req *r, const char *label, const struct gl_counters *c)
{
    cp_out_printf(r->out, "  %s: sent %llu  delivered %llu  dropped: no owner %llu  no buffer %llu"
                  "  too big %llu  malformed %llu", label, (unsigned long long)c->sent,
                  (unsigned long long)c->delivered, (unsigned long long)c->dropped_no_owner,
                  (unsigned long long)c->dropped_no_buffer, (unsigned long long)c->dropped_too_big,
                  (unsigned long long)c->dropped_malformed);
}

void cp_show_adapters(const struct cp_req *r, uint16_t lan)
{
    const struct gl_net *net = r->sys->net;
    for (uint16_t i = 0; i < GL_MAX_PORTS; i++) {
        const struct gl_port *gp = gl_port_at(net, i);
        if (!gp || gp->lan != lan)
            continue;
        struct gl_addr a[8];
        size_t n = 0;
        gl_ip_list(net, i, a, ARRAY_SIZE(a), &n);
        cp_out_printf(r->out, "  Adapter Owner: %-8s NIC: %04X  Name: UNASSIGNED  IP addresses: %u",
                      gp->owner, gp->vdev, (unsigned)n);
        for (size_t k = 0; k < n && k < ARRAY_SIZE(a); k++)
            cp_out_printf(r->out, "    IP: %u.%u.%u.%u/%u", a[k].a[0], a[k].a[1], a[k].a[2],
                          a[k].a[3], a[k].prefix_len);
    }
}

void cp_show_lan_head(const struct cp_req *r, const char *kind, const struct gl_lan *lan)
{
    char maxconn[12];
    if (lan->maxconn)
        ksnprintf(maxconn, sizeof maxconn, "%u", lan->maxconn);
    else
        ksnprintf(maxconn, sizeof maxconn, "INFINITE");
    cp_out_printf(r->out, "%s SYSTEM %-8s Type: QDIO    Connected: %-4u Maxconn: %s",
                  kind, lan->name, lan->connected, maxconn);
    cp_out_printf(r->out, "  PERSISTENT  UNRESTRICTED  IP                        Accounting: OFF");
    cp_out_printf(r->out, "  MFS: %uK  MTU: %u", lan->mfs / 1024, lan->mtu);
}

static void query_one_lan(const struct cp_req *r, const struct gl_lan *lan, uint16_t h,
                          bool details)
{
    cp_show_lan_head(r, "LAN", lan);
    if (!details)
        return;
    cp_show_datagrams(r, "Datagrams", &lan->counters);
    cp_show_adapters(r, h);
}

int cp_query_lan_exec(const struct cp_req *r, const struct cp_parsed *p)
{
    const struct gl_net *net = r->sys->net;
    unsigned shown = 0;
    if (p->lan[0]) {
        uint16_t h;
        if (gl_lan_find(net, p->lan, &h) != GL_OK || gl_lan_at(net, h)->vswitch)
            return cp_out_msg(r->out, MSG_LAN_NOT_FOUND, p->lan);
        query_one_lan(r, gl_lan_at(net, h), h, p->absolute);
        return 0;
    }
    for (uint16_t h = 0; h < GL_MAX_LANS; h++) {
        const struct gl_lan *lan = gl_lan_at(net, h);
        if (lan && !lan->vswitch) {
            query_one_lan(r, lan, h, p->absolute);
            shown++;
        }
    }
    if (!shown)
        cp_out_line(r->out, "No LANs are defined");
    return 0;
}
