/*
 * directory.c - user directory parser (pure; see directory.h and
 * docs/directory.md).
 *
 * One pass over the lines.  Each line is cut to columns 1-71, checked for
 * printable ASCII, upper-cased and split at blanks; its statement handler
 * decodes and validates every operand into locals, and only a statement
 * with no error changes the entry.  Any diagnostic inside an entry makes
 * the entry unusable.
 */
#include "cp/vm/directory.h"
#include "cp/cmd/cmd.h"

#define DIR_MAX_TOKENS  36              /* blank-separated words in 71 columns */
#define STOR_UNIT       0x10000ull      /* storage granule: 64K                */

_Static_assert(DIR_MAX_TOKENS >= (DIR_COLUMNS + 1) / 2, "token array too small");
_Static_assert(DIR_DIAG_TOKEN_MAX >= 8, "diagnostic token too short");

/* One statement: upper-case tokens pointing into buf. */
struct dir_line {
    uint32_t    no;
    uint32_t    n;
    const char *tok[DIR_MAX_TOKENS];
    char        buf[DIR_COLUMNS + 1];
};

/* Statements allowed once per entry. */
#define SEEN_MACHINE    0x01u
#define SEEN_IPL        0x02u
#define SEEN_CONSOLE    0x04u
#define SEEN_SHARE      0x08u

struct dir_state {
    struct directory *out;
    uint64_t          max_guest;
    struct dir_user  *cur;              /* entry being built; NULL before USER */
    uint32_t          seen;             /* SEEN_* of cur                       */
    struct dir_user   scratch;          /* entries that are checked, not kept  */
};

/* Set *what and return e: the single exit of every failed check. */
static enum dir_err fail(const char **what, const char *tok, enum dir_err e)
{
    *what = tok;
    return e;
}

/* Record diagnostic e for line; the current entry (if any) is unusable. */
static void report(struct dir_state *s, uint32_t line, enum dir_err e, const char *what)
{
    struct directory *d = s->out;
    if (s->cur)
        s->cur->usable = false;
    if (d->ndiags == DIR_MAX_DIAGS) {
        d->ndiags_dropped++;
        return;
    }
    struct dir_diag *g = &d->diags[d->ndiags++];
    g->line = line;
    g->err = e;
    cp_upper(g->token, sizeof g->token, what);
}

/* ---- operand syntax ----------------------------------------------------- */

bool dir_userid_valid(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++)
        if (n == DIR_NAME_MAX || !name_char(s[n]))
            return false;
    return n > 0;
}

/* Decimal digits only (at least one); *v saturates at UINT32_MAX. */
static bool dec_parse(const char *s, size_t n, uint32_t *v)
{
    uint64_t x = 0;
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        x = x * 10 + (uint64_t)(s[i] - '0');
        if (x > UINT32_MAX)
            x = UINT32_MAX;
    }
    *v = (uint32_t)x;
    return true;
}

/* 1-4 hex digits (upper case, as tokens are). */
static bool vdev_parse(const char *s, uint16_t *v)
{
    uint32_t x = 0;
    size_t n = strlen(s);
    if (n == 0 || n > 4)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        uint32_t d;
        if (c >= '0' && c <= '9')
            d = (uint32_t)(c - '0');
        else if (c >= 'A' && c <= 'F')
            d = (uint32_t)(c - 'A' + 10);
        else
            return false;
        x = x << 4 | d;
    }
    *v = (uint16_t)x;
    return true;
}

/* Storage "nK", "nM" or "nG", n > 0, a multiple of 64K, no overflow. */
static enum dir_err storage_parse(const char *s, uint64_t *bytes)
{
    size_t n = strlen(s);
    unsigned shift;
    if (n < 2)
        return DIR_ERR_BAD_STORAGE;
    switch (s[n - 1]) {
    case 'K': shift = 10; break;
    case 'M': shift = 20; break;
    case 'G': shift = 30; break;
    default:  return DIR_ERR_BAD_STORAGE;
    }
    uint64_t x = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return DIR_ERR_BAD_STORAGE;
        x = x * 10 + (uint64_t)(s[i] - '0');
        if (x > (UINT64_MAX >> shift))
            return DIR_ERR_BAD_STORAGE;
    }
    if (x == 0)
        return DIR_ERR_BAD_STORAGE;
    x <<= shift;
    if (x % STOR_UNIT)
        return DIR_ERR_STOR_ALIGN;
    *bytes = x;
    return DIR_OK;
}

