/*
 * netio.h - the CMS IP layer over the QDIO driver (target only): sending
 * datagrams through an interface's output queue (SIGA-w), taking the
 * datagrams CP stored in its input queue, answering ICMP echo requests,
 * and handing echo replies and UDP datagrams to the command that waits
 * for them.
 *
 * Output: the next output buffer in ring order gets the 32-byte layer-3
 * qdio header (next hop in the header, as OSA expects) and the datagram
 * in its 4 KB pages (one SBALE per page, fragment flags when it spans),
 * then SLSB 62 and SIGA-w; CP takes it during the SIGA, so the buffer is
 * empty (A1) or in error (AF) when SIGA returns.
 * Input: buffers are consumed strictly in ring order; a consumed ring
 * entry k gives its buffer to entry k + nbuf_in (re-armed, SLSB 41).
 * Received datagrams are checked (IPv4 header checksum, ICMP/UDP
 * checksums) and must be for the interface's address or a broadcast.
 */
#ifndef CMS_NETIO_H
#define CMS_NETIO_H

#include "port.h"
#include "cms-tools/qeth.h"

/* What a command waiting for traffic gets. */
struct net_consumer {
    void (*echo_reply)(uint32_t src, uint16_t ident, uint16_t seq, const uint8_t *data,
                       size_t n);
    void (*udp)(struct qeth_if *q, uint32_t src, uint16_t sport, uint16_t dport,
                const uint8_t *data, size_t n);
};

/* The consumer for echo replies and UDP (NULL: none; they are dropped). */
void net_set_consumer(const struct net_consumer *c);

/* The interface that reaches dst and the next hop: dst itself when it is
 * in the interface's subnet (or a broadcast), else its GATEWAY; NULL if
 * no interface that is up has a route. */
struct qeth_if *net_route(uint32_t dst, uint32_t *nexthop);

/* Send an IPv4 datagram with payload[0..n) of proto from q's address to
 * dst via nexthop; false if the output buffer could not be used or CP put
 * it in the error state. */
bool net_send(struct qeth_if *q, uint32_t dst, uint32_t nexthop, uint8_t proto,
              const uint8_t *payload, size_t n);

/* Scratch for building payloads (64 KB). */
extern uint8_t net_payload[65536];

/* Take every datagram waiting in the input queues; returns how many. */
unsigned net_poll(void);

/* An I/O interruption of subchannel ssid was taken (cio.c): poll when it
 * is a NIC's DATA device (its PCI). */
void net_io_interrupt(uint32_t ssid);

enum net_wait {
    NET_WAIT_INPUT,                     /* datagrams were taken              */
    NET_WAIT_TIMEOUT,                   /* the deadline passed               */
    NET_WAIT_CONSOLE,                   /* a console line is waiting         */
};

/* Poll, and if nothing came wait (enabled for I/O and the clock
 * comparator) until something does or the TOD clock reaches deadline. */
enum net_wait net_wait(uint64_t deadline);

#endif
