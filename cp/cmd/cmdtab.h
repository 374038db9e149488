/*
 * cmdtab.h - internals shared by the command modules (pure): the parsed
 * form of a command, the error it failed with, and the handlers each
 * module contributes to the one command table in commands.c.
 */
#ifndef CP_CMD_CMDTAB_H
#define CP_CMD_CMDTAB_H

#include "cp/cmd/cmd.h"

struct cp_command;

struct cp_parsed {
    const struct cp_command *cmd;
    int         what;                       /* sub-operand (QUERY, SEND...) */
    const struct cp_command *topic;         /* HELP operand or NULL         */
    char        user[9];                    /* target userid, upper case    */
    const char *text;                       /* rest of the line, as typed   */
    bool        absolute;                   /* SET SHARE                    */
    uint32_t    value;                      /* SET SHARE, DEVICES count     */
    uint16_t    vdev;                       /* DEFINE/DETACH NIC, COUPLE    */
    char        lan[9];                     /* LAN name, upper case         */
    uint32_t    maxconn;                    /* DEFINE LAN: 0 = INFINITE     */
    uint32_t    mfs;                        /* DEFINE LAN: KB               */
    bool        details;                    /* QUERY [VIRTUAL] NIC DETAILS  */
    bool        vdev_given;                 /* QUERY VIRTUAL NIC vdev       */
    uint16_t    rdev;                       /* DEFINE/SET VSWITCH: 0 = none */
};

struct cp_error {
    enum msg_id id;
    char        arg[CP_LINE_MAX + 1];       /* upper-cased operand          */
};

/* Everything a handler sees. */
struct cp_req {
    const struct cp_tokens *t;
    const char             *line;           /* the line as typed            */
    const struct cp_out    *out;
    const struct cp_sys    *sys;
    const struct cp_who    *who;
};

typedef bool (*cp_parse_fn)(const struct cp_req *r, struct cp_parsed *p, struct cp_error *e);
typedef int  (*cp_exec_fn)(const struct cp_req *r, const struct cp_parsed *p);

/* validation helpers (commands.c) */
bool cp_fail(struct cp_error *e, enum msg_id id, const char *arg);
bool cp_no_more(const struct cp_tokens *t, unsigned last, struct cp_error *e);
bool cp_userid_ok(const char *tok);
/* Decimal number (no sign); false if tok is not one or is over 100000. */
bool cp_number(const char *tok, uint32_t *out);
/* Virtual device number: 1-4 hex digits. */
/* Text of the line from token i on, as typed ("" if none). */
const char *cp_rest(const struct cp_req *r, unsigned i);

/* vmcmds.c: guest commands */
bool cp_xautolog_parse(const struct cp_req *r, struct cp_parsed *p, struct cp_error *e);
int  cp_xautolog_exec(const struct cp_req *r, const struct cp_parsed *p);
bool cp_force_parse(const struct cp_req *r, struct cp_parsed *p, struct cp_error *e);
int  cp_force_exec(const struct cp_req *r, const struct cp_parsed *p);
bool cp_logoff_parse(const struct cp_req *r, struct cp_parsed *p, struct cp_error *e);
int  cp_logoff_exec(const struct cp_req *r, const struct cp_parsed *p);
bool cp_send_parse(const struct cp_req *r, struct cp_parsed *p, struct cp_error *e);
int  cp_send_exec(const struct cp_req *r, const struct cp_parsed *p);
bool cp_msg_parse(const struct cp_req *r, struct cp_parsed *p, struct cp_error *e);
int  cp_msg_exec(const struct cp_req *r, const struct cp_parsed *p);
bool cp_indicate_parse(const struct cp_req *r, struct cp_parsed *p, struct cp_error *e);
int  cp_indicate_exec(const struct cp_req *r, const struct cp_parsed *p);
bool cp_define_parse(const struct cp_req *r, struct cp_parsed *p, struct cp_error *e);
int  cp_define_exec(const struct cp_req *r, const struct cp_parsed *p);
bool cp_detach_parse(const struct cp_req *r, struct cp_parsed *p, struct cp_error *e);
int  cp_detach_exec(const struct cp_req *r, const struct cp_parsed *p);
bool cp_set_parse(const struct cp_req *r, struct cp_parsed *p, struct cp_error *e);
int  cp_set_exec(const struct cp_req *r, const struct cp_parsed *p);
/* lancmds.c: guest LANs */
bool cp_define_lan_parse(const struct cp_req *r, struct cp_parsed *p, struct cp_error *e);
int  cp_define_lan_exec(const struct cp_req *r, const struct cp_parsed *p);
bool cp_detach_lan_parse(const struct cp_req *r, struct cp_parsed *p, struct cp_error *e);
int  cp_detach_lan_exec(const struct cp_req *r, const struct cp_parsed *p);
bool cp_couple_parse(const struct cp_req *r, struct cp_parsed *p, struct cp_error *e);
int  cp_couple_exec(const struct cp_req *r, const struct cp_parsed *p);
bool cp_uncouple_parse(const struct cp_req *r, struct cp_parsed *p, struct cp_error *e);
int  cp_uncouple_exec(const struct cp_req *r, const struct cp_parsed *p);
bool cp_query_lan_parse(const struct cp_req *r, struct cp_parsed *p, struct cp_error *e);
int  cp_query_lan_exec(const struct cp_req *r, const struct cp_parsed *p);
/* LAN or VSWITCH name operand i: 1-8 of A-Z 0-9 @ # $, upper-cased into p->lan. */
bool cp_take_lan(const struct cp_req *r, unsigned i, struct cp_parsed *p, struct cp_error *e);
/* "name already exists", worded for the LAN or VSWITCH that has it; the rc. */
int  cp_lan_exists(const struct cp_req *r, const char *name);
/* The Adapter Owner / IP lines of every NIC coupled to LAN lan (DETAILS). */
void cp_show_adapters(const struct cp_req *r, uint16_t lan);