static void copy_name(char *dst, const char *src)
{
    size_t n = strlen(src);
    CP_ASSERT(n <= DIR_NAME_MAX);
    memcpy(dst, src, n + 1);
}

static bool overlaps(uint32_t a, uint32_t na, uint32_t b, uint32_t nb)
{
    return a < b + nb && b < a + na;
}

/* True if [vdev, vdev+count) meets the console or a NIC of u. */
static bool vdev_in_use(const struct dir_user *u, uint32_t vdev, uint32_t count)
{
    if (u->has_console && overlaps(vdev, count, u->console_vdev, 1))
        return true;
    for (uint32_t i = 0; i < u->nnics; i++)
        if (overlaps(vdev, count, u->nics[i].vdev, u->nics[i].devices))
            return true;
    return false;
}

/* ---- USER ------------------------------------------------------------- */

static const struct cp_keyword pw_keywords[] = {
    { "NOLOG", 5, DIR_PW_NOLOG },
    { "NOPASS", 6, DIR_PW_NOPASS },
    { "AUTOONLY", 8, DIR_PW_AUTOONLY },
    { "LBYONLY", 7, DIR_PW_LBYONLY },
};

/* Decode and validate the USER operands into *u (defaults set by the
 * caller).  The userid is stored as soon as it is valid, so that an entry
 * with a bad later operand still claims its userid; the other fields only
 * when the whole statement is valid. */
static enum dir_err user_decode(const struct dir_line *l, uint64_t max_guest,
                                struct dir_user *u, const char **what)
{
    const char *const *t = l->tok;
    enum dir_err e;
    uint64_t stor, mstor;

    if (l->n < 2)
        return fail(what, "USERID", DIR_ERR_MISSING_OPERAND);
    if (!dir_userid_valid(t[1]))
        return fail(what, t[1], DIR_ERR_BAD_USERID);
    copy_name(u->userid, t[1]);
    if (l->n < 3)
        return fail(what, "PASSWORD", DIR_ERR_MISSING_OPERAND);
    if (strlen(t[2]) > DIR_NAME_MAX)
        return fail(what, t[2], DIR_ERR_BAD_PASSWORD);
    if (l->n < 4)
        return fail(what, "STORAGE", DIR_ERR_MISSING_OPERAND);
    if ((e = storage_parse(t[3], &stor)) != DIR_OK)
        return fail(what, t[3], e);
    if (l->n < 5)
        return fail(what, "MAXSTORAGE", DIR_ERR_MISSING_OPERAND);
    if ((e = storage_parse(t[4], &mstor)) != DIR_OK)
        return fail(what, t[4], e);
    if (l->n < 6)
        return fail(what, "CLASSES", DIR_ERR_MISSING_OPERAND);
    size_t nc = strlen(t[5]);
    if (nc > DIR_CLASSES_MAX)
        return fail(what, t[5], DIR_ERR_BAD_CLASS);
    for (size_t i = 0; i < nc; i++)
        if (!((t[5][i] >= 'A' && t[5][i] <= 'Z') || (t[5][i] >= '1' && t[5][i] <= '6')))
            return fail(what, t[5], DIR_ERR_BAD_CLASS);
    if (l->n > 6 + DIR_USER_EXTRA_MAX)
        return fail(what, t[6 + DIR_USER_EXTRA_MAX], DIR_ERR_EXTRA_OPERAND);
    if (stor > mstor)
        return fail(what, t[3], DIR_ERR_STOR_GT_MAX);
    if (stor > max_guest)
        return fail(what, t[3], DIR_ERR_STOR_NO_FIT);

