/*
 * con3215.h - operator consoles on 3215 devices (target only).
 *
 * Each console has an output queue and is driven by I/O interruptions.  CP
 * never leaves a READ outstanding: it reads only after the device presents
 * ATTENTION (a line is buffered in Hercules), so output can always be
 * written and the Hercules 3.13 telnet-console race (a READ blocked in
 * recv while the console thread holds the device lock) cannot happen.
 * A write that ends in unit check means no client is attached: the
 * console's output is discarded until the device presents device end (a
 * client connected) or ATTENTION.  See docs/console.md.
 */
#ifndef CP_IO_CON3215_H
#define CP_IO_CON3215_H

#include "port.h"

#define CON_MAX         4
#define CON_LINE_MAX    150         /* Hercules BUFLEN_1052               */
#define CON_QUEUE_LINES 256

/* Find and enable the consoles devnos[0..n); returns how many work. */
unsigned con_init(const uint16_t *devnos, unsigned n);
unsigned con_count(void);
uint16_t con_devno(unsigned con);
/* Queue one line (longer lines are split) for console con. */
void con_write(unsigned con, const char *text);
/* Queue one line for every console. */
void con_broadcast(const char *text);
/* Next input line from any console: true and the console's index in *con. */
bool con_read_line(unsigned *con, char *buf, size_t n);
/* Earliest I/O time-out (TOD) of any console, 0 if none. */
uint64_t con_deadline(void);
/* Handle time-outs due at now. */
void con_timeouts(uint64_t now);
/* True while a connected console still has output queued or in flight. */
bool con_busy(void);
/* Trap path: with interruptions disabled, finish queued output and write
 * text on every console by polling.  Bounded in time. */
void con_panic(const char *text);

#endif
