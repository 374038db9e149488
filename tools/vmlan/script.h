/* script.h - parser of vmlan end-to-end scripts (docs/scripts.md).
 *
 * Pure: string.h and stdlib.h only, no I/O.  One statement per line:
 *   CP <command>            EXPECT <regex>          EXPECT-NOT <regex>
 *   WAIT <seconds> <regex>  HOST <shell command>
 * Keywords are case-insensitive; blank lines and lines whose first non-blank byte is '#' are
 * ignored.  The whole script is parsed and validated before anything runs: regexes are checked
 * through a caller-supplied hook (POSIX regcomp in the runner), so a bad one is a syntax error.
 */
#ifndef VMLAN_SCRIPT_H
#define VMLAN_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SCR_LINE_MAX      4096u      /* bytes in one script line, terminator excluded */
#define SCR_CP_MAX        148u       /* operator line limit of the 3215 (telnet_codec.h) */
#define SCR_WAIT_MAX_MS   3600000u   /* WAIT accepts 0 .. 3600 seconds */
#define SCR_DETAIL_MAX    128u

enum scr_kind {
    SCR_CP = 0,          /* operator command; shutdown set for CP SHUTDOWN */
    SCR_EXPECT,          /* a line of the latest response matches */
    SCR_EXPECT_NOT,      /* no line of the latest response matches */
    SCR_WAIT,            /* a console line since the latest CP/HOST start matches within wait_ms */
    SCR_HOST,            /* sh -c <arg> inside the run's namespace, must exit 0 */
};

enum scr_err {
    SCR_OK = 0,
    SCR_E_NOMEM = -1,
    SCR_E_LINE_LONG = -2,      /* line longer than SCR_LINE_MAX */
    SCR_E_NUL = -3,            /* NUL byte in the script */
    SCR_E_KEYWORD = -4,        /* unknown statement keyword */
    SCR_E_OPERAND = -5,        /* statement without its operand */
    SCR_E_SECONDS = -6,        /* WAIT seconds not a decimal number in range */
    SCR_E_REGEX = -7,          /* regex rejected by the hook (detail has its message) */
    SCR_E_CP_LONG = -8,        /* CP command longer than SCR_CP_MAX */
    SCR_E_CP_CHARS = -9,       /* CP command with a byte outside printable ASCII */
};

struct scr_stmt {
    enum scr_kind kind;
    uint32_t line;             /* 1-based line number in the script */
    char *src;                 /* the statement as written, blanks trimmed (owned) */
    char *arg;                 /* command, regex or shell command (owned) */
    uint32_t wait_ms;          /* WAIT only */
    bool shutdown;             /* CP only: the command is SHUTDOWN */
};

struct script {
    struct scr_stmt *stmts;    /* owned array of n statements */
    size_t n;
    size_t cap;
};

struct scr_error {
    enum scr_err code;
    uint32_t line;             /* 1-based line of the error (0 when not tied to a line) */
    char detail[SCR_DETAIL_MAX]; /* extra text, may be empty */
};

/* Regex validation hook: returns true when re compiles; otherwise false with a NUL-terminated
 * message in msg (capacity msgcap). */
struct scr_hooks {
    bool (*regex_ok)(const char *re, char *msg, size_t msgcap, void *ctx);
    void *ctx;
};

/* Parse text[0..len) into *out (initialised here; free with scr_free even on error).
 * hooks may be NULL (regexes then are not checked).  Returns SCR_OK, or the first error with
 * its line and detail in *err. */
enum scr_err scr_parse(const char *text, size_t len, const struct scr_hooks *hooks,
                       struct script *out, struct scr_error *err);

/* Release everything scr_parse allocated; *s becomes empty. */
void scr_free(struct script *s);

/* Parse WAIT seconds "N", "N.F" or ".F" (decimal, fraction truncated to milliseconds) from
 * s[0..len).  Returns true and *ms when valid and <= SCR_WAIT_MAX_MS. */
bool scr_parse_seconds(const char *s, size_t len, uint32_t *ms);

/* True when the CP command's first word is SHUTDOWN (case-insensitive). */
bool scr_is_shutdown(const char *cmd);

const char *scr_kind_str(enum scr_kind k);
const char *scr_err_str(enum scr_err e);

#endif