    const struct cp_keyword *k = cp_keyword_find(pw_keywords, ARRAY_SIZE(pw_keywords), t[2]);
    copy_name(u->password, t[2]);
    u->pwkind = k ? (enum dir_pwkind)k->value : DIR_PW_TEXT;
    u->storage = stor;
    u->maxstorage = mstor;
    memcpy(u->classes, t[5], nc + 1);
    return DIR_OK;
}

/* The NICDEFs of an entry that has no CONSOLE must leave 0009 to CP. */
static void entry_close(struct dir_state *s)
{
    struct dir_user *u = s->cur;
    if (!u)
        return;
    if (!u->has_console)
        for (uint32_t i = 0; i < u->nnics; i++)
            if (overlaps(DIR_DEFAULT_CONSOLE, 1, u->nics[i].vdev, u->nics[i].devices))
                report(s, u->nics[i].line, DIR_ERR_VDEV_CONFLICT, "0009");
    s->cur = NULL;
}

/* Begin entry u (a slot of out->users or the scratch entry). */
static void entry_open(struct dir_state *s, struct dir_user *u, uint32_t line)
{
    memset(u, 0, sizeof *u);
    u->machine = DIR_MACHINE_Z;
    u->console_vdev = DIR_DEFAULT_CONSOLE;
    u->console_class = DIR_DEFAULT_CONCLASS;
    u->share_type = DIR_SHARE_RELATIVE;
    u->share_value = DIR_DEFAULT_SHARE;
    u->line = line;
    u->usable = true;
    s->cur = u;
    s->seen = 0;
}

static void stmt_user(struct dir_state *s, const struct dir_line *l)
{
    struct directory *d = s->out;
    struct dir_user *u = d->nusers < DIR_MAX_USERS ? &d->users[d->nusers] : &s->scratch;
    const char *what = NULL;

    entry_close(s);
    entry_open(s, u, l->no);
    enum dir_err e = user_decode(l, s->max_guest, u, &what);
    if (e == DIR_OK)
        for (uint32_t i = 0; i < d->nusers; i++)
            if (strcmp(d->users[i].userid, u->userid) == 0) {
                e = fail(&what, l->tok[1], DIR_ERR_DUP_USERID);
                break;
            }
    if (u == &s->scratch) {
        if (e == DIR_OK)
            e = fail(&what, l->tok[1], DIR_ERR_TOO_MANY_USERS);
    } else {
        d->nusers++;
    }
    if (e != DIR_OK)
        report(s, l->no, e, what);
}

/* Start an entry vmlan does not support (IDENTITY, PROFILE, ...): its
 * statements are checked against a scratch entry that is never kept. */
static void stmt_other_entry(struct dir_state *s, const struct dir_line *l)
{
    entry_close(s);
    entry_open(s, &s->scratch, l->no);
    report(s, l->no, DIR_ERR_STMT_UNSUPPORTED, l->tok[0]);
}

/* ---- statements inside an entry ------------------------------------------ */

enum { MODE_Z, MODE_ESA, MODE_XA, MODE_XC };
static const struct cp_keyword machine_modes[] = {
    { "Z", 1, MODE_Z }, { "ESA", 3, MODE_ESA }, { "XA", 2, MODE_XA }, { "XC", 2, MODE_XC },
};

static enum dir_err stmt_machine(struct dir_user *u, const struct dir_line *l, const char **what)
{
    const char *const *t = l->tok;
    if (l->n < 2)
        return fail(what, "MACHINE MODE", DIR_ERR_MISSING_OPERAND);
    const struct cp_keyword *k = cp_keyword_find(machine_modes, ARRAY_SIZE(machine_modes), t[1]);
    if (!k)
        return fail(what, t[1], DIR_ERR_BAD_OPERAND);
    if (k->value == MODE_XA || k->value == MODE_XC)
        return fail(what, t[1], DIR_ERR_MACHINE_UNSUPPORTED);
    if (l->n > 2) {
        uint32_t cpus;
        if (!dec_parse(t[2], strlen(t[2]), &cpus) || cpus != 1)
            return fail(what, t[2], DIR_ERR_MAXCPU);
    }
    if (l->n > 3)
        return fail(what, t[3], DIR_ERR_EXTRA_OPERAND);

