/*
 * inet.h - IPv4 address text (pure): dotted-quad parsing and formatting
 * for commands (CMS IFCONFIG, CP displays).  Addresses are host-order
 * uint32_t (10.0.0.1 = 0x0A000001).
 */
#ifndef LIB_INET_H
#define LIB_INET_H

#include "port.h"

#define INET4_TEXT_MAX  16              /* "255.255.255.255" + NUL           */

/* "a.b.c.d" (each 0-255, decimal, no leading '+'/blanks) -> *addr. */
bool inet4_parse(const char *s, uint32_t *addr);
/* "a.b.c.d/n" (n 0-32) -> *addr, *prefix; without "/n" *prefix = -1. */
bool inet4_parse_prefix(const char *s, uint32_t *addr, int *prefix);
/* addr as dotted quad into out (INET4_TEXT_MAX bytes); returns out. */
char *inet4_format(uint32_t addr, char out[INET4_TEXT_MAX]);

#endif
