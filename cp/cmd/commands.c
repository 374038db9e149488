/*
 * commands.c - the operator command table, the dispatcher, and the CP
 * commands that do not involve guests: QUERY CPLEVEL|STORAGE|TIME, HELP,
 * SHUTDOWN (pure).  Guest commands are in vmcmds.c.
 *
 * Each command is two steps: parse() validates the whole line and fills a
 * struct cp_parsed or a struct cp_error; exec() runs on valid input only.
 * A command the issuer has no privilege class for is unknown to it, as in
 * z/VM (VML001E).  Names, operands and minimum abbreviations follow z/VM CP
 * (shared/reference/cp-commands.md); docs/commands.md lists them.
 */
#include "cp/cmd/cmdtab.h"
#include "lib/tod.h"

enum query_what { QUERY_CPLEVEL, QUERY_STORAGE, QUERY_TIME };

struct cp_command {
    const char *name;
    uint8_t     min;
    const char *classes;                    /* any of these may issue it   */
    bool        no_ready;                   /* response has no Ready       */
    cp_parse_fn parse;
    cp_exec_fn  exec;
    const char *const *help;                /* syntax lines, NULL-terminated */
};

const struct cp_who cp_operator = { "OPERATOR", "ABCDEFG", -1 };

static const struct cp_command commands[];
static const size_t n_commands;

/* ---- shared validation helpers ---------------------------------------- */

bool cp_fail(struct cp_error *e, enum msg_id id, const char *arg)
{
    e->id = id;
    cp_upper(e->arg, sizeof e->arg, arg ? arg : "");
    return false;
}

bool cp_no_more(const struct cp_tokens *t, unsigned last, struct cp_error *e)
{
    if (t->n > last + 1)
        return cp_fail(e, MSG_EXTRA_OPTION, t->tok[last + 1]);
    return true;
}

bool cp_userid_ok(const char *tok)
{
    char folded[NAME_MAX_LEN + 1];
    return name_fold(tok, folded);
}

const char *cp_rest(const struct cp_req *r, unsigned i)
{
    return i < r->t->n ? r->line + r->t->off[i] : "";
}

static bool privileged(const struct cp_command *c, const struct cp_who *who)
{
    for (const char *k = c->classes; *k; k++)
        for (const char *h = who->classes; *h; h++)
            if (*k == *h || *k == '*')
                return true;
    return false;
}

static const struct cp_command *find_command(const char *tok, const struct cp_who *who)
{
    for (size_t i = 0; i < n_commands; i++)
        if (cp_abbrev(tok, commands[i].name, commands[i].min) && privileged(&commands[i], who))
            return &commands[i];
    return NULL;
}

/* ---- QUERY ---------------------------------------------------------------- */

static const struct cp_keyword query_operands[] = {
    { "CPLEVEL", 5, QUERY_CPLEVEL },
    { "STORAGE", 4, QUERY_STORAGE },
    { "TIME",    2, QUERY_TIME },
};

static bool query_parse(const struct cp_req *r, struct cp_parsed *p, struct cp_error *e)
{
    const struct cp_tokens *t = r->t;
    if (t->n < 2)
        return cp_fail(e, MSG_OPERAND_MISSING, NULL);
    const struct cp_keyword *k = cp_keyword_find(query_operands, ARRAY_SIZE(query_operands),
                                                 t->tok[1]);
    if (!k)
        return cp_query_vm_parse(r, p, e);
    p->what = k->value;
    return cp_no_more(t, 1, e);
}

/* "mm/dd/yy hh:mm:ss" of a TOD value */
static void format_stamp(char *buf, size_t n, uint64_t tod)
{
    struct tod_civil c;
    tod_to_civil(tod, &c);
    ksnprintf(buf, n, "%02u/%02u/%02u %02u:%02u:%02u", c.month, c.day, c.year % 100u,
              c.hour, c.minute, c.second);
}

/* z/VM's CPU-time form mmm:ss.hh */
static void format_cpu(char *buf, size_t n, uint64_t tod)
{
    uint64_t hundredths = tod / (TOD_UNITS_PER_SEC / 100);
    ksnprintf(buf, n, "%03llu:%02llu.%02llu", (unsigned long long)(hundredths / 6000),
              (unsigned long long)(hundredths / 100 % 60), (unsigned long long)(hundredths % 100));
}

/* Storage size the way z/VM prints it: largest unit that divides evenly. */
static void format_size(char *buf, size_t n, uint64_t bytes)
{
    static const char units[] = "KMGT";
    uint64_t v = bytes / 1024;
    unsigned u = 0;
    while (v >= 1024 && v % 1024 == 0 && u + 1 < sizeof units - 1) {
        v /= 1024;
        u++;
    }
    ksnprintf(buf, n, "%llu%c", (unsigned long long)v, units[u]);
}

