/* test_frames.c - real-storage frame allocator (cp/vm/frames.c). */
#include <stdlib.h>
#include "tests/unit/suites.h"
#include "cp/vm/frames.h"

#define STORAGE (4ull << 20)        /* 1024 frames */
static uint8_t map[(STORAGE / FRAME_SIZE + 7) / 8];
static struct frames f;

static void setup(void)
{
    CU_ASSERT_EQUAL(frames_map_bytes(STORAGE), sizeof map);
    frames_init(&f, map, STORAGE, 100 * FRAME_SIZE + 1);       /* CP: frames 0..100 */
}

static void init_counts(void)
{
    setup();
    CU_ASSERT_EQUAL(f.nframes, 1024);
    CU_ASSERT_EQUAL(f.ncp, 101);
    CU_ASSERT_EQUAL(f.nfree, 1024 - 101);
}

static void alloc_skips_cp_and_aligns(void)
{
    setup();
    uint64_t a = frames_alloc(&f, 1, 1);
    CU_ASSERT_EQUAL(a, 101 * FRAME_SIZE);
    uint64_t b = frames_alloc(&f, 4, 4);                        /* 16 KB aligned run */
    CU_ASSERT_EQUAL(b % (4 * FRAME_SIZE), 0);
    CU_ASSERT(b > a);
    CU_ASSERT_EQUAL(f.nfree, 1024 - 101 - 5);
    frames_free(&f, a, 1);
    frames_free(&f, b, 4);
    CU_ASSERT_EQUAL(f.nfree, 1024 - 101);
}

static void exhaust_and_recover(void)
{
    setup();
    uint64_t n = 0, addrs[1024];
    while ((addrs[n] = frames_alloc(&f, 1, 1)) != 0)
        n++;
    CU_ASSERT_EQUAL(n, 1024 - 101);
    CU_ASSERT_EQUAL(f.nfree, 0);
    CU_ASSERT_EQUAL(frames_alloc(&f, 1, 1), 0);
    for (uint64_t i = 0; i < n; i += 2)                         /* free every other */
        frames_free(&f, addrs[i], 1);
    CU_ASSERT_EQUAL(frames_alloc(&f, 2, 1), 0);                 /* fragmented */
    CU_ASSERT_NOT_EQUAL(frames_alloc(&f, 1, 1), 0);
    for (uint64_t i = 1; i < n; i += 2)
        frames_free(&f, addrs[i], 1);
    CU_ASSERT_NOT_EQUAL(frames_alloc(&f, 512, 256), 0);         /* wraps the hint */
}

static void rejects_bad_requests(void)
{
    setup();
    CU_ASSERT_EQUAL(frames_alloc(&f, 0, 1), 0);
    CU_ASSERT_EQUAL(frames_alloc(&f, 1, 3), 0);                 /* align not a power of 2 */
    CU_ASSERT_EQUAL(frames_alloc(&f, 2000, 1), 0);
}

void register_frames_tests(void)
{
    static const struct unit_test tests[] = {
        { "init counts", init_counts },
        { "alloc skips CP, aligns", alloc_skips_cp_and_aligns },
        { "exhaust and recover", exhaust_and_recover },
        { "bad requests", rejects_bad_requests },
        { NULL, NULL },
    };
    unit_add_suite("frames", tests);
}
