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
#include "qdio/osa.h"

#define CP_LINE_MAX     150     /* 3215 input limit (Hercules BUFLEN_1052) */
#define CP_MAX_TOKENS   16
#define CP_OUT_LINE_MAX 132     /* longest response line CP writes         */

/* ---- tokens ---------------------------------------------------------- */
struct cp_tokens {
    unsigned    n;                          /* tokens stored              */
    bool        overflow;                   /* more than CP_MAX_TOKENS    */
    const char *extra;                      /* first token not stored     */
    const char *tok[CP_MAX_TOKENS];         /* NUL-terminated, in buf     */
    uint8_t     off[CP_MAX_TOKENS];         /* offset of each in the line */
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
/* A virtual device number: 1-4 hex digits (any case). */
bool cp_vdev(const char *tok, uint16_t *out);
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

/* ---- system services ------------------------------------------------------ */
struct cp_frame_stats {
    uint64_t total;             /* 4 KB frames of real storage           */
    uint64_t cp;                /* used by the CP image, stacks, lowcore */
    uint64_t free;
};

/* Who issues a command: an operator console, or a guest (DIAGNOSE X'008',
 * or SEND CP).  Commands need one of their privilege classes. */
struct cp_who {
    const char *userid;                     /* "OPERATOR" for a console    */
    const char *classes;                    /* e.g. "ABCDEFG" or "G"        */
    int         vm;                         /* guest handle, -1: operator  */
};

enum cp_vm_err {
    CP_VM_OK = 0,
    CP_VM_NOT_IN_DIRECTORY,
    CP_VM_DIRECTORY_ERROR,                  /* entry unusable              */
    CP_VM_NOT_LOGGED_ON,
    CP_VM_ALREADY_LOGGED_ON,
    CP_VM_NO_STORAGE,
    CP_VM_TOO_MANY,
    CP_VM_QUEUE_FULL,
    CP_VM_STOPPED,                          /* disabled wait / pgm loop    */
    CP_VM_DEVICE_EXISTS,                    /* a device in the range exists */
    CP_VM_NO_DEVICE,                        /* no such NIC                 */
    CP_VM_DEVICE_RANGE,                     /* bad device count / range    */
    CP_VM_NO_SUBCHANNELS,                   /* not enough subchannels / NICs */
};

struct cp_vminfo {
    char        userid[9];
    int         handle;
    uint64_t    storage;                    /* bytes                        */
    uint64_t    cpu;                        /* TOD units in SIE             */
    uint64_t    logon_tod;
    bool        share_absolute;
    uint32_t    share;
    const char *state;                      /* RUNNING, WAIT, DISABLED WAIT, PGM LOOP */
    const char *ipl;                        /* IPL system name              */
    const char *machine;                    /* Z or ESA                     */
    const char *classes;                    /* privilege classes            */
    uint64_t    ios;                        /* SSCHs started                */
    uint64_t    psw[2];                     /* guest PSW                    */
    char        detail[48];                 /* state details for INDICATE   */
    unsigned    devices;
};

/* One virtual NIC as QUERY VIRTUAL NIC / QUERY NIC show it. */
struct cp_nicinfo {
    char        userid[9];                  /* owner                        */
    int         handle;                     /* owner's guest handle         */
    uint16_t    vdev;                       /* base device number           */
    uint16_t    devices;
    uint16_t    port;                       /* guest LAN port (gl_port_at), */
                                            /* GL_PORT_NONE if none         */
    enum osa_phase phase;                   /* control session              */
    bool        lan_started;                /* IPA STARTLAN done            */
    bool        queues_active;              /* ACTIVATE QUEUES running      */
    uint16_t    mtu;                        /* reported to the guest        */
    char        conn_name[9];               /* IDX connection name, or ""   */
    struct osa_counters counters;
};

/* What commands may ask of the virtual-machine layer. */
struct cp_vmops {
    enum cp_vm_err (*logon)(const char *userid);
    void           (*logoff)(int handle, const char *by);   /* by NULL: own LOGOFF */
    enum cp_vm_err (*find)(const char *userid, struct cp_vminfo *info);
    unsigned       (*list)(struct cp_vminfo *out, unsigned max);
    enum cp_vm_err (*send)(int handle, const char *text);   /* console input  */
    void           (*show)(int handle, const char *text);   /* console output */
    void           (*set_share)(int handle, bool absolute, uint32_t value);
    enum cp_vm_err (*define_nic)(int handle, uint16_t vdev, uint16_t devices);
    enum cp_vm_err (*detach_nic)(int handle, uint16_t vdev, uint16_t *devices);
    /* The NICs of guest handle (-1: of every guest, by guest then vdev)
     * into out; returns how many there are (may exceed max). */
    unsigned       (*nics)(int handle, struct cp_nicinfo *out, unsigned max);
};

/* A real OSA (LCS) device as QUERY OSA shows it. */
struct cp_osainfo {
    uint16_t    rdev;                       /* read device (write = rdev+1)  */
    char        vswitch[9];                 /* VSWITCH using it, "" if none  */
    const char *state;                      /* e.g. "READY", "STARTING", "NOT OPERATIONAL" */
    bool        have_mac;
    uint8_t     mac[6];                     /* from LANSTAT                  */
    uint64_t    frames_in, frames_out;      /* Ethernet frames               */
    uint64_t    write_errors;               /* WRITEs ending in unit check   */
    uint64_t    arp_in, arp_out;            /* ARP frames received / sent    */
    uint64_t    dropped_in;                 /* inbound frames not for a guest */
    uint64_t    arp_unresolved;             /* datagrams dropped waiting for ARP */
    uint64_t    starts;                     /* successful start-ups          */
};

/* What the VSWITCH commands ask of CP's uplink driver (osa/).  start and
 * stop return at once; the device starts or halts in the background and
 * CP reports "VSWITCH SYSTEM name status is ready." when it is up. */
struct cp_uplinkops {
    void     (*start)(uint16_t lan);        /* the VSWITCH's rdev (gl_lan)   */
    void     (*stop)(uint16_t rdev);        /* release the real device       */
    unsigned (*osa_list)(struct cp_osainfo *out, unsigned max);
};

struct gl_net;

struct cp_sys {
    const struct cp_vmops *vm;
    struct gl_net *net;                     /* guest LANs (guestlan/)      */
    const struct cp_uplinkops *uplink;      /* VSWITCH uplinks (osa/)      */
    void        (*broadcast)(const char *line);            /* operator consoles */
    uint64_t    (*tod_now)(void);
    uint64_t    (*cpu_busy)(void);          /* CP busy time, TOD units      */
    void        (*frames)(struct cp_frame_stats *out);
    void        (*shutdown)(void);          /* orderly end, after response  */
    uint64_t    ipl_tod;
    uint64_t    storage_bytes;
    const char *build_time;                 /* "mm/dd/yy hh:mm:ss", UTC     */
    const char *version;
};

/* Run one command line for who: validate completely, execute, print the
 * response lines to out.  Returns the rc (0 or the message number of the
 * failure); *no_ready tells whether the command ends without a Ready line
 * (SHUTDOWN, LOGOFF).  An empty line prints nothing. */
int cp_command_exec(const char *line, const struct cp_out *out, const struct cp_sys *sys,
                    const struct cp_who *who, bool *no_ready);
/* cp_command_exec, then the Ready line: what a console shows. */
int cp_command(const char *line, const struct cp_out *out, const struct cp_sys *sys,
               const struct cp_who *who);

/* The operator consoles' identity. */
extern const struct cp_who cp_operator;

#endif
