/*
 * vmcmds.c - CP commands about guest virtual machines (pure): XAUTOLOG,
 * FORCE, LOGOFF, SEND, SEND CP, MESSAGE/MSG, INDICATE LOAD|USER,
 * SET SHARE, and QUERY NAMES|USERS|userid|SHARE|VIRTUAL STORAGE (QUERY
 * VIRTUAL NIC and QUERY NIC are parsed and shown by niccmds.c; the LAN
 * and VSWITCH operands of DEFINE, DETACH, SET and QUERY by lancmds.c and
 * vswcmds.c).
 * The guests themselves are reached through cp_sys.vm (struct cp_vmops),
 * so host tests run these commands against a fake.
 */
#include "cp/cmd/cmdtab.h"
#include "lib/tod.h"

enum query_vm_what {
    QUERY_NAMES = CP_QUERY_VM_BASE,
    QUERY_USERS,
    QUERY_USER,
    QUERY_SHARE,
    QUERY_VIRTUAL_STORAGE,
    QUERY_LAN,
    QUERY_VIRTUAL_NIC,
    QUERY_NIC,
    QUERY_VSWITCH,
    QUERY_OSA,
};

enum { SEND_TEXT, SEND_CP };
enum { IND_LOAD, IND_USER };

#define MAX_LIST 64

/* Map a vm-layer failure to its message; returns the rc. */
static int vm_error(const struct cp_req *r, enum cp_vm_err err, const char *user)
{
    switch (err) {
    case CP_VM_NOT_IN_DIRECTORY:  return cp_out_msg(r->out, MSG_NOT_IN_DIRECTORY, user);
    case CP_VM_DIRECTORY_ERROR:   return cp_out_msg(r->out, MSG_DIRECTORY_ERROR);
    case CP_VM_NOT_LOGGED_ON:     return cp_out_msg(r->out, MSG_NOT_LOGGED_ON, user);
    case CP_VM_ALREADY_LOGGED_ON: return cp_out_msg(r->out, MSG_ALREADY_LOGGED_ON);
    case CP_VM_NO_STORAGE:        return cp_out_msg(r->out, MSG_NO_STORAGE, user);
    case CP_VM_TOO_MANY:          return cp_out_msg(r->out, MSG_TOO_MANY_USERS, user);
    case CP_VM_QUEUE_FULL:        return cp_out_msg(r->out, MSG_QUEUE_FULL, user);
    case CP_VM_STOPPED:           return cp_out_msg(r->out, MSG_GUEST_STOPPED, user);
    case CP_VM_DEVICE_EXISTS:     return cp_out_msg(r->out, MSG_DEVICE_EXISTS, user);
    case CP_VM_NO_DEVICE:         return cp_out_msg(r->out, MSG_DEVICE_NOT_EXIST, user);
    case CP_VM_DEVICE_RANGE:      return cp_out_msg(r->out, MSG_INVALID_OPERAND, user);
    case CP_VM_NO_SUBCHANNELS:    return cp_out_msg(r->out, MSG_NO_SUBCHANNELS, user);
    case CP_VM_OK:                break;
    }
    return 0;
}

/* Operand i must be a userid: copy it upper-cased into p->user. */
static bool take_userid(const struct cp_req *r, unsigned i, struct cp_parsed *p,
                        struct cp_error *e)
{
    if (r->t->n <= i || !cp_userid_ok(r->t->tok[i]))
        return cp_fail(e, MSG_USERID_MISSING, NULL);
    cp_upper(p->user, sizeof p->user, r->t->tok[i]);
    return true;
}

/* ---- XAUTOLOG, FORCE, LOGOFF --------------------------------------------- */

bool cp_xautolog_parse(const struct cp_req *r, struct cp_parsed *p, struct cp_error *e)
{
    return take_userid(r, 1, p, e) && cp_no_more(r->t, 1, e);
}

int cp_xautolog_exec(const struct cp_req *r, const struct cp_parsed *p)
{
    enum cp_vm_err err = r->sys->vm->logon(p->user);
    if (err != CP_VM_OK)
        return vm_error(r, err, p->user);
    cp_out_line(r->out, "Command accepted");
    return 0;
}

