/* netns.c - the run's private network namespace.
 *
 * Every run (Hercules, the runner's console connection, HOST commands) lives in a fresh network
 * namespace created here with unshare(2): the console port 127.0.0.1:3215 and any uplink TAP
 * never collide between parallel runs, and the namespace disappears with the run's processes.
 * As root (CAP_SYS_ADMIN) CLONE_NEWNET is enough; otherwise a user namespace owning the network
 * namespace is created with the current uid/gid mapped to 0 (user_namespaces(7)).  The loopback
 * interface starts down in a new namespace; it is brought up with SIOCSIFFLAGS (netdevice(7)).
 * Sockets opened before ns_enter (the relay listener) stay in the host's namespace.
 * ns_become_init then moves the run into a PID namespace of its own, so nothing a run started
 * can outlive it, even when the runner is killed outright (pid_namespaces(7)).
 * ns_uplink_apply gives the LCS uplink's TAP its host address over rtnetlink (rtnetlink(7)):
 * the same requests as `ip addr replace CIDR dev TAP` and `ip link set TAP up`.
 */
#include "vmlan.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <signal.h>
#include <sys/pidfd.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#define NS_NL_TIMEOUT_S 2          /* the kernel answers at once; this only bounds a hang */

/* Contract: writes text to an existing /proc file; returns 0 or -1 (errno set). */
static int ns_write_file(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    size_t len = strlen(text);
    ssize_t n = write(fd, text, len);
    int saved = errno;
    close(fd);
    errno = saved;
    return n == (ssize_t)len ? 0 : -1;
}

/* Contract: maps uid and gid (the caller's ids before the unshare) to 0 in the fresh user
 * namespace; setgroups must be denied first for an unprivileged gid map.  Returns 0 or -1. */
static int ns_map_ids(uid_t uid, gid_t gid)
{
    char map[64];
    if (ns_write_file("/proc/self/setgroups", "deny") != 0 && errno != ENOENT)
        return -1;
    snprintf(map, sizeof map, "0 %u 1\n", (unsigned)uid);
    if (ns_write_file("/proc/self/uid_map", map) != 0)
        return -1;
    snprintf(map, sizeof map, "0 %u 1\n", (unsigned)gid);
    return ns_write_file("/proc/self/gid_map", map);
}

/* Contract: sets IFF_UP on the loopback interface of the current namespace.  Returns 0 or -1. */
static int ns_loopback_up(void)
{
    struct ifreq ifr;
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    memset(&ifr, 0, sizeof ifr);
    memcpy(ifr.ifr_name, "lo", 3);
    int rc = ioctl(fd, SIOCGIFFLAGS, &ifr);
    if (rc == 0 && !(ifr.ifr_flags & IFF_UP)) {
        ifr.ifr_flags = (short)(ifr.ifr_flags | IFF_UP);
        rc = ioctl(fd, SIOCSIFFLAGS, &ifr);
    }
    close(fd);
    return rc;
}

/* Contract: moves the calling (single-threaded) process into a new network namespace with lo up.
 * Children forked afterwards inherit it.  Returns NS_OK or the step that failed (errno kept). */
enum ns_err ns_enter(void)
{
    uid_t uid = getuid();
    gid_t gid = getgid();
    if (unshare(CLONE_NEWNET) != 0) {
        if (unshare(CLONE_NEWUSER | CLONE_NEWNET) != 0)
            return NS_E_UNSHARE;
        if (ns_map_ids(uid, gid) != 0)
            return NS_E_IDMAP;
    }
    if (ns_loopback_up() != 0)
        return NS_E_LOOPBACK;
    return NS_OK;
}

/* Contract: the outer process's side of ns_become_init: waits for the run (child) to end,
 * passing SIGINT/SIGTERM/SIGHUP on to it, then exits with its exit code.  Never returns. */
