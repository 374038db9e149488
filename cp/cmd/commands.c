/*
 * commands.c - the operator command table and its commands (pure).
 *
 * Each command is two steps: parse() validates the whole line and fills a
 * struct cp_parsed or a struct cp_error; exec() runs on valid input only
 * and cannot fail on operands.  Command names, operands and their minimum
 * abbreviations follow z/VM CP (shared/reference/cp-commands.md);
 * docs/commands.md lists every command and its responses.
 */
#include "cp/cmd/cmd.h"
#include "lib/tod.h"

enum query_what { QUERY_CPLEVEL, QUERY_STORAGE, QUERY_TIME };

struct cp_command;

struct cp_parsed {
    const struct cp_command *cmd;
    int                      what;          /* QUERY operand          */
    const struct cp_command *topic;         /* HELP operand or NULL   */
};

struct cp_error {
    enum msg_id id;
    char        arg[CP_LINE_MAX + 1];       /* upper-cased operand    */
};

struct cp_command {
    const char *name;
    uint8_t     min;
    bool        no_ready;                   /* response has no Ready  */
    bool (*parse)(const struct cp_tokens *t, struct cp_parsed *p, struct cp_error *e);
    int  (*exec)(const struct cp_parsed *p, const struct cp_out *o, const struct cp_sys *s);
    const char *const *help;                /* syntax lines, NULL-terminated */
};

static const struct cp_command commands[];
static const size_t n_commands;

/* ---- shared validation helpers ---------------------------------------- */

static bool fail(struct cp_error *e, enum msg_id id, const char *arg)
{
    e->id = id;
    cp_upper(e->arg, sizeof e->arg, arg ? arg : "");
    return false;
}

/* Tokens after index last are extra operands. */
static bool no_more(const struct cp_tokens *t, unsigned last, struct cp_error *e)
{
    if (t->n > last + 1)
        return fail(e, MSG_EXTRA_OPTION, t->tok[last + 1]);
    return true;
}

static const struct cp_command *find_command(const char *tok)
{
    for (size_t i = 0; i < n_commands; i++)
        if (cp_abbrev(tok, commands[i].name, commands[i].min))
            return &commands[i];
    return NULL;
}

/* ---- QUERY ---------------------------------------------------------------- */

static const struct cp_keyword query_operands[] = {
    { "CPLEVEL", 5, QUERY_CPLEVEL },
    { "STORAGE", 4, QUERY_STORAGE },
    { "TIME",    2, QUERY_TIME },
};

static bool query_parse(const struct cp_tokens *t, struct cp_parsed *p, struct cp_error *e)
{
    if (t->n < 2)
        return fail(e, MSG_OPERAND_MISSING, NULL);
    const struct cp_keyword *k = cp_keyword_find(query_operands, ARRAY_SIZE(query_operands),
                                                 t->tok[1]);
    if (!k)
        return fail(e, MSG_INVALID_OPTION, t->tok[1]);
    p->what = k->value;
    return no_more(t, 1, e);
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

static int query_exec(const struct cp_parsed *p, const struct cp_out *o, const struct cp_sys *s)
{
    char a[24], b[24], c[24];
    uint64_t now = s->tod_now();

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
        tod_format_duration(a, sizeof a, now - s->ipl_tod);
        format_cpu(b, sizeof b, 0);
        format_cpu(c, sizeof c, s->cpu_busy());
        cp_out_printf(o, "CONNECT= %s VIRTCPU= %s TOTCPU= %s", a, b, c);
        break;
    }
    }
    return 0;
}

static const char *const query_help[] = {
    "Query CPLEVel     vmlan level, generation and IPL time",
    "Query STORage     real storage size",
    "Query TIme        time of day, time and CPU time since IPL",
    NULL,
};

/* ---- HELP ----------------------------------------------------------------- */

static bool help_parse(const struct cp_tokens *t, struct cp_parsed *p, struct cp_error *e)
{
    p->topic = NULL;
    if (t->n >= 2) {
        p->topic = find_command(t->tok[1]);
        if (!p->topic)
            return fail(e, MSG_UNKNOWN_COMMAND, t->tok[1]);
    }
    return no_more(t, 1, e);
}

static int help_exec(const struct cp_parsed *p, const struct cp_out *o, const struct cp_sys *s)
{
    (void)s;
    if (!p->topic)
        cp_out_line(o, "CP commands (minimum abbreviation in upper case):");
    for (size_t i = 0; i < n_commands; i++) {
        if (p->topic && p->topic != &commands[i])
            continue;
        for (const char *const *h = commands[i].help; *h; h++)
            cp_out_printf(o, "  %s", *h);
    }
    return 0;
}

static const char *const help_help[] = {
    "HELP [command]    list the CP commands, or one command's syntax",
    NULL,
};

/* ---- SHUTDOWN -------------------------------------------------------------- */

static bool shutdown_parse(const struct cp_tokens *t, struct cp_parsed *p, struct cp_error *e)
{
    (void)p;
    return no_more(t, 0, e);
}

static int shutdown_exec(const struct cp_parsed *p, const struct cp_out *o, const struct cp_sys *s)
{
    (void)p;
    cp_out_line(o, "SYSTEM SHUTDOWN STARTED");
    cp_out_msg(o, MSG_SHUTDOWN_COMPLETE);
    s->shutdown();
    return 0;
}

static const char *const shutdown_help[] = {
    "SHUTDOWN          end CP in an orderly way; Hercules exits",
    NULL,
};

/* ---- the table -------------------------------------------------------------- */

static const struct cp_command commands[] = {
    { "HELP",     4, false, help_parse,     help_exec,     help_help },
    { "QUERY",    1, false, query_parse,    query_exec,    query_help },
    { "SHUTDOWN", 8, true,  shutdown_parse, shutdown_exec, shutdown_help },
};
static const size_t n_commands = ARRAY_SIZE(commands);

int cp_command(const char *line, const struct cp_out *out, const struct cp_sys *sys)
{
    struct cp_tokens t;
    struct cp_parsed p = { 0 };
    struct cp_error e = { .id = MSG_COUNT };
    char ready[24];
    int rc;

    if (cp_tokenize(line, &t) == 0)
        return 0;
    p.cmd = find_command(t.tok[0]);
    if (!p.cmd)
        fail(&e, MSG_UNKNOWN_COMMAND, t.tok[0]);
    else if (p.cmd->parse(&t, &p, &e) && t.overflow)
        fail(&e, MSG_EXTRA_OPTION, t.extra);    /* more operands than any command takes */

    if (e.id != MSG_COUNT) {
        rc = e.id == MSG_OPERAND_MISSING ? cp_out_msg(out, e.id) : cp_out_msg(out, e.id, e.arg);
    } else {
        rc = p.cmd->exec(&p, out, sys);
        if (p.cmd->no_ready)
            return rc;
    }
    cp_format_ready(ready, sizeof ready, rc);
    cp_out_line(out, ready);
    return rc;
}