static int query_exec(const struct cp_req *r, const struct cp_parsed *p)
{
    char a[24], b[24], c[24];
    const struct cp_sys *s = r->sys;
    const struct cp_out *o = r->out;
    uint64_t now = s->tod_now();

    if (p->what >= CP_QUERY_VM_BASE)
        return cp_query_vm_exec(r, p);
    switch (p->what) {
    case QUERY_CPLEVEL:
        cp_out_printf(o, "vmlan Version %s (64-bit)", s->version);
        cp_out_printf(o, "Generated at %s UTC", s->build_time);
        format_stamp(a, sizeof a, s->ipl_tod);
        cp_out_printf(o, "IPL at %s UTC", a);
        break;
    case QUERY_STORAGE:
        format_size(a, sizeof a, s->storage_bytes);
        cp_out_printf(o, "STORAGE = %s CONFIGURED = %s INC = 1M STANDBY = 0 RESERVED = 0", a, a);
        break;
    case QUERY_TIME: {
        struct tod_civil t;
        tod_to_civil(now, &t);
        cp_out_printf(o, "TIME IS %02u:%02u:%02u UTC %s %02u/%02u/%02u", t.hour, t.minute,
                      t.second, tod_weekday_name(t.weekday), t.month, t.day, t.year % 100u);
        struct cp_vminfo vi;
        bool guest = r->who->vm >= 0 && s->vm->find(r->who->userid, &vi) == CP_VM_OK;
        tod_format_duration(a, sizeof a, now - (guest ? vi.logon_tod : s->ipl_tod));
        format_cpu(b, sizeof b, guest ? vi.cpu : 0);
        format_cpu(c, sizeof c, guest ? vi.cpu : s->cpu_busy());
        cp_out_printf(o, "CONNECT= %s VIRTCPU= %s TOTCPU= %s", a, b, c);
        break;
    }
    }
    return 0;
}

static const char *const query_help[] = {
    "Query CPLEVel     vmlan level, generation and IPL time",
    "Query STORage     real storage size",
    "Query TIme        time of day, connect and CPU time",
    "Query Names       the logged-on users",
    "Query USERs       how many users are logged on",
    "Query userid      whether userid is logged on",
    "Query SHARE userid            a user's CPU share",
    "Query Virtual STORage         your virtual storage (from a guest)",
    "Query Virtual NIC [vdev] [DETails]   your NICs (from a guest)",
    "Query NIC [DETails]           every guest's NICs (class B)",
    "Query LAN [name] [DETails]    guest LANs, with their NICs and addresses",
    "Query VSWitch [name|ALL] [DETails]   VSWITCHes and their uplinks (class B)",
    "Query OSA [ALL]               the real OSAs of VSWITCH uplinks (class B)",
    NULL,
};

/* ---- HELP ----------------------------------------------------------------- */

static bool help_parse(const struct cp_req *r, struct cp_parsed *p, struct cp_error *e)
{
    p->topic = NULL;
    if (r->t->n >= 2) {
        p->topic = find_command(r->t->tok[1], r->who);
        if (!p->topic)
            return cp_fail(e, MSG_UNKNOWN_COMMAND, r->t->tok[1]);
    }
    return cp_no_more(r->t, 1, e);
}

static int help_exec(const struct cp_req *r, const struct cp_parsed *p)
{
    if (!p->topic)
        cp_out_line(r->out, "CP commands (minimum abbreviation in upper case):");
    for (size_t i = 0; i < n_commands; i++) {
        if ((p->topic && p->topic != &commands[i]) || !privileged(&commands[i], r->who))
            continue;
        if (i > 0 && commands[i].help == commands[i - 1].help)
            continue;                   /* MSG shares MESSAGE's lines */
        for (const char *const *h = commands[i].help; *h; h++)
            cp_out_printf(r->out, "  %s", *h);
    }
    return 0;
}

static const char *const help_help[] = {
    "HELP [command]    list the CP commands, or one command's syntax",
    NULL,
};

/* ---- SHUTDOWN -------------------------------------------------------------- */

static bool shutdown_parse(const struct cp_req *r, struct cp_parsed *p, struct cp_error *e)
{
    (void)p;
    return cp_no_more(r->t, 0, e);
}

static int shutdown_exec(const struct cp_req *r, const struct cp_parsed *p)
{
    (void)p;
    cp_out_line(r->out, "SYSTEM SHUTDOWN STARTED");
    cp_out_msg(r->out, MSG_SHUTDOWN_COMPLETE);
    r->sys->shutdown();
    return 0;
}

static const char *const shutdown_help[] = {
    "SHUTDOWN          end CP in an orderly way; Hercules exits",
    NULL,
};

/* ---- the table -------------------------------------------------------------- */

static const char *const xautolog_help[] = {
    "XAUTOLOG userid   log userid on disconnected and IPL it (per directory)", NULL };
static const char *const force_help[] = {
    "FORCE userid      log a user off", NULL };
static const char *const logoff_help[] = {
    "LOGoff            log your virtual machine off (from a guest)", NULL };
