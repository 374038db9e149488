/* vmlan.h - the host launcher and end-to-end runner bin/vmlan: shared types and functions.
 *
 * One run = a private network namespace (netns.c), a scratch directory, Hercules started from
 * conf/hercules.{cnf,rc}.in (herc.c), the runner's own telnet client on the 3215 operator console
 * 0009 (telnet.c over the pure telnet_codec.c), HOST commands (host.c), an optional relay from
 * the host's namespace to the second console 001F (relay.c).  run.c owns the event loop and the
 * console line store, exec.c runs scripts (parsed by the pure script.c), main.c the modes.
 * Every run has an LCS uplink at 0E40-0E41 whose TAP gets the host address (--uplink-net) each
 * time CP reports a VSWITCH ready (the pure uplink.c, netns.c, run.c).  An interactive run
 * without --directory boots the default system (conf/system.direct) and types the CP commands
 * of conf/autolog.cp after the first Ready (autolog.c).
 * How and why: docs/console.md, docs/scripts.md.
 */
#ifndef VMLAN_VMLAN_H
#define VMLAN_VMLAN_H

#include <limits.h>
#include <poll.h>
#include <regex.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "telnet_codec.h"
#include "uplink.h"

/* Fixed facts of every run (inside the run's own namespace, so they never collide). */
#define VM_CONSOLE_PORT    3215        /* Hercules CNSLPORT 127.0.0.1:3215 */
#define VM_RUNNER_GROUP    "VMLAN"     /* 0009's group: only the runner's client gets it */
#define VM_RUNNER_DEVNO    "0009"
#define VM_RUNNER_TTYPE    "DUMB@" VM_RUNNER_GROUP
#define VM_RELAY_PORT      32150       /* default relay port in the host's namespace */

/* CP's end-of-response line.  A compile-time constant so a test CP that prints something else
 * can be targeted with -DVMLAN_READY_RE='"..."'. */
#ifndef VMLAN_READY_RE
#define VMLAN_READY_RE     "^Ready(\\([0-9]+\\))?;$"
#endif

/* Time limits, milliseconds. */
#define VM_LOST_LINE_MS     2000    /* no answer at all: the line's ATTENTION was lost */
#define VM_LOST_LINE_TRIES  3
#define VM_CONNECT_MS      10000u      /* Hercules listening on the console port */
#define VM_CONNECT_STEP_MS 20u
#define VM_RC_STEP_MS      5u          /* log polling while Hercules reads its rc file */
#define VM_BOOT_MS         60000u      /* IPL to the first Ready */
#define VM_CP_MS           30000u      /* default CP response time (--timeout) */
#define VM_SHUTDOWN_MS     30000u      /* SHUTDOWN to Hercules exit */
#define VM_HOST_MS         60000u      /* one HOST command */
#define VM_PACE_MS         30000u      /* interactive: next stdin line without a Ready */
#define VM_EOF_GRACE_MS    1000u       /* console closed, Hercules still alive: dead after this */
#define VM_TICK_MS         50u         /* log tail period */

enum vm_exit { VM_EXIT_PASS = 0, VM_EXIT_FAIL = 1, VM_EXIT_USAGE = 2, VM_EXIT_SIGNAL = 130 };

struct vm_opts {
    const char *root;          /* repository root (bin/.. or $VMLAN_ROOT) */
    const char *script;        /* run --script FILE; NULL = interactive */
    const char *directory;     /* user directory file (absolute) or NULL */
    const char *autolog;       /* interactive: CP commands typed after boot (autolog.c) or NULL */
    bool no_autolog;           /* --no-autolog */
    bool default_system;       /* interactive, no --directory: conf/system.direct */
    uint32_t storage_mb;
    uint32_t cp_timeout_ms;
    int console_port;          /* relay port: -1 off, 0 default (32150 or ephemeral), N */
    bool trace;                /* OSTAILOR NULL */
    bool keep;                 /* keep the scratch directory after a passing run */
    bool verbose;              /* print console lines as they arrive (script mode) */
    struct upl_net uplink;     /* --uplink-net: host address of the LCS TAP, OAT address */
};

/* ---- netns.c ---------------------------------------------------------------------------- */
enum ns_err {
    NS_OK = 0,
    NS_E_UNSHARE = -1,         /* neither CLONE_NEWNET nor CLONE_NEWUSER|CLONE_NEWNET worked */
    NS_E_IDMAP = -2,           /* user namespace made, uid/gid map refused */
    NS_E_LOOPBACK = -3,        /* lo could not be brought up */
};
enum ns_err ns_enter(void);
void ns_become_init(void);
int ns_uplink_apply(const char *tap, uint32_t addr, uint8_t prefix, char *why, size_t whycap);
const char *ns_err_str(enum ns_err e);

/* ---- herc.c ------------------------------------------------------------------------------- */
struct herc {
    pid_t pid;                 /* also its process group; 0 when not started */
    int pidfd;                 /* readable when Hercules exits; -1 when none */
    bool exited;
    int status;                /* waitpid status once exited */
    int logfd;                 /* hercules.log opened for tailing */
    char logbuf[512];          /* partial log line */
    size_t loglen;
    bool rc_done;              /* HHCPN013I: the rc file (HAO rule) has been processed */
    bool wait_seen;            /* HHCCP011I Disabled wait state seen */
    char psw[96];              /* its PSW line, once seen */
    bool psw_seen;
    bool ipl_failed;           /* HHCCPnnnE ... IPL failed */
    char ipl_msg[128];
    char tap[UPL_IFNAME_MAX];  /* the uplink LCS's TAP (HHCLC073I), "" until seen */
};
int herc_write_config(const struct vm_opts *o, const char *dir, char *why, size_t whycap);
int herc_start(struct herc *h, const char *dir);
void herc_reap(struct herc *h);
void herc_tail_log(struct herc *h);
void herc_stop(struct herc *h, uint32_t grace_ms);
void herc_print_log_tail(const char *dir, size_t nlines);
int herc_exit_code(const struct herc *h);

