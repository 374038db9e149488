/* autolog.c - `vmlan run`'s default system: CP commands typed on the operator console at boot.
 *
 * The z/VM analogue is AUTOLOG1's PROFILE EXEC.  After CP's first Ready of an interactive run
 * without --directory/--script (and without --no-autolog), the runner reads conf/autolog.cp:
 * one CP command per line, blank lines and lines whose first non-blank is '*' ignored.  Each
 * line is echoed as "autolog> LINE" and sent with run_cp (paced on CP's Ready, lost-ATTENTION
 * resend, --timeout per line).  A line that gets no Ready, or a Ready(nnnnn), is reported and
 * the next line goes anyway; only CP's end (or Ctrl-C) stops the list.  The interactive
 * session follows in every case.
 *
 * Then it waits (at most AL_SETTLE_MS) until the system is settled: CP reported a VSWITCH ready
 * (or its uplink's failure, VML2832E) when a line defined one with RDEV, and every guest the list logged on (XAUTOLOG) or sent
 * commands to (SEND) has printed one "USERID: Ready" per such line (its logon and each
 * command).  Stdin is not read meanwhile (the terminal keeps what is typed), so the first
 * typed command sees the guests up with their addresses.  SEND to a guest still booting is
 * fine: CP queues it.  How: docs/console.md, "The default system".
 */
#include "script.h"
#include "vmlan.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AL_LINES_MAX   256
#define AL_GUESTS_MAX  64
#define AL_SETTLE_MS   30000u
#define AL_UPLINK_FAILED "VML2832E "   /* CP: the VSWITCH's uplink did not start */
#define AL_GUEST_READY_RE "^Ready(\\(-?[0-9]+\\))?;$"

struct al_guest {
    char id[9];
    unsigned expect;           /* Ready lines owed: logon + one per command sent */
    unsigned seen;
    unsigned errors;           /* of those, Ready(nnnnn) */
};

struct al {
    struct al_guest g[AL_GUESTS_MAX];
    size_t ng;
    bool want_uplink;          /* a DEFINE VSWITCH ... RDEV line got Ready */
    unsigned failed;
};

/* Contract: copies the blank-delimited word number idx (0-based) of s, upper-cased, into buf
 * (cap bytes); "" when there is none or it does not fit. */
static void al_word(const char *s, unsigned idx, char *buf, size_t cap)
{
    buf[0] = '\0';
    for (unsigned w = 0;; w++) {
        while (*s == ' ')
            s++;
        if (*s == '\0')
            return;
        size_t n = strcspn(s, " ");
        if (w == idx) {
            if (n >= cap)
                return;
            for (size_t i = 0; i < n; i++)
                buf[i] = (char)toupper((unsigned char)s[i]);
            buf[n] = '\0';
            return;
        }
        s += n;
    }
}

/* Contract: the guest entry for userid id, added when new; NULL when the table is full or id
 * is not a userid. */
static struct al_guest *al_guest(struct al *a, const char *id)
{
    size_t n = strlen(id);
    if (n == 0 || n > 8)
        return NULL;
    for (size_t i = 0; i < a->ng; i++)
        if (strcmp(a->g[i].id, id) == 0)
            return &a->g[i];
    if (a->ng == AL_GUESTS_MAX)
        return NULL;
    struct al_guest *g = &a->g[a->ng++];
    memset(g, 0, sizeof *g);
    memcpy(g->id, id, n + 1);
    return g;
}

/* Contract: records what a command that CP answered with a plain Ready owes the settle wait. */
static void al_note(struct al *a, const char *cmd)
{
    char w0[16], w1[16];
    al_word(cmd, 0, w0, sizeof w0);
    al_word(cmd, 1, w1, sizeof w1);
    if (strcmp(w0, "XAUTOLOG") == 0 || strcmp(w0, "SEND") == 0 || strcmp(w0, "SM") == 0) {
        struct al_guest *g = al_guest(a, w1);
        if (g != NULL)
            g->expect++;
    } else if (strcmp(w0, "DEFINE") == 0 && strcmp(w1, "VSWITCH") == 0) {
        for (unsigned i = 3; i < 16; i++) {
            char w[16];
            al_word(cmd, i, w, sizeof w);
            if (w[0] == '\0')
                break;
            if (strcmp(w, "RDEV") == 0)
                a->want_uplink = true;
        }
    }
}

/* Contract: cleans one file line in place (CR, trailing blanks off, tabs to blanks) and
 * returns the command, or NULL for a blank or comment line. */
static char *al_clean(char *line)
{
    size_t n = strlen(line);
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' '
                     || line[n - 1] == '\t'))
        line[--n] = '\0';
    for (size_t i = 0; i < n; i++)
        if (line[i] == '\t')
            line[i] = ' ';
    while (*line == ' ')
        line++;
    if (*line == '\0' || *line == '*')
        return NULL;
    return line;
}

/* Contract: sends every command of the file, in order (see the file comment).  Returns false
 * only when the run cannot go on (CP ended or died, or a signal). */
