/*
 * vswcmds.c - VSWITCH commands (pure): DEFINE VSWITCH, DETACH VSWITCH,
 * SET VSWITCH ... RDEV, QUERY VSWITCH and QUERY OSA, all class B.
 *
 * A VSWITCH is a guest LAN (guestlan/, gl_vswitch_define) with MTU 1500
 * and at most one uplink: a real OSA in LCS mode, named by its even read
 * device (RDEV), which CP's uplink driver (osa/, reached through cp_sys
 * uplink, struct cp_uplinkops) starts and stops in the background.  The
 * commands only record the RDEV in the LAN table and ask the driver; the
 * driver reports readiness later ("VSWITCH SYSTEM name status is
 * ready.").  Layer 3 only: TRANSPORT IP, no ETHERNET, no VLANs, no access
 * list (UNRESTRICTED).  Names share the table with guest LANs.
 *
 * Responses follow z/VM (shared/reference/cp-commands.md §4 and the
 * QUERY VSWITCH layout of §5.1, adapted): "VSWITCH SYSTEM VSW1 is
 * created", "... is destroyed", "Command complete".  docs/commands.md
 * shows every output line.
 */
#include "cp/cmd/cmdtab.h"
#include "guestlan/lan.h"

#define OSA_LIST_MAX 16

/* Class B work (DEFINE LAN accepts A as well; so do these). */
static bool class_b(const struct cp_req *r)
{
    return strchr(r->who->classes, 'A') || strchr(r->who->classes, 'B');
}

/* RDEV operand: 1-4 hex digits, not 0, even (the LCS read device). */
static bool take_rdev(const char *tok, uint16_t *out)
{
    return cp_vdev(tok, out) && *out != 0 && (*out & 1) == 0;
}

/* The VSWITCH named p->lan -> *h, or false if there is none (a LAN of
 * that name is none either). */
static bool find_vswitch(const struct cp_req *r, const struct cp_parsed *p, uint16_t *h)
{
    return gl_lan_find(r->sys->net, p->lan, h) == GL_OK && gl_lan_at(r->sys->net, *h)->vswitch;
}

/* The VSWITCH other than except whose uplink is rdev, or NULL. */
static const struct gl_lan *rdev_user(const struct gl_net *net, uint16_t rdev, uint16_t except)
{
    for (uint16_t h = 0; h < GL_MAX_LANS; h++) {
        const struct gl_lan *l = gl_lan_at(net, h);
        if (l && h != except && l->vswitch && l->rdev == rdev)
            return l;
    }
    return NULL;
}

/* VML6134E if rdev (not 0) already serves another VSWITCH; else 0. */
static int check_rdev(const struct cp_req *r, uint16_t rdev, uint16_t except)
{
    char dev[8];
    const struct gl_lan *other = rdev ? rdev_user(r->sys->net, rdev, except) : NULL;
    if (!other)
        return 0;
    ksnprintf(dev, sizeof dev, "%04X", rdev);
    return cp_out_msg(r->out, MSG_RDEV_IN_USE, dev, other->name);
}

/* Ask the uplink driver, when the system has one (host tests may not). */
static void uplink_start(const struct cp_req *r, uint16_t lan)
{
    const struct gl_lan *l = gl_lan_at(r->sys->net, lan);
    if (l && l->rdev && r->sys->uplink && r->sys->uplink->start)
        r->sys->uplink->start(lan);
}

static void uplink_stop(const struct cp_req *r, uint16_t rdev)
{
    if (rdev && r->sys->uplink && r->sys->uplink->stop)
        r->sys->uplink->stop(rdev);
}

/* ---- DEFINE VSWITCH name [TYPE QDIO] [RDEV rdev] [IP|ETHERNET] (any order) ---- */

bool cp_define_vswitch_parse(const struct cp_req *r, struct cp_parsed *p, struct cp_error *e)
{
    const struct cp_tokens *t = r->t;
    if (!class_b(r))
        return cp_fail(e, MSG_INVALID_OPTION, t->tok[1]);
    if (!cp_take_lan(r, 2, p, e))
        return false;
    p->rdev = 0;
    for (unsigned i = 3; i < t->n; i++) {
        const char *k = t->tok[i];
        if (cp_abbrev(k, "RDEV", 4) || cp_abbrev(k, "TYPE", 4)) {
            if (i + 1 >= t->n)
                return cp_fail(e, MSG_OPERAND_MISSING, NULL);
            const char *v = t->tok[++i];
            if (cp_abbrev(k, "TYPE", 4) ? !cp_abbrev(v, "QDIO", 4) : !take_rdev(v, &p->rdev))
                return cp_fail(e, MSG_INVALID_OPERAND, v);
        } else if (cp_abbrev(k, "ETHERNET", 3)) {
            return cp_fail(e, MSG_VSWITCH_LAYER2, p->lan);
        } else if (!cp_abbrev(k, "IP", 2)) {
            return cp_fail(e, MSG_INVALID_OPTION, k);
        }
    }
    return true;
}

