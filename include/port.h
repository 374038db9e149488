/*
 * port.h - the only platform seam for pure code.
 *
 * Pure modules (command parsing, message catalog, formatting, frame
 * allocator, later qdio/ and guestlan/) include this header and nothing
 * else from the platform.  On the s390x target (VMLAN_TARGET) the string
 * functions come from lib/string.c; on the host from the C library, so the
 * host tests run the same pure sources the CP image runs.
 */
#ifndef VMLAN_PORT_H
#define VMLAN_PORT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef VMLAN_TARGET
void  *memcpy(void *dst, const void *src, size_t n);
void  *memmove(void *dst, const void *src, size_t n);
void  *memset(void *dst, int c, size_t n);
int    memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int    strcmp(const char *a, const char *b);
int    strncmp(const char *a, const char *b, size_t n);
char  *strchr(const char *s, int c);
#else
#include <string.h>
#endif

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Formatting (lib/fmt.c): %s %c %d %i %u %x %X %%, flags '-' '0', width,
 * length modifiers l ll z.  Always NUL-terminates when n > 0; returns the
 * length the full output would have had. */
int kvsnprintf(char *buf, size_t n, const char *fmt, va_list ap);
int ksnprintf(char *buf, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The CMS-style end of a command: "Ready;" for rc 0, "Ready(nnnnn);"
 * (five digits) otherwise, "Ready(-nnnn);" for a negative rc (lib/fmt.c). */
void fmt_ready(char *buf, size_t n, int rc);

/* z/VM names (lib/name.c): 1-8 of A-Z 0-9 @ # $ (upper case). */
#define NAME_MAX_LEN 8
bool name_char(char c);
/* Fold s to upper case into out if it is a name in any case. */
bool name_fold(const char *s, char out[NAME_MAX_LEN + 1]);

/* CP_ASSERT: on the target a coded disabled wait (cp/arch/trap.c), in the
 * host tests an abort (tests/unit/main.c provides port_assert_fail). */
void port_assert_fail(const char *expr, const char *file, unsigned line)
    __attribute__((noreturn));
#define CP_ASSERT(e) ((e) ? (void)0 : port_assert_fail(#e, __FILE__, __LINE__))

static inline char port_upper(char c)
{
    return (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
}

#endif
