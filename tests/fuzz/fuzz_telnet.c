/* fuzz_telnet.c - libFuzzer harness for tools/vmlan/telnet_codec.c.
 * The first input byte picks a chunk size, the rest is a server byte stream fed in chunks of
 * that size.  Checks: progress on every call, replies and lines within their bounds, lines
 * NUL-terminated with no CR, LF or NUL inside, no trailing blank on an unsplit line. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../tools/vmlan/telnet_codec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fz_check_event(const struct tnc *c, enum tnc_event ev)
{
    if (ev == TNC_EV_REPLY) {
        if (c->reply_len < 3 || c->reply_len > TNC_REPLY_MAX || c->reply[0] != TNC_IAC)
            abort();
        return;
    }
    if (c->line_len > TNC_LINE_MAX || c->line[c->line_len] != '\0')
        abort();
    if (memchr(c->line, '\r', c->line_len) || memchr(c->line, '\n', c->line_len)
        || strlen(c->line) != c->line_len)
        abort();
    if (!c->line_split && c->line_len > 0 && c->line[c->line_len - 1] == ' ')
        abort();
    if (ev == TNC_EV_LINE && !c->connected)
        abort();
    (void)tnc_guest_prefix_len(c->line);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    size_t chunk = (size_t)data[0] % 17 + 1;
    data++, size--;
    struct tnc c;
    if (tnc_init(&c, "DUMB@VMLAN") != TNC_OK)
        abort();
    size_t off = 0;
    while (off < size) {
        size_t part = size - off < chunk ? size - off : chunk;
        size_t done = 0;
        while (done < part) {
            size_t used = 0;
            enum tnc_event ev = tnc_decode(&c, data + off + done, part - done, &used);
            if (used == 0 || used > part - done)
                abort();
            done += used;
            if (ev != TNC_EV_NONE)
                fz_check_event(&c, ev);
        }
        off += part;
    }
    uint8_t out[TNC_INPUT_MAX + 2];
    char text[TNC_INPUT_MAX + 8];
    size_t n = size < sizeof text - 1 ? size : sizeof text - 1;
    memcpy(text, data, n);
    text[n] = '\0';
    size_t enc = tnc_encode_line(text, out, sizeof out);
    if (enc != 0 && (enc != strlen(text) + 2 || out[enc - 1] != '\n'))
        abort();
    return 0;
}