    u->machine = k->value == MODE_ESA ? DIR_MACHINE_ESA : DIR_MACHINE_Z;
    return DIR_OK;
}

static const struct cp_keyword ipl_options[] = {
    { "LOADPARM", 8, 0 }, { "PARM", 4, 0 },
};

static enum dir_err stmt_ipl(struct dir_user *u, const struct dir_line *l, const char **what)
{
    const char *const *t = l->tok;
    if (l->n < 2)
        return fail(what, "IPL NAME", DIR_ERR_MISSING_OPERAND);
    if (!dir_userid_valid(t[1]))
        return fail(what, t[1], DIR_ERR_BAD_IPL);
    if (l->n > 2)
        return fail(what, t[2], cp_keyword_find(ipl_options, ARRAY_SIZE(ipl_options), t[2])
                                ? DIR_ERR_OPERAND_UNSUPPORTED : DIR_ERR_EXTRA_OPERAND);

    copy_name(u->ipl, t[1]);
    u->ipl_cms = strcmp(t[1], "CMS") == 0;
    return DIR_OK;
}

static enum dir_err stmt_console(struct dir_user *u, const struct dir_line *l, const char **what)
{
    const char *const *t = l->tok;
    uint16_t vdev;
    char cls = DIR_DEFAULT_CONCLASS;
    if (l->n < 2)
        return fail(what, "VDEV", DIR_ERR_MISSING_OPERAND);
    if (!vdev_parse(t[1], &vdev))
        return fail(what, t[1], DIR_ERR_BAD_VDEV);
    if (l->n < 3)
        return fail(what, "CONSOLE TYPE", DIR_ERR_MISSING_OPERAND);
    if (strcmp(t[2], "3215") != 0)
        return fail(what, t[2], DIR_ERR_CONSOLE_TYPE);
    if (l->n > 3) {
        cls = t[3][0];
        if (t[3][1] || !((cls >= 'A' && cls <= 'Z') || (cls >= '0' && cls <= '9')))
            return fail(what, t[3], DIR_ERR_BAD_SPOOL_CLASS);
    }
    if (l->n > 4)
        return fail(what, t[4], DIR_ERR_EXTRA_OPERAND);
    if (vdev_in_use(u, vdev, 1))
        return fail(what, t[1], DIR_ERR_VDEV_CONFLICT);

    u->has_console = true;
    u->console_vdev = vdev;
    u->console_class = cls;
    return DIR_OK;
}

static const struct cp_keyword share_types[] = {
    { "RELATIVE", 8, DIR_SHARE_RELATIVE }, { "ABSOLUTE", 8, DIR_SHARE_ABSOLUTE },
};
static const struct cp_keyword share_limits[] = {
    { "LIMITSOFT", 9, 0 }, { "LIMITHARD", 9, 0 }, { "NOLIMIT", 7, 0 },
};

static enum dir_err stmt_share(struct dir_user *u, const struct dir_line *l, const char **what)
{
    const char *const *t = l->tok;
    uint32_t v = 0;
    if (l->n < 2)
        return fail(what, "SHARE TYPE", DIR_ERR_MISSING_OPERAND);
    const struct cp_keyword *k = cp_keyword_find(share_types, ARRAY_SIZE(share_types), t[1]);
    if (!k)
        return fail(what, t[1], DIR_ERR_BAD_OPERAND);
    if (l->n < 3)
        return fail(what, "SHARE VALUE", DIR_ERR_MISSING_OPERAND);
    size_t n = strlen(t[2]);
    if (k->value == DIR_SHARE_RELATIVE) {
        if (!dec_parse(t[2], n, &v))
            return fail(what, t[2], DIR_ERR_BAD_OPERAND);
        if (v < 1 || v > DIR_SHARE_REL_MAX)
            return fail(what, t[2], DIR_ERR_SHARE_RANGE);
    } else {
        if (n < 2 || t[2][n - 1] != '%' || !dec_parse(t[2], n - 1, &v))
            return fail(what, t[2], DIR_ERR_BAD_OPERAND);
        if (v < 1 || v > 100)
            return fail(what, t[2], DIR_ERR_SHARE_RANGE);
    }
    if (l->n > 3)
        return fail(what, t[3], cp_keyword_find(share_limits, ARRAY_SIZE(share_limits), t[3])
                                ? DIR_ERR_OPERAND_UNSUPPORTED : DIR_ERR_EXTRA_OPERAND);

