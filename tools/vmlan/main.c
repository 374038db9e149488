/* main.c - bin/vmlan: command line, the interactive operator console, and `vmlan test`.
 *
 *   vmlan run [options]                  boot; console on this terminal (stdin -> CP); without
 *                                        --directory the default system (autolog.c)
 *   vmlan run --script FILE [options]    headless script run (exec.c)
 *   vmlan test [-j N] [options] FILE...  run scripts, aggregate "N passed, N failed"
 * Exit: 0 pass, 1 fail, 2 usage / syntax / environment, 130 interrupted.
 */
#include "vmlan.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define VM_TEST_JOBS_MAX 8

static const char vm_usage[] =
    "usage: vmlan run [--script FILE] [options]\n"
    "       vmlan test [-j N] [options] FILE...\n"
    "options:\n"
    "  --script FILE       run FILE headless (docs/scripts.md); exit 0 only if all passed\n"
    "  --directory FILE    user directory for reader 000D (default: interactive run\n"
    "                      conf/system.direct, scripts conf/user.direct)\n"
    "  --no-autolog        interactive run without --directory: do not type the CP commands\n"
    "                      of conf/autolog.cp (VSWITCH VSW1, XAUTOLOG and IFCONFIG GST1-GST3)\n"
    "  --storage MB        main storage, default 64\n"
    "  --trace             OSTAILOR NULL (Hercules logs every program check)\n"
    "  --keep              keep the scratch directory after a passing run\n"
    "  --console-port N    relay a second console to telnet 127.0.0.1 N (interactive default\n"
    "                      32150, or a free port if busy; scripts: off unless given)\n"
    "  --timeout S         seconds a CP command may take to reach Ready, default 30\n"
    "  --uplink-net CIDR   host address of the uplink LCS 0E40-0E41's TAP, applied each time\n"
    "                      CP reports a VSWITCH ready; default " UPL_DEFAULT_NET " (the\n"
    "                      subnet's last usable address goes into the LCS's OAT)\n"
    "  -v, --verbose       scripts: print console lines as they arrive\n"
    "  -j N                test: scripts run in parallel, default 2\n"
    "environment: VMLAN_ROOT (repository root, default bin/..), TMPDIR\n";

static int vm_usage_error(const char *msg, const char *arg)
{
    if (msg != NULL)
        fprintf(stderr, "vmlan: %s%s%s\n", msg, arg ? ": " : "", arg ? arg : "");
    fputs(vm_usage, stderr);
    return VM_EXIT_USAGE;
}

