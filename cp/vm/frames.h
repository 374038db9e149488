/*
 * frames.h - real-storage frame allocator (pure).
 *
 * Real storage is 4 KB frames; one bit each (1 = in use) in a bitmap the
 * caller provides.  Frames below the first free address belong to CP (its
 * image, stacks, lowcore, the bitmap itself) and can never be freed.
 * Guest storage, host page tables and buffers come from here.
 */
#ifndef CP_VM_FRAMES_H
#define CP_VM_FRAMES_H

#include "port.h"

#define FRAME_SIZE  4096ull
#define FRAME_SHIFT 12

struct frames {
    uint8_t *map;           /* nframes bits, 1 = in use                 */
    uint64_t nframes;       /* frames of real storage                   */
    uint64_t ncp;           /* frames [0, ncp) belong to CP             */
    uint64_t nfree;
    uint64_t hint;          /* where the next search starts             */
};

/* Bytes of bitmap needed for storage_bytes of real storage. */
uint64_t frames_map_bytes(uint64_t storage_bytes);
/* Set up f over storage_bytes; frames below cp_end (rounded up) are CP's.
 * map must hold frames_map_bytes(storage_bytes) bytes. */
void frames_init(struct frames *f, uint8_t *map, uint64_t storage_bytes, uint64_t cp_end);
/* Allocate count contiguous frames whose first frame number is a multiple
 * of align (a power of two, >= 1).  Returns the real address, or 0 when no
 * such run is free (frame 0 is CP's, so 0 is never a valid result). */
uint64_t frames_alloc(struct frames *f, uint64_t count, uint64_t align);
/* Return count frames at addr, which frames_alloc handed out. */
void frames_free(struct frames *f, uint64_t addr, uint64_t count);

#endif