    u->share_type = (enum dir_share)k->value;
    u->share_value = v;
    return DIR_OK;
}

/* ---- NICDEF ---------------------------------------------------------------- */

enum { NIC_TYPE, NIC_DEVICES, NIC_LAN, NIC_UNSUPPORTED };
static const struct cp_keyword nic_operands[] = {
    { "TYPE", 4, NIC_TYPE },
    { "DEVICES", 3, NIC_DEVICES },
    { "LAN", 3, NIC_LAN },
    { "CHPID", 5, NIC_UNSUPPORTED },
    { "MACID", 5, NIC_UNSUPPORTED },
    { "PORTNUMBER", 7, NIC_UNSUPPORTED },
    { "PORTTYPE", 5, NIC_UNSUPPORTED },
    { "VLAN", 4, NIC_UNSUPPORTED },
    { "PROMISCUOUS", 3, NIC_UNSUPPORTED },
    { "NOPROMISCUOUS", 5, NIC_UNSUPPORTED },
};

enum { NICTYPE_QDIO, NICTYPE_HIPER };
static const struct cp_keyword nic_types[] = {
    { "QDIO", 4, NICTYPE_QDIO }, { "HIPERSOCKETS", 5, NICTYPE_HIPER },
};

/* Decode operand keyword t[*i] and its values into *nic; *seen collects
 * NIC_* bits so that each operand appears once.  Advances *i. */
static enum dir_err nic_operand(const struct dir_line *l, uint32_t *i, uint32_t *seen,
                                struct dir_nic *nic, const char **what)
{
    const char *const *t = l->tok;
    uint32_t at = *i;
    const struct cp_keyword *k = cp_keyword_find(nic_operands, ARRAY_SIZE(nic_operands), t[at]);
    if (!k)
        return fail(what, t[at], DIR_ERR_BAD_OPERAND);
    if (k->value == NIC_UNSUPPORTED)
        return fail(what, t[at], DIR_ERR_OPERAND_UNSUPPORTED);
    if (*seen & (1u << k->value))
        return fail(what, t[at], DIR_ERR_DUP_OPERAND);
    *seen |= 1u << k->value;

    if (k->value == NIC_TYPE) {
        if (at + 1 >= l->n)
            return fail(what, "NIC TYPE", DIR_ERR_MISSING_OPERAND);
        const struct cp_keyword *ty = cp_keyword_find(nic_types, ARRAY_SIZE(nic_types), t[at + 1]);
        if (!ty)
            return fail(what, t[at + 1], DIR_ERR_BAD_OPERAND);
        if (ty->value != NICTYPE_QDIO)
            return fail(what, t[at + 1], DIR_ERR_NIC_TYPE_UNSUPPORTED);
        *i = at + 2;
    } else if (k->value == NIC_DEVICES) {
        uint32_t v;
        if (at + 1 >= l->n)
            return fail(what, "DEVICES COUNT", DIR_ERR_MISSING_OPERAND);
        if (!dec_parse(t[at + 1], strlen(t[at + 1]), &v))
            return fail(what, t[at + 1], DIR_ERR_BAD_OPERAND);
        if (v < DIR_NIC_DEVICES_MIN || v > DIR_NIC_DEVICES_MAX)
            return fail(what, t[at + 1], DIR_ERR_NIC_DEVICES);
        nic->devices = (uint16_t)v;
        *i = at + 2;
    } else {
        if (at + 1 >= l->n)
            return fail(what, "LAN OWNER", DIR_ERR_MISSING_OPERAND);
        if (strcmp(t[at + 1], "SYSTEM") != 0 && strcmp(t[at + 1], "*") != 0)
            return fail(what, t[at + 1], DIR_ERR_LAN_OWNER);
        if (at + 2 >= l->n)
            return fail(what, "LAN NAME", DIR_ERR_MISSING_OPERAND);
        if (!dir_userid_valid(t[at + 2]))
            return fail(what, t[at + 2], DIR_ERR_BAD_LAN_NAME);
        nic->coupled = true;
        copy_name(nic->lan_owner, t[at + 1]);
        copy_name(nic->lan_name, t[at + 2]);
        *i = at + 3;
    }
    return DIR_OK;
}

