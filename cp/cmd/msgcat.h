/*
 * msgcat.h - CP's message catalog: ids in code, texts in msgcat.c only.
 *
 * A message is shown as VMLnnnS text (nnn at least three digits, S the
 * severity I W E S).  Numbers follow z/VM's HCP numbers where z/VM has the
 * same message; vmlan's own messages use 6000-6999 (I/W/E) and 9000-9999
 * (S, system failure before a disabled wait).  docs/messages.md lists them.
 */
#ifndef CP_CMD_MSGCAT_H
#define CP_CMD_MSGCAT_H

#include "port.h"

enum msg_id {
    MSG_UNKNOWN_COMMAND,        /* 001E */
    MSG_INVALID_OPERAND,        /* 002E */
    MSG_INVALID_OPTION,         /* 003E */
    MSG_EXTRA_OPTION,           /* 003E */
    MSG_USERID_MISSING,         /* 020E */
    MSG_OPERAND_MISSING,        /* 026E */
    MSG_NOT_LOGGED_ON,          /* 045E */
    MSG_DIRECTORY_ERROR,        /* 052E */
    MSG_NOT_IN_DIRECTORY,       /* 053E */
    MSG_ALREADY_LOGGED_ON,      /* 054E */
    MSG_VDEV_INVALID,           /* 022E */
    MSG_DEVICE_NOT_EXIST,       /* 040E */
    MSG_GUEST_DISABLED_WAIT,    /* 450W */
    MSG_GUEST_PGM_LOOP,         /* 453W */
    MSG_SHUTDOWN_COMPLETE,      /* 961W */
    MSG_CP_LEVEL,               /* 6000I */
    MSG_REAL_STORAGE,           /* 6001I */
    MSG_IPL_COMPLETE,           /* 6002I */
    MSG_CONSOLE_NOT_OPER,       /* 6003W */
    MSG_CONSOLE_INPUT_LOST,     /* 6004W */
    MSG_CONSOLE_OUTPUT_LOST,    /* 6005W */
    MSG_DIRECTORY_LINE,         /* 6100E */
    MSG_NO_STORAGE,             /* 6101E */
    MSG_TOO_MANY_USERS,         /* 6102E */
    MSG_QUEUE_FULL,             /* 6103E */
    MSG_ONLY_FROM_GUEST,        /* 6104E */
    MSG_DIRECTORY_LOADED,       /* 6105I */
    MSG_NO_DIRECTORY,           /* 6106W */
    MSG_GUEST_STOPPED,          /* 6107E */
    MSG_READER_ERROR,           /* 6108W */
    MSG_GUEST_VALIDITY,         /* 6109W */
    MSG_DEVICE_EXISTS,          /* 6110E */
    MSG_NO_SUBCHANNELS,         /* 6111E */
    MSG_LAN_EXISTS,             /* 6120E */
    MSG_LAN_NOT_FOUND,          /* 6121E */
    MSG_LAN_IN_USE,             /* 6122E */
    MSG_LAN_MAXCONN,            /* 6123E */
    MSG_NIC_COUPLED,            /* 6124E */
    MSG_NIC_NOT_COUPLED,        /* 6125E */
    MSG_LAN_TABLE_FULL,         /* 6126E */
    MSG_VSWITCH_EXISTS,         /* 6130E */
    MSG_VSWITCH_NOT_FOUND,      /* 6131E */
    MSG_VSWITCH_IN_USE,         /* 6132E */
    MSG_VSWITCH_LAYER2,         /* 6133E */
    MSG_RDEV_IN_USE,            /* 6134E */
    MSG_VSWITCH_READY,          /* 2830I */
    MSG_VSWITCH_NOT_ACTIVE,     /* 2832E */
    MSG_PROGRAM_CHECK,          /* 9001S */
    MSG_MACHINE_CHECK,          /* 9002S */
    MSG_RESTART,                /* 9003S */
    MSG_SVC,                    /* 9004S */
    MSG_ASSERT,                 /* 9005S */
    MSG_STORAGE_TOO_SMALL,      /* 9006S */
    MSG_WAIT_STATE,             /* 9007S */
    MSG_COUNT
};

/* Message number of id (e.g. 1 for MSG_UNKNOWN_COMMAND); 0 if id is out of range. */
unsigned msg_number(enum msg_id id);
/* Severity letter of id ('I', 'W', 'E', 'S'); '?' if out of range. */
char msg_severity(enum msg_id id);
/* Format "VMLnnnS text" with the catalog text of id and the arguments
 * into buf; returns the full length (as ksnprintf). */
int msg_format(char *buf, size_t n, enum msg_id id, ...);
int msg_vformat(char *buf, size_t n, enum msg_id id, va_list ap);

#endif
