/* script.c - parser of vmlan end-to-end scripts; the language is in script.h and docs/scripts.md.
 *
 * Pure: string.h and stdlib.h only.  Parse, validate, then execute: the runner receives a
 * complete, checked statement list and never sees a malformed statement.
 */
#include "script.h"

#include <stdlib.h>
#include <string.h>

/* Contract: parses one statement's operand (already trimmed, may be empty) into st.
 * Returns SCR_OK or an error with its detail in err. */
typedef enum scr_err (*scr_operand_fn)(const char *arg, size_t len, const struct scr_hooks *hooks,
                                       struct scr_stmt *st, struct scr_error *err);

struct scr_keyword {
    const char *name;
    enum scr_kind kind;
    scr_operand_fn parse;
};

static bool scr_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static char scr_upper(char c)
{
    return (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
}

/* Contract: copies s[0..len) into a new NUL-terminated heap string; NULL when out of memory. */
static char *scr_strndup(const char *s, size_t len)
{
    char *p = malloc(len + 1);
    if (p != NULL) {
        memcpy(p, s, len);
        p[len] = '\0';
    }
    return p;
}

/* Contract: copies src into err->detail, truncated to fit. */
static void scr_detail(struct scr_error *err, const char *src, size_t len)
{
    if (len >= sizeof err->detail)
        len = sizeof err->detail - 1;
    memcpy(err->detail, src, len);
    err->detail[len] = '\0';
}

bool scr_parse_seconds(const char *s, size_t len, uint32_t *ms)
{
    uint64_t whole = 0, frac = 0;
    size_t i = 0, nwhole = 0, nfrac = 0;
    for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, nwhole++) {
        whole = whole * 10 + (uint64_t)(s[i] - '0');
        if (whole > SCR_WAIT_MAX_MS / 1000u)
            return false;
    }
    if (i < len && s[i] == '.') {
        for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++, nfrac++)
            if (nfrac < 3)
                frac = frac * 10 + (uint64_t)(s[i] - '0');
    }
    if (i != len || nwhole + nfrac == 0)
        return false;
    for (size_t k = nfrac; k < 3; k++)
        frac *= 10;
    uint64_t total = whole * 1000u + frac;
    if (total > SCR_WAIT_MAX_MS)
        return false;
    *ms = (uint32_t)total;
    return true;
}

bool scr_is_shutdown(const char *cmd)
{
    static const char word[] = "SHUTDOWN";
    size_t i = 0;
    while (scr_blank(cmd[i]))
        i++;
    for (size_t k = 0; word[k] != '\0'; k++, i++)
        if (scr_upper(cmd[i]) != word[k])
            return false;
    return cmd[i] == '\0' || scr_blank(cmd[i]);
}

/* Contract: validates a regex operand with the hook (if any); SCR_E_REGEX with the hook's
 * message otherwise. */
static enum scr_err scr_check_regex(const char *re, const struct scr_hooks *hooks,
                                    struct scr_error *err)
{
    char msg[SCR_DETAIL_MAX];
    if (hooks == NULL || hooks->regex_ok == NULL)
        return SCR_OK;
    msg[0] = '\0';
    if (hooks->regex_ok(re, msg, sizeof msg, hooks->ctx))
        return SCR_OK;
    msg[sizeof msg - 1] = '\0';
    scr_detail(err, msg, strlen(msg));
    return SCR_E_REGEX;
}

static enum scr_err scr_op_cp(const char *arg, size_t len, const struct scr_hooks *hooks,
                              struct scr_stmt *st, struct scr_error *err)
{
    (void)hooks;
    (void)err;
    if (len > SCR_CP_MAX)
        return SCR_E_CP_LONG;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)arg[i] < 0x20 || (unsigned char)arg[i] > 0x7E)
            return SCR_E_CP_CHARS;
    st->arg = scr_strndup(arg, len);
    if (st->arg == NULL)
        return SCR_E_NOMEM;
    st->shutdown = scr_is_shutdown(st->arg);
    return SCR_OK;
}

static enum scr_err scr_op_regex(const char *arg, size_t len, const struct scr_hooks *hooks,
                                 struct scr_stmt *st, struct scr_error *err)
{
    st->arg = scr_strndup(arg, len);
    if (st->arg == NULL)
        return SCR_E_NOMEM;
    return scr_check_regex(st->arg, hooks, err);
}

static enum scr_err scr_op_wait(const char *arg, size_t len, const struct scr_hooks *hooks,
                                struct scr_stmt *st, struct scr_error *err)
{
    size_t n = 0;
    while (n < len && !scr_blank(arg[n]))
        n++;
    if (!scr_parse_seconds(arg, n, &st->wait_ms)) {
        scr_detail(err, arg, n);
        return SCR_E_SECONDS;
    }
    while (n < len && scr_blank(arg[n]))
        n++;
    if (n == len) {
        static const char need[] = "WAIT needs a regex after the seconds";
        scr_detail(err, need, sizeof need - 1);
        return SCR_E_OPERAND;
    }
    return scr_op_regex(arg + n, len - n, hooks, st, err);
}