static enum dir_err stmt_nicdef(struct dir_user *u, const struct dir_line *l, const char **what)
{
    const char *const *t = l->tok;
    struct dir_nic nic;
    uint32_t seen = 0;
    enum dir_err e;

    memset(&nic, 0, sizeof nic);
    nic.devices = DIR_NIC_DEVICES_MIN;
    nic.line = l->no;
    if (l->n < 2)
        return fail(what, "VDEV", DIR_ERR_MISSING_OPERAND);
    if (!vdev_parse(t[1], &nic.vdev))
        return fail(what, t[1], DIR_ERR_BAD_VDEV);
    for (uint32_t i = 2; i < l->n;)
        if ((e = nic_operand(l, &i, &seen, &nic, what)) != DIR_OK)
            return e;
    if (!(seen & (1u << NIC_TYPE)))
        return fail(what, "TYPE", DIR_ERR_MISSING_OPERAND);
    if ((uint32_t)nic.vdev + nic.devices - 1 > 0xFFFF)
        return fail(what, t[1], DIR_ERR_VDEV_RANGE);
    if (vdev_in_use(u, nic.vdev, nic.devices))
        return fail(what, t[1], DIR_ERR_VDEV_CONFLICT);
    if (u->nnics == DIR_MAX_NICS)
        return fail(what, t[1], DIR_ERR_TOO_MANY_NICS);

    u->nics[u->nnics++] = nic;
    return DIR_OK;
}

/* ---- statement table and the line loop -------------------------------------- */

enum stmt_kind { STMT_USER, STMT_ENTRY, STMT_OTHER_ENTRY, STMT_UNSUPPORTED };

struct dir_stmt {
    const char     *name;
    uint8_t         min;                /* shortest accepted abbreviation     */
    enum stmt_kind  kind;
    uint32_t        once;               /* SEEN_* bit, 0 = may repeat          */
    enum dir_err  (*fn)(struct dir_user *u, const struct dir_line *l, const char **what);
};

/* vmlan's statements, then z/VM statements it recognises but does not do. */
static const struct dir_stmt stmts[] = {
    { "USER", 4, STMT_USER, 0, NULL },
    { "MACHINE", 7, STMT_ENTRY, SEEN_MACHINE, stmt_machine },
    { "IPL", 3, STMT_ENTRY, SEEN_IPL, stmt_ipl },
    { "CONSOLE", 7, STMT_ENTRY, SEEN_CONSOLE, stmt_console },
    { "SHARE", 5, STMT_ENTRY, SEEN_SHARE, stmt_share },
    { "NICDEF", 6, STMT_ENTRY, 0, stmt_nicdef },
    { "IDENTITY", 8, STMT_OTHER_ENTRY, 0, NULL },
    { "PROFILE", 7, STMT_OTHER_ENTRY, 0, NULL },
    { "SUBCONFIG", 9, STMT_OTHER_ENTRY, 0, NULL },
    { "GLOBALDEFS", 10, STMT_OTHER_ENTRY, 0, NULL },
    { "ACCOUNT", 7, STMT_UNSUPPORTED, 0, NULL },
    { "AUTOLOG", 7, STMT_UNSUPPORTED, 0, NULL },
    { "BUILD", 5, STMT_UNSUPPORTED, 0, NULL },
    { "CLASS", 5, STMT_UNSUPPORTED, 0, NULL },
    { "COMMAND", 7, STMT_UNSUPPORTED, 0, NULL },
    { "CPU", 3, STMT_UNSUPPORTED, 0, NULL },
    { "DEDICATE", 8, STMT_UNSUPPORTED, 0, NULL },
    { "DIRECTORY", 9, STMT_UNSUPPORTED, 0, NULL },
    { "GLOBALOPTS", 10, STMT_UNSUPPORTED, 0, NULL },
    { "INCLUDE", 7, STMT_UNSUPPORTED, 0, NULL },
    { "IUCV", 4, STMT_UNSUPPORTED, 0, NULL },
    { "LINK", 4, STMT_UNSUPPORTED, 0, NULL },
    { "LOGONBY", 7, STMT_UNSUPPORTED, 0, NULL },
    { "MDISK", 5, STMT_UNSUPPORTED, 0, NULL },
    { "NAMESAVE", 8, STMT_UNSUPPORTED, 0, NULL },
    { "OPTION", 6, STMT_UNSUPPORTED, 0, NULL },
    { "POSIXINFO", 9, STMT_UNSUPPORTED, 0, NULL },
    { "SPECIAL", 7, STMT_UNSUPPORTED, 0, NULL },
    { "SPOOL", 5, STMT_UNSUPPORTED, 0, NULL },
    { "STORAGE", 7, STMT_UNSUPPORTED, 0, NULL },
    { "XAUTOLOG", 8, STMT_UNSUPPORTED, 0, NULL },
    { "XSTORE", 6, STMT_UNSUPPORTED, 0, NULL },
};

