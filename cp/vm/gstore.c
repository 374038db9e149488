/*
 * gstore.c - checked guest-storage access (pure; see gstore.h).
 * An access is split at 4 KB page boundaries (prefixing and keys are per
 * page).  All pages are checked before any byte moves.
 */
#include "cp/vm/gstore.h"

static const char *const gs_err_names[] = {
    [0] = "ok",
    [1] = "addressing exception",
    [2] = "protection exception",
};

const char *gs_err_str(enum gs_err e)
{
    unsigned i = (unsigned)-(int)e;
    return i < ARRAY_SIZE(gs_err_names) ? gs_err_names[i] : "unknown gstore error";
}

uint64_t gs_real_to_abs(const struct gstore *g, uint64_t real)
{
    if (real < GS_PREFIX_SIZE)
        return real + g->prefix;
    if (real - g->prefix < GS_PREFIX_SIZE)
        return real - g->prefix;
    return real;
}

static uint64_t to_abs(const struct gstore *g, enum gs_space sp, uint64_t addr)
{
    return sp == GS_REAL ? gs_real_to_abs(g, addr) : addr;
}

/* Check every page of [addr, addr+len) for a fetch or store. */
static enum gs_err check(const struct gstore *g, enum gs_space sp, uint64_t addr,
                         size_t len, uint8_t akey, bool store)
{
    if (len == 0)
        return GS_OK;
    if (addr >= g->size || len > g->size - addr)
        return GS_ADDRESSING;
    uint64_t a = addr, end = addr + len;
    while (a < end) {
        uint64_t abs = to_abs(g, sp, a);
        if (abs >= g->size)
            return GS_ADDRESSING;
        if (akey) {
            uint8_t k = g->key(g->ctx, abs >> GS_PAGE_SHIFT);
            if (GS_KEY_ACC(k) != akey && (store || (k & GS_KEY_FETCH)))
                return GS_PROTECTION;
        }
        a = (a | (GS_PAGE_SIZE - 1)) + 1;
    }
    return GS_OK;
}

enum gs_err gs_fetch(const struct gstore *g, enum gs_space sp, uint64_t addr,
                     void *buf, size_t len, uint8_t akey)
{
    enum gs_err e = check(g, sp, addr, len, akey, false);
    uint8_t *out = buf;
    while (e == GS_OK && len) {
        uint64_t abs = to_abs(g, sp, addr);
        size_t off = (size_t)(abs & (GS_PAGE_SIZE - 1));
        size_t n = GS_PAGE_SIZE - off < len ? GS_PAGE_SIZE - off : len;
        memcpy(out, g->page(g->ctx, abs >> GS_PAGE_SHIFT) + off, n);
        out += n;
        addr += n;
        len -= n;
    }
    return e;
}

enum gs_err gs_store(const struct gstore *g, enum gs_space sp, uint64_t addr,
                     const void *buf, size_t len, uint8_t akey)
{
    enum gs_err e = check(g, sp, addr, len, akey, true);
    const uint8_t *in = buf;
    while (e == GS_OK && len) {
        uint64_t abs = to_abs(g, sp, addr);
        size_t off = (size_t)(abs & (GS_PAGE_SIZE - 1));
        size_t n = GS_PAGE_SIZE - off < len ? GS_PAGE_SIZE - off : len;
        memcpy(g->page(g->ctx, abs >> GS_PAGE_SHIFT) + off, in, n);
        in += n;
        addr += n;
        len -= n;
    }
    return e;
}
