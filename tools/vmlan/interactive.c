/* interactive.c - `vmlan run`: CP's operator console on this terminal.
 *
 * Boots like a script run, prints every console line as it arrives, and sends each stdin line
 * to CP as an operator command.  Lines are paced: the next one goes only after CP's Ready for
 * the previous one (or after VM_PACE_MS without it), because two lines in one TCP segment make
 * Hercules' 3215 lose the line (console-telnet.md §4).  Ends when Hercules exits (SHUTDOWN typed)
 * or at end of stdin, which sends SHUTDOWN itself.  A relay lets a person attach another
 * terminal to the second console 001F: telnet 127.0.0.1 N (relay.c).  The uplink's TAP gets
 * its host address as in every run (run.c); the banner shows it.  Without --directory it is
 * the default system: conf/system.direct, and the CP commands of conf/autolog.cp typed after
 * the first Ready (autolog.c) unless --no-autolog.  The banner also says how to enter the run's
 * network namespace from another shell (nsenter on the launcher's own pid, which stays in the
 * host's PID namespace but in the run's network namespace; netns.c).
 */
#include "script.h"
#include "vmlan.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define IA_QUEUE_MAX 256
#define IA_LINE_MAX  4096

struct ia {
    struct run run;
    char inbuf[IA_LINE_MAX];       /* stdin bytes not yet a complete line */
    size_t inlen;
    char *queue[IA_QUEUE_MAX];     /* complete stdin lines waiting to be sent */
    size_t qhead, qlen;
    bool stdin_eof;
    bool echo_sent;                /* stdin is not a terminal: show what was sent */
    bool waiting;                  /* a line was sent, its Ready not seen yet */
    int64_t sent_at;
    size_t scan;                   /* console index scanned for Ready */
};

/* Contract: cleans one typed line for the 3215 (tabs to blanks, trailing CR and blanks off)
 * and queues it; empty lines are dropped, unsendable ones reported and dropped. */
static void ia_queue_line(struct ia *x, char *line)
{
    size_t n = strlen(line);
    while (n > 0 && (line[n - 1] == '\r' || line[n - 1] == ' '))
        line[--n] = '\0';
    for (size_t i = 0; i < n; i++)
        if (line[i] == '\t')
            line[i] = ' ';
    if (n == 0)
        return;
    uint8_t probe[TNC_INPUT_MAX + 2];
    if (tnc_encode_line(line, probe, sizeof probe) == 0) {
        printf("vmlan: not sent (over %u characters or not printable ASCII): %s\n",
               TNC_INPUT_MAX, line);
        return;
    }
    if (x->qlen == IA_QUEUE_MAX) {
        printf("vmlan: input queue full; line dropped: %s\n", line);
        return;
    }
    char *copy = strdup(line);
    if (copy == NULL)
        return;
    x->queue[(x->qhead + x->qlen++) % IA_QUEUE_MAX] = copy;
}

/* Contract: one read() of stdin (poll said it is readable) and queues its complete lines; at
 * EOF the unterminated rest counts as a line. */
static void ia_read_stdin(struct ia *x)
{
    ssize_t n = read(0, x->inbuf + x->inlen, sizeof x->inbuf - 1 - x->inlen);
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return;
    if (n <= 0) {
        x->inbuf[x->inlen] = '\0';
        if (x->inlen > 0)
            ia_queue_line(x, x->inbuf);
        x->inlen = 0;
        x->stdin_eof = true;
        return;
    }
    x->inlen += (size_t)n;
    char *start = x->inbuf, *nl;
    while ((nl = memchr(start, '\n', x->inlen - (size_t)(start - x->inbuf))) != NULL) {
        *nl = '\0';
        ia_queue_line(x, start);
        start = nl + 1;
    }
    x->inlen -= (size_t)(start - x->inbuf);
    memmove(x->inbuf, start, x->inlen);
    if (x->inlen == sizeof x->inbuf - 1) {          /* over-long line: take it as it is */
        x->inbuf[x->inlen] = '\0';
        ia_queue_line(x, x->inbuf);
        x->inlen = 0;
    }
}

/* Contract: updates the pacing state: a Ready line after the last send (or VM_PACE_MS) frees the
 * console for the next line. */
static void ia_pace(struct ia *x)
{
    struct run *r = &x->run;
    for (; x->scan < r->console.n; x->scan++)
        if (x->waiting && run_is_ready(r, r->console.v[x->scan])) {
            x->waiting = false;
            r->shutdown_sent = false;     /* a SHUTDOWN answered with Ready was refused */
        }
    if (x->waiting && vm_now_ms() - x->sent_at >= VM_PACE_MS) {
        printf("vmlan: no Ready within %u s; sending the next line anyway\n", VM_PACE_MS / 1000u);
        x->waiting = false;
    }
}

/* Contract: sends the next queued line when the console is free.  SHUTDOWN is marked so that
 * Hercules' exit counts as the clean end. */
static void ia_send_next(struct ia *x)
{
    struct run *r = &x->run;
    if (x->waiting || x->qlen == 0 || r->dead || r->ended)
        return;
    char *line = x->queue[x->qhead];
    x->qhead = (x->qhead + 1) % IA_QUEUE_MAX;
    x->qlen--;
    if (x->echo_sent)
        printf("> %s\n", line);
    if (scr_is_shutdown(line))
        r->shutdown_sent = true;
    x->scan = r->console.n;
    if (tn_send_line(&r->tn, line) == 0) {
        x->waiting = true;
        x->sent_at = vm_now_ms();
    } else {
        printf("vmlan: cannot send to the console\n");
    }
    free(line);
}