static const struct dir_stmt *stmt_find(const char *tok)
{
    for (size_t i = 0; i < ARRAY_SIZE(stmts); i++)
        if (cp_abbrev(tok, stmts[i].name, stmts[i].min))
            return &stmts[i];
    return NULL;
}

/* Cut p[0..n) (n <= DIR_COLUMNS) into upper-case tokens in l; a tab counts
 * as a blank.  Returns n, or the index of the first byte that is not
 * printable ASCII; l then holds the words before it, the last possibly
 * cut short by it. */
static size_t line_split(struct dir_line *l, uint32_t no, const char *p, size_t n)
{
    size_t end = 0;
    l->no = no;
    l->n = 0;
    for (; end < n; end++) {
        char c = p[end] == '\t' ? ' ' : p[end];
        if ((uint8_t)c < 0x20 || (uint8_t)c > 0x7E)
            break;
        l->buf[end] = c == ' ' ? '\0' : port_upper(c);
    }
    l->buf[end] = '\0';
    for (size_t i = 0; i < end; i++)
        if (l->buf[i] && (i == 0 || !l->buf[i - 1]))
            l->tok[l->n++] = &l->buf[i];
    return end;
}

/* A line with a bad byte at p[bad]: the statement is in error.  When its
 * first word is complete and starts an entry, that entry (never kept) takes
 * the error and the statements after it, so the entry before is spared. */
static void line_bad_char(struct dir_state *s, const struct dir_line *l, const char *p, size_t bad)
{
    char hex[8];
    ksnprintf(hex, sizeof hex, "X'%02X'", (unsigned)(uint8_t)p[bad]);
    if (l->n > 0 && (size_t)(l->tok[0] - l->buf) + strlen(l->tok[0]) < bad) {
        const struct dir_stmt *st = stmt_find(l->tok[0]);
        if (st && (st->kind == STMT_USER || st->kind == STMT_OTHER_ENTRY)) {
            entry_close(s);
            entry_open(s, &s->scratch, l->no);
        }
    }
    report(s, l->no, DIR_ERR_BAD_CHAR, hex);
}

