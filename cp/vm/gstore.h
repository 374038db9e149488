/*
 * gstore.h - the one accessor for guest storage (pure).
 *
 * Every byte CP reads from or writes to a guest goes through gs_fetch /
 * gs_store.  Addresses are guest REAL (prefixing applied: lowcore, DIAGNOSE
 * operands) or guest ABSOLUTE (CCWs, ORBs, data areas) - SA22-7832,
 * "Prefixing".  Each access is checked against the guest's size and, for
 * a nonzero access key, against the storage key of every 4 KB page
 * (key-controlled protection: store needs a matching key; fetch needs one
 * only when the page is fetch-protected).  Failures are an enum, mapped to
 * architected outcomes by the caller in one place per interface.
 */
#ifndef CP_VM_GSTORE_H
#define CP_VM_GSTORE_H

#include "port.h"

#define GS_PAGE_SIZE    4096u
#define GS_PAGE_SHIFT   12
#define GS_PREFIX_SIZE  8192u           /* z/Architecture prefix area */

enum gs_space { GS_REAL, GS_ABSOLUTE };

enum gs_err {
    GS_OK         =  0,
    GS_ADDRESSING = -1,                 /* outside the guest's storage     */
    GS_PROTECTION = -2,                 /* key-controlled protection       */
};

/* Storage-key byte layout (SA22-7832 "Storage Key"): ACC(4) F R C . */
#define GS_KEY_ACC(k)   ((uint8_t)((k) >> 4))
#define GS_KEY_FETCH    0x08

struct gstore {
    void     *ctx;
    uint64_t  size;                     /* bytes, a multiple of 4 KB      */
    uint64_t  prefix;                   /* prefix register value          */
    /* Host pointer to absolute page number pfn (pfn < size/4K). */
    uint8_t *(*page)(void *ctx, uint64_t pfn);
    /* Storage key of absolute page pfn. */
    uint8_t  (*key)(void *ctx, uint64_t pfn);
};

const char *gs_err_str(enum gs_err e);
/* Real -> absolute with g's prefix (swaps [0,8K) and [prefix,prefix+8K)). */
uint64_t gs_real_to_abs(const struct gstore *g, uint64_t real);
/* Copy len bytes from guest addr (in space) to buf with access key akey. */
enum gs_err gs_fetch(const struct gstore *g, enum gs_space sp, uint64_t addr,
                     void *buf, size_t len, uint8_t akey);
/* Copy len bytes from buf to guest addr (in space) with access key akey.
 * Nothing is stored unless every byte may be stored. */
enum gs_err gs_store(const struct gstore *g, enum gs_space sp, uint64_t addr,
                     const void *buf, size_t len, uint8_t akey);

#endif
