/*
 * fuzz_vio.c - libFuzzer harness for the virtual channel subsystem: the
 * guest's control blocks (SCHIB, ORB, CCWs, data) and its instruction
 * sequence come from the input: byte 0 says how many 4-byte operations
 * follow (op, operand, 16-bit address); the bytes after them fill guest
 * storage (16 KB) from address 0, where ORBs and CCW programs live.
 * Results must stay architectural: a cc 0-3 or a defined program exception,
 * and an IRB's status bytes and count consistent with the CCW that ran.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cp/vm/gstore.h"
#include "cp/vm/vio.h"
#include "cp/vm/vcon.h"
#include "lib/be.h"

#define GSIZE (16 * 1024)
static uint8_t mem[GSIZE];
static uint8_t keys[GSIZE / 4096];
static uint8_t *page(void *ctx, uint64_t pfn) { (void)ctx; return mem + pfn * 4096; }
static uint8_t key(void *ctx, uint64_t pfn) { (void)ctx; return keys[pfn]; }
static unsigned shown;
static void show(void *ctx, const char *line) { (void)ctx; if (strlen(line) > 160) abort(); shown++; }

static void check(enum vio_rc rc)
{
    if (rc > VIO_CC3 || rc < VIO_PGM_PROTECTION)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct gstore gs = { NULL, GSIZE, 0, page, key };
    static struct vio v;
    static struct vcon con;
    static const char *const lines[4] = { "", "x", "a longer input line for the console",
                                          "0123456789012345678901234567890123456789" };
    memset(mem, 0, sizeof mem);
    if (size < 1)
        return 0;
    size_t nops = data[0], ops = 1;
    if (ops + 4 * nops > size)
        nops = (size - ops) / 4;
    size_t mem_at = ops + 4 * nops;
    size_t n = size - mem_at < sizeof mem ? size - mem_at : sizeof mem;
    memcpy(mem, data + mem_at, n);
    keys[0] = 0;
    keys[1] = 0x38;                     /* key 3, fetch-protected */
    keys[2] = 0x30;
    keys[3] = 0;
    vio_init(&v, &gs);
    vcon_init(&con, "FUZZ", show, NULL);
    if (!vio_add(&v, 0, 0x0009, vcon_senseid, VCON_SENSEID_LEN, &vcon_ops, &con))
        abort();
    con.sch = &v.sch[0];

    for (size_t i = ops; i + 4 <= mem_at; i += 4) {
        uint8_t op = data[i], arg = data[i + 1];
        uint64_t addr = be_get16(data + i + 2) % (GSIZE + 64);   /* a little past the end too */
        uint32_t ssid = (arg & 0x80) ? ((uint32_t)arg << 24 | 0x10000u) : (0x00010000u | (arg & 3));
        uint8_t akey = (uint8_t)((op >> 4) & 0x0F);
        uint32_t w[3];
        switch (op & 0x0F) {
        case 0: check(vio_stsch(&v, ssid, addr, akey)); break;
        case 1: check(vio_msch(&v, ssid, addr, akey)); break;
        case 2: check(vio_ssch(&v, ssid, addr, akey)); break;
        case 3: {
            enum vio_rc rc = vio_tsch(&v, ssid, addr, akey);
            check(rc);
            if (rc == VIO_CC0 && addr + 12 <= GSIZE && !(addr & 3)) {
                const uint8_t *irb = mem + gs_real_to_abs(&gs, addr);
                if ((irb[3] & 0x01) == 0 && (irb[3] & 0x1E) == 0 && irb[8] == 0 && irb[9] == 0
                    && irb[2] == 0)
                    abort();            /* cc 0 must come with some status */
            }
            break;
        }
        case 4: check(vio_hsch(&v, ssid)); break;
        case 5: check(vio_csch(&v, ssid)); break;
        case 6: check(vio_tpi(&v, addr, akey, (uint64_t)arg << 24)); break;
        case 7: check(vio_stcrw(&v, addr, akey)); break;
        case 8: vcon_input(&con, lines[arg & 3]); break;
        case 9: vio_intermediate(&v.sch[0]); break;
        case 10: vio_next_irq(&v, (uint64_t)arg << 24, w); break;
        case 11: vio_report(&v, (uint32_t)addr); break;
        case 12: vio_unsolicited(&v.sch[0], arg); break;
        default: gs.prefix = (uint64_t)(arg & 3) * 0x2000; break;
        }
        if (v.sch[0].count > 0xFFFF || v.ncrw > VIO_MAX_CRW || con.count > VCON_INPUT_MAX)
            abort();
    }
    gs.prefix = 0;
    return 0;
}
