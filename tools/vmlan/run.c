/* run.c - one run of CP under Hercules: setup, boot, the event loop, CP commands, shutdown.
 *
 * The loop (run_pump) is a single ppoll over the console socket, Hercules' pidfd, the relay and
 * whatever the caller adds (stdin, a HOST command's pipe); SIGINT/SIGTERM/SIGHUP are blocked
 * except inside ppoll, so a signal ends the wait and is seen in vm_signal.  Every VM_TICK_MS the
 * Hercules log is tailed for a disabled wait.  CP counts as dead (no more statements can reach
 * it) when Hercules exits without a SHUTDOWN, enters a disabled wait, or closes the console for
 * longer than VM_EOF_GRACE_MS.  Console lines are kept in order (console), appended to the
 * VMLAN_CONSOLE file as they arrive, and the latest CP response is kept in response and written
 * to the VMLAN_RESPONSE file.  A CP line reporting a VSWITCH ready (UPL_READY_RE) makes the
 * runner (re)apply the host address to the uplink LCS's TAP (uplink.h): the LCS start-up CP
 * just finished erased it.
 */
#include "vmlan.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

volatile int vm_signal;
static sigset_t vm_wait_mask;      /* the mask ppoll waits with: our signals unblocked */

static void vm_on_signal(int sig)
{
    vm_signal = sig;
}

int64_t vm_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Contract: ppoll with the runner's signals unblocked for the wait (timeout_ms < 0: forever).
 * Returns what ppoll returns; a signal shows as -1/EINTR and in vm_signal. */
int vm_ppoll(struct pollfd *p, size_t n, int64_t timeout_ms)
{
    struct timespec ts = { (time_t)(timeout_ms / 1000), (long)(timeout_ms % 1000) * 1000000L };
    return ppoll(p, n, timeout_ms < 0 ? NULL : &ts, &vm_wait_mask);
}

/* Contract: installs the handlers and blocks SIGINT, SIGTERM, SIGHUP outside ppoll; ignores
 * SIGPIPE (sockets use MSG_NOSIGNAL; children get the default back). */
void vm_signals_init(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = vm_on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    sigprocmask(SIG_BLOCK, &block, &vm_wait_mask);
    sigdelset(&vm_wait_mask, SIGINT);
    sigdelset(&vm_wait_mask, SIGTERM);
    sigdelset(&vm_wait_mask, SIGHUP);
}

/* Contract: appends a copy of s to l; aborts the runner when out of memory. */
static void lines_add(struct lines *l, const char *s)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 256;
        char **v = realloc(l->v, cap * sizeof *v);
        if (v == NULL) {
            fprintf(stderr, "vmlan: out of memory\n");
            abort();
        }
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n] = strdup(s);
    if (l->v[l->n] == NULL) {
        fprintf(stderr, "vmlan: out of memory\n");
        abort();
    }
    l->n++;
}

static void lines_clear(struct lines *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    l->n = 0;
}

static void lines_free(struct lines *l)
{
    lines_clear(l);
    free(l->v);
    memset(l, 0, sizeof *l);
}

/* Contract: gives the uplink's TAP the host address (--uplink-net) and sets it up, in the run's
 * namespace.  Prints one line when done (when echoing console lines) or why it failed (always);
 * a failure does not end the run. */
static void run_uplink_apply(struct run *r)
{
    const struct upl_net *u = &r->o->uplink;
    char why[200];
    if (r->herc.tap[0] == '\0')
        herc_tail_log(&r->herc);
    if (r->herc.tap[0] == '\0') {
        printf("vmlan: uplink: a VSWITCH is ready but Hercules named no TAP for %s (HHCLC073I); "
               "host address %s not applied\n", UPL_DEVNO, u->cidr);
    } else if (ns_uplink_apply(r->herc.tap, u->host, u->prefix, why, sizeof why) != 0) {
        printf("vmlan: uplink: cannot apply host address %s to %s: %s\n", u->cidr, r->herc.tap,
               why);
    } else if (r->echo) {
        printf("vmlan: uplink: %s up with host address %s\n", r->herc.tap, u->cidr);
    }
    fflush(stdout);
}

bool run_is_uplink_ready(const struct run *r, const char *line)
{
    return tnc_guest_prefix_len(line) == 0 && regexec(&r->uplink_ready, line, 0, NULL, 0) == 0;
}

/* Contract: tn_line_fn: stores one console line, appends it to the VMLAN_CONSOLE file, echoes
 * it when asked; applies the uplink's host address when the line reports a VSWITCH ready. */
