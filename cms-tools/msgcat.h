/*
 * msgcat.h - the CMS message catalog: ids in code, texts in msgcat.c only.
 *
 * A message is shown as DMSmmmnnnS text: DMS, the module (CMD command
 * processing, ABE abnormal end), the number (three digits), the severity
 * (I W E S T).  Numbers follow CMS's where CMS has the message (003E,
 * 141T); docs/cms.md lists them all.  The return code a failing command
 * gives its Ready line is the catalog's rc (the message number, or -3 for
 * an unknown command as CMS does).
 */
#ifndef CMS_MSGCAT_H
#define CMS_MSGCAT_H

#include "port.h"

enum cms_msg_id {
    CMS_MSG_UNKNOWN_COMMAND,    /* DMSCMD003E */
    CMS_MSG_INVALID_OPTION,     /* DMSCMD014E */
    CMS_MSG_OPERAND_MISSING,    /* DMSCMD047E */
    CMS_MSG_INVALID_PARAMETER,  /* DMSCMD070E */
    CMS_MSG_CP_TRUNCATED,       /* DMSCMD650W */
    CMS_MSG_PROGRAM_EXCEPTION,  /* DMSABE141T */
    CMS_MSG_PROGRAM_CHECK,      /* DMSABE141T (unnamed code) */
    CMS_MSG_ABEND_RECURSION,    /* DMSABE142T */
    CMS_MSG_ASSERT,             /* DMSABE900S */
    CMS_MSG_NIC_NOT_FOUND,      /* DMSNET101E */
    CMS_MSG_NIC_FAILED,         /* DMSNET102E */
    CMS_MSG_NIC_IPA_FAILED,     /* DMSNET103E */
    CMS_MSG_IF_TABLE_FULL,      /* DMSNET104E */
    CMS_MSG_IF_NOT_UP,          /* DMSNET105E */
    CMS_MSG_NICBAD_ACCEPTED,    /* DMSNET106E */
    CMS_MSG_NO_ROUTE,           /* DMSNET107E */
    CMS_MSG_TOO_BIG,            /* DMSNET108E */
    CMS_MSG_COUNT
};

/* Message number of id (e.g. 3); 0 if id is out of range. */
unsigned cms_msg_number(enum cms_msg_id id);

/* Return code a command ends with when it fails with id. */
int cms_msg_rc(enum cms_msg_id id);

/* Format "DMSmmmnnnS text" with the catalog text of id and the arguments
 * into buf (at most n bytes, NUL-terminated); returns the full length. */
int cms_msg_format(char *buf, size_t n, enum cms_msg_id id, ...);
int cms_msg_vformat(char *buf, size_t n, enum cms_msg_id id, va_list ap);

/* Name of program-interruption code (SA22-7832 "Program-Interruption
 * Conditions"), e.g. "Addressing" for 0x0005, as "<name> exception"
 * is printed; NULL for a code CMS has no name for.  The PER (0x80) and
 * transaction (0x200) bits are ignored. */
const char *cms_pgm_exception_name(uint16_t code);

#endif
