/* exec.c - `vmlan run --script FILE`: parse a script, boot, run its statements, report.
 *
 * The language is in script.h and docs/scripts.md.  The script is parsed and every regex
 * compiled before anything boots; a syntax error prints FILE:LINE: message and exits 2.  Each
 * statement prints one PASS/FAIL line; a failure is followed by the reason and the console lines
 * that were judged (the latest response, or the WAIT window).  A failed statement does not stop
 * the script unless CP is dead.  A script that did not SHUTDOWN gets an implicit one.  The boot
 * and the implicit SHUTDOWN count as statements.  The last line is exactly "N passed, N failed".
 */
#include "script.h"
#include "vmlan.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EX_SHOW_MAX 40u         /* console lines shown after a failure */

struct ex {
    struct run run;
    struct script script;
    regex_t *re;                /* compiled regex per statement (EXPECT*, WAIT) */
    uint32_t passed, failed;
};

/* Contract: scr_hooks.regex_ok: POSIX ERE through regcomp. */
static bool ex_regex_ok(const char *re, char *msg, size_t msgcap, void *ctx)
{
    regex_t rx;
    (void)ctx;
    int rc = regcomp(&rx, re, REG_EXTENDED | REG_NOSUB);
    if (rc != 0) {
        regerror(rc, &rx, msg, msgcap);
        return false;
    }
    regfree(&rx);
    return true;
}

/* Contract: reads a whole script file into a new buffer (caller frees); NULL with errno. */
static char *ex_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "re");
    if (f == NULL)
        return NULL;
    size_t cap = 8192, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf != NULL && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *nb = cap < (64u << 20) ? realloc(buf, cap * 2) : NULL;
            if (nb == NULL) {
                free(buf);
                buf = NULL;
                errno = EFBIG;
            }
            buf = nb;
            cap *= 2;
        }
    }
    fclose(f);
    *len = n;
    return buf;
}

/* Contract: prints console lines v[from..to) indented, at most the last EX_SHOW_MAX; a line that
 * matches mark (when given) is flagged. */
static void ex_show(char *const *v, size_t from, size_t to, const regex_t *mark)
{
    if (to - from > EX_SHOW_MAX) {
        printf("    ... %zu earlier lines in console.txt\n", to - from - EX_SHOW_MAX);
        from = to - EX_SHOW_MAX;
    }
    if (from == to)
        printf("    (no console lines)\n");
    for (size_t i = from; i < to; i++) {
        bool hit = mark != NULL && regexec(mark, v[i], 0, NULL, 0) == 0;
        printf("    %s %s\n", hit ? "|>" : "| ", v[i]);
    }
}

/* Contract: prints one statement's verdict line and counts it. */
static void ex_verdict(struct ex *x, bool ok, uint32_t line, const char *src, const char *why)
{
    char num[16];
    if (line == 0)
        snprintf(num, sizeof num, "-");
    else
        snprintf(num, sizeof num, "%u", (unsigned)line);
    printf("%s %3s %s\n", ok ? "PASS" : "FAIL", num, src);
    if (!ok && why != NULL && why[0] != '\0')
        printf("    why: %s\n", why);
    if (ok)
        x->passed++;
    else
        x->failed++;
}

/* Contract: true when some line of v[from..to) matches re. */
static bool ex_any(char *const *v, size_t from, size_t to, const regex_t *re)
{
    for (size_t i = from; i < to; i++)
        if (regexec(re, v[i], 0, NULL, 0) == 0)
            return true;
    return false;
}

/* Contract: WAIT: passes when a console line since the window start matches re within ms. */
static bool ex_wait(struct run *r, const regex_t *re, uint32_t ms, char *why, size_t whycap)
{
    int64_t deadline = vm_now_ms() + ms;
    size_t seen = r->window;
    for (;;) {
        if (ex_any(r->console.v, seen, r->console.n, re))
            return true;
        seen = r->console.n;
        if (r->dead || r->ended) {
            snprintf(why, whycap, "no matching line, and no more can come: %s",
                     r->dead ? r->why : "CP was shut down");
            return false;
        }
        int64_t left = deadline - vm_now_ms();
        if (left <= 0) {
            snprintf(why, whycap, "no matching console line within %u.%03u s",
                     (unsigned)(ms / 1000u), (unsigned)(ms % 1000u));
            return false;
        }
        if (!run_pump(r, left, NULL, 0)) {
            snprintf(why, whycap, "interrupted");
            return false;
        }
    }
}

/* Contract: runs statement i and reports it. */
static void ex_statement(struct ex *x, size_t i)
{
    const struct scr_stmt *st = &x->script.stmts[i];
    struct run *r = &x->run;
    char why[600] = "";
    bool ok = false;
    switch (st->kind) {
    case SCR_CP:
        if (st->shutdown) {
            bool refused;
            ok = run_shutdown(r, st->arg, &refused, why, sizeof why);
        } else {
            ok = run_cp(r, st->arg, r->o->cp_timeout_ms, why, sizeof why);
        }
        ex_verdict(x, ok, st->line, st->src, why);
        if (!ok && r->dead)     /* everything since the command, guest lines included */
            ex_show(r->console.v, r->window, r->console.n, NULL);
        else if (!ok)
            ex_show(r->response.v, 0, r->response.n, NULL);
        return;
    case SCR_EXPECT:
    case SCR_EXPECT_NOT:
        ok = ex_any(r->response.v, 0, r->response.n, &x->re[i]) == (st->kind == SCR_EXPECT);
        ex_verdict(x, ok, st->line, st->src,
                   st->kind == SCR_EXPECT ? "no line of the latest response matches"
                                          : "a line of the latest response matches");
        if (!ok)
            ex_show(r->response.v, 0, r->response.n, &x->re[i]);
        return;
    case SCR_WAIT:
        ok = ex_wait(r, &x->re[i], st->wait_ms, why, sizeof why);
        ex_verdict(x, ok, st->line, st->src, why);
        if (!ok)
            ex_show(r->console.v, r->window, r->console.n, NULL);
        return;
    case SCR_HOST:
        r->window = r->console.n;
        ok = host_run(r, st->arg, VM_HOST_MS, why, sizeof why);
        ex_verdict(x, ok, st->line, st->src, why);
        return;
    }
}

