/* telnet_codec.h - incremental decoder of a Hercules 3.13 telnet 3215 console stream.
 *
 * Pure: no I/O, no allocation; the caller owns the socket.  The decoder turns the bytes the
 * server sends into (a) the exact negotiation replies Hercules' console.c expects and (b) console
 * lines.  Facts (shared/reference/console-telnet.md §2, §4, §6; Hercules console.c negotiate()):
 *   S: IAC DO TTYPE               -> C: IAC WILL TTYPE
 *   S: IAC SB TTYPE SEND IAC SE   -> C: IAC SB TTYPE IS <terminal type> IAC SE
 *   S: IAC WONT ECHO              -> C: IAC DONT ECHO   (only sent for "ANSI..." types)
 *   anything else: DO x -> WONT x, WILL x -> DONT x, DONT/WONT x -> nothing.
 * Then three banner lines, the last "Connected to device 0:0009" (or "Connection rejected, ..."),
 * then console output: one send() per CCW, each line ending CR LF.  IAC sequences are removed,
 * IAC IAC is one 0xFF data byte, CR and NUL are dropped, LF ends a line, trailing blanks go.
 */
#ifndef VMLAN_TELNET_CODEC_H
#define VMLAN_TELNET_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Telnet bytes (RFC 854, 1091). */
#define TNC_IAC   255u
#define TNC_DONT  254u
#define TNC_DO    253u
#define TNC_WONT  252u
#define TNC_WILL  251u
#define TNC_SB    250u
#define TNC_EL    248u
#define TNC_SE    240u
#define TNC_OPT_ECHO  1u
#define TNC_OPT_TTYPE 24u
#define TNC_TTYPE_IS   0u
#define TNC_TTYPE_SEND 1u

#define TNC_LINE_MAX   1024u   /* a longer line is delivered in pieces (line_split set) */
#define TNC_SB_MAX     64u     /* subnegotiation bytes kept; the rest are skipped */
#define TNC_TTYPE_MAX  40u     /* terminal type length accepted by tnc_init */
#define TNC_REPLY_MAX  (6u + TNC_TTYPE_MAX)

/* What one tnc_decode call produced. */
enum tnc_event {
    TNC_EV_NONE = 0,     /* input consumed, nothing complete */
    TNC_EV_REPLY,        /* reply bytes in reply[0..reply_len): send them now, in one send() */
    TNC_EV_BANNER,       /* a pre-connection line (not a console line) in line[] */
    TNC_EV_CONNECTED,    /* the "Connected to device ..." banner line in line[] */
    TNC_EV_REJECTED,     /* the "Connection rejected ..." line in line[]; the server closes */
    TNC_EV_LINE,         /* a console line in line[] */
};

enum tnc_err {
    TNC_OK = 0,
    TNC_E_TTYPE_LONG = -1,   /* terminal type longer than TNC_TTYPE_MAX */
    TNC_E_TTYPE_BAD = -2,    /* terminal type empty or has a byte outside 0x21..0x7E */
};

/* Decoder states (private to telnet_codec.c, named for the tests). */
enum tnc_state {
    TNC_S_DATA = 0,
    TNC_S_IAC,           /* after IAC */
    TNC_S_OPT,           /* after IAC DO/DONT/WILL/WONT, verb in .verb */
    TNC_S_SB,            /* inside IAC SB ... */
    TNC_S_SB_IAC,        /* IAC inside a subnegotiation */
};

struct tnc {
    /* parser */
    enum tnc_state state;
    uint8_t verb;
    uint8_t sb[TNC_SB_MAX];
    size_t sb_len;
    bool sb_overflow;
    /* session */
    bool connected;              /* banner "Connected to device" seen */
    char ttype[TNC_TTYPE_MAX + 1];
    /* outputs, valid after the event that announces them until the next tnc_decode call */
    uint8_t reply[TNC_REPLY_MAX];
    size_t reply_len;
    char line[TNC_LINE_MAX + 1]; /* NUL-terminated */
    size_t line_len;
    bool line_split;             /* line[] was cut at TNC_LINE_MAX; its rest follows */
    bool pending_split;          /* private: the line being collected continues a split one */
    bool line_done;              /* private: line[] was delivered, the next byte starts anew */
};

/* Prepare a decoder that will announce terminal type ttype (e.g. "DUMB@VMLAN").
 * Returns TNC_OK or an error; on error *c is still initialised with an empty type. */
enum tnc_err tnc_init(struct tnc *c, const char *ttype);

/* Decode bytes from the server.  Consumes in[0..len) up to and including the byte that completes
 * an event, stores the count consumed in *used and returns the event (TNC_EV_NONE: all consumed).
 * Call again with the rest until everything is consumed.  Never fails: malformed telnet is
 * skipped conservatively. */
enum tnc_event tnc_decode(struct tnc *c, const uint8_t *in, size_t len, size_t *used);

/* Length of a guest prefix "USERID: " (1-8 of [A-Z0-9@#$], colon, blank) at the start of line,
 * or 0 when the line has none (it is then CP's own output). */
size_t tnc_guest_prefix_len(const char *line);

/* Encode an operator line for the 3215: text CR LF into out (capacity cap).  Returns the byte
 * count, or 0 when the text is longer than TNC_INPUT_MAX, contains a control byte or IAC, or
 * does not fit. */
#define TNC_INPUT_MAX 148u   /* Hercules BUFLEN_1052 = 150 bytes including CR LF */
size_t tnc_encode_line(const char *text, uint8_t *out, size_t cap);

const char *tnc_err_str(enum tnc_err e);
const char *tnc_event_str(enum tnc_event ev);

#endif
