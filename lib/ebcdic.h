/* ebcdic.h - ISO-8859-1 <-> EBCDIC cp037 tables (lib/ebcdic.c). */
#ifndef LIB_EBCDIC_H
#define LIB_EBCDIC_H

#include "port.h"

extern const uint8_t ebcdic_from_latin1[256];
extern const uint8_t ebcdic_to_latin1[256];

#endif