static void run_on_line(void *ctx, const char *line)
{
    struct run *r = ctx;
    lines_add(&r->console, line);
    if (r->console_fd >= 0) {
        size_t n = strlen(line);
        char *buf = malloc(n + 1);
        if (buf != NULL) {
            memcpy(buf, line, n);
            buf[n] = '\n';
            if (write(r->console_fd, buf, n + 1) < 0)
                r->console_fd = -1;
            free(buf);
        }
    }
    if (r->echo) {
        printf("%s%s\n", r->echo_prefix, line);
        fflush(stdout);
    }
    if (run_is_uplink_ready(r, line))
        run_uplink_apply(r);
}

bool run_is_ready(const struct run *r, const char *line)
{
    return tnc_guest_prefix_len(line) == 0 && regexec(&r->ready, line, 0, NULL, 0) == 0;
}

/* Contract: marks CP dead with a reason (the first reason wins). */
static void run_dead(struct run *r, const char *reason)
{
    if (r->dead)
        return;
    r->dead = true;
    snprintf(r->why, sizeof r->why, "%s", reason);
}

/* Contract: derives CP's state from Hercules' state after each loop turn. */
static void run_check_state(struct run *r)
{
    char msg[200];
    herc_reap(&r->herc);
    herc_tail_log(&r->herc);
    if ((r->herc.psw_seen || r->herc.exited) && !r->tn.eof)
        tn_read(&r->tn, run_on_line, r);    /* CP's last lines are still in the socket */
    if (r->herc.ipl_failed && !r->dead) {
        snprintf(msg, sizeof msg, "Hercules could not IPL the deck: %s", r->herc.ipl_msg);
        run_dead(r, msg);
        herc_stop(&r->herc, 500);
    }
    if (r->herc.psw_seen && !r->dead && !r->ended) {
        snprintf(msg, sizeof msg, "CP entered a disabled wait: %s", r->herc.psw);
        run_dead(r, msg);
        herc_stop(&r->herc, 500);
    }
    if (r->herc.exited && !r->ended && !r->dead) {
        int code = herc_exit_code(&r->herc);
        if ((r->shutdown_sent || r->exit0_ends) && code == 0)
            r->ended = true;
        else if (r->shutdown_sent)
            snprintf(msg, sizeof msg, "Hercules exited with code %d after SHUTDOWN", code);
        else
            snprintf(msg, sizeof msg, "Hercules exited (code %d) without a SHUTDOWN", code);
        if (!r->ended)
            run_dead(r, msg);
    }
    if (r->tn.eof && !r->herc.exited && !r->dead && !r->ended) {
        if (r->eof_at == 0)
            r->eof_at = vm_now_ms();
        else if (!r->shutdown_sent && vm_now_ms() - r->eof_at >= VM_EOF_GRACE_MS)
            run_dead(r, "Hercules closed the console connection (CP is unreachable)");
    }
}

/* Contract: one turn of the event loop: waits up to timeout_ms (at most VM_TICK_MS) for the
 * console, Hercules' exit, the relay and the caller's extra descriptors (their revents are
 * filled in), then handles what is ready.  Returns false when a signal arrived. */
bool run_pump(struct run *r, int64_t timeout_ms, struct pollfd *extra, size_t nextra)
{
    struct pollfd p[3 + 2 * RELAY_MAX_CONN + 8];
    size_t n = 0;
    if (nextra > 8)
        nextra = 8;
    p[n++] = (struct pollfd){ (r->tn.fd >= 0 && !r->tn.eof) ? r->tn.fd : -1, POLLIN, 0 };
    p[n++] = (struct pollfd){ r->herc.exited ? -1 : r->herc.pidfd, POLLIN, 0 };
    r->relay.paused = !r->tn.connected;     /* a person must not get 0009 before the runner */
    size_t relay_at = n;
    size_t nrelay = relay_pollfds(&r->relay, p + n, sizeof p / sizeof p[0] - n - nextra);
    n += nrelay;
    size_t extra_at = n;
    for (size_t i = 0; i < nextra; i++)
        p[n++] = extra[i];
    if (timeout_ms > VM_TICK_MS)
        timeout_ms = VM_TICK_MS;
    if (timeout_ms < 0)
        timeout_ms = 0;
    int rc = vm_ppoll(p, n, timeout_ms);
    if (rc < 0 && errno != EINTR)
        rc = 0;
    if (rc > 0 && p[0].revents)
        tn_read(&r->tn, run_on_line, r);
    if (rc > 0)
        relay_handle(&r->relay, p + relay_at, nrelay);
    for (size_t i = 0; i < nextra; i++)
        extra[i].revents = rc > 0 ? p[extra_at + i].revents : 0;
    run_check_state(r);
    return vm_signal == 0;
}

