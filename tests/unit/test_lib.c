/* test_lib.c - lib/fmt.c, lib/tod.c, lib/ebcdic.c. */
#include <stdio.h>
#include "tests/unit/suites.h"
#include "port.h"
#include "lib/tod.h"
#include "lib/ebcdic.h"

/* Compare ksnprintf with the C library on the same format. */
#define SAME(fmt, ...) do { \
        char a[128], b[128]; \
        int na = ksnprintf(a, sizeof a, fmt, __VA_ARGS__); \
        int nb = snprintf(b, sizeof b, fmt, __VA_ARGS__); \
        CU_ASSERT_STRING_EQUAL(a, b); \
        CU_ASSERT_EQUAL(na, nb); \
    } while (0)

static void fmt_matches_libc(void)
{
    SAME("%d|%i|%u", -42, 7, 4000000000u);
    SAME("%5d|%-5d|%05d|%-7d|", 42, 42, -42, 7);
    SAME("%x|%X|%08X|%lx", 0xbeefu, 0xbeefu, 0xbeefu, 0x123456789abcUL);
    SAME("%llu|%lld|%zu", 18446744073709551615ull, -9223372036854775807ll - 1, (size_t)77);
    SAME("%s|%10s|%-10s|%.3s|%c|%%", "abc", "right", "left", "truncate", 'Z');
    SAME("%*d|%-*s|%.*s", 6, 12, 4, "ab", 2, "xyz");
    SAME("%016llX %016llX", 0x0704000180000000ull, 0x12345ull);
}

static void fmt_truncates_and_counts(void)
{
    char b[8];
    int n = ksnprintf(b, sizeof b, "%s", "0123456789");
    CU_ASSERT_EQUAL(n, 10);
    CU_ASSERT_STRING_EQUAL(b, "0123456");
    n = ksnprintf(b, 1, "abc");
    CU_ASSERT_EQUAL(n, 3);
    CU_ASSERT_STRING_EQUAL(b, "");
    CU_ASSERT_EQUAL(ksnprintf(NULL, 0, "%d", 12345), 5);
}

/* kvsnprintf without the compiler's format checking, for bad formats. */
static int raw(char *b, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = kvsnprintf(b, n, fmt, ap);
    va_end(ap);
    return k;
}

static void fmt_unknown_conversion_is_visible(void)
{
    char b[32];
    raw(b, sizeof b, "a%qb");
    CU_ASSERT_STRING_EQUAL(b, "a%qb");
    raw(b, sizeof b, "end%");
    CU_ASSERT_STRING_EQUAL(b, "end%");
}

/* TOD value of a civil UTC time, computed independently (days from 1900). */
static uint64_t tod_of(unsigned y, unsigned mo, unsigned d, unsigned h, unsigned mi, unsigned s)
{
    static const unsigned cum[12] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };
    uint64_t days = 0;
    for (unsigned yy = 1900; yy < y; yy++)
        days += ((yy % 4 == 0 && yy % 100 != 0) || yy % 400 == 0) ? 366 : 365;
    days += cum[mo - 1] + d - 1;
    if (mo > 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        days++;
    return ((days * 86400) + h * 3600 + mi * 60 + s) * TOD_UNITS_PER_SEC;
}

static void tod_civil_known_dates(void)
{
    struct tod_civil c;
    tod_to_civil(0, &c);
    CU_ASSERT_EQUAL(c.year, 1900);
    CU_ASSERT_EQUAL(c.month, 1);
    CU_ASSERT_EQUAL(c.day, 1);
    CU_ASSERT_STRING_EQUAL(tod_weekday_name(c.weekday), "MONDAY");

    tod_to_civil(tod_of(2026, 11, 22, 4, 58, 45), &c);
    CU_ASSERT_EQUAL(c.year, 2026);
    CU_ASSERT_EQUAL(c.month, 11);
    CU_ASSERT_EQUAL(c.day, 22);
    CU_ASSERT_EQUAL(c.hour, 4);
    CU_ASSERT_EQUAL(c.minute, 58);
    CU_ASSERT_EQUAL(c.second, 45);
    CU_ASSERT_STRING_EQUAL(tod_weekday_name(c.weekday), "SUNDAY");

    tod_to_civil(tod_of(2024, 2, 29, 23, 59, 59), &c);          /* leap day */
    CU_ASSERT_EQUAL(c.month, 2);
    CU_ASSERT_EQUAL(c.day, 29);
    CU_ASSERT_STRING_EQUAL(tod_weekday_name(c.weekday), "THURSDAY");
    tod_to_civil(tod_of(2000, 12, 31, 0, 0, 0), &c);            /* 400-year leap */
    CU_ASSERT_EQUAL(c.month, 12);
    CU_ASSERT_EQUAL(c.day, 31);
    tod_to_civil(tod_of(1900, 3, 1, 0, 0, 0), &c);              /* 1900 not leap */
    CU_ASSERT_EQUAL(c.month, 3);
    CU_ASSERT_EQUAL(c.day, 1);
    CU_ASSERT_STRING_EQUAL(tod_weekday_name(7), "?");
}

static void tod_duration(void)
{
    char b[24];
    tod_format_duration(b, sizeof b, (3600ull * 26 + 61) * TOD_UNITS_PER_SEC + 5);
    CU_ASSERT_STRING_EQUAL(b, "26:01:01");
}

static void ebcdic_round_trip(void)
{
    for (unsigned i = 0; i < 256; i++)
        CU_ASSERT_EQUAL(ebcdic_to_latin1[ebcdic_from_latin1[i]], i);
    CU_ASSERT_EQUAL(ebcdic_from_latin1['A'], 0xC1);
    CU_ASSERT_EQUAL(ebcdic_from_latin1[' '], 0x40);
    CU_ASSERT_EQUAL(ebcdic_from_latin1['0'], 0xF0);
    CU_ASSERT_EQUAL(ebcdic_from_latin1['['], 0xBA);     /* cp037 */
    CU_ASSERT_EQUAL(ebcdic_from_latin1['|'], 0x4F);
}

void register_lib_tests(void)
{
    static const struct unit_test tests[] = {
        { "fmt matches libc", fmt_matches_libc },
        { "fmt truncates and counts", fmt_truncates_and_counts },
        { "fmt unknown conversion", fmt_unknown_conversion_is_visible },
        { "tod civil dates", tod_civil_known_dates },
        { "tod duration", tod_duration },
        { "ebcdic round trip", ebcdic_round_trip },
        { NULL, NULL },
    };
    unit_add_suite("lib", tests);
}