int cp_define_vswitch_exec(const struct cp_req *r, const struct cp_parsed *p)
{
    uint16_t h;
    int rc;
    if (gl_lan_find(r->sys->net, p->lan, &h) == GL_OK)
        return cp_lan_exists(r, p->lan);
    if ((rc = check_rdev(r, p->rdev, GL_LAN_NONE)) != 0)
        return rc;
    enum gl_err err = gl_vswitch_define(r->sys->net, p->lan, p->rdev, &h);
    if (err == GL_ERR_LAN_TABLE_FULL)
        return cp_out_msg(r->out, MSG_LAN_TABLE_FULL, p->lan);
    if (err != GL_OK)
        return cp_out_msg(r->out, MSG_INVALID_OPERAND, gl_err_str(err));
    cp_out_printf(r->out, "VSWITCH SYSTEM %s is created", p->lan);
    uplink_start(r, h);
    return 0;
}

/* ---- DETACH VSWITCH name ----------------------------------------------------- */

bool cp_detach_vswitch_parse(const struct cp_req *r, struct cp_parsed *p, struct cp_error *e)
{
    if (!class_b(r))
        return cp_fail(e, MSG_INVALID_OPTION, r->t->tok[1]);
    return cp_take_lan(r, 2, p, e) && cp_no_more(r->t, 2, e);
}

int cp_detach_vswitch_exec(const struct cp_req *r, const struct cp_parsed *p)
{
    uint16_t h;
    if (!find_vswitch(r, p, &h))
        return cp_out_msg(r->out, MSG_VSWITCH_NOT_FOUND, p->lan);
    const struct gl_lan *l = gl_lan_at(r->sys->net, h);
    if (l->connected)
        return cp_out_msg(r->out, MSG_VSWITCH_IN_USE, p->lan);
    uplink_stop(r, l->rdev);
    enum gl_err err = gl_lan_detach(r->sys->net, p->lan);
    if (err != GL_OK)                   /* cannot happen: checked above */
        return cp_out_msg(r->out, MSG_INVALID_OPERAND, gl_err_str(err));
    cp_out_printf(r->out, "VSWITCH SYSTEM %s is destroyed", p->lan);
    return 0;
}

/* ---- SET VSWITCH name RDEV rdev|NONE ------------------------------------------ */

bool cp_set_vswitch_parse(const struct cp_req *r, struct cp_parsed *p, struct cp_error *e)
{
    const struct cp_tokens *t = r->t;
    if (!class_b(r))
        return cp_fail(e, MSG_INVALID_OPTION, t->tok[1]);
    if (!cp_take_lan(r, 2, p, e))
        return false;
    if (t->n < 4)
        return cp_fail(e, MSG_OPERAND_MISSING, NULL);
    if (!cp_abbrev(t->tok[3], "RDEV", 4))
        return cp_fail(e, MSG_INVALID_OPTION, t->tok[3]);
    if (t->n < 5)
        return cp_fail(e, MSG_OPERAND_MISSING, NULL);
    p->rdev = 0;
    if (!cp_abbrev(t->tok[4], "NONE", 4) && !take_rdev(t->tok[4], &p->rdev))
        return cp_fail(e, MSG_INVALID_OPERAND, t->tok[4]);
    return cp_no_more(t, 4, e);
}

/* The old device is stopped even when it is the new one: SET VSWITCH
 * with the same RDEV restarts a failed uplink. */
int cp_set_vswitch_exec(const struct cp_req *r, const struct cp_parsed *p)
{
    uint16_t h;
    int rc;
    if (!find_vswitch(r, p, &h))
        return cp_out_msg(r->out, MSG_VSWITCH_NOT_FOUND, p->lan);
    if ((rc = check_rdev(r, p->rdev, h)) != 0)
        return rc;
    uplink_stop(r, gl_lan_at(r->sys->net, h)->rdev);
    gl_vswitch_set_rdev(r->sys->net, h, p->rdev);
    uplink_start(r, h);
    cp_out_line(r->out, "Command complete");
    return 0;
}

/* ---- QUERY VSWITCH [name|ALL] [DETAILS] ------------------------------------------ */

bool cp_query_vswitch_parse(const struct cp_req *r, struct cp_parsed *p, struct cp_error *e)
{
    const struct cp_tokens *t = r->t;
    unsigned i = 2;
    if (!strchr(r->who->classes, 'B'))  /* QUERY VSWITCH is class B, as QUERY NIC */
        return cp_fail(e, MSG_INVALID_OPTION, t->tok[1]);
    p->lan[0] = '\0';
    p->details = false;
    if (i < t->n && !cp_abbrev(t->tok[i], "DETAILS", 3)) {
        if (!cp_abbrev(t->tok[i], "ALL", 3) && !cp_take_lan(r, i, p, e))
            return false;
        i++;
    }
    if (i < t->n) {
        if (!cp_abbrev(t->tok[i], "DETAILS", 3))
            return cp_fail(e, MSG_INVALID_OPTION, t->tok[i]);
        p->details = true;
        i++;
    }
    return cp_no_more(t, i - 1, e);
}