/* Contract: opens the relay listener (before leaving the host's namespace), enters the run's
 * network and PID namespaces, makes the scratch directory and its files and writes the Hercules
 * configuration.  Returns VM_EXIT_PASS, or VM_EXIT_USAGE / VM_EXIT_FAIL with a sentence in why;
 * the caller then ends the run with run_finish(r, true), which removes the scratch directory. */
int run_setup(struct run *r, const struct vm_opts *o, char *why, size_t whycap)
{
    memset(r, 0, sizeof *r);
    r->o = o;
    r->console_fd = -1;
    r->tn.fd = -1;
    r->herc.pidfd = r->herc.logfd = -1;
    r->relay.listen_fd = -1;
    r->echo_prefix = "";
    if (regcomp(&r->ready, VMLAN_READY_RE, REG_EXTENDED | REG_NOSUB) != 0
        || regcomp(&r->uplink_ready, UPL_READY_RE, REG_EXTENDED | REG_NOSUB) != 0) {
        snprintf(why, whycap, "bad VMLAN_READY_RE or UPL_READY_RE");
        return VM_EXIT_USAGE;
    }
    if (o->console_port >= 0 && relay_listen(&r->relay, o->console_port) != 0) {
        snprintf(why, whycap, "cannot listen on 127.0.0.1 for the console relay: %s",
                 strerror(errno));
        return VM_EXIT_FAIL;
    }
    enum ns_err ne = ns_enter();
    if (ne != NS_OK) {
        snprintf(why, whycap, "%s", ns_err_str(ne));
        return VM_EXIT_USAGE;
    }
    ns_become_init();
    const char *tmp = getenv("TMPDIR");
    snprintf(r->dir, sizeof r->dir, "%s/vmlan-run.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (mkdtemp(r->dir) == NULL) {
        snprintf(why, whycap, "cannot make a scratch directory %s: %s", r->dir, strerror(errno));
        r->dir[0] = '\0';
        return VM_EXIT_FAIL;
    }
    snprintf(r->hostdir, sizeof r->hostdir, "%s/host", r->dir);
    snprintf(r->response_path, sizeof r->response_path, "%s/response.txt", r->dir);
    snprintf(r->console_path, sizeof r->console_path, "%s/console.txt", r->dir);
    mkdir(r->hostdir, 0755);
    r->console_fd = open(r->console_path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC,
                         0644);
    run_response_write(r);
    if (herc_write_config(o, r->dir, why, whycap) != 0)
        return VM_EXIT_USAGE;
    return VM_EXIT_PASS;
}

/* Contract: waits until Hercules has processed its rc file, so that the HAO rule that IPLs on
 * the runner's connect is in place (herc.c).  Returns false with the reason in why. */
static bool run_wait_rc(struct run *r, char *why, size_t whycap)
{
    int64_t deadline = r->t0 + VM_CONNECT_MS;
    while (!r->herc.rc_done) {
        if (!r->dead && vm_now_ms() >= deadline)
            run_dead(r, "Hercules did not process hercules.rc within 10 s (see hercules.log)");
        if (r->dead || !run_pump(r, VM_RC_STEP_MS, NULL, 0)) {
            snprintf(why, whycap, "%s", r->dead ? r->why : "interrupted");
            return false;
        }
    }
    return true;
}

/* Contract: starts Hercules, attaches the runner's console client (which triggers the IPL via
 * HAO) and waits for CP's first Ready line.  The boot lines become the latest response.  Returns
 * true on success; false with the reason in why (CP then counts as dead). */
