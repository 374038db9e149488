/*
 * cms.h - the CMS nucleus: console output helpers, the command layer and
 * what main.c learned about the virtual machine at start (target only).
 */
#ifndef CMS_CMS_H
#define CMS_CMS_H

#include "port.h"
#include "cms-tools/msgcat.h"
#include "cp/cmd/cmd.h"

#define CMS_LINE_MAX        150     /* console input line (3215 buffer)   */
#define CMS_PRINT_MAX       256     /* longest formatted output line      */
#define CMS_RC_NO_READY     0x7FFFFFFF  /* cms_command: empty line        */

/* Guest storage size in bytes, probed at start (highest existing byte
 * + 1, in 4 KB steps). */
extern uint64_t cms_storage_bytes;

/* Output: one console line each (split at 150 bytes). */
void cms_print(const char *text);
void cms_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print message id with its arguments; returns the rc that failure
 * gives (cms_msg_rc). */
int  cms_msg(enum cms_msg_id id, ...);

/* A parsed line: the tokens, and the raw text after the command word
 * (starting at the blank that ends it), for commands that keep case. */
struct cms_line {
    struct cp_tokens t;
    const char      *rest;
};

/* Operand i of l must be the last one: false, or true with DMSCMD014E
 * printed for the first extra operand and *rc set. */
bool cms_extra_operand(const struct cms_line *l, unsigned i, int *rc);

/* Decimal seconds ("2", "0.5"; at most 6 decimals, 0 < s <= 3600) to
 * microseconds (commands.c). */
bool cms_parse_seconds(const char *s, uint64_t *us);

/* Network commands (netcmds.c, pingcmds.c). */
int cms_cmd_ifconfig(const struct cms_line *l);
int cms_cmd_netstat(const struct cms_line *l);
int cms_cmd_nicbad(const struct cms_line *l);
int cms_cmd_ping(const struct cms_line *l);
int cms_cmd_udpecho(const struct cms_line *l);
int cms_cmd_udpsend(const struct cms_line *l);
int cms_cmd_udpsink(const struct cms_line *l);

/* Run one input line (commands.c): validate, execute, print the response
 * lines.  Returns the rc for the Ready line, or CMS_RC_NO_READY for an
 * empty line (no output at all). */
int cms_command(const char *line);

/* Program check in CMS (start.S cms_pgm_entry, stack already reset):
 * print DMSABE141T and resume the command loop with Ready(00141). */
__attribute__((noreturn)) void cms_abend(void);

#endif