/* Contract: parses a decimal in [lo, hi]; false when s is not one. */
static bool vm_number(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

/* Contract: the repository root: $VMLAN_ROOT, else the parent of the directory holding this
 * executable.  Returns a static string, or NULL. */
static const char *vm_root(void)
{
    static char root[PATH_MAX];
    const char *env = getenv("VMLAN_ROOT");
    if (env != NULL && *env != '\0')
        return realpath(env, root);
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return NULL;
    exe[n] = '\0';
    snprintf(root, sizeof root, "%s/..", dirname(exe));
    char *abs = realpath(root, exe);
    if (abs == NULL)
        return NULL;
    snprintf(root, sizeof root, "%s", abs);
    return root;
}

/* Contract: parses options into *o (argv[optind..] left for the caller).  Returns -1 when they
 * are fine, else the exit code (usage printed). */
static int vm_parse(int argc, char **argv, struct vm_opts *o, long *jobs)
{
    static const struct option lo[] = {
        { "script", required_argument, NULL, 's' },  { "directory", required_argument, NULL, 'd' },
        { "storage", required_argument, NULL, 'm' }, { "trace", no_argument, NULL, 't' },
        { "keep", no_argument, NULL, 'k' },          { "console-port", required_argument, NULL, 'p' },
        { "timeout", required_argument, NULL, 'T' }, { "verbose", no_argument, NULL, 'v' },
        { "uplink-net", required_argument, NULL, 'u' }, { "no-autolog", no_argument, NULL, 'A' },
        { "help", no_argument, NULL, 'h' },          { NULL, 0, NULL, 0 },
    };
    static char dir[PATH_MAX];
    long v;
    int c;
    while ((c = getopt_long(argc, argv, "+vhj:", lo, NULL)) != -1) {
        switch (c) {
        case 's': o->script = optarg; break;
        case 't': o->trace = true; break;
        case 'k': o->keep = true; break;
        case 'v': o->verbose = true; break;
        case 'A': o->no_autolog = true; break;
        case 'd':
            if (realpath(optarg, dir) == NULL || access(dir, R_OK) != 0)
                return vm_usage_error("cannot read the directory file", optarg);
            o->directory = dir;
            break;
        case 'm':
            if (!vm_number(optarg, 2, 16384, &v))
                return vm_usage_error("--storage wants megabytes 2..16384", optarg);
            o->storage_mb = (uint32_t)v;
            break;
        case 'p':
            if (!vm_number(optarg, 1, 65535, &v))
                return vm_usage_error("--console-port wants a port 1..65535", optarg);
            o->console_port = (int)v;
            break;
        case 'T':
            if (!vm_number(optarg, 1, 3600, &v))
                return vm_usage_error("--timeout wants seconds 1..3600", optarg);
            o->cp_timeout_ms = (uint32_t)v * 1000u;
            break;
        case 'u': {
            enum upl_err e = upl_parse_net(optarg, &o->uplink);
            if (e != UPL_OK) {
                fprintf(stderr, "vmlan: --uplink-net %s: %s\n", optarg, upl_err_str(e));
                return vm_usage_error(NULL, NULL);
            }
            break;
        }
        case 'j':
            if (jobs == NULL || !vm_number(optarg, 1, VM_TEST_JOBS_MAX, jobs))
                return vm_usage_error("-j wants 1..8 (test only)", optarg);
            break;
        case 'h':
            fputs(vm_usage, stdout);
            return VM_EXIT_PASS;
        default:
            return vm_usage_error(NULL, NULL);
        }
    }
    return -1;
}

/* Contract: fills the defaults that depend on the repository (root, the user directory).  An
 * interactive run without --directory boots the default system: conf/system.direct and, unless
 * --no-autolog, the CP commands of conf/autolog.cp; other runs get conf/user.direct. */
static int vm_defaults(struct vm_opts *o, bool interactive)
{
    static char dir[PATH_MAX + 32], autolog[PATH_MAX + 32];
    o->root = vm_root();
    if (o->root == NULL) {
        fprintf(stderr, "vmlan: cannot find the repository root (set VMLAN_ROOT)\n");
        return VM_EXIT_USAGE;
    }
    if (o->directory == NULL && interactive) {
        snprintf(dir, sizeof dir, "%s/conf/system.direct", o->root);
        snprintf(autolog, sizeof autolog, "%s/conf/autolog.cp", o->root);
        if (access(dir, R_OK) == 0) {
            o->directory = dir;
            o->default_system = true;
            if (!o->no_autolog)
                o->autolog = autolog;
        }
    }
    if (o->directory == NULL) {
        snprintf(dir, sizeof dir, "%s/conf/user.direct", o->root);
        if (access(dir, R_OK) == 0)
            o->directory = dir;
    }
    return -1;
}

int main(int argc, char **argv)
{
    struct vm_opts o = { .storage_mb = 64, .cp_timeout_ms = VM_CP_MS, .console_port = -2 };
    long jobs = 2;
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (upl_parse_net(UPL_DEFAULT_NET, &o.uplink) != UPL_OK)
        return VM_EXIT_USAGE;
    if (argc < 2)
        return vm_usage_error("no command", NULL);
    const char *cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
        fputs(vm_usage, stdout);
        return VM_EXIT_PASS;
    }
    bool test = strcmp(cmd, "test") == 0;
    if (!test && strcmp(cmd, "run") != 0)
        return vm_usage_error("unknown command", cmd);
    int rc = vm_parse(argc - 1, argv + 1, &o, test ? &jobs : NULL);
    if (rc >= 0)
        return rc;
    int rest = argc - 1 - optind;
    if ((!test && rest != 0) || (test && (rest == 0 || o.script != NULL)))
        return vm_usage_error(test ? "test wants script files (and no --script)"
                                   : "run takes no operands", NULL);
    if ((rc = vm_defaults(&o, !test && o.script == NULL)) >= 0)
        return rc;
    vm_signals_init();
    if (test) {
        o.console_port = o.console_port == -2 ? -1 : o.console_port;
        return vm_test(&o, argv + 1 + optind, (size_t)rest, (size_t)jobs);
    }
    if (o.script != NULL) {
        o.console_port = o.console_port == -2 ? -1 : o.console_port;
        return exec_script_file(&o);
    }
    o.console_port = o.console_port == -2 ? 0 : o.console_port;
    return vm_interactive(&o);
}

