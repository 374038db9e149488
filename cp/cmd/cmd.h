/*
 * cmd.h - CP command processing: tokens, keyword tables, the output sink
 * and the system services commands may use.  Pure: the target wires the
 * sink to a console and the services to the real machine (cp/main.c);
 * the host tests wire them to buffers and fakes.
 */
#ifndef CP_CMD_CMD_H
#define CP_CMD_CMD_H

#include "port.h"
#include "cp/cmd/msgcat.h"

#define CP_LINE_MAX     150     /* 3215 input limit (Hercules BUFLEN_1052) */
#define CP_MAX_TOKENS   16
#define CP_OUT_LINE_MAX 132     /* longest response line CP writes         */

/* ---- tokens ---------------------------------------------------------- */
struct cp_tokens {
    unsigned    n;                          /* tokens stored              */
    bool        overflow;                   /* more than CP_MAX_TOKENS    */
    const char *extra;                      /* first token not stored     */
    const char *tok[CP_MAX_TOKENS];         /* NUL-terminated, in buf     */
    char        buf[CP_LINE_MAX + 1];
};

/* Split line (blank separated; at most CP_LINE_MAX bytes are looked at)
 * into t.  Returns the number of tokens. */
unsigned cp_tokenize(const char *line, struct cp_tokens *t);

/* Keyword tables: name in upper case, min = shortest accepted truncation. */
struct cp_keyword {
    const char *name;
    uint8_t     min;
    int         value;
};

/* True if tok is name truncated to at least min characters (any case). */
bool cp_abbrev(const char *tok, const char *name, unsigned min);
/* Entry of table matching tok, or NULL. */
const struct cp_keyword *cp_keyword_find(const struct cp_keyword *table, size_t n,
                                         const char *tok);
/* Copy tok upper-cased into buf (at most n-1 chars). */
void cp_upper(char *buf, size_t n, const char *tok);

/* ---- output -------------------------------------------------------------- */
struct cp_out {
    void  (*line)(void *ctx, const char *text);
    void   *ctx;
};

void cp_out_line(const struct cp_out *o, const char *text);
void cp_out_printf(const struct cp_out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Print message id with its arguments; returns its number (the rc). */
int  cp_out_msg(const struct cp_out *o, enum msg_id id, ...);
/* "Ready;" for rc 0, "Ready(nnnnn);" otherwise (CMS style, 5 digits). */
void cp_format_ready(char *buf, size_t n, int rc);

/* ---- system services ------------------------------------------------------ */
struct cp_frame_stats {
    uint64_t total;             /* 4 KB frames of real storage           */
    uint64_t cp;                /* used by the CP image, stacks, lowcore */
    uint64_t free;
};

struct cp_sys {
    uint64_t    (*tod_now)(void);
    uint64_t    (*cpu_busy)(void);          /* CP busy time, TOD units      */
    void        (*frames)(struct cp_frame_stats *out);
    void        (*shutdown)(void);          /* orderly end, after response  */
    uint64_t    ipl_tod;
    uint64_t    storage_bytes;
    const char *build_time;                 /* "mm/dd/yy hh:mm:ss", UTC     */
    const char *version;
};

/* Run one operator command line: validate completely, execute, print the
 * response lines and the Ready line to out.  Returns the rc (0 or the
 * message number of the failure).  An empty line prints nothing. */
int cp_command(const char *line, const struct cp_out *out, const struct cp_sys *sys);

#endif
