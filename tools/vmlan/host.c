/* host.c - child processes of a run: the spawn helper and HOST statements.
 *
 * Every child (Hercules, each HOST command) leads its own process group, so a terminal's Ctrl-C
 * reaches only the runner, which then ends each group itself; each dies with the runner
 * (PR_SET_PDEATHSIG) should the runner be killed outright.  A HOST command is `sh -c CMD` in
 * the run's network namespace with cwd <scratch>/host, stdin /dev/null, stdout+stderr shown
 * indented, VMLAN_RESPONSE, VMLAN_CONSOLE, VMLAN_RUN_DIR and VMLAN_UPLINK (the uplink LCS's
 * TAP) in its environment, a time limit, and exit 0 to pass.  Its process group is remembered
 * and killed when the run ends, which also ends anything it left running in the background.
 */
#include "vmlan.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* Contract: in the forked child: own process group, default signal state, stdin /dev/null,
 * stdout and stderr to out_fd, cwd, extra environment; then exec argv (PATH search).  Never
 * returns: exits 127 when something fails. */
static void vm_child(const char *const argv[], const char *cwd, const char *const env[],
                     int out_fd)
{
    sigset_t none;
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    signal(SIGPIPE, SIG_DFL);
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    int null = open("/dev/null", O_RDONLY);
    if (null < 0 || dup2(null, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(out_fd, 2) < 0)
        _exit(127);
    if (cwd != NULL && chdir(cwd) != 0)
        _exit(127);
    for (size_t i = 0; env != NULL && env[i] != NULL; i++)
        putenv((char *)env[i]);
    execvp(argv[0], (char *const *)argv);
    fprintf(stderr, "vmlan: cannot run %s: %s\n", argv[0], strerror(errno));
    _exit(127);
}

/* Contract: starts argv as the leader of a new process group (see vm_child).  env entries are
 * "NAME=value" added to the runner's environment.  Returns the pid, or -1 (errno set). */
pid_t vm_spawn(const char *const argv[], const char *cwd, const char *const env[], int out_fd)
{
    pid_t pid = fork();
    if (pid == 0)
        vm_child(argv, cwd, env, out_fd);
    if (pid > 0)
        setpgid(pid, pid);      /* both sides, so the group exists before either proceeds */
    return pid;
}

/* Contract: prints the complete lines of a HOST command's output held in buf[0..*len)
 * (capacity cap), indented; a line that fills the whole buffer, or with flush the unterminated
 * rest, is printed as it is.  Keeps the incomplete rest in buf. */
static void host_print(char *buf, size_t *len, size_t cap, bool flush)
{
    size_t start = 0;
    for (size_t i = 0; i < *len; i++)
        if (buf[i] == '\n') {
            printf("    host| %.*s\n", (int)(i - start), buf + start);
            start = i + 1;
        }
    if (start < *len && (flush || (start == 0 && *len == cap))) {
        printf("    host| %.*s\n", (int)(*len - start), buf + start);
        start = *len;
    }
    memmove(buf, buf + start, *len - start);
    *len -= start;
    fflush(stdout);
}

/* Contract: reads what is available from the output pipe (non-blocking) and prints it. */
static void host_drain(int fd, char *buf, size_t *len, size_t cap)
{
    ssize_t n;
    while ((n = read(fd, buf + *len, cap - *len)) > 0) {
        *len += (size_t)n;
        host_print(buf, len, cap, false);
    }
}

/* Contract: remembers a HOST command's process group for host_kill_all. */
static void host_remember(struct hostset *hs, pid_t pgid)
{
    if (hs->n < HOST_MAX_GROUPS)
        hs->pgid[hs->n++] = pgid;
    else
        kill(-hs->pgid[HOST_MAX_GROUPS - 1], SIGKILL), hs->pgid[HOST_MAX_GROUPS - 1] = pgid;
}

/* Contract: runs cmd as a HOST statement while the run's event loop keeps going (console
 * lines are still collected).  Returns true when it exited 0 within limit_ms; otherwise false
 * with the reason in why.  On timeout its whole process group is killed. */
bool host_run(struct run *r, const char *cmd, uint32_t limit_ms, char *why, size_t whycap)
{
    int pfd[2];
    if (pipe2(pfd, O_CLOEXEC) != 0) {
        snprintf(why, whycap, "pipe: %s", strerror(errno));
        return false;
    }
    char env_resp[PATH_MAX + 32], env_cons[PATH_MAX + 32], env_dir[PATH_MAX + 32];
    char env_upl[UPL_IFNAME_MAX + 16];
    snprintf(env_resp, sizeof env_resp, "VMLAN_RESPONSE=%s", r->response_path);
    snprintf(env_cons, sizeof env_cons, "VMLAN_CONSOLE=%s", r->console_path);
    snprintf(env_dir, sizeof env_dir, "VMLAN_RUN_DIR=%s", r->dir);
    snprintf(env_upl, sizeof env_upl, "VMLAN_UPLINK=%s", r->herc.tap);
    const char *const env[] = { env_resp, env_cons, env_dir, env_upl, NULL };
    const char *const argv[] = { "/bin/sh", "-c", cmd, NULL };
    fflush(stdout);
    pid_t pid = vm_spawn(argv, r->hostdir, env, pfd[1]);
    close(pfd[1]);
    if (pid < 0) {
        close(pfd[0]);
        snprintf(why, whycap, "fork: %s", strerror(errno));
        return false;
    }
    host_remember(&r->hosts, pid);
    fcntl(pfd[0], F_SETFL, fcntl(pfd[0], F_GETFL) | O_NONBLOCK);
    int pidfd = pidfd_open(pid, 0);
    char out[1024];
    size_t outlen = 0;
    int64_t deadline = vm_now_ms() + limit_ms;
    bool exited = false, timed_out = false;
    int st = 0;
    while (!exited) {
        struct pollfd extra[2] = { { pfd[0], POLLIN, 0 }, { pidfd, POLLIN, 0 } };
        int64_t left = deadline - vm_now_ms();
        if (left <= 0 || vm_signal) {
            timed_out = left <= 0;
            kill(-pid, SIGKILL);
            waitpid(pid, &st, 0);
            break;
        }
        run_pump(r, left, extra, 2);
        host_drain(pfd[0], out, &outlen, sizeof out);
        exited = waitpid(pid, &st, WNOHANG) == pid;
    }
    host_drain(pfd[0], out, &outlen, sizeof out);
    host_print(out, &outlen, sizeof out, true);
    close(pfd[0]);
    if (pidfd >= 0)
        close(pidfd);
    if (timed_out)
        snprintf(why, whycap, "time limit of %u s reached; process group killed",
                 (unsigned)(limit_ms / 1000u));
    else if (vm_signal)
        snprintf(why, whycap, "interrupted");
    else if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
        return true;
    else if (WIFEXITED(st))
        snprintf(why, whycap, "exit status %d", WEXITSTATUS(st));
    else
        snprintf(why, whycap, "killed by signal %d", WTERMSIG(st));
    return false;
}

/* Contract: kills every remembered HOST process group (SIGKILL) and forgets them. */
void host_kill_all(struct hostset *hs)
{
    for (size_t i = 0; i < hs->n; i++)
        kill(-hs->pgid[i], SIGKILL);
    hs->n = 0;
}