bool run_boot(struct run *r, char *why, size_t whycap)
{
    r->t0 = vm_now_ms();
    if (herc_start(&r->herc, r->dir) != 0) {
        snprintf(why, whycap, "cannot start hercules: %s", strerror(errno));
        run_dead(r, why);
        return false;
    }
    if (!run_wait_rc(r, why, whycap))
        return false;
    if (tn_connect(&r->tn, VM_CONSOLE_PORT, r->t0 + VM_CONNECT_MS, &r->herc) != 0) {
        run_check_state(r);
        snprintf(why, whycap, "%s", r->dead ? r->why
                 : "no console listener on 127.0.0.1:3215 within 10 s (see hercules.log)");
        run_dead(r, why);
        return false;
    }
    int64_t deadline = r->t0 + VM_BOOT_MS;
    size_t seen = 0;
    lines_clear(&r->response);
    for (;;) {
        for (; seen < r->console.n; seen++) {
            const char *line = r->console.v[seen];
            if (tnc_guest_prefix_len(line) == 0)
                lines_add(&r->response, line);
            if (run_is_ready(r, line)) {
                run_response_write(r);
                printf("vmlan: IPL to first Ready: %lld ms\n", (long long)(vm_now_ms() - r->t0));
                fflush(stdout);
                return true;
            }
        }
        if (r->tn.rejected) {
            run_dead(r, "Hercules rejected the console connection (0009 taken?)");
        } else if (!r->dead && vm_now_ms() >= deadline) {
            run_dead(r, "no Ready within 60 s of starting Hercules");
        }
        if (r->dead || !run_pump(r, deadline - vm_now_ms(), NULL, 0)) {
            snprintf(why, whycap, "%s", r->dead ? r->why : "interrupted");
            run_response_write(r);
            return false;
        }
    }
}

/* Contract: rewrites the VMLAN_RESPONSE file from r->response (one line per console line). */
void run_response_write(struct run *r)
{
    char tmp[PATH_MAX + 32];
    snprintf(tmp, sizeof tmp, "%s.new", r->response_path);
    FILE *f = fopen(tmp, "we");
    if (f == NULL)
        return;
    for (size_t i = 0; i < r->response.n; i++)
        fprintf(f, "%s\n", r->response.v[i]);
    if (fclose(f) == 0)
        rename(tmp, r->response_path);
}

/* Contract: sends one operator command and collects its response: every console line without a
 * guest prefix from now up to and including the first Ready line, within limit_ms.  The response
 * replaces r->response (also on failure: what arrived) and is written to VMLAN_RESPONSE.
 * Returns true when the Ready line came; false with the reason in why. */
bool run_cp(struct run *r, const char *cmd, uint32_t limit_ms, char *why, size_t whycap)
{
    lines_clear(&r->response);
    r->window = r->console.n;
    if (r->dead || r->ended) {
        snprintf(why, whycap, "CP is not running (%s)", r->dead ? r->why : "it was shut down");
        run_response_write(r);
        return false;
    }
    if (tn_send_line(&r->tn, cmd) != 0) {
        snprintf(why, whycap, "cannot send the command to the console");
        run_response_write(r);
        return false;
    }
    size_t seen = r->console.n;
    int64_t deadline = vm_now_ms() + limit_ms;
    int64_t resend_at = vm_now_ms() + VM_LOST_LINE_MS;
    unsigned resent = 0;
    bool ok = false;
    while (!ok) {
        for (; seen < r->console.n && !ok; seen++) {
            const char *line = r->console.v[seen];
            if (tnc_guest_prefix_len(line) == 0)
                lines_add(&r->response, line);
            ok = run_is_ready(r, line);
        }
        if (ok)
            break;
        /* Not one line of a response yet: Hercules 3.13 may have dropped the line's ATTENTION
         * (raised while CP's previous write held the device; docs/console.md).  Erase the
         * stranded line and send it again. */
        if (r->response.n == 0 && resent < VM_LOST_LINE_TRIES && vm_now_ms() >= resend_at
            && !r->dead && !r->ended) {
            printf("vmlan: no answer to \"%s\" after %d ms: sent again (lost ATTENTION)\n",
                   cmd, VM_LOST_LINE_MS);
            fflush(stdout);
            if (tn_resend_line(&r->tn, cmd) != 0) {
                snprintf(why, whycap, "cannot send the command to the console");
                break;
            }
            resent++;
            resend_at = vm_now_ms() + VM_LOST_LINE_MS;
        }
        int64_t until = resent < VM_LOST_LINE_TRIES && r->response.n == 0 ? resend_at : deadline;
        if (r->dead || r->ended) {
            snprintf(why, whycap, "%s", r->dead ? r->why : "CP shut down");
            break;
        }
        int64_t left = deadline - vm_now_ms();
        if (left <= 0) {
            snprintf(why, whycap, "no Ready within %u s", (unsigned)(limit_ms / 1000u));
            break;
        }
        int64_t step = until - vm_now_ms();
        if (!run_pump(r, step > 0 && step < left ? step : left, NULL, 0)) {
            snprintf(why, whycap, "interrupted");
            break;
        }
    }
    run_response_write(r);
    return ok;
}

