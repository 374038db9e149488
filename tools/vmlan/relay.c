/* relay.c - a person's way onto the console of a running system.
 *
 * Hercules listens on 127.0.0.1:3215 inside the run's private network namespace, which no
 * program outside can reach.  The runner listens on 127.0.0.1:N in the host's namespace (the
 * socket is made before ns_enter) and copies every accepted connection byte-for-byte, both ways,
 * to a connection it opens to 127.0.0.1:3215 from inside the namespace.  The telnet negotiation
 * is the person's own client's (TERM=dumb telnet, c3270 -tn DUMB): Hercules then gives it the
 * first free console without a group, 001F.  Everything is non-blocking and driven by the
 * runner's poll loop (run_pump); a side's EOF is passed on as shutdown(SHUT_WR).
 */
#include "vmlan.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Contract: binds and listens on 127.0.0.1:port; returns the socket or -1. */
static int relay_bind(int port)
{
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return -1;
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(fd, 4) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Contract: opens the relay listener in the current (host) namespace: port, or when port is 0
 * VM_RELAY_PORT; when that is busy, an ephemeral port.  Sets r->port; returns 0 or -1. */
int relay_listen(struct relay *r, int port)
{
    memset(r, 0, sizeof *r);
    for (size_t i = 0; i < RELAY_MAX_CONN; i++)
        r->conn[i].outer = r->conn[i].inner = -1;
    r->listen_fd = relay_bind(port > 0 ? port : VM_RELAY_PORT);
    if (r->listen_fd < 0)
        r->listen_fd = relay_bind(0);
    if (r->listen_fd < 0)
        return -1;
    struct sockaddr_in a;
    socklen_t alen = sizeof a;
    if (getsockname(r->listen_fd, (struct sockaddr *)&a, &alen) != 0) {
        relay_close(r);
        return -1;
    }
    r->port = ntohs(a.sin_port);
    return 0;
}

static void relay_drop(struct relay_conn *c)
{
    if (c->outer >= 0)
        close(c->outer);
    if (c->inner >= 0)
        close(c->inner);
    memset(c, 0, sizeof *c);
    c->outer = c->inner = -1;
}

/* Contract: accepts one pending connection and pairs it with a new connection to the console
 * port inside the run's namespace.  Refused (closed at once) when every slot is taken or the
 * console cannot be reached. */
static void relay_accept(struct relay *r)
{
    int fd = accept4(r->listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd < 0)
        return;
    struct relay_conn *c = NULL;
    for (size_t i = 0; i < RELAY_MAX_CONN && c == NULL; i++)
        if (r->conn[i].outer < 0)
            c = &r->conn[i];
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(VM_CONSOLE_PORT);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int in = c ? socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0) : -1;
    if (in < 0 || connect(in, (struct sockaddr *)&a, sizeof a) != 0) {
        if (in >= 0)
            close(in);
        close(fd);
        return;
    }
    int one = 1;
    setsockopt(in, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    fcntl(in, F_SETFL, fcntl(in, F_GETFL) | O_NONBLOCK);
    memset(c, 0, sizeof *c);
    c->outer = fd;
    c->inner = in;
}

/* Contract: appends the poll entries the relay needs (listener, then two per connection in slot
 * order) to p[0..max); returns how many.  relay_handle must get the same array back. */
size_t relay_pollfds(const struct relay *r, struct pollfd *p, size_t max)
{
    size_t n = 0;
    if (r->listen_fd < 0 || max < 1 + 2 * RELAY_MAX_CONN)
        return 0;
    p[n++] = (struct pollfd){ r->paused ? -1 : r->listen_fd, POLLIN, 0 };
    for (size_t i = 0; i < RELAY_MAX_CONN; i++) {
        const struct relay_conn *c = &r->conn[i];
        short ev_out = 0, ev_in = 0;
        if (c->outer >= 0) {
            /* read a side only when its bytes have been passed on; write when some wait */
            if (!c->out2in.eof && c->out2in.len == 0)
                ev_out |= POLLIN;
            if (c->in2out.len > 0)
                ev_out |= POLLOUT;
            if (!c->in2out.eof && c->in2out.len == 0)
                ev_in |= POLLIN;
            if (c->out2in.len > 0)
                ev_in |= POLLOUT;
        }
        p[n++] = (struct pollfd){ c->outer, ev_out, 0 };
        p[n++] = (struct pollfd){ c->inner, ev_in, 0 };
    }
    return n;
}

/* Contract: moves bytes for one direction: reads from src into h when h is empty and src is
 * readable, then writes what h holds to dst (non-blocking).  Returns false on a write error. */
static bool relay_move(int src, short src_ev, int dst, struct relay_half *h)
{
    if ((src_ev & (POLLIN | POLLHUP | POLLERR)) && h->len == 0 && !h->eof) {
        ssize_t n = recv(src, h->buf, sizeof h->buf, 0);
        if (n > 0) {
            h->len = (size_t)n;
            h->off = 0;
        } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
            h->eof = true;
            shutdown(dst, SHUT_WR);
        }
    }
    if (h->len > 0) {
        ssize_t n = send(dst, h->buf + h->off, h->len, MSG_NOSIGNAL);
        if (n < 0 && errno != EAGAIN && errno != EINTR)
            return false;
        if (n > 0) {
            h->off += (size_t)n;
            h->len -= (size_t)n;
        }
    }
    return true;
}

/* Contract: handles the poll results for the entries relay_pollfds produced. */
void relay_handle(struct relay *r, const struct pollfd *p, size_t n)
{
    if (n == 0)
        return;
    if (p[0].revents & POLLIN)
        relay_accept(r);
    for (size_t i = 0; i < RELAY_MAX_CONN && 2 + 2 * i < n; i++) {
        struct relay_conn *c = &r->conn[i];
        const struct pollfd *po = &p[1 + 2 * i], *pi = &p[2 + 2 * i];
        if (c->outer < 0 || po->fd != c->outer)
            continue;           /* slot was filled by the accept above: next round */
        bool ok = relay_move(c->outer, po->revents, c->inner, &c->out2in);
        ok = relay_move(c->inner, pi->revents, c->outer, &c->in2out) && ok;
        bool done = c->out2in.eof && c->in2out.eof && c->out2in.len == 0 && c->in2out.len == 0;
        if (!ok || done || (po->revents & POLLERR) || (pi->revents & POLLERR))
            relay_drop(c);
    }
}

void relay_close(struct relay *r)
{
    for (size_t i = 0; i < RELAY_MAX_CONN; i++)
        relay_drop(&r->conn[i]);
    if (r->listen_fd >= 0)
        close(r->listen_fd);
    r->listen_fd = -1;
}
