/* herc.c - Hercules 3.13 for one run: configuration, start, log watching, stop.
 *
 * The configuration comes from conf/hercules.cnf.in, conf/hercules.rc.in and conf/lcs.oat.in
 * (the OAT of the uplink LCS 0E40-0E41) with @NAME@ fields filled in; the results are written to
 * the run's scratch directory.  Hercules runs as
 *   HERCULES_RC=<dir>/hercules.rc hercules -d -f <dir>/hercules.cnf
 * in its own process group, stdin /dev/null, stdout+stderr to <dir>/hercules.log (daemon mode
 * never reads stdin: shared/reference/hercules.md §4).  The rc file's HAO rule IPLs 000C once
 * the runner's client is attached to 0009.  A CP crash is seen in the log as
 *   HHCCP011I CPU0000: Disabled wait state
 *             PSW=00020001 80000000 000000000000CAFE
 * (Hercules keeps running), so the runner tails the log every VM_TICK_MS.
 * Hercules listens on the console port before it has read the rc file, and its HAO thread
 * matches each message against the rules present when it reads it: a client that connects
 * before "HHCPN013I EOF reached on SCRIPT file" can be missed and there is no IPL (seen once in
 * about 30 runs).  So the runner connects only after that line (herc.rc_done).  The uplink's
 * TAP name comes from "HHCLC073I 0E40: TAP device tapN opened" (herc.tap).
 */
#include "vmlan.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define HERC_TEMPLATE_MAX (64u * 1024u)

struct herc_field {
    const char *name;          /* between the @s */
    char value[PATH_MAX + 64];
};

/* Contract: reads a whole small file into a new NUL-terminated buffer (caller frees); NULL with
 * errno set on failure or when larger than HERC_TEMPLATE_MAX. */
static char *herc_slurp(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    char *buf = malloc(HERC_TEMPLATE_MAX + 1);
    size_t len = 0;
    ssize_t n = 0;
    while (buf != NULL && len < HERC_TEMPLATE_MAX
           && (n = read(fd, buf + len, HERC_TEMPLATE_MAX - len)) > 0)
        len += (size_t)n;
    close(fd);
    if (buf == NULL || n < 0 || len >= HERC_TEMPLATE_MAX) {
        free(buf);
        errno = EFBIG;
        return NULL;
    }
    buf[len] = '\0';
    return buf;
}

/* Contract: copies template tpl to file out, replacing each @NAME@ whose NAME is in fields;
 * other text (including unknown @...@) is copied unchanged.  Returns 0 or -1 (errno set). */
static int herc_fill(const char *tpl, const struct herc_field *fields, size_t nfields,
                     const char *out)
{
    FILE *f = fopen(out, "we");
    if (f == NULL)
        return -1;
    for (const char *p = tpl; *p != '\0';) {
        const struct herc_field *hit = NULL;
        if (*p == '@')
            for (size_t i = 0; i < nfields && hit == NULL; i++) {
                size_t n = strlen(fields[i].name);
                if (strncmp(p + 1, fields[i].name, n) == 0 && p[1 + n] == '@')
                    hit = &fields[i];
            }
        if (hit != NULL) {
            fputs(hit->value, f);
            p += strlen(hit->name) + 2;
        } else {
            fputc(*p++, f);
        }
    }
    return fclose(f) == 0 ? 0 : -1;
}

/* Contract: fills and writes <dir>/hercules.cnf, <dir>/hercules.rc and <dir>/lcs.oat from the
 * templates under o->root/conf.  Returns 0, or -1 with a sentence in why. */