bool cp_force_parse(const struct cp_req *r, struct cp_parsed *p, struct cp_error *e)
{
    return take_userid(r, 1, p, e) && cp_no_more(r->t, 1, e);
}

int cp_force_exec(const struct cp_req *r, const struct cp_parsed *p)
{
    struct cp_vminfo vi;
    enum cp_vm_err err = r->sys->vm->find(p->user, &vi);
    if (err != CP_VM_OK)
        return vm_error(r, err == CP_VM_NOT_IN_DIRECTORY ? CP_VM_NOT_LOGGED_ON : err, p->user);
    r->sys->vm->logoff(vi.handle, r->who->userid);
    return 0;
}

bool cp_logoff_parse(const struct cp_req *r, struct cp_parsed *p, struct cp_error *e)
{
    (void)p;
    if (r->who->vm < 0)
        return cp_fail(e, MSG_ONLY_FROM_GUEST, "LOGOFF");
    return cp_no_more(r->t, 0, e);
}

int cp_logoff_exec(const struct cp_req *r, const struct cp_parsed *p)
{
    (void)p;
    r->sys->vm->logoff(r->who->vm, NULL);
    return 0;
}

/* ---- SEND, SEND CP, MESSAGE ----------------------------------------------- */

bool cp_send_parse(const struct cp_req *r, struct cp_parsed *p, struct cp_error *e)
{
    unsigned u = 1;
    p->what = SEND_TEXT;
    if (r->t->n >= 3 && cp_abbrev(r->t->tok[1], "CP", 2)) {
        p->what = SEND_CP;
        u = 2;
    }
    if (!take_userid(r, u, p, e))
        return false;
    if (p->what == SEND_CP && r->t->n <= u + 1)
        return cp_fail(e, MSG_OPERAND_MISSING, NULL);
    p->text = cp_rest(r, u + 1);
    return true;
}

int cp_send_exec(const struct cp_req *r, const struct cp_parsed *p)
{
    struct cp_vminfo vi;
    enum cp_vm_err err = r->sys->vm->find(p->user, &vi);
    if (err != CP_VM_OK)
        return vm_error(r, err == CP_VM_NOT_IN_DIRECTORY ? CP_VM_NOT_LOGGED_ON : err, p->user);
    if (p->what == SEND_TEXT)
        return vm_error(r, r->sys->vm->send(vi.handle, p->text), p->user);

    struct cp_who as = { vi.userid, vi.classes, vi.handle };
    bool no_ready;
    return cp_command_exec(p->text, r->out, r->sys, &as, &no_ready);
}

bool cp_msg_parse(const struct cp_req *r, struct cp_parsed *p, struct cp_error *e)
{
    if (!take_userid(r, 1, p, e))
        return false;
    p->text = cp_rest(r, 2);
    return true;
}

int cp_msg_exec(const struct cp_req *r, const struct cp_parsed *p)
{
    char line[CP_LINE_MAX + 24];
    struct cp_vminfo vi;
    ksnprintf(line, sizeof line, "MSG FROM %s: %s", r->who->userid, p->text);
    if (strcmp(p->user, "OPERATOR") == 0) {
        r->sys->broadcast(line);
        return 0;
    }
    enum cp_vm_err err = r->sys->vm->find(p->user, &vi);
    if (err != CP_VM_OK)
        return vm_error(r, err == CP_VM_NOT_IN_DIRECTORY ? CP_VM_NOT_LOGGED_ON : err, p->user);
    r->sys->vm->show(vi.handle, line);
    return 0;
}

/* ---- INDICATE ---------------------------------------------------------------- */

static const struct cp_keyword indicate_ops[] = {
    { "LOAD", 4, IND_LOAD },
    { "USER", 4, IND_USER },
};

bool cp_indicate_parse(const struct cp_req *r, struct cp_parsed *p, struct cp_error *e)
{
    const struct cp_keyword *k = r->t->n >= 2
        ? cp_keyword_find(indicate_ops, ARRAY_SIZE(indicate_ops), r->t->tok[1]) : NULL;
    if (r->t->n < 2)
        return cp_fail(e, MSG_OPERAND_MISSING, NULL);
    if (!k)
        return cp_fail(e, MSG_INVALID_OPTION, r->t->tok[1]);
    p->what = k->value;
    if (k->value == IND_LOAD)
        return cp_no_more(r->t, 1, e);
    if (r->t->n == 2) {                 /* INDICATE USER: yourself */
        if (r->who->vm < 0)
            return cp_fail(e, MSG_USERID_MISSING, NULL);
        cp_upper(p->user, sizeof p->user, r->who->userid);
        return true;
    }
    return take_userid(r, 2, p, e) && cp_no_more(r->t, 2, e);
}

