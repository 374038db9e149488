/*
 * console.h - the CMS virtual console: a 3215 (target only).
 *
 * CP gives the guest a 3215 at the device number its directory names
 * (usually 0009); CMS finds it by SENSE ID, so the number does not
 * matter.  Output: CCW X'09' (write, carrier return), one line per CCW,
 * at most 150 bytes, EBCDIC.  Input: CCW X'0A' (read inquiry), which
 * completes when CP (or Hercules) has a line for this console.
 */
#ifndef CMS_CONSOLE_H
#define CMS_CONSOLE_H

#include "port.h"

#define CMS_CON_LINE_MAX    150     /* 3215 buffer (Hercules BUFLEN_1052) */
#define CMS_CON_CU_TYPE     0x3215  /* SENSE ID bytes 1-2                  */

/* Scan the subchannels (STSCH from 0x10000 until cc 3), enable each valid
 * one and SENSE ID it; the first whose control-unit type is 3215 becomes
 * the console and stays enabled, the others are disabled again.  Returns
 * false if there is none. */
bool cms_con_init(void);

/* True once cms_con_init found the console. */
bool cms_con_ready(void);

/* Device number and subchannel id of the console (0 before init). */
uint16_t cms_con_devno(void);
uint32_t cms_con_schid(void);

/* Write text as one line; longer text is split into 150-byte lines, an
 * empty line is written as one blank.  Returns when the device has it. */
void cms_con_write(const char *text);

/* Read one line into buf (NUL-terminated, at most n-1 bytes, translated
 * to ISO-8859-1).  Waits enabled until a line arrives.  Returns its
 * length. */
size_t cms_con_read(char *buf, size_t n);

#endif
