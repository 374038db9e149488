/* port_assert.c - CP_ASSERT for the fuzzers: abort, so libFuzzer reports it. */
#include <stdio.h>
#include <stdlib.h>
#include "port.h"

void port_assert_fail(const char *expr, const char *file, unsigned line)
{
    fprintf(stderr, "CP_ASSERT failed: %s (%s:%u)\n", expr, file, line);
    abort();
}