static const char *const send_help[] = {
    "SEND userid text            text becomes console input of userid",
    "SEND CP userid cp-command   run a CP command as userid", NULL };
static const char *const msg_help[] = {
    "Message|MSG userid|OPERATOR text   show a message on a user's console", NULL };
static const char *const indicate_help[] = {
    "INDicate LOAD              system load",
    "INDicate USER userid       a user's storage, CPU time and I/O", NULL };
static const char *const define_help[] = {
    "DEFine NIC vdev [TYPE] QDIO [DEVices n]   a QDIO NIC (from a guest; n 3-3072, default 3)",
    "DEFine LAN name [OWNERid SYSTEM] [TYPE QDIO] [MAXConn n|INFinite] [MFS 8K|16K|32K|64K]",
    "DEFine VSWITCH name [TYPE QDIO] [RDEV rdev] [IP]   a VSWITCH, uplink the LCS OSA at rdev", NULL };
static const char *const detach_help[] = {
    "DETach NIC vdev   remove a NIC (from a guest)",
    "DETach LAN name   remove a guest LAN that has no NICs coupled",
    "DETach VSWITCH name   remove a VSWITCH that has no NICs coupled; its OSA is released", NULL };
static const char *const couple_help[] = {
    "COUPLE vdev [TO] SYSTEM name  connect your NIC to a guest LAN or VSWITCH", NULL };
static const char *const uncouple_help[] = {
    "UNCOUPLE vdev                 disconnect your NIC from its LAN or VSWITCH", NULL };
static const char *const set_help[] = {
    "SET SHARE userid RELative n|ABSolute n%   a user's CPU share",
    "SET VSWITCH name RDEV rdev|NONE          change or remove a VSWITCH's uplink OSA", NULL };

static const struct cp_command commands[] = {
    { "HELP",     4, "*",     false, help_parse,         help_exec,          help_help },
    { "QUERY",    1, "*",     false, query_parse,        query_exec,         query_help },
    { "SHUTDOWN", 8, "A",     true,  shutdown_parse,     shutdown_exec,      shutdown_help },
    { "XAUTOLOG", 8, "ABG",   false, cp_xautolog_parse,  cp_xautolog_exec,   xautolog_help },
    { "FORCE",    5, "A",     false, cp_force_parse,     cp_force_exec,      force_help },
    { "LOGOFF",   3, "*",     true,  cp_logoff_parse,    cp_logoff_exec,     logoff_help },
    { "SEND",     4, "C",     false, cp_send_parse,      cp_send_exec,       send_help },
    { "MESSAGE",  1, "*",     false, cp_msg_parse,       cp_msg_exec,        msg_help },
    { "MSG",      3, "*",     false, cp_msg_parse,       cp_msg_exec,        msg_help },
    { "INDICATE", 3, "EG",    false, cp_indicate_parse,  cp_indicate_exec,   indicate_help },
    { "SET",      3, "AB",    false, cp_set_parse,       cp_set_exec,        set_help },
    { "DEFINE",   3, "*",     false, cp_define_parse,    cp_define_exec,     define_help },
    { "DETACH",   3, "*",     false, cp_detach_parse,    cp_detach_exec,     detach_help },
    { "COUPLE",   6, "*",     false, cp_couple_parse,    cp_couple_exec,     couple_help },
    { "UNCOUPLE", 8, "*",     false, cp_uncouple_parse,  cp_uncouple_exec,   uncouple_help },
};
static const size_t n_commands = ARRAY_SIZE(commands);

int cp_command_exec(const char *line, const struct cp_out *out, const struct cp_sys *sys,
                    const struct cp_who *who, bool *no_ready)
{
    struct cp_tokens t;
    struct cp_parsed p = { 0 };
    struct cp_error e = { .id = MSG_COUNT };
    struct cp_req r = { &t, line, out, sys, who };

    *no_ready = false;
    if (cp_tokenize(line, &t) == 0) {
        *no_ready = true;
        return 0;
    }
    p.cmd = find_command(t.tok[0], who);
    if (!p.cmd)
        cp_fail(&e, MSG_UNKNOWN_COMMAND, t.tok[0]);
    else if (p.cmd->parse(&r, &p, &e) && t.overflow)
        cp_fail(&e, MSG_EXTRA_OPTION, t.extra);  /* more operands than any command takes */

    if (e.id != MSG_COUNT)
        return cp_out_msg(out, e.id, e.arg);    /* texts without %s ignore it */
    *no_ready = p.cmd->no_ready;
    return p.cmd->exec(&r, &p);
}

int cp_command(const char *line, const struct cp_out *out, const struct cp_sys *sys,
               const struct cp_who *who)
{
    char ready[24];
    bool no_ready;
    int rc = cp_command_exec(line, out, sys, who, &no_ready);
    if (!no_ready) {
        fmt_ready(ready, sizeof ready, rc);
        cp_out_line(out, ready);
    }
    return rc;
}
