/*
 * tod.h - TOD-clock values to civil time (pure).
 * The TOD clock counts 2**-12 microseconds since 1900-01-01 00:00:00 UTC
 * (SA22-7832, "Time-of-Day Clock"); bit 51 is one microsecond.
 */
#ifndef LIB_TOD_H
#define LIB_TOD_H

#include "port.h"

#define TOD_UNITS_PER_US    4096ull
#define TOD_UNITS_PER_SEC   (4096ull * 1000000ull)

struct tod_civil {
    uint16_t year;          /* 1900-     */
    uint8_t  month;         /* 1-12      */
    uint8_t  day;           /* 1-31      */
    uint8_t  hour, minute, second;
    uint8_t  weekday;       /* 0 = SUNDAY */
};

void tod_to_civil(uint64_t tod, struct tod_civil *out);
const char *tod_weekday_name(unsigned weekday);
/* "hh:mm:ss" for a duration in TOD units (hours may exceed 24). */
void tod_format_duration(char *buf, size_t n, uint64_t tod_delta);

#endif
