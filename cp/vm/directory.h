/*
 * directory.h - the user directory: z/VM-style USER entries (pure).
 *
 * CP reads the directory from its card reader as 80-column cards, turns
 * them into ASCII lines (trailing blanks stripped, '\n' between lines) and
 * hands the whole text to dir_parse().  The statements follow z/VM's
 * directory (z/VM CP Planning and Administration, "Creating and Updating a
 * User Directory"; summary in shared/reference/cp-commands.md section 7):
 *
 *   USER userid password storage maxstorage classes [up to 4 ignored]
 *   MACHINE {Z|ESA} [1]
 *   IPL name
 *   CONSOLE vdev 3215 [class]
 *   SHARE {RELATIVE n | ABSOLUTE n%}
 *   NICDEF vdev TYPE QDIO [DEVices n] [LAN {SYSTEM|*} lanname]
 *
 * Data is columns 1-71; '*' in column 1 is a comment.  Every statement is
 * validated completely before it changes the entry; an entry with any
 * error is kept for diagnostics but marked unusable, and other entries are
 * unaffected.  docs/directory.md is the reference for operators.
 */
#ifndef CP_VM_DIRECTORY_H
#define CP_VM_DIRECTORY_H

#include "port.h"

#define DIR_MAX_USERS       64
#define DIR_MAX_NICS        8           /* NICDEF statements per user         */
#define DIR_MAX_DIAGS       1000
#define DIR_MAX_INPUT       (256u * 1024u)  /* bytes of directory text         */
#define DIR_COLUMNS         71          /* data columns; 72 on are ignored    */
#define DIR_NAME_MAX        8           /* userid, password, IPL and LAN names */
#define DIR_CLASSES_MAX     32
#define DIR_USER_EXTRA_MAX  4           /* ignored USER operands after classes */
#define DIR_DEFAULT_CONSOLE 0x0009      /* CP's console when no CONSOLE given */
#define DIR_DEFAULT_CONCLASS 'T'
#define DIR_DEFAULT_SHARE   100         /* SHARE RELATIVE 100                 */
#define DIR_SHARE_REL_MAX   10000
#define DIR_NIC_DEVICES_MIN 3
#define DIR_NIC_DEVICES_MAX 3072
#define DIR_DIAG_TOKEN_MAX  23          /* characters kept of the bad operand */

/* Errors: one per diagnostic; texts from dir_err_str() (short, for
 * "VML6100E Directory line N: <reason> - <token>"). */
enum dir_err {
    DIR_OK = 0,
    DIR_ERR_BEFORE_USER = -1,           /* statement before the first USER     */
    DIR_ERR_UNKNOWN_STMT = -2,
    DIR_ERR_STMT_UNSUPPORTED = -3,      /* a z/VM statement vmlan does not do  */
    DIR_ERR_MISSING_OPERAND = -4,       /* token names the missing operand     */
    DIR_ERR_EXTRA_OPERAND = -5,
    DIR_ERR_BAD_OPERAND = -6,
    DIR_ERR_DUP_OPERAND = -7,
    DIR_ERR_OPERAND_UNSUPPORTED = -8,
    DIR_ERR_DUP_STMT = -9,              /* MACHINE/IPL/CONSOLE/SHARE twice     */
    DIR_ERR_BAD_CHAR = -10,             /* token is X'hh'                      */
    DIR_ERR_BAD_USERID = -11,
    DIR_ERR_DUP_USERID = -12,
    DIR_ERR_TOO_MANY_USERS = -13,
    DIR_ERR_BAD_PASSWORD = -14,
    DIR_ERR_BAD_STORAGE = -15,
    DIR_ERR_STOR_ALIGN = -16,
    DIR_ERR_STOR_GT_MAX = -17,
    DIR_ERR_STOR_NO_FIT = -18,
    DIR_ERR_BAD_CLASS = -19,
    DIR_ERR_MACHINE_UNSUPPORTED = -20,
    DIR_ERR_MAXCPU = -21,
    DIR_ERR_BAD_IPL = -22,
    DIR_ERR_BAD_VDEV = -23,
    DIR_ERR_CONSOLE_TYPE = -24,
    DIR_ERR_BAD_SPOOL_CLASS = -25,
    DIR_ERR_SHARE_RANGE = -26,
    DIR_ERR_NIC_TYPE_UNSUPPORTED = -27,
    DIR_ERR_NIC_DEVICES = -28,
    DIR_ERR_VDEV_RANGE = -29,           /* vdev + devices - 1 > FFFF           */
    DIR_ERR_VDEV_CONFLICT = -30,        /* overlaps a NIC or the console       */
    DIR_ERR_TOO_MANY_NICS = -31,
    DIR_ERR_LAN_OWNER = -32,
    DIR_ERR_BAD_LAN_NAME = -33,
    DIR_ERR_INPUT_TOO_LONG = -34,       /* parsing stopped at this line        */
};
#define DIR_ERR_COUNT 35                /* DIR_OK and 34 errors                */