int herc_write_config(const struct vm_opts *o, const char *dir, char *why, size_t whycap)
{
    struct herc_field f[] = {
        { "MAINSIZE", "" },     { "OSTAILOR", "" },     { "CONSOLE_PORT", "" },
        { "RUNNER_GROUP", "" }, { "RUNNER_DEVNO", "" }, { "DECK", "" },
        { "DIRECTORY_READER", "" }, { "LCS_OAT", "" },      { "UPLINK_GUESTIP", "" },
        { "LCS_OAT2", "" },
    };
    char deck[PATH_MAX];
    snprintf(f[0].value, sizeof f[0].value, "%u", (unsigned)o->storage_mb);
    snprintf(f[1].value, sizeof f[1].value, "%s", o->trace ? "NULL" : "QUIET");
    snprintf(f[2].value, sizeof f[2].value, "%d", VM_CONSOLE_PORT);
    snprintf(f[3].value, sizeof f[3].value, "%s", VM_RUNNER_GROUP);
    snprintf(f[4].value, sizeof f[4].value, "%s", VM_RUNNER_DEVNO);
    snprintf(deck, sizeof deck, "%s/build/cp.deck", o->root);
    if (realpath(deck, f[5].value) == NULL) {
        snprintf(why, whycap, "no IPL deck %s (run make first)", deck);
        return -1;
    }
    if (o->directory != NULL)
        snprintf(f[6].value, sizeof f[6].value, "000D 3505 %s ascii eof trunc", o->directory);
    else
        snprintf(f[6].value, sizeof f[6].value, "# no user directory: reader 000D not defined");
    snprintf(f[7].value, sizeof f[7].value, "%s/lcs.oat", dir);
    snprintf(f[8].value, sizeof f[8].value, "%s", o->uplink.oat_text);
    snprintf(f[9].value, sizeof f[9].value, "%s/lcs2.oat", dir);
    static const char bad[] = " \t\"'#";
    if (strpbrk(f[5].value, bad) || (o->directory && strpbrk(o->directory, bad))
        || strpbrk(f[7].value, bad)) {
        snprintf(why, whycap, "Hercules cannot take a path with blanks, quotes or '#': %s %s %s",
                 f[5].value, o->directory ? o->directory : "", f[7].value);
        return -1;
    }
    static const char *const names[4][2] = { { "hercules.cnf.in", "hercules.cnf" },
                                             { "hercules.rc.in", "hercules.rc" },
                                             { "lcs.oat.in", "lcs.oat" },
                                             { "lcs2.oat.in", "lcs2.oat" } };
    for (size_t i = 0; i < 4; i++) {
        char in[PATH_MAX + 32], out[PATH_MAX + 32];
        snprintf(in, sizeof in, "%s/conf/%s", o->root, names[i][0]);
        snprintf(out, sizeof out, "%s/%s", dir, names[i][1]);
        char *tpl = herc_slurp(in);
        if (tpl == NULL) {
            snprintf(why, whycap, "cannot read %s: %s", in, strerror(errno));
            return -1;
        }
        int rc = herc_fill(tpl, f, sizeof f / sizeof f[0], out);
        free(tpl);
        if (rc != 0) {
            snprintf(why, whycap, "cannot write %s: %s", out, strerror(errno));
            return -1;
        }
    }
    return 0;
}

/* Contract: starts Hercules on the configuration in dir (herc_write_config done) as the leader
 * of a new process group, dying with the runner (PR_SET_PDEATHSIG).  Fills *h; returns 0 or -1
 * (errno set).  h->logfd is opened for herc_tail_log. */
int herc_start(struct herc *h, const char *dir)
{
    char cnf[PATH_MAX + 16], rc[PATH_MAX + 16], log[PATH_MAX + 16], env_rc[PATH_MAX + 32];
    memset(h, 0, sizeof *h);
    h->pidfd = -1;
    h->logfd = -1;
    snprintf(cnf, sizeof cnf, "%s/hercules.cnf", dir);
    snprintf(rc, sizeof rc, "%s/hercules.rc", dir);
    snprintf(log, sizeof log, "%s/hercules.log", dir);
    snprintf(env_rc, sizeof env_rc, "HERCULES_RC=%s", rc);
    int out = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
    if (out < 0)
        return -1;
    const char *const argv[] = { "hercules", "-d", "-f", cnf, NULL };
    const char *const env[] = { env_rc, NULL };
    h->pid = vm_spawn(argv, dir, env, out);
    close(out);
    if (h->pid < 0) {
        h->pid = 0;
        return -1;
    }
    h->pidfd = pidfd_open(h->pid, 0);
    h->logfd = open(log, O_RDONLY | O_CLOEXEC);
    return 0;
}

/* Contract: collects Hercules' exit status if it has exited (never blocks).  Before reaping,
 * while its pid still reserves the group id, strays left in its process group are killed. */
void herc_reap(struct herc *h)
{
    if (h->pid <= 0 || h->exited)
        return;
    siginfo_t si;
    memset(&si, 0, sizeof si);
    if (waitid(P_PID, (id_t)h->pid, &si, WEXITED | WNOHANG | WNOWAIT) != 0 || si.si_pid != h->pid)
        return;
    kill(-h->pid, SIGKILL);
    int st;
    if (waitpid(h->pid, &st, 0) == h->pid) {
        h->exited = true;
        h->status = st;
    }
}

/* Contract: Hercules' exit code (128+signal when killed, -1 while running). */
int herc_exit_code(const struct herc *h)
{
    if (!h->exited)
        return -1;
    if (WIFEXITED(h->status))
        return WEXITSTATUS(h->status);
    return 128 + WTERMSIG(h->status);
}

