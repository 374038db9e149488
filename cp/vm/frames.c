/*
 * frames.c - real-storage frame allocator (pure; see frames.h).
 * First fit from a moving hint, so repeated small allocations do not
 * rescan the CP-owned prefix of the bitmap.
 */
#include "cp/vm/frames.h"

static bool used(const struct frames *f, uint64_t i)
{
    return (f->map[i >> 3] >> (i & 7)) & 1;
}

static void mark(struct frames *f, uint64_t i, bool on)
{
    if (on)
        f->map[i >> 3] = (uint8_t)(f->map[i >> 3] | (1u << (i & 7)));
    else
        f->map[i >> 3] = (uint8_t)(f->map[i >> 3] & ~(1u << (i & 7)));
}

uint64_t frames_map_bytes(uint64_t storage_bytes)
{
    return (storage_bytes / FRAME_SIZE + 7) / 8;
}

void frames_init(struct frames *f, uint8_t *map, uint64_t storage_bytes, uint64_t cp_end)
{
    f->map = map;
    f->nframes = storage_bytes / FRAME_SIZE;
    f->ncp = (cp_end + FRAME_SIZE - 1) / FRAME_SIZE;
    if (f->ncp > f->nframes)
        f->ncp = f->nframes;
    memset(map, 0, frames_map_bytes(storage_bytes));
    for (uint64_t i = 0; i < f->ncp; i++)
        mark(f, i, true);
    f->nfree = f->nframes - f->ncp;
    f->hint = f->ncp;
}

/* First fit for count frames aligned to align, scanning [from, to). */
static uint64_t scan(const struct frames *f, uint64_t from, uint64_t to,
                     uint64_t count, uint64_t align)
{
    uint64_t i = (from + align - 1) & ~(align - 1);
    while (i + count <= to) {
        uint64_t j = 0;
        while (j < count && !used(f, i + j))
            j++;
        if (j == count)
            return i;
        i = (i + j + 1 + align - 1) & ~(align - 1);
    }
    return 0;
}

uint64_t frames_alloc(struct frames *f, uint64_t count, uint64_t align)
{
    if (count == 0 || align == 0 || (align & (align - 1)) || count > f->nfree)
        return 0;
    uint64_t i = scan(f, f->hint, f->nframes, count, align);
    if (!i)
        i = scan(f, f->ncp, f->nframes, count, align);
    if (!i)
        return 0;
    for (uint64_t j = 0; j < count; j++)
        mark(f, i + j, true);
    f->nfree -= count;
    f->hint = i + count;
    return i * FRAME_SIZE;
}

void frames_free(struct frames *f, uint64_t addr, uint64_t count)
{
    uint64_t i = addr / FRAME_SIZE;
    CP_ASSERT(addr % FRAME_SIZE == 0);
    CP_ASSERT(i >= f->ncp && i + count <= f->nframes);
    for (uint64_t j = 0; j < count; j++) {
        CP_ASSERT(used(f, i + j));
        mark(f, i + j, false);
    }
    f->nfree += count;
    if (i < f->hint)
        f->hint = i;
}