/* ---- vmlan test ------------------------------------------------------------------------------ */

struct vm_job {
    pid_t pid;                 /* 0: not started or finished */
    int fd;                    /* its output pipe, -1 when closed */
    char *out;                 /* everything it printed */
    size_t len, cap;
    bool done;
    int code;                  /* exit code */
};

/* Contract: appends n bytes to the job's output buffer; false when out of memory. */
static bool vm_job_append(struct vm_job *j, const char *buf, size_t n)
{
    if (j->len + n + 1 > j->cap) {
        size_t cap = j->cap ? j->cap : 8192;
        while (j->len + n + 1 > cap)
            cap *= 2;
        char *p = realloc(j->out, cap);
        if (p == NULL)
            return false;
        j->out = p;
        j->cap = cap;
    }
    memcpy(j->out + j->len, buf, n);
    j->len += n;
    j->out[j->len] = '\0';
    return true;
}

/* Contract: a script FILE.vmlan with a FILE.direct beside it runs with that user directory
 * (so `vmlan test` can boot each script with the directory it needs). */
static void vm_script_directory(struct vm_opts *o, const char *file)
{
    size_t n = strlen(file);
    static const char ext[] = ".vmlan";
    if (n < sizeof ext || strcmp(file + n - (sizeof ext - 1), ext) != 0)
        return;
    char *dir = malloc(n + 2);
    if (dir == NULL)
        return;
    memcpy(dir, file, n - (sizeof ext - 1));
    strcpy(dir + n - (sizeof ext - 1), ".direct");
    char *abs = realpath(dir, NULL);
    free(dir);
    if (abs != NULL)
        o->directory = abs;
}

/* Contract: starts one script run in a child whose stdout and stderr go to a pipe.  The child
 * is an ordinary `run --script` (own namespace, own scratch directory). */
static int vm_job_start(struct vm_job *j, struct vm_opts *o, const char *file)
{
    int p[2];
    if (pipe2(p, O_CLOEXEC) != 0)
        return -1;
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        close(p[0]);
        close(p[1]);
        return -1;
    }
    if (pid == 0) {
        dup2(p[1], 1);
        dup2(p[1], 2);
        o->script = file;
        vm_script_directory(o, file);
        printf("==> %s\n", file);
        int rc = exec_script_file(o);
        fflush(stdout);
        _exit(rc);
    }
    close(p[1]);
    j->pid = pid;
    j->fd = p[0];
    return 0;
}

/* Contract: the statement counts from the job's final "N passed, N failed" line; a job that
 * ended without one (syntax error, crash) counts as one failure. */
static void vm_job_counts(const struct vm_job *j, unsigned long *passed, unsigned long *failed)
{
    unsigned long p = 0, f = 1;
    const char *last = j->out ? j->out : "";
    for (const char *s = last; (s = strstr(s, " passed, ")) != NULL; s++) {
        const char *b = s;
        while (b > j->out && b[-1] >= '0' && b[-1] <= '9')
            b--;
        if (b == s || (b > j->out && b[-1] != '\n'))
            continue;
        unsigned long pp, ff;
        char tail;
        if (sscanf(b, "%lu passed, %lu failed%c", &pp, &ff, &tail) == 3 && tail == '\n')
            p = pp, f = ff;
    }
    if (j->code != 0 && f == 0)
        f = 1;
    *passed += p;
    *failed += f;
}