/* z/VM CPU-time form mmm:ss.hh */
static void cpu_time(char *buf, size_t n, uint64_t tod)
{
    uint64_t h = tod / (TOD_UNITS_PER_SEC / 100);
    ksnprintf(buf, n, "%03llu:%02llu.%02llu", (unsigned long long)(h / 6000),
              (unsigned long long)(h / 100 % 60), (unsigned long long)(h % 100));
}

static void size_text(char *buf, size_t n, uint64_t bytes)
{
    if (bytes % (1ull << 30) == 0)
        ksnprintf(buf, n, "%lluG", (unsigned long long)(bytes >> 30));
    else if (bytes % (1ull << 20) == 0)
        ksnprintf(buf, n, "%lluM", (unsigned long long)(bytes >> 20));
    else
        ksnprintf(buf, n, "%lluK", (unsigned long long)(bytes >> 10));
}

static int indicate_load(const struct cp_req *r)
{
    static struct cp_vminfo list[MAX_LIST];
    struct cp_frame_stats fs;
    unsigned n = r->sys->vm->list(list, MAX_LIST), run = 0, wait = 0, stop = 0;
    uint64_t now = r->sys->tod_now(), up = now - r->sys->ipl_tod;
    uint64_t busy = r->sys->cpu_busy();
    for (unsigned i = 0; i < n; i++) {
        if (strcmp(list[i].state, "RUNNING") == 0)
            run++;
        else if (strcmp(list[i].state, "WAIT") == 0)
            wait++;
        else
            stop++;
    }
    r->sys->frames(&fs);
    cp_out_printf(r->out, "AVGPROC-%03llu%% 01", (unsigned long long)(up ? busy * 100 / up : 0));
    cp_out_printf(r->out, "USERS-%u RUNNABLE-%u WAITING-%u STOPPED-%u", n, run, wait, stop);
    cp_out_printf(r->out, "STORAGE-%lluK FREE-%lluK",
                  (unsigned long long)(fs.total * 4), (unsigned long long)(fs.free * 4));
    return 0;
}

int cp_indicate_exec(const struct cp_req *r, const struct cp_parsed *p)
{
    struct cp_vminfo vi;
    char stor[16], cpu[16], conn[16];
    if (p->what == IND_LOAD)
        return indicate_load(r);
    enum cp_vm_err err = r->sys->vm->find(p->user, &vi);
    if (err != CP_VM_OK)
        return vm_error(r, err == CP_VM_NOT_IN_DIRECTORY ? CP_VM_NOT_LOGGED_ON : err, p->user);
    size_text(stor, sizeof stor, vi.storage);
    cpu_time(cpu, sizeof cpu, vi.cpu);
    tod_format_duration(conn, sizeof conn, r->sys->tod_now() - vi.logon_tod);
    cp_out_printf(r->out, "USERID=%-8s MACH=%-3s STOR=%s VIRT=V XSTORE=NONE", vi.userid,
                  vi.machine, stor);
    cp_out_printf(r->out, "IPLSYS=%-8s DEVNUM=%05u STATE=%s", vi.ipl, vi.devices, vi.state);
    cp_out_printf(r->out, "CPU 00: CTIME=%s VTIME=%s TTIME=%s IO=%06llu", conn, cpu, cpu,
                  (unsigned long long)vi.ios);
    cp_out_printf(r->out, "CPU 00: VTIME-US=%llu",
                  (unsigned long long)(vi.cpu / 4096));
    cp_out_printf(r->out, "CPU 00: PSW=%016llX %016llX %s", (unsigned long long)vi.psw[0],
                  (unsigned long long)vi.psw[1], vi.detail);
    return 0;
}

static bool number(const char *tok, bool percent, uint32_t *out);

bool cp_number(const char *tok, uint32_t *out)
{
    return number(tok, false, out);
}

/* ---- DEFINE NIC, DETACH NIC -------------------------------------------------- */