/* Contract: parses the script and compiles its regexes.  Returns VM_EXIT_PASS, or prints
 * FILE:LINE: message to stderr and returns VM_EXIT_USAGE. */
static int ex_load(struct ex *x, const char *path)
{
    size_t len = 0;
    char *text = ex_read_file(path, &len);
    if (text == NULL) {
        fprintf(stderr, "vmlan: cannot read %s: %s\n", path, strerror(errno));
        return VM_EXIT_USAGE;
    }
    struct scr_error err;
    const struct scr_hooks hooks = { ex_regex_ok, NULL };
    enum scr_err e = scr_parse(text, len, &hooks, &x->script, &err);
    free(text);
    if (e != SCR_OK) {
        fprintf(stderr, "%s:%u: %s%s%s\n", path, (unsigned)err.line, scr_err_str(e),
                err.detail[0] ? ": " : "", err.detail);
        return VM_EXIT_USAGE;
    }
    x->re = calloc(x->script.n + 1, sizeof *x->re);
    if (x->re == NULL)
        return VM_EXIT_USAGE;
    for (size_t i = 0; i < x->script.n; i++)
        if (x->script.stmts[i].kind != SCR_CP && x->script.stmts[i].kind != SCR_HOST)
            regcomp(&x->re[i], x->script.stmts[i].arg, REG_EXTENDED | REG_NOSUB);
    return VM_EXIT_PASS;
}

static void ex_unload(struct ex *x)
{
    for (size_t i = 0; x->re != NULL && i < x->script.n; i++)
        if (x->script.stmts[i].kind != SCR_CP && x->script.stmts[i].kind != SCR_HOST)
            regfree(&x->re[i]);
    free(x->re);
    scr_free(&x->script);
}

/* Contract: runs the statements after a successful boot; stops early when CP is dead or a
 * signal arrived, and adds the implicit SHUTDOWN when the script did not shut CP down. */
static void ex_body(struct ex *x)
{
    struct run *r = &x->run;
    char why[600] = "";
    size_t i = 0;
    for (; i < x->script.n && !vm_signal; i++) {
        if (r->dead)
            break;
        ex_statement(x, i);
    }
    if (i < x->script.n)
        printf("vmlan: %s; %zu statement(s) not run\n", vm_signal ? "interrupted" : r->why,
               x->script.n - i);
    if (!r->ended && !r->dead && !vm_signal) {
        bool refused;
        bool ok = run_shutdown(r, "SHUTDOWN", &refused, why, sizeof why) && !refused;
        if (refused)
            snprintf(why, sizeof why, "CP answered SHUTDOWN with Ready and kept running");
        ex_verdict(x, ok, 0, "(implicit) CP SHUTDOWN", why);
        if (!ok)
            ex_show(r->response.v, 0, r->response.n, NULL);
    }
}

int exec_script_file(const struct vm_opts *o)
{
    struct ex x;
    char why[600] = "";
    memset(&x, 0, sizeof x);
    int rc = ex_load(&x, o->script);
    if (rc != VM_EXIT_PASS) {
        ex_unload(&x);
        return rc;
    }
    int64_t t0 = vm_now_ms();
    rc = run_setup(&x.run, o, why, sizeof why);
    if (rc != VM_EXIT_PASS) {
        fprintf(stderr, "vmlan: %s\n", why);
        run_finish(&x.run, true);
        ex_unload(&x);
        return rc;
    }
    struct run *r = &x.run;
    r->echo = o->verbose;
    r->echo_prefix = "    > ";
    if (r->relay.listen_fd >= 0)
        printf("vmlan: operator console also on telnet 127.0.0.1 %d\n", r->relay.port);
    bool booted = run_boot(r, why, sizeof why);
    ex_verdict(&x, booted, 0, "(boot) IPL to the first Ready", why);
    if (!booted) {
        ex_show(r->console.v, 0, r->console.n, NULL);
        herc_print_log_tail(r->dir, 20);
    } else {
        ex_body(&x);
    }
    if (r->dead && booted)
        herc_print_log_tail(r->dir, 12);
    bool passed = x.failed == 0 && r->ended && !vm_signal;
    printf("vmlan: elapsed %lld ms\n", (long long)(vm_now_ms() - t0));
    run_finish(r, passed);
    printf("%u passed, %u failed\n", (unsigned)x.passed, (unsigned)x.failed);
    fflush(stdout);
    ex_unload(&x);
    if (vm_signal)
        return VM_EXIT_SIGNAL;
    return passed ? VM_EXIT_PASS : VM_EXIT_FAIL;
}
