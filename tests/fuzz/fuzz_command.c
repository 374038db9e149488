/*
 * fuzz_command.c - libFuzzer harness for the operator command path
 * (cp_command: tokenizer, abbreviations, validation, responses): any
 * console input line must give bounded output that ends in a Ready line,
 * or nothing for a blank line, or SHUTDOWN's two lines.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cp/cmd/cmd.h"

static unsigned nlines;
static char lastline[CP_OUT_LINE_MAX + 1];

static void sink(void *ctx, const char *text)
{
    (void)ctx;
    if (strlen(text) > CP_OUT_LINE_MAX)
        abort();
    snprintf(lastline, sizeof lastline, "%s", text);
    nlines++;
}

static uint64_t now(void) { return 0xDEADBEEF00000000ull; }
static uint64_t busy(void) { return 12345; }
static void frames(struct cp_frame_stats *s) { *s = (struct cp_frame_stats){ 1, 1, 0 }; }
static bool down;
static void shutdown_req(void) { down = true; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const struct cp_sys sys = { now, busy, frames, shutdown_req, 0xDE00000000000000ull,
                                       64ull << 20, "01/01/26 00:00:00", "0.0.0" };
    static const struct cp_out out = { sink, NULL };
    char line[CP_LINE_MAX + 1];
    size_t n = size < CP_LINE_MAX ? size : CP_LINE_MAX;
    memcpy(line, data, n);
    line[n] = '\0';

    nlines = 0;
    down = false;
    lastline[0] = '\0';
    int rc = cp_command(line, &out, &sys);
    if (nlines > 16 || rc < 0)
        abort();
    if (nlines && !down && strncmp(lastline, "Ready", 5) != 0)
        abort();
    return 0;
}
