/*
 * inet.c - IPv4 address text (pure; see inet.h).
 */
#include "lib/inet.h"

/* Decimal number 0..max at *s, advancing *s; false if none or too big. */
static bool number(const char **s, uint32_t max, uint32_t *out)
{
    uint32_t v = 0;
    unsigned digits = 0;
    for (; **s >= '0' && **s <= '9'; (*s)++) {
        v = v * 10 + (uint32_t)(**s - '0');
        if (++digits > 3 || v > max)
            return false;
    }
    *out = v;
    return digits > 0;
}

static bool parse(const char **s, uint32_t *addr)
{
    uint32_t a = 0, part;
    for (int i = 0; i < 4; i++) {
        if (i && *(*s)++ != '.')
            return false;
        if (!number(s, 255, &part))
            return false;
        a = a << 8 | part;
    }
    *addr = a;
    return true;
}

bool inet4_parse(const char *s, uint32_t *addr)
{
    return s && parse(&s, addr) && *s == '\0';
}

bool inet4_parse_prefix(const char *s, uint32_t *addr, int *prefix)
{
    uint32_t n;
    if (!s || !parse(&s, addr))
        return false;
    if (*s == '\0') {
        *prefix = -1;
        return true;
    }
    if (*s++ != '/' || !number(&s, 32, &n) || *s != '\0')
        return false;
    *prefix = (int)n;
    return true;
}

char *inet4_format(uint32_t addr, char out[INET4_TEXT_MAX])
{
    ksnprintf(out, INET4_TEXT_MAX, "%u.%u.%u.%u", addr >> 24, (addr >> 16) & 0xFF,
              (addr >> 8) & 0xFF, addr & 0xFF);
    return out;
}
