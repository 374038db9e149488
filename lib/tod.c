/*
 * tod.c - TOD clock to calendar conversion (pure; see tod.h).
 */
#include "tod.h"

static const char *const weekday_names[7] = {
    "SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY",
};

const char *tod_weekday_name(unsigned weekday)
{
    return weekday < 7 ? weekday_names[weekday] : "?";
}

static bool leap(unsigned y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

void tod_to_civil(uint64_t tod, struct tod_civil *out)
{
    static const uint8_t mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    uint64_t secs = tod / TOD_UNITS_PER_SEC;
    uint64_t days = secs / 86400;
    uint32_t rem = (uint32_t)(secs % 86400);

    out->hour = (uint8_t)(rem / 3600);
    out->minute = (uint8_t)(rem / 60 % 60);
    out->second = (uint8_t)(rem % 60);
    out->weekday = (uint8_t)((days + 1) % 7);     /* 1900-01-01 was a Monday */

    unsigned year = 1900;
    for (;;) {
        unsigned ydays = leap(year) ? 366 : 365;
        if (days < ydays)
            break;
        days -= ydays;
        year++;
    }
    unsigned m = 0;
    for (;; m++) {
        unsigned md = mdays[m] + (m == 1 && leap(year) ? 1u : 0u);
        if (days < md)
            break;
        days -= md;
    }
    out->year = (uint16_t)year;
    out->month = (uint8_t)(m + 1);
    out->day = (uint8_t)(days + 1);
}

void tod_format_duration(char *buf, size_t n, uint64_t tod_delta)
{
    uint64_t secs = tod_delta / TOD_UNITS_PER_SEC;
    ksnprintf(buf, n, "%02llu:%02llu:%02llu", (unsigned long long)(secs / 3600),
              (unsigned long long)(secs / 60 % 60), (unsigned long long)(secs % 60));
}