/* vswcmds.c: VSWITCHes and their real OSAs (class B) */
bool cp_define_vswitch_parse(const struct cp_req *r, struct cp_parsed *p, struct cp_error *e);
int  cp_define_vswitch_exec(const struct cp_req *r, const struct cp_parsed *p);
bool cp_detach_vswitch_parse(const struct cp_req *r, struct cp_parsed *p, struct cp_error *e);
int  cp_detach_vswitch_exec(const struct cp_req *r, const struct cp_parsed *p);
bool cp_set_vswitch_parse(const struct cp_req *r, struct cp_parsed *p, struct cp_error *e);
int  cp_set_vswitch_exec(const struct cp_req *r, const struct cp_parsed *p);
bool cp_query_vswitch_parse(const struct cp_req *r, struct cp_parsed *p, struct cp_error *e);
int  cp_query_vswitch_exec(const struct cp_req *r, const struct cp_parsed *p);
bool cp_query_osa_parse(const struct cp_req *r, struct cp_parsed *p, struct cp_error *e);
int  cp_query_osa_exec(const struct cp_req *r, const struct cp_parsed *p);

/* niccmds.c: QUERY VIRTUAL NIC (the issuing guest's NICs; operands from
 * token 3) and QUERY NIC (class B: every guest's; operands from token 2) */
bool cp_query_vnic_parse(const struct cp_req *r, struct cp_parsed *p, struct cp_error *e);
int  cp_query_vnic_exec(const struct cp_req *r, const struct cp_parsed *p);
bool cp_query_nic_parse(const struct cp_req *r, struct cp_parsed *p, struct cp_error *e);
int  cp_query_nic_exec(const struct cp_req *r, const struct cp_parsed *p);

/* QUERY operands served by vmcmds.c: their what values start here */
#define CP_QUERY_VM_BASE 100
bool cp_query_vm_parse(const struct cp_req *r, struct cp_parsed *p, struct cp_error *e);
int  cp_query_vm_exec(const struct cp_req *r, const struct cp_parsed *p);

/* One line of datagram counters (guestlan/route.h): "  label: sent n
 * delivered n  dropped: ..." (lancmds.c; QUERY LAN and NIC DETAILS). */
struct gl_counters;
struct gl_lan;
/* The three heading lines of QUERY LAN / QUERY VSWITCH (kind "LAN" or
 * "VSWITCH"), z/VM's layout plus the MFS/MTU line (lancmds.c). */
void cp_show_lan_head(const struct cp_req *r, const char *kind, const struct gl_lan *lan);
void cp_show_datagrams(const struct cp_req *r, const char *label, const struct gl_counters *c);

#endif