static bool al_send_all(struct run *r, FILE *f, const char *path, struct al *a)
{
    char buf[1024], why[600];
    unsigned lineno = 0, sent = 0;
    while (fgets(buf, sizeof buf, f) != NULL) {
        lineno++;
        char *cmd = al_clean(buf);
        if (cmd == NULL)
            continue;
        uint8_t probe[TNC_INPUT_MAX + 2];
        if (tnc_encode_line(cmd, probe, sizeof probe) == 0) {
            printf("vmlan: autolog: %s:%u not sent (over %u characters or not printable "
                   "ASCII)\n", path, lineno, TNC_INPUT_MAX);
            a->failed++;
            continue;
        }
        if (sent++ == AL_LINES_MAX) {
            printf("vmlan: autolog: more than %u commands; the rest of %s is ignored\n",
                   AL_LINES_MAX, path);
            break;
        }
        if (scr_is_shutdown(cmd)) {
            printf("vmlan: autolog: %s:%u: SHUTDOWN is not sent from the autolog file\n", path,
                   lineno);
            a->failed++;
            continue;
        }
        printf("autolog> %s\n", cmd);
        fflush(stdout);
        if (!run_cp(r, cmd, r->o->cp_timeout_ms, why, sizeof why)) {
            printf("vmlan: autolog: %s:%u \"%s\" failed: %s\n", path, lineno, cmd, why);
            a->failed++;
            if (r->dead || r->ended || vm_signal)
                return false;
            continue;
        }
        const char *ready = r->response.n ? r->response.v[r->response.n - 1] : "";
        if (strcmp(ready, "Ready;") != 0) {
            printf("vmlan: autolog: %s:%u \"%s\" failed: CP answered %s\n", path, lineno, cmd,
                   ready);
            a->failed++;
            continue;
        }
        al_note(a, cmd);
    }
    if (ferror(f)) {
        printf("vmlan: autolog: error reading %s: %s\n", path, strerror(errno));
        a->failed++;
    }
    return true;
}

/* Contract: counts, from console line from on, the uplink-ready lines and each listed guest's
 * Ready lines; true when everything owed has arrived. */
static bool al_settled(const struct run *r, struct al *a, size_t from, const regex_t *gready,
                       bool *uplink, bool *uplink_failed)
{
    for (size_t i = 0; i < a->ng; i++)
        a->g[i].seen = a->g[i].errors = 0;
    for (size_t k = from; k < r->console.n; k++) {
        const char *line = r->console.v[k];
        size_t p = tnc_guest_prefix_len(line);
        if (p == 0) {
            if (run_is_uplink_ready(r, line))
                *uplink = true;
            else if (strncmp(line, AL_UPLINK_FAILED, strlen(AL_UPLINK_FAILED)) == 0)
                *uplink_failed = true;
            continue;
        }
        if (regexec(gready, line + p, 0, NULL, 0) != 0)
            continue;
        for (size_t i = 0; i < a->ng; i++)
            if (strlen(a->g[i].id) == p - 2 && strncmp(a->g[i].id, line, p - 2) == 0) {
                a->g[i].seen++;
                if (line[p + 5] == '(')
                    a->g[i].errors++;
            }
    }
    bool done = !a->want_uplink || *uplink || *uplink_failed;
    for (size_t i = 0; i < a->ng; i++)
        done = done && a->g[i].seen >= a->g[i].expect;
    return done;
}

/* Contract: waits until al_settled or AL_SETTLE_MS; reports what is missing or failed. */
static bool al_settle(struct run *r, struct al *a, size_t from)
{
    regex_t gready;
    if (regcomp(&gready, AL_GUEST_READY_RE, REG_EXTENDED | REG_NOSUB) != 0)
        return true;
    int64_t deadline = vm_now_ms() + AL_SETTLE_MS;
    bool uplink = false, uplink_failed = false, ok = true, done;
    while (!(done = al_settled(r, a, from, &gready, &uplink, &uplink_failed))) {
        if (r->dead || r->ended || vm_now_ms() >= deadline)
            break;
        if (!run_pump(r, deadline - vm_now_ms(), NULL, 0)) {
            ok = false;
            break;
        }
    }
    regfree(&gready);
    if (!done && !r->dead && !r->ended && ok) {
        printf("vmlan: autolog: not settled within %u s:", AL_SETTLE_MS / 1000u);
        if (a->want_uplink && !uplink)
            printf(" no \"VSWITCH ... status is ready\";");
        for (size_t i = 0; i < a->ng; i++)
            if (a->g[i].seen < a->g[i].expect)
                printf(" %s answered %u of %u;", a->g[i].id, a->g[i].seen, a->g[i].expect);
        printf(" going on\n");
        a->failed++;
    }
    if (a->want_uplink && !uplink && uplink_failed) {
        printf("vmlan: autolog: the VSWITCH's uplink did not start (VML2832E above); the host "
               "is not reachable\n");
        a->failed++;
    }
    for (size_t i = 0; i < a->ng; i++)
        if (a->g[i].errors > 0) {
            printf("vmlan: autolog: %s ended %u command(s) with Ready(nnnnn) (see above)\n",
                   a->g[i].id, a->g[i].errors);
            a->failed++;
        }
    return ok && !r->dead && !r->ended;
}

bool autolog_run(struct run *r, const char *path)
{
    FILE *f = fopen(path, "re");
    if (f == NULL) {
        printf("vmlan: autolog: cannot read %s: %s\n", path, strerror(errno));
        return true;
    }
    struct al *a = calloc(1, sizeof *a);
    if (a == NULL) {
        fclose(f);
        return true;
    }
    int64_t t0 = vm_now_ms();
    size_t from = r->console.n;
    printf("vmlan: autolog: %s\n", path);
    bool go = al_send_all(r, f, path, a);
    fclose(f);
    if (go)
        go = al_settle(r, a, from);
    if (go)
        printf("vmlan: autolog: %s after %lld ms; the console is yours\n",
               a->failed ? "done with errors (see above)" : "system ready",
               (long long)(vm_now_ms() - t0));
    fflush(stdout);
    free(a);
    return go;
}
