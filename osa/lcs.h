/*
 * lcs.h - LCS buffer codec for CP's uplink driver (pure): packing command
 * and Ethernet frames into a WRITE buffer, walking the frames of a READ
 * buffer, and decoding command replies.
 *
 * Formats are in include/hw/lcs.h (Hercules 3.13 ctcadpt.h / ctc_lcs.c,
 * Linux drivers/s390/net/lcs.h; shared/reference/lcs.md §3-§5).  What the
 * codec enforces so that Hercules never hangs (lcs.md §7): the initiator
 * of every command is 0x00, a STARTUP size lies in 0x4000..0x5000, and
 * every WRITE buffer ends in 00 00.  Parsers take untrusted bytes: every
 * offset is checked against the buffer before use, and a call that
 * returns an error has told nothing about the bytes.  No I/O.
 */
#ifndef OSA_LCS_H
#define OSA_LCS_H

#include "port.h"
#include "hw/lcs.h"

/* The largest buffer the 16-bit header offsets can describe. */
#define LCS_WBUF_MAX            0xFFFF

enum lcs_err {
    LCS_END             =  1,           /* no more frames (not an error)     */
    LCS_OK              =  0,
    LCS_ERR_SHORT       = -1,           /* shorter than its header / field   */
    LCS_ERR_OFFSET      = -2,           /* next-frame offset does not advance */
    LCS_ERR_BEYOND      = -3,           /* next-frame offset past the data   */
    LCS_ERR_TYPE        = -4,           /* not a command frame               */
    LCS_ERR_COUNT       = 5             /* number of values <= 0             */
};

/* A name for e (LCS_END included); "unknown LCS error" out of range. */
const char *lcs_err_str(enum lcs_err e);

/* ---- WRITE buffer ------------------------------------------------------- */

/* Frames are appended at len; an append succeeds only if the 00 00
 * terminator still fits after it, so lcs_wbuf_finish cannot fail. */
struct lcs_wbuf {
    uint8_t *buf;
    size_t   cap;                       /* <= LCS_WBUF_MAX                   */
    size_t   len;                       /* bytes of frames so far            */
    unsigned frames;                    /* frames appended                   */
};

/* Start an empty buffer over buf[0..cap); cap above LCS_WBUF_MAX is
 * clamped to it.  The caller guarantees cap >= LCS_END_LEN. */
void lcs_wbuf_init(struct lcs_wbuf *w, uint8_t *buf, size_t cap);

/* Append the 20-byte standard command frame: cmd, initiator 0x00, seq,
 * rc 0, lan_type 01, port 0; for LCS_CMD_STARTUP bufsize goes to body
 * offset 0x0C (other commands ignore bufsize, their body is zero).
 * False, with nothing written, when the frame and the terminator do not
 * fit (send what the buffer holds, then retry in a new one) or when a
 * STARTUP size lies outside LCS_STARTUP_SIZE_MIN..MAX (Hercules would
 * hang: that request is never built). */
bool lcs_put_command(struct lcs_wbuf *w, uint8_t cmd, uint16_t seq, uint16_t bufsize);

/* Append an Ethernet frame (dst, src, type, payload; no FCS) of len bytes
 * with LCS type 01, slot 0.  False, with nothing written, when it does not
 * fit; a frame that does not fit an empty buffer never will. */
bool lcs_put_ether(struct lcs_wbuf *w, const uint8_t *frame, size_t len);

/* Would a frame of n bytes (after its LCS header) still fit? */
bool lcs_wbuf_fits(const struct lcs_wbuf *w, size_t n);

/* Write the terminating 00 00 after the frames; returns the byte count
 * for the WRITE CCW (len + 2).  Appending afterwards overwrites the
 * terminator, so finish again before writing. */
size_t lcs_wbuf_finish(struct lcs_wbuf *w);

/* ---- READ buffer ----------------------------------------------------------- */

/* One frame of a READ buffer; data points inside the walked buffer. */
struct lcs_frame {
    uint8_t  type;                      /* LCS_TYPE_*                        */
    uint8_t  slot;
    size_t   offset;                    /* of its LCS header in the buffer   */
    const uint8_t *data;                /* after the 4-byte LCS header       */
    size_t   len;                       /* next offset - offset - 4          */
};

/* The frame at *pos of buf[0..len) (start with *pos = 0).  LCS_OK: *out
 * is the frame and *pos the next one's offset.  LCS_END: a 0 offset or
 * fewer than 2 bytes at *pos.  Errors (the walk cannot continue, *pos is
 * left as it was, so a loop on LCS_OK always ends): LCS_ERR_SHORT (less
 * than a header at *pos, or a frame shorter than its header),
 * LCS_ERR_OFFSET (the offset does not advance), LCS_ERR_BEYOND (it, or
 * *pos, lies past len - e.g. the rest of a too-short READ was lost). */
enum lcs_err lcs_next(const uint8_t *buf, size_t len, size_t *pos, struct lcs_frame *out);

/* ---- command replies ------------------------------------------------------ */

struct lcs_reply {
    uint8_t  cmd;                       /* LCS_CMD_*                         */
    uint8_t  initiator;                 /* LCS_INITIATOR_LGW: not our request */
    uint16_t seq;
    uint16_t rc;
    uint8_t  lan_type, port;
    bool     has_mac;                   /* LANSTAT: mac is valid             */
    uint8_t  mac[ETH_ALEN];
    bool     has_assists;               /* QIPASSIST: the two below are valid */
    uint16_t assists_supported, assists_enabled;
};

/* Decode a command frame from lcs_next.  LCS_ERR_TYPE if it is not a
 * command; LCS_ERR_SHORT if it lacks the command header, or is a LANSTAT
 * reply too short to hold the MAC (which ends at frame offset 0x1C) or a
 * QIPASSIST reply shorter than 20 bytes. */
enum lcs_err lcs_parse_reply(const struct lcs_frame *f, struct lcs_reply *out);

#endif
