/*
 * osadev.h - real OSA (LCS) devices as VSWITCH uplinks (target only; see
 * osadev.c).  The command layer reaches them through cp_sys.uplink.
 */
#ifndef CP_IO_OSADEV_H
#define CP_IO_OSADEV_H

#include "port.h"
#include "cp/cmd/cmd.h"

extern const struct cp_uplinkops osadev_ops;

/* Timeouts of the uplink drivers (start-up replies, ARP); call often. */
void osadev_tick(void);
/* TOD of the earliest start-up timeout (0: none), for the idle wait. */
uint64_t osadev_deadline(void);

#endif