/* Contract: the console loop after boot; returns when CP ended or died, stdin is done and CP
 * was shut down, or a signal arrived.  stdin stays blocking (it may share its file description
 * with stdout on a terminal); it is read once per poll readiness. */
static void ia_loop(struct ia *x, char *why, size_t whycap)
{
    struct run *r = &x->run;
    while (!r->dead && !r->ended && !vm_signal) {
        ia_pace(x);
        ia_send_next(x);
        if (x->stdin_eof && x->qlen == 0 && !x->waiting && !r->shutdown_sent) {
            if (x->echo_sent)
                printf("> SHUTDOWN   (end of input)\n");
            bool refused;
            if (!run_shutdown(r, "SHUTDOWN", &refused, why, whycap))
                printf("vmlan: SHUTDOWN failed: %s\n", why);
            else if (refused)
                printf("vmlan: CP answered SHUTDOWN with Ready and kept running\n");
            return;
        }
        struct pollfd in = { x->stdin_eof ? -1 : 0, POLLIN, 0 };
        if (x->qlen >= IA_QUEUE_MAX)
            in.fd = -1;
        if (!run_pump(r, 1000, &in, 1))
            return;
        if (in.revents)
            ia_read_stdin(x);
    }
}

/* Contract: the inode of this process's user namespace, 0 when unknown. */
static ino_t ia_userns(void)
{
    struct stat st;
    return stat("/proc/self/ns/user", &st) == 0 ? st.st_ino : 0;
}

/* Contract: prints the default system's banner and how to reach the run's namespace from
 * another shell: pid is the launcher's process in the host's PID namespace (it is in the
 * run's network namespace), userns whether the run made a user namespace (not root). */
static void ia_banner(const struct vm_opts *o, pid_t pid, bool userns)
{
    if (o->default_system && o->autolog != NULL) {
        printf("vmlan: default system: VSWITCH VSW1 on LCS %s, GST1-GST3 at 10.1.0.2-4, host "
               "10.1.0.1 (conf/system.direct, conf/autolog.cp; --no-autolog to skip)\n",
               UPL_DEVNO);
        if (strcmp(o->uplink.cidr, UPL_DEFAULT_NET) != 0)
            printf("vmlan: note: --uplink-net %s, but conf/autolog.cp puts the guests in "
                   "10.1.0.0/24\n", o->uplink.cidr);
    } else if (o->default_system) {
        printf("vmlan: default system without autolog: %s (GST1-GST3 with NIC 0700 on "
               "VSWITCH VSW1; type DEFINE VSWITCH VSW1 RDEV E40, XAUTOLOG GST1, ...)\n",
               o->directory);
    }
    printf("vmlan: from another shell, in the run's network namespace: nsenter -t %d %s-n %s\n",
           (int)pid, userns ? "-U --preserve-credentials " : "", o->default_system ? "ping 10.1.0.2" : "COMMAND");
}

int vm_interactive(const struct vm_opts *o)
{
    struct ia *x = calloc(1, sizeof *x);
    char why[600] = "";
    if (x == NULL)
        return VM_EXIT_FAIL;
    struct run *r = &x->run;
    int64_t t0 = vm_now_ms();
    pid_t outer = getpid();            /* stays outside the run's PID namespace (netns.c) */
    ino_t userns = ia_userns();
    int rc = run_setup(r, o, why, sizeof why);
    if (rc != VM_EXIT_PASS) {
        fprintf(stderr, "vmlan: %s\n", why);
        run_finish(r, true);
        free(x);
        return rc;
    }
    x->echo_sent = !isatty(0);
    r->echo = true;
    r->exit0_ends = true;
    if (r->relay.listen_fd >= 0)
        printf("vmlan: operator console also on telnet 127.0.0.1 %d\n", r->relay.port);
    printf("vmlan: uplink LCS %s-0E41: TAP host address %s (OAT entry %s), set when a VSWITCH "
           "is ready\n", UPL_DEVNO, o->uplink.cidr, o->uplink.oat_text);
    ia_banner(o, outer, userns != 0 && ia_userns() != userns);
    if (!run_boot(r, why, sizeof why)) {
        printf("vmlan: boot failed: %s\n", why);
        herc_print_log_tail(r->dir, 20);
    } else if (o->autolog == NULL || autolog_run(r, o->autolog)) {
        ia_loop(x, why, sizeof why);
    }
    if (r->dead && r->herc.pid > 0)
        printf("vmlan: %s\n", r->why);
    bool passed = r->ended && !vm_signal;
    printf("vmlan: %s after %lld ms\n", passed ? "CP shut down" : vm_signal ? "interrupted"
                                                                           : "run failed",
           (long long)(vm_now_ms() - t0));
    run_finish(r, passed);
    for (size_t i = 0; i < x->qlen; i++)
        free(x->queue[(x->qhead + i) % IA_QUEUE_MAX]);
    free(x);
    if (vm_signal)
        return VM_EXIT_SIGNAL;
    return passed ? VM_EXIT_PASS : VM_EXIT_FAIL;
}