enum dir_machine {
    DIR_MACHINE_Z = 0,
    DIR_MACHINE_ESA,
};

enum dir_share {
    DIR_SHARE_RELATIVE = 0,
    DIR_SHARE_ABSOLUTE,                 /* share_value is a percentage 1-100   */
};

/* What the password field says.  Only DIR_PW_TEXT is a password anyone can
 * type; the others are z/VM keywords (the text is kept as well). */
enum dir_pwkind {
    DIR_PW_TEXT = 0,
    DIR_PW_NOLOG,                       /* nobody logs on                      */
    DIR_PW_NOPASS,                      /* logon without a password            */
    DIR_PW_AUTOONLY,                    /* XAUTOLOG only                       */
    DIR_PW_LBYONLY,                     /* logon-by only                       */
};

struct dir_nic {
    uint16_t vdev;                      /* first of devices vdevs              */
    uint16_t devices;                   /* 3-3072; vdev + devices - 1 <= FFFF  */
    bool     coupled;                   /* LAN operand given                   */
    char     lan_owner[DIR_NAME_MAX + 1];   /* "SYSTEM" or "*" (this user)     */
    char     lan_name[DIR_NAME_MAX + 1];
    uint32_t line;                      /* the NICDEF statement                */
};

struct dir_user {
    /* USER statement; strings upper case, NUL-terminated */
    char     userid[DIR_NAME_MAX + 1];  /* "" when the USER line had none valid */
    char     password[DIR_NAME_MAX + 1];
    enum dir_pwkind pwkind;
    char     classes[DIR_CLASSES_MAX + 1];
    uint64_t storage;                   /* bytes, multiple of 64K              */
    uint64_t maxstorage;                /* bytes, >= storage                   */
    /* other statements, defaults when absent */
    enum dir_machine machine;           /* DIR_MACHINE_Z                       */
    char     ipl[DIR_NAME_MAX + 1];     /* "" = no IPL statement               */
    bool     ipl_cms;                   /* IPL CMS                             */
    bool     has_console;               /* false: CP uses DIR_DEFAULT_CONSOLE  */
    uint16_t console_vdev;
    char     console_class;             /* DIR_DEFAULT_CONCLASS if not given   */
    enum dir_share share_type;          /* DIR_SHARE_RELATIVE                  */
    uint32_t share_value;               /* DIR_DEFAULT_SHARE                   */
    struct dir_nic nics[DIR_MAX_NICS];
    uint32_t nnics;
    /* entry */
    bool     usable;                    /* no error anywhere in the entry      */
    uint32_t line;                      /* the USER statement                  */
};

struct dir_diag {
    uint32_t     line;                  /* 1-based line of the input           */
    enum dir_err err;
    char         token[DIR_DIAG_TOKEN_MAX + 1];  /* upper case, truncated      */
};

struct directory {
    struct dir_user users[DIR_MAX_USERS];   /* in input order, unusable too   */
    uint32_t        nusers;
    struct dir_diag diags[DIR_MAX_DIAGS];
    uint32_t        ndiags;
    uint32_t        ndiags_dropped;     /* diagnostics beyond DIR_MAX_DIAGS    */
    uint32_t        nlines;             /* lines read                          */
};

/* Parse text[0..len) (need not be NUL-terminated; NULL with len 0 is an
 * empty directory) into *out, which is overwritten completely.
 * max_guest_bytes is the most storage CP can give one guest; larger USER
 * storage makes the entry unusable.  Never fails as a whole: problems are
 * diagnostics, in input order except that a NICDEF overlapping the
 * default console 0009 is reported when its entry ends.  Entries beyond
 * DIR_MAX_USERS, entries started by unsupported statements (IDENTITY,
 * PROFILE, ...) and by USER lines with a non-printable byte after the word
 * USER are checked but not kept.  Input beyond DIR_MAX_INPUT
 * bytes is not read: DIR_ERR_INPUT_TOO_LONG on the line that crosses the
 * limit, whose entry becomes unusable (and gets no end-of-entry checks).
 * Reentrant; no allocation. */
void dir_parse(const char *text, size_t len, uint64_t max_guest_bytes,
               struct directory *out);

/* The usable entry for userid (any case), or NULL. */
const struct dir_user *dir_find(const struct directory *d, const char *userid);

/* True if s is 1-8 characters of A-Z 0-9 @ # $ (upper case only). */
bool dir_userid_valid(const char *s);

/* Reason text for e; "unknown directory error" outside the enum. */
const char *dir_err_str(enum dir_err e);

#endif