/* ---- telnet.c ----------------------------------------------------------------------------- */
struct tn {
    int fd;                    /* -1 when closed */
    struct tnc codec;
    bool connected;            /* banner seen: console lines follow */
    bool rejected;
    bool eof;
};
typedef void (*tn_line_fn)(void *ctx, const char *line);
int tn_connect(struct tn *t, int port, int64_t deadline_ms, const struct herc *h);
int tn_read(struct tn *t, tn_line_fn on_line, void *ctx);
int tn_send_line(struct tn *t, const char *text);
int tn_resend_line(struct tn *t, const char *text);
void tn_close(struct tn *t);

/* ---- relay.c ------------------------------------------------------------------------------ */
#define RELAY_MAX_CONN 4
#define RELAY_BUF      4096
struct relay_half {            /* bytes read from one side, not yet written to the other */
    uint8_t buf[RELAY_BUF];
    size_t len, off;
    bool eof;
};
struct relay_conn {
    int outer;                 /* accepted in the host's namespace; -1 = slot free */
    int inner;                 /* to 127.0.0.1:3215 in the run's namespace */
    struct relay_half in2out, out2in;
};
struct relay {
    int listen_fd;             /* -1 = off */
    bool paused;               /* leave connections queued (until the runner owns 0009) */
    int port;
    struct relay_conn conn[RELAY_MAX_CONN];
};
int relay_listen(struct relay *r, int port);
size_t relay_pollfds(const struct relay *r, struct pollfd *p, size_t max);
void relay_handle(struct relay *r, const struct pollfd *p, size_t n);
void relay_close(struct relay *r);

/* ---- host.c ------------------------------------------------------------------------------- */
#define HOST_MAX_GROUPS 256
struct hostset {
    pid_t pgid[HOST_MAX_GROUPS];  /* every HOST command's process group, killed at the end */
    size_t n;
};
struct run;
bool host_run(struct run *r, const char *cmd, uint32_t limit_ms, char *why, size_t whycap);
void host_kill_all(struct hostset *hs);
pid_t vm_spawn(const char *const argv[], const char *cwd, const char *const env[], int out_fd);

/* ---- run.c -------------------------------------------------------------------------------- */
struct lines {
    char **v;
    size_t n, cap;
};
struct run {
    const struct vm_opts *o;
    char dir[PATH_MAX];            /* scratch directory */
    char hostdir[PATH_MAX + 8];    /* cwd of HOST commands */
    char response_path[PATH_MAX + 16];
    char console_path[PATH_MAX + 16];
    struct herc herc;
    struct tn tn;
    struct relay relay;
    struct hostset hosts;
    struct lines console;          /* every console line so far */
    struct lines response;         /* the latest CP response */
    size_t window;                 /* WAIT window: console index where the latest CP/HOST began */
    int console_fd;                /* VMLAN_CONSOLE file, appended per line */
    regex_t ready;
    regex_t uplink_ready;          /* UPL_READY_RE: a VSWITCH finished its LCS start-up */
    bool echo;                     /* print console lines as they arrive */
    const char *echo_prefix;
    bool shutdown_sent;
    bool exit0_ends;               /* interactive: Hercules exiting 0 is a clean end whoever
                                      typed SHUTDOWN (a person on 001F may have) */
    bool ended;                    /* Hercules exited 0 after SHUTDOWN */
    bool dead;                     /* CP unreachable for another reason; see why */
    char why[512];
    int64_t eof_at;                /* when the console closed while Hercules lived, 0 = never */
    int64_t t0;                    /* Hercules started (ms) */
};
extern volatile int vm_signal;     /* set by SIGINT/SIGTERM/SIGHUP */
int64_t vm_now_ms(void);
void vm_signals_init(void);
int vm_ppoll(struct pollfd *p, size_t n, int64_t timeout_ms);
int run_setup(struct run *r, const struct vm_opts *o, char *why, size_t whycap);
bool run_boot(struct run *r, char *why, size_t whycap);
bool run_pump(struct run *r, int64_t timeout_ms, struct pollfd *extra, size_t nextra);
bool run_cp(struct run *r, const char *cmd, uint32_t limit_ms, char *why, size_t whycap);
bool run_shutdown(struct run *r, const char *cmd, bool *refused, char *why, size_t whycap);
bool run_is_ready(const struct run *r, const char *line);
bool run_is_uplink_ready(const struct run *r, const char *line);
void run_finish(struct run *r, bool passed);
void run_response_write(struct run *r);

/* ---- exec.c ------------------------------------------------------------------------------- */
int exec_script_file(const struct vm_opts *o);

/* ---- autolog.c ---------------------------------------------------------------------------- */
/* Sends the CP commands of file path (after the first Ready), then waits for the guests and
 * VSWITCH they started; failures are printed.  False only when CP ended or died or a signal
 * came (the session cannot go on). */
bool autolog_run(struct run *r, const char *path);

/* ---- interactive.c, main.c ------------------------------------------------------------------ */
int vm_interactive(const struct vm_opts *o);
int vm_test(struct vm_opts *o, char **files, size_t nfiles, size_t jobs);

#endif
