/*
 * qbuf.h - walking QDIO buffers in guest storage (pure): the packets of a
 * primed output buffer, and one packet written into an empty input buffer.
 *
 * A buffer is an SBAL of 16 SBALEs (hw/qdio.h), each naming a piece of
 * guest storage; the entry with SBALE_F0_LAST_ENTRY ends it.  A packet is
 * a 32-byte layer-3 qdio header (hw/ipa.h, id 0x01, length = the datagram
 * after it) followed by the IPv4 datagram.  Output (as Linux qeth and
 * Hercules Hyperion use it): each packet starts in its own SBALE; an SBALE
 * with no fragment flags holds a whole packet, FIRST ... MIDDLE ... LAST
 * fragment flags chain SBALEs into one packet; several packets may share
 * one SBAL.  The header must lie in the packet's first SBALE.
 *
 * Everything is read and written through gstore with the queue's SBAL key
 * (the key of the SBAL and of the data it names); a fault is reported,
 * never taken.  Each packet is gathered into a caller buffer of
 * QBUF_PACKET_MAX bytes, so routing sees one linear datagram.
 */
#ifndef QDIO_QBUF_H
#define QDIO_QBUF_H

#include "port.h"
#include "hw/qdio.h"
#include "hw/ipa.h"
#include "cp/vm/gstore.h"

#define QBUF_PACKET_MAX     (QDIO_HDR_LEN + 65535)

enum qbuf_err {
    QBUF_OK             =  0,
    QBUF_ERR_ADDRESSING = -1,           /* SBAL or data outside the guest     */
    QBUF_ERR_PROTECTION = -2,           /* key mismatch                       */
    QBUF_ERR_FORMAT     = -3,           /* no last entry, bad fragment chain,  */
                                        /* header split, length mismatch      */
    QBUF_ERR_TOO_BIG    = -4,           /* input: packet larger than buffer    */
    QBUF_ERR_COUNT      = 5
};

const char *qbuf_err_str(enum qbuf_err e);

/* Called for each packet of an output buffer: pkt[0..len) is the linear
 * copy (header + datagram), valid during the call only. */
typedef void (*qbuf_packet_fn)(void *ctx, const uint8_t *pkt, size_t len);

/* Walk the output buffer whose SBAL is at sbala (key): gather each packet
 * into buf (QBUF_PACKET_MAX bytes) and call fn.  Packets before a fault
 * have been passed on; *npackets says how many.  A packet whose header is
 * not a layer-3 header or whose length disagrees with its SBALEs is
 * QBUF_ERR_FORMAT (and ends the walk). */
enum qbuf_err qbuf_read_output(const struct gstore *gs, uint64_t sbala, uint8_t key,
                               uint8_t *buf, qbuf_packet_fn fn, void *ctx,
                               unsigned *npackets);

/* Write hdr (QDIO_HDR_LEN bytes) + data[0..len) into the input buffer
 * whose SBAL is at sbala (key), filling its SBALEs in order up to the one
 * marked last: the used length goes into each SBALE's length, fragment
 * flags mark a packet that spans SBALEs, and the last SBALE used gets the
 * last-entry flag.  Nothing is stored unless the whole packet fits
 * (QBUF_ERR_TOO_BIG); on a storage fault part of the data may have been
 * stored, and the caller puts the buffer in the error state. */
enum qbuf_err qbuf_write_input(const struct gstore *gs, uint64_t sbala, uint8_t key,
                               const uint8_t hdr[QDIO_HDR_LEN], const uint8_t *data,
                               size_t len);

#endif