/* "DEFINE NIC" / "DETACH NIC" from the operator console: no virtual machine. */
static bool nic_operand(const struct cp_req *r, struct cp_parsed *p, struct cp_error *e,
                        const char *what)
{
    if (r->t->n < 2)
        return cp_fail(e, MSG_OPERAND_MISSING, NULL);
    if (!cp_abbrev(r->t->tok[1], "NIC", 3))
        return cp_fail(e, MSG_INVALID_OPTION, r->t->tok[1]);
    if (r->who->vm < 0)
        return cp_fail(e, MSG_ONLY_FROM_GUEST, what);
    if (r->t->n < 3 || !cp_vdev(r->t->tok[2], &p->vdev))
        return cp_fail(e, MSG_VDEV_INVALID, NULL);
    return true;
}

enum { DEF_NIC, DEF_LAN, DEF_VSWITCH };
enum { SET_SHARE, SET_VSWITCH };

bool cp_define_parse(const struct cp_req *r, struct cp_parsed *p, struct cp_error *e)
{
    const struct cp_tokens *t = r->t;
    p->what = DEF_NIC;
    if (t->n >= 2 && cp_abbrev(t->tok[1], "LAN", 3)) {
        p->what = DEF_LAN;
        return cp_define_lan_parse(r, p, e);
    }
    if (t->n >= 2 && cp_abbrev(t->tok[1], "VSWITCH", 7)) {
        p->what = DEF_VSWITCH;
        return cp_define_vswitch_parse(r, p, e);
    }
    if (!nic_operand(r, p, e, "DEFINE NIC"))
        return false;
    unsigned i = 3;
    p->value = 3;
    if (i < t->n && cp_abbrev(t->tok[i], "TYPE", 4))
        i++;
    if (i >= t->n)
        return cp_fail(e, MSG_OPERAND_MISSING, NULL);
    if (!cp_abbrev(t->tok[i], "QDIO", 4))
        return cp_fail(e, MSG_INVALID_OPTION, t->tok[i]);
    i++;
    if (i < t->n && cp_abbrev(t->tok[i], "DEVICES", 3)) {
        if (i + 1 >= t->n)
            return cp_fail(e, MSG_OPERAND_MISSING, NULL);
        if (!number(t->tok[i + 1], false, &p->value) || p->value < 3 || p->value > 3072)
            return cp_fail(e, MSG_INVALID_OPERAND, t->tok[i + 1]);
        i += 2;
    }
    return cp_no_more(t, i - 1, e);
}

int cp_define_exec(const struct cp_req *r, const struct cp_parsed *p)
{
    char dev[8];
    if (p->what == DEF_LAN)
        return cp_define_lan_exec(r, p);
    if (p->what == DEF_VSWITCH)
        return cp_define_vswitch_exec(r, p);
    ksnprintf(dev, sizeof dev, "%04X", p->vdev);
    enum cp_vm_err err = r->sys->vm->define_nic(r->who->vm, p->vdev, (uint16_t)p->value);
    if (err != CP_VM_OK)
        return vm_error(r, err, dev);
    cp_out_printf(r->out, "NIC %04X is created; devices %04X-%04X defined", p->vdev, p->vdev,
                  (unsigned)(p->vdev + p->value - 1));
    return 0;
}

bool cp_detach_parse(const struct cp_req *r, struct cp_parsed *p, struct cp_error *e)
{
    p->what = DEF_NIC;
    if (r->t->n >= 2 && cp_abbrev(r->t->tok[1], "LAN", 3)) {
        p->what = DEF_LAN;
        return cp_detach_lan_parse(r, p, e);
    }
    if (r->t->n >= 2 && cp_abbrev(r->t->tok[1], "VSWITCH", 7)) {
        p->what = DEF_VSWITCH;
        return cp_detach_vswitch_parse(r, p, e);
    }
    return nic_operand(r, p, e, "DETACH NIC") && cp_no_more(r->t, 2, e);
}

