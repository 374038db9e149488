/*
 * string.c - the string functions the freestanding CP image needs (and that
 * gcc may emit calls to).  Target only: host builds use the C library.
 */
#include "port.h"

/* MOVE LONG EXTENDED: one instruction moves (or pads) the whole range;
 * cc 3 = interrupted after a CPU-determined amount, so it is repeated.
 * Hercules moves whole pages per step, far faster than a byte loop. */
void *memcpy(void *dst, const void *src, size_t n)
{
    register uint64_t d __asm__("2") = (uint64_t)(uintptr_t)dst;
    register uint64_t dl __asm__("3") = n;
    register uint64_t s __asm__("4") = (uint64_t)(uintptr_t)src;
    register uint64_t sl __asm__("5") = n;
    __asm__ volatile("0: mvcle %0,%2,0\n\tjo 0b"
                     : "+d"(d), "+d"(dl), "+d"(s), "+d"(sl) : : "cc", "memory");
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    if (d < s) {
        while (n--)
            *d++ = *s++;
    } else {
        while (n--)
            d[n] = s[n];
    }
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    register uint64_t d __asm__("2") = (uint64_t)(uintptr_t)dst;
    register uint64_t dl __asm__("3") = n;
    register uint64_t s __asm__("4") = 0;
    register uint64_t sl __asm__("5") = 0;
    uint64_t pad = (uint8_t)c;
    __asm__ volatile("0: mvcle %0,%2,0(%4)\n\tjo 0b"
                     : "+d"(d), "+d"(dl), "+d"(s), "+d"(sl) : "a"(pad) : "cc", "memory");
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const uint8_t *p = a, *q = b;
    for (; n; n--, p++, q++)
        if (*p != *q)
            return *p - *q;
    return 0;
}

size_t strlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

int strcmp(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return (uint8_t)*a - (uint8_t)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
    for (; n; n--, a++, b++) {
        if (*a != *b)
            return (uint8_t)*a - (uint8_t)*b;
        if (!*a)
            return 0;
    }
    return 0;
}

char *strchr(const char *s, int c)
{
    for (;; s++) {
        if (*s == (char)c)
            return (char *)(uintptr_t)s;
        if (!*s)
            return NULL;
    }
}
