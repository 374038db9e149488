/*
 * uplink.h - CP's driver for a real OSA in LCS mode (Hercules 3.13's LCS
 * device) as the uplink of a VSWITCH (pure: the channel I/O is the
 * caller's, through struct uplink_ops).
 *
 * shared/reference/lcs.md is the device: READ device rdev, WRITE device
 * rdev+1; WRITE (01) carries commands and Ethernet frames, READ (02)
 * returns replies and received frames, both as LCS-header chains.  The
 * driver keeps one READ of UPLINK_BUF bytes outstanding at all times
 * (two buffers: the next READ starts before the last one is parsed) and
 * batches outbound frames into one WRITE while the previous WRITE runs.
 *
 * Start-up: STARTUP (buffer size) -> LANSTAT (the MAC) -> STARTLAN, each
 * answered in the READ data; a command without reply within
 * UPLINK_CMD_TIMEOUT_MS fails the start (lcs.md §7: Hercules hangs on bad
 * commands instead of answering).  Then the uplink is READY:
 *   outbound: an IPv4 datagram for next hop H goes out in an Ethernet
 *     frame to H's MAC; an unknown H is ARPed for (osa/arp.h) and the
 *     datagram waits in a bounded queue;
 *   inbound: ARP requests for addresses the VSWITCH's guests registered
 *     are answered with the uplink's MAC (what a real OSA does for
 *     layer-3 guests); ARP replies fill the cache; unicast IPv4 to the
 *     uplink's MAC goes to the route function; everything else
 *     (broadcast IPv4, other EtherTypes, IPv6) is counted and dropped.
 * A WRITE that ends in unit check (the TAP went down) loses its frames,
 * is counted, and the driver carries on.
 */
#ifndef OSA_UPLINK_H
#define OSA_UPLINK_H

#include "port.h"
#include "osa/lcs.h"
#include "osa/arp.h"

#define UPLINK_BUF              0x5000  /* STARTUP size and READ count      */
#define UPLINK_CMD_TIMEOUT_MS   3000

enum uplink_state {
    UPLINK_DOWN,
    UPLINK_STARTING,
    UPLINK_READY,
    UPLINK_FAILED,
};

const char *uplink_state_str(enum uplink_state s);

struct uplink_ops {
    /* Start a READ of cap bytes into buf / a WRITE of buf[0..len): false
     * if the device does not take it (then the start fails). */
    bool (*read)(void *ctx, uint8_t *buf, size_t cap);
    bool (*write)(void *ctx, const uint8_t *buf, size_t len);
    /* The state changed (READY: print the ready message). */
    void (*state)(void *ctx, enum uplink_state s);
    /* An inbound IPv4 datagram for the route function. */
    void (*input)(void *ctx, const uint8_t *dgram, size_t len);
    /* Does a guest on the VSWITCH own ip (answer ARP for it)? */
    bool (*owns)(void *ctx, uint32_t ip);
    void *ctx;
};

struct uplink_counters {
    uint64_t frames_in, frames_out, bytes_in, bytes_out;
    uint64_t writes, write_errors, reads;
    uint64_t arp_in, arp_out;
    uint64_t dropped_in;                /* frames not for a guest           */
    uint64_t dropped_out;               /* frames that did not fit a buffer  */
    uint64_t starts;
};

struct uplink {
    const struct uplink_ops *ops;
    enum uplink_state state;
    uint8_t  step;                      /* start-up command awaited          */
    uint16_t seq;
    uint64_t deadline_ms;               /* of the awaited reply              */
    uint8_t  mac[6];
    bool     have_mac;
    /* READ: one outstanding, into rbuf[rcur] */
    uint8_t  rbuf[2][UPLINK_BUF];
    unsigned rcur;
    bool     reading;
    /* WRITE: wbuf[wcur] fills while wbuf[wcur ^ 1] is being written */
    uint8_t  wbuf[2][UPLINK_BUF];
    struct lcs_wbuf w;
    unsigned wcur;
    bool     writing;
    struct arp_cache arp;
    struct uplink_counters c;
};

/* A stopped driver with ops. */
void uplink_init(struct uplink *u, const struct uplink_ops *ops);
/* Begin the start-up (READ + STARTUP); the result comes as a state. */
void uplink_start(struct uplink *u, uint64_t now_ms);
/* Forget the device (after the caller halted its I/O). */
void uplink_stop(struct uplink *u);
/* The outstanding READ ended with got bytes (ok: no error status). */
void uplink_read_done(struct uplink *u, bool ok, size_t got, uint64_t now_ms);
/* The WRITE ended; ok false = unit check. */
void uplink_write_done(struct uplink *u, bool ok, uint64_t now_ms);
/* Send an IPv4 datagram to next hop nexthop: false if it could not be
 * sent or queued (counted by the caller as no buffer). */
bool uplink_output(struct uplink *u, const uint8_t *dgram, size_t len, uint32_t nexthop,
                   uint64_t now_ms);
/* Timeouts: the awaited reply, ARP expiry. */
void uplink_tick(struct uplink *u, uint64_t now_ms);

#endif
