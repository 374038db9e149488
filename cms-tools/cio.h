/*
 * cio.h - the CMS channel-subsystem driver (target only): find and enable
 * subchannels, run one channel program at a time to its end, waiting
 * enabled for the I/O interruption.
 * Source: SA22-7832, "I/O Instructions" (STSCH, MSCH, SSCH, TSCH),
 * "Operation-Request Block", "Interruption-Response Block".
 */
#ifndef CMS_CIO_H
#define CMS_CIO_H

#include "port.h"
#include "hw/ccw.h"
#include "hw/irb.h"
#include "hw/orb.h"
#include "hw/schib.h"

#define CMS_CIO_SSID_BASE   0x00010000u     /* subchannel set 0, "one" bit */
#define CMS_CIO_ISC         3               /* CMS's interruption subclass */

/* Outcome of cms_cio_run. */
enum cms_cio_err {
    CMS_CIO_OK          = 0,    /* final status stored in the IRB        */
    CMS_CIO_NOT_OPER    = -1,   /* SSCH cc 3: no such or disabled device */
    CMS_CIO_BUSY        = -2,   /* SSCH kept answering cc 1/2            */
};

/* Instruction wrappers; each returns the condition code. */
int cms_stsch(uint32_t schid, struct schib *s);
int cms_msch(uint32_t schid, struct schib *s);
int cms_ssch(uint32_t schid, struct orb *orb);
int cms_tsch(uint32_t schid, struct irb *irb);

/* Enable I/O-interruption subclasses (CR6). */
void cms_cio_init(void);

/* Enable (on) or disable schid for I/O with ISC 3 and interruption
 * parameter schid.  Status pending (MSCH cc 1) is cleared with TSCH and
 * the MSCH retried.  False if STSCH or MSCH fails otherwise. */
bool cms_cio_enable(uint32_t schid, bool on);

/* Start the format-1 channel program ccws on schid and wait, enabled
 * for I/O, until it ends (primary or alert status); the status is in
 * *irb.  Status pending before the start (cc 1, e.g. an ATTENTION) is
 * cleared and the start retried; busy (cc 2) waits for an interruption
 * first.  Interruptions of other subchannels and unsolicited status are
 * taken (TSCH) and dropped.  ccws, the data areas and irb must lie
 * below 2 GB and stay untouched until the call returns. */
enum cms_cio_err cms_cio_run(uint32_t schid, struct ccw1 *ccws, struct irb *irb);

/* Start ccws on schid and return at once: for a channel program that
 * runs on (QDIO ACTIVATE QUEUES); its interruptions are dropped by
 * cms_cio_run's waits, or ended with cms_cio_halt. */
enum cms_cio_err cms_cio_start(uint32_t schid, struct ccw1 *ccws);

/* HALT SUBCHANNEL and wait for its status (*irb).  False if schid is not
 * operational. */
bool cms_cio_halt(uint32_t schid, struct irb *irb);

#endif