static const char *uplink_state(enum gl_uplink u)
{
    switch (u) {
    case GL_UPLINK_NONE:     return "None";
    case GL_UPLINK_STARTING: return "Starting";
    case GL_UPLINK_READY:    return "Ready";
    case GL_UPLINK_FAILED:   return "Not ready";
    }
    return "Unknown";
}

static void query_one_vswitch(const struct cp_req *r, const struct gl_lan *l, uint16_t h,
                              bool details)
{
    char rdev[8];
    if (l->rdev)
        ksnprintf(rdev, sizeof rdev, "%04X", l->rdev);
    else
        ksnprintf(rdev, sizeof rdev, "None");
    cp_show_lan_head(r, "VSWITCH", l);
    cp_out_line(r->out, " Uplink Port:");
    cp_out_printf(r->out, "  State: %s", uplink_state(l->uplink));
    cp_out_printf(r->out, "  RDEV: %s", rdev);
    if (!details)
        return;
    cp_show_datagrams(r, "Datagrams", &l->counters);
    cp_out_printf(r->out, "  Uplink: out datagrams %llu  bytes %llu  in datagrams %llu  bytes %llu",
                  (unsigned long long)l->up.out_datagrams, (unsigned long long)l->up.out_bytes,
                  (unsigned long long)l->up.in_datagrams, (unsigned long long)l->up.in_bytes);
    cp_show_datagrams(r, "Uplink In", &l->up.in);
    cp_show_adapters(r, h);
}

int cp_query_vswitch_exec(const struct cp_req *r, const struct cp_parsed *p)
{
    const struct gl_net *net = r->sys->net;
    unsigned shown = 0;
    if (p->lan[0]) {
        uint16_t h;
        if (!find_vswitch(r, p, &h))
            return cp_out_msg(r->out, MSG_VSWITCH_NOT_FOUND, p->lan);
        query_one_vswitch(r, gl_lan_at(net, h), h, p->details);
        return 0;
    }
    for (uint16_t h = 0; h < GL_MAX_LANS; h++) {
        const struct gl_lan *l = gl_lan_at(net, h);
        if (l && l->vswitch) {
            query_one_vswitch(r, l, h, p->details);
            shown++;
        }
    }
    if (!shown)
        cp_out_line(r->out, "No VSWITCHes are defined");
    return 0;
}

/* ---- QUERY OSA [ALL] ---------------------------------------------------------------- */

bool cp_query_osa_parse(const struct cp_req *r, struct cp_parsed *p, struct cp_error *e)
{
    const struct cp_tokens *t = r->t;
    (void)p;
    if (!strchr(r->who->classes, 'B'))
        return cp_fail(e, MSG_INVALID_OPTION, t->tok[1]);
    if (t->n > 2 && cp_abbrev(t->tok[2], "ALL", 3))
        return cp_no_more(t, 2, e);
    return cp_no_more(t, 1, e);
}

static struct cp_osainfo osa_list[OSA_LIST_MAX];

int cp_query_osa_exec(const struct cp_req *r, const struct cp_parsed *p)
{
    const struct cp_uplinkops *u = r->sys->uplink;
    unsigned n = u && u->osa_list ? u->osa_list(osa_list, OSA_LIST_MAX) : 0;
    (void)p;
    if (n > OSA_LIST_MAX)
        n = OSA_LIST_MAX;
    if (!n)
        cp_out_line(r->out, "No OSA devices are defined");
    for (unsigned i = 0; i < n; i++) {
        const struct cp_osainfo *o = &osa_list[i];
        char mac[20], use[32];
        if (o->have_mac)
            ksnprintf(mac, sizeof mac, "%02X-%02X-%02X-%02X-%02X-%02X", o->mac[0], o->mac[1],
                      o->mac[2], o->mac[3], o->mac[4], o->mac[5]);
        else
            ksnprintf(mac, sizeof mac, "NONE");
        if (o->vswitch[0])
            ksnprintf(use, sizeof use, "ATTACHED TO VSWITCH %.8s", o->vswitch);
        else
            ksnprintf(use, sizeof use, "FREE");
        cp_out_printf(r->out, "OSA  %04X %s  STATE %s  MAC %s", o->rdev, use,
                      o->state ? o->state : "UNKNOWN", mac);
        cp_out_printf(r->out, "  Frames: in %llu  out %llu  write errors %llu  ARP: in %llu  out %llu"
                      "  dropped in %llu  unresolved %llu  starts %llu",
                      (unsigned long long)o->frames_in, (unsigned long long)o->frames_out,
                      (unsigned long long)o->write_errors, (unsigned long long)o->arp_in,
                      (unsigned long long)o->arp_out, (unsigned long long)o->dropped_in,
                      (unsigned long long)o->arp_unresolved, (unsigned long long)o->starts);
    }
    return 0;
}