/* Contract: waits until some running job printed or ended; appends its output, reaps it when
 * its pipe closes (done, code set, *running decremented).  Returns 0, or -1 on a poll error. */
static int vm_jobs_poll(struct vm_job *j, size_t started, size_t *running)
{
    struct pollfd p[VM_TEST_JOBS_MAX];
    size_t who[VM_TEST_JOBS_MAX], n = 0;
    for (size_t i = 0; i < started && n < VM_TEST_JOBS_MAX; i++)
        if (j[i].fd >= 0 && j[i].pid > 0)
            p[n] = (struct pollfd){ j[i].fd, POLLIN, 0 }, who[n++] = i;
    if (vm_ppoll(p, n, -1) < 0 && errno != EINTR)
        return -1;
    for (size_t k = 0; k < n; k++) {
        struct vm_job *jj = &j[who[k]];
        char buf[4096];
        ssize_t got = p[k].revents ? read(jj->fd, buf, sizeof buf) : 0;
        if (got > 0) {
            vm_job_append(jj, buf, (size_t)got);
        } else if (p[k].revents) {
            int st = 0;
            close(jj->fd);
            jj->fd = -1;
            waitpid(jj->pid, &st, 0);
            jj->code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
            jj->pid = 0;
            jj->done = true;
            (*running)--;
        }
    }
    return 0;
}

/* Contract: runs every script, at most jobs at a time, printing each one's output (in file
 * order, once it is complete) and then the aggregate "N passed, N failed" line.  Returns 0 only
 * when every script passed. */
int vm_test(struct vm_opts *o, char **files, size_t nfiles, size_t jobs)
{
    struct vm_job *j = calloc(nfiles, sizeof *j);
    if (j == NULL)
        return VM_EXIT_FAIL;
    size_t next = 0, printed = 0, running = 0;
    unsigned long passed = 0, failed = 0;
    bool all_ok = true, forwarded = false;
    while (printed < nfiles) {
        while (running < jobs && next < nfiles && !vm_signal) {
            if (vm_job_start(&j[next], o, files[next]) != 0) {
                j[next].done = true;
                j[next].code = VM_EXIT_FAIL;
                vm_job_append(&j[next], "vmlan: cannot start the script run\n", 35);
            } else {
                running++;
            }
            next++;
        }
        if (vm_signal && !forwarded) {
            /* a terminal's Ctrl-C reached the children too; a signal sent to us alone is
             * passed on, so each child ends its run and cleans up */
            for (size_t i = 0; i < next; i++)
                if (j[i].pid > 0)
                    kill(j[i].pid, SIGTERM);
            for (; next < nfiles; next++) {
                static const char msg[] = "vmlan: interrupted before this script ran\n";
                j[next].done = true;
                j[next].code = VM_EXIT_SIGNAL;
                vm_job_append(&j[next], "==> ", 4);
                vm_job_append(&j[next], files[next], strlen(files[next]));
                vm_job_append(&j[next], "\n", 1);
                vm_job_append(&j[next], msg, sizeof msg - 1);
            }
            forwarded = true;
        }
        while (printed < nfiles && j[printed].done) {
            if (j[printed].len > 0)
                fputs(j[printed].out, stdout);
            vm_job_counts(&j[printed], &passed, &failed);
            all_ok = all_ok && j[printed].code == 0;
            free(j[printed].out);
            printed++;
        }
        if (running > 0 && vm_jobs_poll(j, next, &running) != 0)
            break;
    }
    free(j);
    printf("%lu passed, %lu failed\n", passed, failed);
    if (vm_signal)
        return VM_EXIT_SIGNAL;
    return all_ok && failed == 0 ? VM_EXIT_PASS : VM_EXIT_FAIL;
}
