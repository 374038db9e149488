/*
 * fmt.c - a small vsnprintf for the freestanding images (pure).
 *
 * Conversions: %s %c %d %i %u %x %X %% with flags '-' and '0', a decimal
 * width (or '*'), a precision for %s ('.N' or '.*'), and the length
 * modifiers l, ll and z.  Enough for CP's messages; anything else is
 * copied through literally so a bad format is visible, not fatal.
 */
#include "port.h"

struct fmt_out {
    char  *buf;
    size_t cap;
    size_t len;             /* length the full output would have */
};

static void put(struct fmt_out *o, char c)
{
    if (o->len + 1 < o->cap)
        o->buf[o->len] = c;
    o->len++;
}

static void put_padded(struct fmt_out *o, const char *s, size_t n,
                       int width, bool left, char pad)
{
    size_t w = width > 0 ? (size_t)width : 0;
    if (!left)
        for (; w > n; w--)
            put(o, pad);
    for (size_t i = 0; i < n; i++)
        put(o, s[i]);
    if (left)
        for (; w > n; w--)
            put(o, ' ');
}

/* Digits of v in base 10 or 16 into tmp (backwards); returns the count. */
static size_t utoa_rev(char *tmp, unsigned long long v, unsigned base, bool upper)
{
    const char *dig = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    size_t n = 0;
    do {
        tmp[n++] = dig[v % base];
        v /= base;
    } while (v);
    return n;
}

static void put_number(struct fmt_out *o, unsigned long long v, bool neg,
                       unsigned base, bool upper, int width, bool left, bool zero)
{
    char rev[24], s[26];
    size_t n = utoa_rev(rev, v, base, upper), k = 0;
    if (neg && zero && !left) {
        put(o, '-');
        if (width > 0)
            width--;
        neg = false;
    }
    if (neg)
        s[k++] = '-';
    while (n)
        s[k++] = rev[--n];
    put_padded(o, s, k, width, left, zero && !left ? '0' : ' ');
}

int kvsnprintf(char *buf, size_t cap, const char *fmt, va_list ap)
{
    struct fmt_out o = { buf, cap, 0 };

    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            put(&o, *p);
            continue;
        }
        const char *start = p++;
        bool left = false, zero = false;
        int width = 0, prec = -1, lng = 0;
        for (; *p == '-' || *p == '0'; p++) {
            if (*p == '-')
                left = true;
            else
                zero = true;
        }
        if (*p == '*') {
            width = va_arg(ap, int);
            if (width < 0) {
                left = true;
                width = -width;
            }
            p++;
        }
        for (; *p >= '0' && *p <= '9'; p++)
            width = width * 10 + (*p - '0');
        if (*p == '.') {
            p++;
            prec = 0;
            if (*p == '*') {
                prec = va_arg(ap, int);
                p++;
            }
            for (; *p >= '0' && *p <= '9'; p++)
                prec = prec * 10 + (*p - '0');
        }
        for (; *p == 'l' || *p == 'z'; p++)
            lng += *p == 'z' ? 2 : 1;

        unsigned long long u;
        long long s;
        switch (*p) {
        case 's': {
            const char *str = va_arg(ap, const char *);
            if (!str)
                str = "(null)";
            size_t n = 0;
            while (str[n] && (prec < 0 || n < (size_t)prec))
                n++;
            put_padded(&o, str, n, width, left, ' ');
            break;
        }
        case 'c': {
            char c = (char)va_arg(ap, int);
            put_padded(&o, &c, 1, width, left, ' ');
            break;
        }
        case 'd':
        case 'i':
            s = lng >= 2 ? va_arg(ap, long long) : lng == 1 ? va_arg(ap, long) : va_arg(ap, int);
            u = s < 0 ? 0ull - (unsigned long long)s : (unsigned long long)s;
            put_number(&o, u, s < 0, 10, false, width, left, zero);
            break;
        case 'u':
        case 'x':
        case 'X':
            u = lng >= 2 ? va_arg(ap, unsigned long long)
              : lng == 1 ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
            put_number(&o, u, false, *p == 'u' ? 10 : 16, *p == 'X', width, left, zero);
            break;
        case '%':
            put(&o, '%');
            break;
        default:                /* unknown conversion: copy it through */
            for (const char *q = start; q <= p && *q; q++)
                put(&o, *q);
            if (!*p)
                p--;
            break;
        }
    }
    if (cap)
        buf[o.len < cap ? o.len : cap - 1] = '\0';
    return (int)o.len;
}

int ksnprintf(char *buf, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = kvsnprintf(buf, cap, fmt, ap);
    va_end(ap);
    return n;
}

void fmt_ready(char *buf, size_t n, int rc)
{
    if (rc == 0)
        ksnprintf(buf, n, "Ready;");
    else if (rc > 0)
        ksnprintf(buf, n, "Ready(%05d);", rc > 99999 ? 99999 : rc);
    else
        ksnprintf(buf, n, "Ready(-%04d);", rc < -9999 ? 9999 : -rc);
}