/* One line: the data columns p[0..n) of line no. */
static void line_process(struct dir_state *s, uint32_t no, const char *p, size_t n)
{
    struct dir_line l;
    const char *what = NULL;

    if (n > 0 && p[0] == '*')
        return;
    size_t bad = line_split(&l, no, p, n);
    if (bad < n) {
        line_bad_char(s, &l, p, bad);
        return;
    }
    if (l.n == 0)
        return;
    const struct dir_stmt *st = stmt_find(l.tok[0]);
    if (!st) {
        report(s, no, DIR_ERR_UNKNOWN_STMT, l.tok[0]);
        return;
    }
    switch (st->kind) {
    case STMT_USER:
        stmt_user(s, &l);
        return;
    case STMT_OTHER_ENTRY:
        stmt_other_entry(s, &l);
        return;
    case STMT_UNSUPPORTED:
        report(s, no, DIR_ERR_STMT_UNSUPPORTED, l.tok[0]);
        return;
    case STMT_ENTRY:
        break;
    }
    if (!s->cur) {
        report(s, no, DIR_ERR_BEFORE_USER, l.tok[0]);
        return;
    }
    if (s->seen & st->once) {
        report(s, no, DIR_ERR_DUP_STMT, l.tok[0]);
        return;
    }
    s->seen |= st->once;
    enum dir_err e = st->fn(s->cur, &l, &what);
    if (e != DIR_OK)
        report(s, no, e, what);
}

void dir_parse(const char *text, size_t len, uint64_t max_guest_bytes, struct directory *out)
{
    struct dir_state s;
    uint32_t no = 0;

    memset(out, 0, sizeof *out);
    memset(&s, 0, sizeof s);
    s.out = out;
    s.max_guest = max_guest_bytes;
    if (!text)
        len = 0;
    for (size_t pos = 0; pos < len;) {
        size_t end = pos;
        while (end < len && text[end] != '\n')
            end++;
        no++;
        if (len > DIR_MAX_INPUT && end >= DIR_MAX_INPUT) {
            report(&s, no, DIR_ERR_INPUT_TOO_LONG, "256K");
            s.cur = NULL;               /* cut short: no end-of-entry checks */
            break;
        }
        size_t n = end - pos;
        if (n > 0 && text[pos + n - 1] == '\r')
            n--;
        line_process(&s, no, text + pos, n < DIR_COLUMNS ? n : DIR_COLUMNS);
        pos = end + 1;
    }
    entry_close(&s);
    out->nlines = no;
}

const struct dir_user *dir_find(const struct directory *d, const char *userid)
{
    char up[DIR_NAME_MAX + 1];
    if (!userid || strlen(userid) > DIR_NAME_MAX)
        return NULL;
    cp_upper(up, sizeof up, userid);
    for (uint32_t i = 0; i < d->nusers; i++)
        if (d->users[i].usable && strcmp(d->users[i].userid, up) == 0)
            return &d->users[i];
    return NULL;
}

const char *dir_err_str(enum dir_err e)
{
    static const char *const s[DIR_ERR_COUNT] = {
        [0] = "ok",
        [1] = "statement before the first USER",
        [2] = "unknown statement",
        [3] = "statement not supported",
        [4] = "missing operand",
        [5] = "extra operand",
        [6] = "invalid operand",
        [7] = "operand specified twice",
        [8] = "operand not supported",
        [9] = "statement specified twice",
        [10] = "invalid character",
        [11] = "invalid userid",
        [12] = "duplicate userid",
        [13] = "more than 64 users",
        [14] = "invalid password",
        [15] = "invalid storage size",
        [16] = "storage not a multiple of 64K",
        [17] = "storage exceeds maximum storage",
        [18] = "storage does not fit in real storage",
        [19] = "invalid privilege class",
        [20] = "machine mode not supported",
        [21] = "only 1 virtual CPU is supported",
        [22] = "invalid IPL name",
        [23] = "invalid virtual device number",
        [24] = "console type must be 3215",
        [25] = "invalid spool class",
        [26] = "SHARE value out of range",
        [27] = "NIC type not supported",
        [28] = "NICDEF DEVICES out of range",
        [29] = "device range exceeds FFFF",
        [30] = "virtual device number already in use",
        [31] = "more than 8 NICDEF statements",
        [32] = "LAN owner must be SYSTEM or *",
        [33] = "invalid LAN name",
        [34] = "directory longer than 256K, rest ignored",
    };
    int v = (int)e;
    if (v > 0 || v <= -DIR_ERR_COUNT)
        return "unknown directory error";
    return s[-v];
}
