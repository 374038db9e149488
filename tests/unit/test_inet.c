/*
 * test_inet.c - IPv4 address text (lib/inet.c): dotted quads, the "/n"
 * prefix form, and formatting round trips.
 *
 * Leading zeros: a part is 1-3 decimal digits with a value 0-255, so
 * "01.2.3.4" is 1.2.3.4 and "010.0.0.1" is 10.0.0.1 (decimal, never
 * octal as inet_aton would read it); a fourth digit is refused even when
 * the value fits ("0001.1.1.1").  The prefix follows the same rule, 0-32.
 */
#include <string.h>
#include "tests/unit/suites.h"
#include "lib/inet.h"

static void test_parse_valid(void)
{
    static const struct { const char *s; uint32_t v; } ok[] = {
        { "0.0.0.0",         0x00000000u },
        { "10.1.0.5",        0x0A010005u },
        { "255.255.255.255", 0xFFFFFFFFu },
        { "192.168.1.254",   0xC0A801FEu },
        { "1.2.3.4",         0x01020304u },
        { "01.2.3.4",        0x01020304u },     /* leading zero: decimal */
        { "010.0.0.1",       0x0A000001u },     /* not octal 8 */
        { "001.002.003.004", 0x01020304u },
        { "000.000.000.000", 0x00000000u },
        { "099.0.0.0",       0x63000000u },     /* 9 is no octal digit anyway */
    };
    for (size_t i = 0; i < ARRAY_SIZE(ok); i++) {
        uint32_t a = 0xDEADBEEF;
        CU_ASSERT_TRUE(inet4_parse(ok[i].s, &a));
        CU_ASSERT_EQUAL(a, ok[i].v);
    }
}

static void test_parse_invalid(void)
{
    static const char *const bad[] = {
        "", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.256.1.1", "1.1.1.256", "1..2.3",
        "1.2.3.4 ", " 1.2.3.4", "a.b.c.d", "1234.1.1.1", "0001.1.1.1", "1.2.3.0004",
        ".1.2.3", "1.2.3.", "1.2.3.4.", "...", ".", "+1.2.3.4", "1.-2.3.4",
        "1,2,3,4", "1.2.3.4/24", "1.2.3.4x", "0x1.2.3.4", "999.999.999.999",
        "4294967295", "1.2.3.4\n",
    };
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        uint32_t a;
        CU_ASSERT_FALSE(inet4_parse(bad[i], &a));
    }
    uint32_t a;
    CU_ASSERT_FALSE(inet4_parse(NULL, &a));
}

static void test_parse_prefix(void)
{
    static const struct { const char *s; uint32_t v; int prefix; } ok[] = {
        { "10.0.0.1/24",        0x0A000001u, 24 },
        { "10.0.0.1/0",         0x0A000001u, 0 },
        { "10.0.0.1/32",        0x0A000001u, 32 },
        { "0.0.0.0/0",          0x00000000u, 0 },
        { "255.255.255.255/32", 0xFFFFFFFFu, 32 },
        { "10.0.0.1/08",        0x0A000001u, 8 },       /* leading zero, decimal */
        { "10.0.0.1/024",       0x0A000001u, 24 },
        { "10.0.0.1",           0x0A000001u, -1 },      /* no prefix */
        { "192.168.7.1",        0xC0A80701u, -1 },
    };
    for (size_t i = 0; i < ARRAY_SIZE(ok); i++) {
        uint32_t a = 0xDEADBEEF;
        int p = 99;
        CU_ASSERT_TRUE(inet4_parse_prefix(ok[i].s, &a, &p));
        CU_ASSERT_EQUAL(a, ok[i].v);
        CU_ASSERT_EQUAL(p, ok[i].prefix);
    }

    static const char *const bad[] = {
        "10.0.0.1/33", "10.0.0.1/", "10.0.0.1/99", "10.0.0.1/100", "10.0.0.1/0032",
        "10.0.0.1/-1", "10.0.0.1/+8", "10.0.0.1/24 ", "10.0.0.1/ 24", "10.0.0.1//24",
        "10.0.0.1/24/8", "10.0.0.1/2a", "10.0.0.1 /24", "10.0.0.1\\24", "10.0.0/24",
        "256.0.0.1/24", "/24", "", "10.0.0.1x",
    };
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        uint32_t a;
        int p;
        CU_ASSERT_FALSE(inet4_parse_prefix(bad[i], &a, &p));
    }
    uint32_t a;
    int p;
    CU_ASSERT_FALSE(inet4_parse_prefix(NULL, &a, &p));
}

static void test_format(void)
{
    static const struct { uint32_t v; const char *s; } fx[] = {
        { 0x00000000u, "0.0.0.0" },
        { 0xFFFFFFFFu, "255.255.255.255" },
        { 0x0A010005u, "10.1.0.5" },
        { 0x7F000001u, "127.0.0.1" },
        { 0x01020304u, "1.2.3.4" },
        { 0xC0A80A64u, "192.168.10.100" },
    };
    for (size_t i = 0; i < ARRAY_SIZE(fx); i++) {
        char out[INET4_TEXT_MAX];
        memset(out, 'X', sizeof out);
        CU_ASSERT_PTR_EQUAL(inet4_format(fx[i].v, out), out);
        CU_ASSERT_STRING_EQUAL(out, fx[i].s);
    }
    /* the longest text fills the buffer exactly */
    char out[INET4_TEXT_MAX];
    inet4_format(0xFFFFFFFFu, out);
    CU_ASSERT_EQUAL(strlen(out), INET4_TEXT_MAX - 1);
}

/* format -> parse gives the address back, over a spread of values. */
static void test_round_trip(void)
{
    uint32_t x = 0x12345678u;
    unsigned bad = 0;
    for (unsigned i = 0; i < 20000; i++) {
        char out[INET4_TEXT_MAX], pfx[INET4_TEXT_MAX + 3];
        uint32_t a = ~x, b = ~x;
        int p = -2;
        x = x * 1664525u + 1013904223u;             /* LCG */
        uint32_t v = i < 256 ? i * 0x01010101u : x;
        inet4_format(v, out);
        if (!inet4_parse(out, &a) || a != v)
            bad++;
        memcpy(pfx, out, strlen(out));
        pfx[strlen(out)] = '/';
        pfx[strlen(out) + 1] = (char)('0' + i % 4);
        pfx[strlen(out) + 2] = '\0';
        if (!inet4_parse_prefix(pfx, &b, &p) || b != v || p != (int)(i % 4))
            bad++;
    }
    CU_ASSERT_EQUAL(bad, 0);
}

void register_inet_tests(void)
{
    static const struct unit_test tests[] = {
        { "inet4_parse valid (leading zeros decimal)", test_parse_valid },
        { "inet4_parse invalid", test_parse_invalid },
        { "inet4_parse_prefix", test_parse_prefix },
        { "inet4_format", test_format },
        { "format/parse round trip", test_round_trip },
        { NULL, NULL },
    };
    unit_add_suite("inet", tests);
}