static void ns_wait_child(pid_t child)
{
    int pidfd = pidfd_open(child, 0);
    int st = 0;
    for (;;) {
        struct pollfd p = { pidfd, POLLIN, 0 };
        int sig = vm_signal;
        if (sig != 0) {
            vm_signal = 0;
            kill(child, sig);
        }
        if (waitpid(child, &st, WNOHANG) == child)
            break;
        vm_ppoll(&p, pidfd >= 0 ? 1 : 0, pidfd >= 0 ? -1 : 100);
    }
    _exit(WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
}

/* Contract: puts the rest of the run into a new PID namespace: forks a child that becomes its
 * init (PID 1) and returns in that child; the calling process stays outside, waits, and exits
 * with the child's exit code (ns_wait_child).  When the run's init ends - normally, or killed
 * because the outer process was (PR_SET_PDEATHSIG) - the kernel kills every process left in
 * the namespace, background HOST jobs included.  Best effort: when the namespace cannot be
 * made, returns in the calling process and the run goes on without it. */
void ns_become_init(void)
{
    if (unshare(CLONE_NEWPID) != 0)
        return;
    fflush(stdout);
    fflush(stderr);
    pid_t child = fork();
    if (child < 0)
        return;
    if (child > 0)
        ns_wait_child(child);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
}

/* One rtnetlink request with room for a few attributes. */
struct ns_nlreq {
    struct nlmsghdr h;
    union {
        struct ifaddrmsg ifa;
        struct ifinfomsg ifi;
    } u;
    char attrs[64];
};

/* Contract: appends attribute type with len bytes of data to req (room checked by the caller's
 * fixed use: at most two 4-byte attributes). */
static void ns_nl_attr(struct ns_nlreq *req, unsigned short type, const void *data, size_t len)
{
    struct rtattr *a = (struct rtattr *)((char *)req + NLMSG_ALIGN(req->h.nlmsg_len));
    a->rta_type = type;
    a->rta_len = (unsigned short)RTA_LENGTH(len);
    memcpy(RTA_DATA(a), data, len);
    req->h.nlmsg_len = (uint32_t)(NLMSG_ALIGN(req->h.nlmsg_len) + RTA_ALIGN(a->rta_len));
}

/* Contract: sends req (NLM_F_ACK set here) on a fresh NETLINK_ROUTE socket and waits up to
 * NS_NL_TIMEOUT_S for the kernel's acknowledgement.  Returns 0, or -1 with errno set (the
 * kernel's error, or ETIMEDOUT/EPROTO). */
static int ns_nl_talk(struct ns_nlreq *req)
{
    static uint32_t seq;
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (fd < 0)
        return -1;
    struct timeval tv = { NS_NL_TIMEOUT_S, 0 };
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
    req->h.nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
    req->h.nlmsg_seq = ++seq;
    int rc = -1, err = EPROTO;
    if (sendto(fd, req, req->h.nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof kernel) < 0) {
        err = errno;
        goto out;
    }
    for (;;) {
        char buf[4096] __attribute__((aligned(NLMSG_ALIGNTO)));
        ssize_t n = recv(fd, buf, sizeof buf, 0);
        if (n < 0) {
            err = errno == EAGAIN || errno == EWOULDBLOCK ? ETIMEDOUT : errno;
            goto out;
        }
        size_t left = (size_t)n;
        for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, left);
             h = NLMSG_NEXT(h, left)) {
            if (h->nlmsg_seq != req->h.nlmsg_seq || h->nlmsg_type != NLMSG_ERROR)
                continue;
            const struct nlmsgerr *e = NLMSG_DATA(h);
            err = -e->error;
            rc = e->error == 0 ? 0 : -1;
            goto out;
        }
    }
out:
    close(fd);
    errno = err;
    return rc;
}

/* Contract: in the current namespace, replaces the IPv4 address of interface tap with
 * addr/prefix (addr in host byte order) and sets the interface up.  Returns 0, or -1 with a
 * sentence in why (nothing is undone). */
int ns_uplink_apply(const char *tap, uint32_t addr, uint8_t prefix, char *why, size_t whycap)
{
    unsigned idx = if_nametoindex(tap);
    if (idx == 0) {
        snprintf(why, whycap, "no interface %s: %s", tap, strerror(errno));
        return -1;
    }
    struct ns_nlreq req;
    memset(&req, 0, sizeof req);
    req.h.nlmsg_len = NLMSG_LENGTH(sizeof req.u.ifa);
    req.h.nlmsg_type = RTM_NEWADDR;
    req.h.nlmsg_flags = NLM_F_CREATE | NLM_F_REPLACE;
    req.u.ifa.ifa_family = AF_INET;
    req.u.ifa.ifa_prefixlen = prefix;
    req.u.ifa.ifa_scope = RT_SCOPE_UNIVERSE;
    req.u.ifa.ifa_index = idx;
    uint32_t be = htonl(addr);
    ns_nl_attr(&req, IFA_LOCAL, &be, sizeof be);
    ns_nl_attr(&req, IFA_ADDRESS, &be, sizeof be);
    if (ns_nl_talk(&req) != 0) {
        snprintf(why, whycap, "address on %s: %s", tap, strerror(errno));
        return -1;
    }
    memset(&req, 0, sizeof req);
    req.h.nlmsg_len = NLMSG_LENGTH(sizeof req.u.ifi);
    req.h.nlmsg_type = RTM_NEWLINK;
    req.u.ifi.ifi_family = AF_UNSPEC;
    req.u.ifi.ifi_index = (int)idx;
    req.u.ifi.ifi_flags = IFF_UP;
    req.u.ifi.ifi_change = IFF_UP;
    if (ns_nl_talk(&req) != 0) {
        snprintf(why, whycap, "setting %s up: %s", tap, strerror(errno));
        return -1;
    }
    return 0;
}

const char *ns_err_str(enum ns_err e)
{
    static const char *const s[] = {
        [0] = "ok",
        [1] = "a run needs its own network namespace: run as root "
              "(or enable unprivileged user namespaces)",
        [2] = "user namespace created but the uid/gid map was refused",
        [3] = "cannot bring up the loopback interface in the run's namespace",
    };
    int i = -(int)e;
    if (i < 0 || (size_t)i >= sizeof s / sizeof s[0])
        return "unknown namespace error";
    return s[i];
}