int cp_detach_exec(const struct cp_req *r, const struct cp_parsed *p)
{
    char dev[8];
    uint16_t n = 0;
    if (p->what == DEF_LAN)
        return cp_detach_lan_exec(r, p);
    if (p->what == DEF_VSWITCH)
        return cp_detach_vswitch_exec(r, p);
    ksnprintf(dev, sizeof dev, "%04X", p->vdev);
    enum cp_vm_err err = r->sys->vm->detach_nic(r->who->vm, p->vdev, &n);
    if (err != CP_VM_OK)
        return vm_error(r, err, dev);
    cp_out_printf(r->out, "NIC %04X is destroyed; devices %04X-%04X detached", p->vdev, p->vdev,
                  (unsigned)(p->vdev + n - 1));
    return 0;
}

/* ---- SET SHARE ------------------------------------------------------------------ */

/* "n" or "n%": decimal with an optional percent sign; false if not. */
static bool number(const char *tok, bool percent, uint32_t *out)
{
    uint64_t v = 0;
    size_t i = 0, n = strlen(tok);
    if (percent) {
        if (n < 2 || tok[n - 1] != '%')
            return false;
        n--;
    }
    for (; i < n; i++) {
        if (tok[i] < '0' || tok[i] > '9' || v > 100000)
            return false;
        v = v * 10 + (uint64_t)(tok[i] - '0');
    }
    *out = (uint32_t)v;
    return n > 0;
}

bool cp_set_parse(const struct cp_req *r, struct cp_parsed *p, struct cp_error *e)
{
    const struct cp_tokens *t = r->t;
    if (t->n < 2)
        return cp_fail(e, MSG_OPERAND_MISSING, NULL);
    p->what = SET_SHARE;
    if (cp_abbrev(t->tok[1], "VSWITCH", 7)) {
        p->what = SET_VSWITCH;
        return cp_set_vswitch_parse(r, p, e);
    }
    if (!cp_abbrev(t->tok[1], "SHARE", 5))
        return cp_fail(e, MSG_INVALID_OPTION, t->tok[1]);
    if (!take_userid(r, 2, p, e))
        return false;
    if (t->n < 5)
        return cp_fail(e, MSG_OPERAND_MISSING, NULL);
    if (cp_abbrev(t->tok[3], "RELATIVE", 3)) {
        p->absolute = false;
        if (!number(t->tok[4], false, &p->value) || p->value < 1 || p->value > 10000)
            return cp_fail(e, MSG_INVALID_OPERAND, t->tok[4]);
    } else if (cp_abbrev(t->tok[3], "ABSOLUTE", 3)) {
        p->absolute = true;
        if (!number(t->tok[4], true, &p->value) || p->value < 1 || p->value > 100)
            return cp_fail(e, MSG_INVALID_OPERAND, t->tok[4]);
    } else {
        return cp_fail(e, MSG_INVALID_OPTION, t->tok[3]);
    }
    return cp_no_more(t, 4, e);
}

int cp_set_exec(const struct cp_req *r, const struct cp_parsed *p)
{
    struct cp_vminfo vi;
    if (p->what == SET_VSWITCH)
        return cp_set_vswitch_exec(r, p);
    enum cp_vm_err err = r->sys->vm->find(p->user, &vi);
    if (err != CP_VM_OK)
        return vm_error(r, err == CP_VM_NOT_IN_DIRECTORY ? CP_VM_NOT_LOGGED_ON : err, p->user);
    r->sys->vm->set_share(vi.handle, p->absolute, p->value);
    cp_out_line(r->out, "Command complete");
    return 0;
}

/* ---- QUERY NAMES | USERS | userid | SHARE | VIRTUAL STORAGE ---------------------- */

static const struct cp_keyword query_vm_ops[] = {
    { "NAMES",   1, QUERY_NAMES },
    { "USERS",   4, QUERY_USERS },
    { "SHARE",   5, QUERY_SHARE },
    { "VIRTUAL", 1, QUERY_VIRTUAL_STORAGE },
    { "LAN",     3, QUERY_LAN },
    { "NIC",     3, QUERY_NIC },         /* keywords win over QUERY userid */
    { "VSWITCH", 3, QUERY_VSWITCH },
    { "OSA",     3, QUERY_OSA },
};

