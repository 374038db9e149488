/*
 * cio.h - CP's driver for the real channel subsystem (target only).
 * Source: SA22-7832, "I/O Instructions" (STSCH, MSCH, SSCH, TSCH, CSCH).
 */
#ifndef CP_IO_CIO_H
#define CP_IO_CIO_H

#include "port.h"
#include "hw/ccw.h"
#include "hw/irb.h"
#include "hw/orb.h"
#include "hw/schib.h"

#define CIO_ISC         3       /* interruption subclass of every CP device */
#define CIO_MAX_DEVS    32

/* Called for each I/O interruption of a registered subchannel, with the
 * IRB that TSCH stored (status already cleared). */
typedef void (*cio_handler)(void *ctx, uint32_t schid, const struct irb *irb);

void cio_init(void);
/* Subchannel id of devno, or 0 if no valid subchannel has it. */
uint32_t cio_find(uint16_t devno);
/* Enable schid for interruptions (ISC 3) and route them to h(ctx).
 * Returns false if MSCH fails or the table is full. */
bool cio_attach(uint32_t schid, cio_handler h, void *ctx);
/* Disable schid and forget its handler. */
void cio_detach(uint32_t schid);
/* Instruction wrappers; each returns the condition code. */
int cio_ssch(uint32_t schid, struct orb *orb);
int cio_tsch(uint32_t schid, struct irb *irb);
int cio_csch(uint32_t schid);
/* Start ccws as a format-1 channel program with intparm schid. */
int cio_start(uint32_t schid, struct orb *orb, struct ccw1 *ccws);
/* Handle the I/O interruption whose SSID word is at 0xB8. */
void cio_interrupt(void);
/* Polled: wait (interruptions disabled) up to tod_limit for status on
 * schid and store it in irb; true if status arrived.  For trap paths. */
bool cio_poll(uint32_t schid, struct irb *irb, uint64_t tod_limit);

#endif
