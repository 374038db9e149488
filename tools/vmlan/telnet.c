/* telnet.c - the runner's telnet client on CP's operator console (3215 at 0009).
 *
 * Socket side of telnet_codec.c.  Facts (shared/reference/console-telnet.md §2, §4, §6, §7):
 * negotiation is server-driven and compared byte-exact, so each reply goes out in its own
 * send() the moment the codec produces it, and nothing else is sent before the banner line
 * "Connected to device 0:0009".  Hercules sends each console CCW with its own send() and without
 * TCP_NODELAY, so TCP_QUICKACK is re-armed after every recv (otherwise the second line of a reply
 * waits ~40 ms for our delayed ACK).  An operator line is one send() of text CR LF; two lines in
 * one segment make Hercules lose the line (overrun), so callers wait for CP's Ready in between.
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
#include <time.h>
#include <unistd.h>

/* Contract: one connect attempt to 127.0.0.1:port.  Returns a connected blocking socket or -1. */
static int tn_try_connect(int port)
{
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Contract: connects to the console port, retrying every VM_CONNECT_STEP_MS until deadline_ms
 * (vm_now_ms clock) while Hercules starts; gives up early when h has exited.  On success the
 * socket is non-blocking with TCP_NODELAY and the codec is ready; returns 0, else -1. */
int tn_connect(struct tn *t, int port, int64_t deadline_ms, const struct herc *h)
{
    memset(t, 0, sizeof *t);
    t->fd = -1;
    if (tnc_init(&t->codec, VM_RUNNER_TTYPE) != TNC_OK)
        return -1;
    for (;;) {
        t->fd = tn_try_connect(port);
        if (t->fd >= 0)
            break;
        if (h->exited || vm_now_ms() >= deadline_ms || vm_signal)
            return -1;
        struct timespec ts = { 0, (long)VM_CONNECT_STEP_MS * 1000000L };
        nanosleep(&ts, NULL);
    }
    int one = 1;
    setsockopt(t->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    fcntl(t->fd, F_SETFL, fcntl(t->fd, F_GETFL) | O_NONBLOCK);
    return 0;
}

/* Contract: sends all of buf in one send() call (the console is a byte-exact peer); returns 0
 * or -1.  A short send is reported as an error rather than split. */
static int tn_send_all(struct tn *t, const uint8_t *buf, size_t len)
{
    ssize_t n;
    do
        n = send(t->fd, buf, len, MSG_NOSIGNAL);
    while (n < 0 && errno == EINTR);
    return n == (ssize_t)len ? 0 : -1;
}

/* Contract: reads what the server sent (non-blocking), answers negotiation, and calls on_line
 * for each complete console line.  Returns 0; -1 on EOF or a socket error (t->eof set, the
 * socket stays open until tn_close) or when Hercules rejected the connection (t->rejected). */
int tn_read(struct tn *t, tn_line_fn on_line, void *ctx)
{
    uint8_t buf[8192];
    if (t->fd < 0 || t->eof)
        return -1;
    for (;;) {
        ssize_t n = recv(t->fd, buf, sizeof buf, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return 0;
        if (n <= 0) {
            t->eof = true;
            return -1;
        }
        int one = 1;
        setsockopt(t->fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
        size_t off = 0;
        while (off < (size_t)n) {
            size_t used = 0;
            enum tnc_event ev = tnc_decode(&t->codec, buf + off, (size_t)n - off, &used);
            off += used;
            if (ev == TNC_EV_REPLY && tn_send_all(t, t->codec.reply, t->codec.reply_len) != 0) {
                t->eof = true;
                return -1;
            }
            if (ev == TNC_EV_CONNECTED)
                t->connected = true;
            else if (ev == TNC_EV_REJECTED)
                t->rejected = true;
            else if (ev == TNC_EV_LINE)
                on_line(ctx, t->codec.line);
        }
        if (t->rejected)
            return -1;
    }
}

/* Contract: sends one operator line (at most TNC_INPUT_MAX printable ASCII bytes) as text CR LF
 * in one send().  Returns 0, or -1 when not connected, the text is not sendable or the send
 * failed.  The caller paces lines (one per CP Ready). */
int tn_send_line(struct tn *t, const char *text)
{
    uint8_t buf[TNC_INPUT_MAX + 2];
    if (t->fd < 0 || !t->connected || t->eof)
        return -1;
    size_t n = tnc_encode_line(text, buf, sizeof buf);
    if (n == 0)
        return -1;
    return tn_send_all(t, buf, n);
}

/* Contract: like tn_send_line, but erases Hercules' keyboard buffer first (telnet IAC EL,
 * processed before the new line in the same packet).  For a line whose ATTENTION Hercules
 * 3.13 lost: that line stays in its buffer, already translated, and would spoil the next. */
int tn_resend_line(struct tn *t, const char *text)
{
    uint8_t buf[TNC_INPUT_MAX + 4];
    if (t->fd < 0 || !t->connected || t->eof)
        return -1;
    buf[0] = 0xFF;                      /* IAC */
    buf[1] = 0xF8;                      /* EL  */
    size_t n = tnc_encode_line(text, buf + 2, sizeof buf - 2);
    if (n == 0)
        return -1;
    return tn_send_all(t, buf, n + 2);
}

void tn_close(struct tn *t)
{
    if (t->fd >= 0)
        close(t->fd);
    t->fd = -1;
}