static enum scr_err scr_op_host(const char *arg, size_t len, const struct scr_hooks *hooks,
                                struct scr_stmt *st, struct scr_error *err)
{
    (void)hooks;
    (void)err;
    st->arg = scr_strndup(arg, len);
    return st->arg == NULL ? SCR_E_NOMEM : SCR_OK;
}

static const struct scr_keyword scr_keywords[] = {
    { "CP", SCR_CP, scr_op_cp },
    { "EXPECT", SCR_EXPECT, scr_op_regex },
    { "EXPECT-NOT", SCR_EXPECT_NOT, scr_op_regex },
    { "WAIT", SCR_WAIT, scr_op_wait },
    { "HOST", SCR_HOST, scr_op_host },
};

/* Contract: finds the keyword w[0..n) (case-insensitive); NULL when unknown. */
static const struct scr_keyword *scr_lookup(const char *w, size_t n)
{
    for (size_t k = 0; k < sizeof scr_keywords / sizeof scr_keywords[0]; k++) {
        const char *name = scr_keywords[k].name;
        if (strlen(name) != n)
            continue;
        size_t i = 0;
        while (i < n && scr_upper(w[i]) == name[i])
            i++;
        if (i == n)
            return &scr_keywords[k];
    }
    return NULL;
}

/* Contract: appends a zeroed statement to s; NULL when out of memory. */
static struct scr_stmt *scr_push(struct script *s)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        struct scr_stmt *v = realloc(s->stmts, cap * sizeof *v);
        if (v == NULL)
            return NULL;
        s->stmts = v;
        s->cap = cap;
    }
    struct scr_stmt *st = &s->stmts[s->n++];
    memset(st, 0, sizeof *st);
    return st;
}

/* Contract: parses one line p[0..len) (no terminator) numbered lineno into s.  Blank and comment
 * lines add nothing.  Returns SCR_OK or an error with err filled in. */
static enum scr_err scr_parse_line(const char *p, size_t len, uint32_t lineno,
                                   const struct scr_hooks *hooks, struct script *s,
                                   struct scr_error *err)
{
    while (len > 0 && scr_blank(*p))
        p++, len--;
    while (len > 0 && scr_blank(p[len - 1]))
        len--;
    if (len == 0 || *p == '#')
        return SCR_OK;
    size_t wl = 0;
    while (wl < len && !scr_blank(p[wl]))
        wl++;
    const struct scr_keyword *kw = scr_lookup(p, wl);
    if (kw == NULL) {
        scr_detail(err, p, wl);
        return SCR_E_KEYWORD;
    }
    size_t a = wl;
    while (a < len && scr_blank(p[a]))
        a++;
    if (a == len) {
        scr_detail(err, kw->name, strlen(kw->name));
        return SCR_E_OPERAND;
    }
    struct scr_stmt *st = scr_push(s);
    if (st == NULL)
        return SCR_E_NOMEM;
    st->kind = kw->kind;
    st->line = lineno;
    st->src = scr_strndup(p, len);
    if (st->src == NULL)
        return SCR_E_NOMEM;
    return kw->parse(p + a, len - a, hooks, st, err);
}

enum scr_err scr_parse(const char *text, size_t len, const struct scr_hooks *hooks,
                       struct script *out, struct scr_error *err)
{
    memset(out, 0, sizeof *out);
    memset(err, 0, sizeof *err);
    uint32_t lineno = 0;
    size_t pos = 0;
    while (pos < len) {
        lineno++;
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        enum scr_err e = SCR_OK;
        if (memchr(text + pos, '\0', end - pos) != NULL)
            e = SCR_E_NUL;
        else if (end - pos > SCR_LINE_MAX)
            e = SCR_E_LINE_LONG;
        else
            e = scr_parse_line(text + pos, end - pos, lineno, hooks, out, err);
        if (e != SCR_OK) {
            err->code = e;
            err->line = lineno;
            return e;
        }
        pos = end + 1;
    }
    return SCR_OK;
}

void scr_free(struct script *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->stmts[i].src);
        free(s->stmts[i].arg);
    }
    free(s->stmts);
    memset(s, 0, sizeof *s);
}

const char *scr_kind_str(enum scr_kind k)
{
    static const char *const s[] = {
        [SCR_CP] = "CP", [SCR_EXPECT] = "EXPECT", [SCR_EXPECT_NOT] = "EXPECT-NOT",
        [SCR_WAIT] = "WAIT", [SCR_HOST] = "HOST",
    };
    if ((size_t)k >= sizeof s / sizeof s[0])
        return "?";
    return s[k];
}

const char *scr_err_str(enum scr_err e)
{
    static const char *const s[] = {
        [0] = "ok",
        [1] = "out of memory",
        [2] = "line too long",
        [3] = "NUL byte in script",
        [4] = "unknown statement",
        [5] = "missing operand",
        [6] = "bad WAIT seconds (decimal 0..3600 expected)",
        [7] = "bad regex",
        [8] = "CP command longer than 148 characters",
        [9] = "CP command has a byte that is not printable ASCII",
    };
    int i = -(int)e;
    if (i < 0 || (size_t)i >= sizeof s / sizeof s[0])
        return "unknown script error";
    return s[i];
}