/* Contract: sends a SHUTDOWN command (cmd, e.g. "SHUTDOWN") and waits up to VM_SHUTDOWN_MS for
 * Hercules to exit.  The response is every console line without a guest prefix until then.
 * Returns true when Hercules exited with code 0.  When CP instead answers with a Ready line (it
 * refused, e.g. "SHUTDOWN NOW": extra operand) the command was an ordinary one: returns true,
 * *refused set, CP keeps running.  Otherwise false with the reason in why (Hercules is stopped). */
bool run_shutdown(struct run *r, const char *cmd, bool *refused, char *why, size_t whycap)
{
    lines_clear(&r->response);
    r->window = r->console.n;
    *refused = false;
    if (r->dead || r->ended) {
        snprintf(why, whycap, "CP is not running (%s)", r->dead ? r->why : "it was shut down");
        run_response_write(r);
        return false;
    }
    r->shutdown_sent = true;
    if (tn_send_line(&r->tn, cmd) != 0)
        run_dead(r, "cannot send SHUTDOWN to the console");
    size_t seen = r->console.n;
    int64_t deadline = vm_now_ms() + VM_SHUTDOWN_MS;
    for (;;) {
        for (; seen < r->console.n && !*refused; seen++) {
            if (tnc_guest_prefix_len(r->console.v[seen]) == 0)
                lines_add(&r->response, r->console.v[seen]);
            *refused = run_is_ready(r, r->console.v[seen]);
        }
        if (*refused || r->ended || r->dead || vm_now_ms() >= deadline
            || !run_pump(r, deadline - vm_now_ms(), NULL, 0))
            break;
    }
    run_response_write(r);
    if (r->ended)
        return true;
    if (*refused) {
        r->shutdown_sent = false;
        return true;
    }
    if (r->dead)
        snprintf(why, whycap, "%s", r->why);
    else
        snprintf(why, whycap, "%s", vm_signal ? "interrupted"
                 : "Hercules did not exit within 30 s of SHUTDOWN");
    run_dead(r, why);
    herc_stop(&r->herc, 2000);
    return false;
}

/* Contract: nftw callback removing one entry of the scratch tree. */
static int run_rm(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

/* Contract: deletes the named network namespaces that HOST statements recorded, one name per
 * line, in <dir>/netns (`ip netns add` makes them global, so a script that fails before its own
 * `ip netns del` would leave one behind).  Names must be [A-Za-z0-9_.-]; others are skipped. */
static void run_delete_netns(const struct run *r)
{
    char path[PATH_MAX + 16], name[64];
    snprintf(path, sizeof path, "%s/netns", r->dir);
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    while (fgets(name, sizeof name, f)) {
        name[strcspn(name, "\r\n")] = '\0';
        bool ok = name[0] != '\0';
        for (const char *c = name; *c && ok; c++)
            ok = isalnum((unsigned char)*c) || *c == '_' || *c == '.' || *c == '-';
        if (!ok)
            continue;
        pid_t pid = fork();
        if (pid == 0) {
            int devnull = open("/dev/null", O_WRONLY);
            if (devnull >= 0) {
                dup2(devnull, 1);
                dup2(devnull, 2);
            }
            execlp("ip", "ip", "netns", "del", name, (char *)NULL);
            _exit(127);
        }
        if (pid > 0)
            waitpid(pid, NULL, 0);
    }
    fclose(f);
}

/* Contract: ends everything the run started (Hercules, HOST groups, relay, console) and removes
 * the scratch directory when the run passed and --keep was not given; otherwise prints where it
 * was kept. */
void run_finish(struct run *r, bool passed)
{
    herc_stop(&r->herc, 2000);
    host_kill_all(&r->hosts);
    relay_close(&r->relay);
    tn_close(&r->tn);
    if (r->console_fd >= 0)
        close(r->console_fd);
    r->console_fd = -1;
    lines_free(&r->console);
    lines_free(&r->response);
    regfree(&r->ready);
    regfree(&r->uplink_ready);
    if (r->dir[0] == '\0')
        return;
    run_delete_netns(r);
    if (passed && !r->o->keep) {
        nftw(r->dir, run_rm, 16, FTW_DEPTH | FTW_PHYS);
    } else {
        printf("vmlan: kept %s (Hercules log: %s/hercules.log)\n", r->dir, r->dir);
        fflush(stdout);
    }
}