bool cp_query_vm_parse(const struct cp_req *r, struct cp_parsed *p, struct cp_error *e)
{
    const struct cp_tokens *t = r->t;
    const struct cp_keyword *k = cp_keyword_find(query_vm_ops, ARRAY_SIZE(query_vm_ops), t->tok[1]);
    if (!k) {
        if (!cp_userid_ok(t->tok[1]))
            return cp_fail(e, MSG_INVALID_OPTION, t->tok[1]);
        p->what = QUERY_USER;
        cp_upper(p->user, sizeof p->user, t->tok[1]);
        return cp_no_more(t, 1, e);
    }
    p->what = k->value;
    switch (k->value) {
    case QUERY_SHARE:
        return take_userid(r, 2, p, e) && cp_no_more(t, 2, e);
    case QUERY_LAN:
        return cp_query_lan_parse(r, p, e);
    case QUERY_NIC:
        return cp_query_nic_parse(r, p, e);
    case QUERY_VSWITCH:
        return cp_query_vswitch_parse(r, p, e);
    case QUERY_OSA:
        return cp_query_osa_parse(r, p, e);
    case QUERY_VIRTUAL_STORAGE:
        if (t->n < 3)
            return cp_fail(e, MSG_OPERAND_MISSING, NULL);
        if (cp_abbrev(t->tok[2], "NIC", 3)) {
            p->what = QUERY_VIRTUAL_NIC;
            return cp_query_vnic_parse(r, p, e);
        }
        if (!cp_abbrev(t->tok[2], "STORAGE", 4))
            return cp_fail(e, MSG_INVALID_OPTION, t->tok[2]);
        if (r->who->vm < 0)
            return cp_fail(e, MSG_ONLY_FROM_GUEST, "QUERY VIRTUAL");
        return cp_no_more(t, 2, e);
    default:
        return cp_no_more(t, 1, e);
    }
}

static int query_names(const struct cp_req *r)
{
    static struct cp_vminfo list[MAX_LIST];
    char line[CP_OUT_LINE_MAX + 1];
    unsigned n = r->sys->vm->list(list, MAX_LIST);
    if (n == 0) {
        cp_out_line(r->out, "No users are logged on");
        return 0;
    }
    for (unsigned i = 0; i < n; i += 4) {
        size_t k = 0;
        for (unsigned j = i; j < n && j < i + 4; j++)
            k += (size_t)ksnprintf(line + k, sizeof line - k, "%s%-8s - DSC",
                                   j > i ? " , " : "", list[j].userid);
        cp_out_line(r->out, line);
    }
    return 0;
}

int cp_query_vm_exec(const struct cp_req *r, const struct cp_parsed *p)
{
    static struct cp_vminfo list[MAX_LIST];
    struct cp_vminfo vi;
    char stor[16];
    enum cp_vm_err err;

    switch (p->what) {
    case QUERY_NAMES:
        return query_names(r);
    case QUERY_LAN:
        return cp_query_lan_exec(r, p);
    case QUERY_NIC:
        return cp_query_nic_exec(r, p);
    case QUERY_VSWITCH:
        return cp_query_vswitch_exec(r, p);
    case QUERY_OSA:
        return cp_query_osa_exec(r, p);
    case QUERY_VIRTUAL_NIC:
        return cp_query_vnic_exec(r, p);
    case QUERY_USERS:
        cp_out_printf(r->out, "%4u USERS,     0 DIALED,     0 NET", r->sys->vm->list(list, MAX_LIST));
        return 0;
    case QUERY_VIRTUAL_STORAGE:
        if (r->sys->vm->find(r->who->userid, &vi) != CP_VM_OK)
            return vm_error(r, CP_VM_NOT_LOGGED_ON, r->who->userid);
        size_text(stor, sizeof stor, vi.storage);
        cp_out_printf(r->out, "STORAGE = %s", stor);
        return 0;
    default:
        break;
    }
    err = r->sys->vm->find(p->user, &vi);
    if (err != CP_VM_OK)
        return vm_error(r, err == CP_VM_NOT_IN_DIRECTORY ? CP_VM_NOT_LOGGED_ON : err, p->user);
    if (p->what == QUERY_USER)
        cp_out_printf(r->out, "%-8s - DSC", vi.userid);
    else if (vi.share_absolute)
        cp_out_printf(r->out, "%-8s : ABSOLUTE SHARE=%5u%%", vi.userid, vi.share);
    else
        cp_out_printf(r->out, "%-8s : RELATIVE SHARE=%6u", vi.userid, vi.share);
    return 0;
}
