/*
 * udpblast.c - host side of the uplink benchmarks (make bench): send UDP
 * datagrams as fast as the socket takes them, or count the ones that
 * arrive.  Plain POSIX sockets; host only.
 *   udpblast send ADDR PORT COUNT SIZE [PPS]  -> "sent N datagrams of S bytes in U us"
 *                                          (PPS: at most that many per second)
 *   udpblast sink PORT IDLE_MS           -> "received N datagrams, B bytes in U us"
 *                                          (first to last; ends IDLE_MS after the last,
 *                                          or after 30 s with none)
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static long long now_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000 + t.tv_nsec / 1000;
}

static int usage(void)
{
    fprintf(stderr, "usage: udpblast send ADDR PORT COUNT SIZE | sink PORT IDLE_MS\n");
    return 2;
}

static int do_send(const char *addr, int port, long count, int size, long pps)
{
    static char buf[65536];
    struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons((unsigned short)port) };
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    if (s < 0 || inet_pton(AF_INET, addr, &to.sin_addr) != 1 || size < 0 || size > 65507)
        return usage();
    memset(buf, 0x5A, (size_t)size);
    long sent = 0;
    long long t0 = now_us();
    for (long i = 0; i < count; i++) {
        while (pps > 0 && now_us() - t0 < i * 1000000LL / pps)
            ;                           /* paced: busy-wait for the slot */
        if (sendto(s, buf, (size_t)size, 0, (struct sockaddr *)&to, sizeof to) == size)
            sent++;
    }
    printf("sent %ld datagrams of %d bytes in %lld us\n", sent, size, now_us() - t0);
    close(s);
    return sent == count ? 0 : 1;
}

static int do_sink(int port, int idle_ms)
{
    static char buf[65536];
    struct sockaddr_in me = { .sin_family = AF_INET, .sin_port = htons((unsigned short)port),
                              .sin_addr.s_addr = htonl(INADDR_ANY) };
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    int rcv = 8 << 20;
    setsockopt(s, SOL_SOCKET, SO_RCVBUF, &rcv, sizeof rcv);
    if (s < 0 || bind(s, (struct sockaddr *)&me, sizeof me) != 0) {
        perror("udpblast: bind");
        return 1;
    }
    printf("listening\n");
    fflush(stdout);
    long n = 0;
    long long bytes = 0, first = 0, last = 0;
    for (;;) {
        struct pollfd p = { s, POLLIN, 0 };
        if (poll(&p, 1, n ? idle_ms : 30000) <= 0)
            break;
        ssize_t r = recv(s, buf, sizeof buf, 0);
        if (r < 0)
            continue;
        last = now_us();
        if (!n++)
            first = last;
        bytes += r;
    }
    printf("received %ld datagrams, %lld bytes in %lld us\n", n, bytes, last - first);
    close(s);
    return 0;
}

int main(int argc, char **argv)
{
    if ((argc == 6 || argc == 7) && !strcmp(argv[1], "send"))
        return do_send(argv[2], atoi(argv[3]), atol(argv[4]), atoi(argv[5]),
                       argc == 7 ? atol(argv[6]) : 0);
    if (argc == 4 && !strcmp(argv[1], "sink"))
        return do_sink(atoi(argv[2]), atoi(argv[3]));
    return usage();
}