/* Contract: one complete log line: records the end of the rc file (its HAO rule is in place),
 * an IPL failure, the disabled-wait message and its PSW line, the uplink's TAP name. */
static void herc_log_line(struct herc *h, const char *line)
{
    if (!h->ipl_failed && strncmp(line, "HHCCP", 5) == 0 && strstr(line, "IPL failed") != NULL) {
        snprintf(h->ipl_msg, sizeof h->ipl_msg, "%.120s", line);
        h->ipl_failed = true;       /* e.g. HHCCP029E z/Arch mode IPL failed: CSW status=0020 */
        return;
    }
    if (strncmp(line, "HHCPN013I", 9) == 0) {      /* EOF reached on SCRIPT file */
        h->rc_done = true;
        return;
    }
    if (strncmp(line, "HHCCP011I", 9) == 0) {
        h->wait_seen = true;
        return;
    }
    if (h->tap[0] == '\0' && upl_tap_from_log(line, UPL_DEVNO, h->tap, sizeof h->tap))
        return;
    if (h->wait_seen && !h->psw_seen) {
        const char *p = strstr(line, "PSW=");
        if (p != NULL) {
            snprintf(h->psw, sizeof h->psw, "%s", p);
            h->psw_seen = true;
        }
    }
}

/* Contract: reads what Hercules appended to its log since the last call and scans each line.
 * Over-long lines are scanned by their first sizeof logbuf - 1 bytes. */
void herc_tail_log(struct herc *h)
{
    char buf[4096];
    ssize_t n;
    if (h->logfd < 0)
        return;
    while ((n = read(h->logfd, buf, sizeof buf)) > 0) {
        for (ssize_t i = 0; i < n; i++) {
            if (buf[i] == '\n') {
                h->logbuf[h->loglen] = '\0';
                herc_log_line(h, h->logbuf);
                h->loglen = 0;
            } else if (h->loglen < sizeof h->logbuf - 1) {
                h->logbuf[h->loglen++] = buf[i];
            }
        }
    }
}

static void herc_sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* Contract: ends Hercules' process group: SIGTERM, up to grace_ms to exit, then SIGKILL; reaps
 * it and closes its descriptors.  Safe to call when it already exited or never started. */
void herc_stop(struct herc *h, uint32_t grace_ms)
{
    if (h->pid > 0 && !h->exited) {
        herc_reap(h);
        if (!h->exited)
            kill(-h->pid, SIGTERM);
        for (uint32_t t = 0; t < grace_ms && !h->exited; t += 10) {
            herc_sleep_ms(10);
            herc_reap(h);
        }
        if (!h->exited) {
            kill(-h->pid, SIGKILL);
            if (waitpid(h->pid, &h->status, 0) == h->pid)
                h->exited = true;
        }
    }
    if (h->pidfd >= 0)
        close(h->pidfd);
    if (h->logfd >= 0)
        close(h->logfd);
    h->pidfd = h->logfd = -1;
}

/* Contract: prints the last nlines lines of <dir>/hercules.log (from its last 16 KB, before
 * Hercules' shutdown sequence) that are not HHCHD module noise, indented, for a failure report. */
void herc_print_log_tail(const char *dir, size_t nlines)
{
    char path[PATH_MAX + 16], text[16384 + 1];
    snprintf(path, sizeof path, "%s/hercules.log", dir);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return;
    struct stat st;
    off_t from = (fstat(fd, &st) == 0 && st.st_size > 16384) ? st.st_size - 16384 : 0;
    ssize_t n = pread(fd, text, sizeof text - 1, from);
    close(fd);
    if (n <= 0)
        return;
    text[n] = '\0';
    char *end = strstr(text, "HHCIN900I");        /* Hercules' own shutdown noise: not shown */
    if (end != NULL)
        *end = '\0';
    const char *lines[256];
    size_t count = 0;
    for (char *line = strtok(text, "\n"); line != NULL; line = strtok(NULL, "\n")) {
        if (strncmp(line, "HHCHD", 5) == 0)
            continue;
        if (count == sizeof lines / sizeof lines[0]) {
            memmove(lines, lines + 1, sizeof lines - sizeof lines[0]);
            count--;
        }
        lines[count++] = line;
    }
    size_t first = count > nlines ? count - nlines : 0;
    printf("    last lines of %s:\n", path);
    for (size_t i = first; i < count; i++)
        printf("    log| %s\n", lines[i]);
}
