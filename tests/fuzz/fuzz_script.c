/* fuzz_script.c - libFuzzer harness for tools/vmlan/script.c.
 * The input is a whole script.  The regex hook rejects any regex containing "((" so both the
 * accepted and the rejected paths run without fuzzing libc's regcomp.  Checks the parser's
 * contract: every statement has its operand, line numbers rise, limits hold. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../tools/vmlan/script.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool fz_regex_ok(const char *re, char *msg, size_t msgcap, void *ctx)
{
    (void)ctx;
    if (strstr(re, "((") == NULL)
        return true;
    strncpy(msg, "nested group refused by the fuzz hook", msgcap - 1);
    msg[msgcap - 1] = '\0';
    return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const struct scr_hooks hooks = { fz_regex_ok, NULL };
    struct script s;
    struct scr_error err;
    enum scr_err e = scr_parse((const char *)data, size, &hooks, &s, &err);
    if (e != SCR_OK) {
        if (err.code != e || err.line == 0 || strlen(err.detail) >= sizeof err.detail)
            abort();
        (void)scr_err_str(e);
    } else {
        uint32_t last = 0;
        for (size_t i = 0; i < s.n; i++) {
            const struct scr_stmt *st = &s.stmts[i];
            if (st->arg == NULL || st->src == NULL || st->line <= last)
                abort();
            last = st->line;
            if (st->kind == SCR_CP && strlen(st->arg) > SCR_CP_MAX)
                abort();
            if (st->kind == SCR_WAIT && st->wait_ms > SCR_WAIT_MAX_MS)
                abort();
            if (st->kind != SCR_WAIT && st->kind != SCR_HOST && st->arg[0] == '\0' )
                abort();
            (void)scr_kind_str(st->kind);
        }
    }
    scr_free(&s);
    return 0;
}
