/*
 * vm.c - guest virtual machines: logon, storage, host DAT, logoff, and the
 * command layer's view of them (target only; see vm.h).
 *
 * Host DAT per guest (SA22-7832 "Dynamic Address Translation"): a segment
 * table (ASCE DT=00, TL = frames-1, up to 2048 entries = 2 GB) whose
 * entries point at 2 KB page tables of 256 PTEs; two page tables share one
 * frame.  Guest real/absolute address A is host virtual A in that address
 * space while the guest runs (SD MSO 0, host CR1 = the guest's ASCE).
 */
#include "cp/vm/vm.h"
#include "cp/arch/machine.h"
#include "cp/cmd/cmd.h"
#include "cp/io/con3215.h"
#include "cp/vm/frames.h"

#define STE_INVALID     0x20ull
#define PT_BYTES        2048u
#define DEFAULT_CONSOLE 0x0009

struct vm vms[VM_MAX];
struct gl_net vm_lans;

static struct frames *frames;
static const struct directory *directory;
static uint64_t real_bytes;

extern const uint8_t cms_image[], cms_image_end[];

void vm_init(struct frames *fr, const struct directory *dir, uint64_t real)
{
    frames = fr;
    directory = dir;
    real_bytes = real;
    memset(vms, 0, sizeof vms);
    gl_net_init(&vm_lans);
}

/* ---- frames -------------------------------------------------------------- */

static void clear(uint64_t addr, uint64_t len)
{
    register uint64_t r2 __asm__("2") = addr;
    register uint64_t r3 __asm__("3") = len;
    register uint64_t r4 __asm__("4") = 0;
    register uint64_t r5 __asm__("5") = 0;
    __asm__ volatile("0: mvcle %0,%2,0\n\tjo 0b"
                     : "+d"(r2), "+d"(r3), "+d"(r4), "+d"(r5) : : "cc", "memory");
}

static void set_key(uint64_t frame, uint8_t key)
{
    __asm__ volatile("sske %0,%1" : : "d"((uint64_t)key), "a"(frame) : "memory");
}

static uint8_t get_key(uint64_t frame)
{
    uint64_t k;
    __asm__ volatile("iske %0,%1" : "=d"(k) : "a"(frame));
    return (uint8_t)k;
}

/* n contiguous zeroed frames with storage key 0, or 0. */
static uint64_t get_frames(uint64_t n)
{
    uint64_t a = frames_alloc(frames, n, 1);
    if (!a)
        return 0;
    clear(a, n * FRAME_SIZE);
    for (uint64_t i = 0; i < n; i++)
        set_key(a + i * FRAME_SIZE, 0);
    return a;
}

static uint64_t *page_table(const struct vm *v, uint64_t seg)
{
    return (uint64_t *)(uintptr_t)(v->pt[seg / 2] + (seg & 1) * PT_BYTES);
}

uint8_t *vm_page(struct vm *v, uint64_t pfn)
{
    return (uint8_t *)(uintptr_t)(page_table(v, pfn >> 8)[pfn & 0xFF] & ~0xFFFull);
}

static uint8_t *gs_page(void *ctx, uint64_t pfn)
{
    return vm_page(ctx, pfn);
}

static uint8_t gs_key(void *ctx, uint64_t pfn)
{
    return get_key((uint64_t)(uintptr_t)vm_page(ctx, pfn));
}

/* Free everything v holds; safe on a partly built guest. */
static void release(struct vm *v)
{
    for (unsigned i = 0; i < VNIC_MAX; i++) {
        uint16_t port;
        if (v->nics.nic[i].used
            && gl_port_find(&vm_lans, v->userid, v->nics.nic[i].vdev, &port) == GL_OK)
            gl_port_remove(&vm_lans, port);     /* uncouples, drops its addresses */
    }
    uint64_t segs = v->storage >> 20;
    for (uint64_t s = 0; s < segs; s++) {
        if (!v->pt[s / 2])
            break;
        uint64_t *pt = page_table(v, s);
        for (unsigned i = 0; i < 256; i++)
            if (pt[i] && !(pt[i] & 0x400))
                frames_free(frames, pt[i] & ~0xFFFull, 1);
    }
    for (uint64_t i = 0; i < (segs + 1) / 2; i++)
        if (v->pt[i])
            frames_free(frames, v->pt[i], 1);
    if (v->segtab)
        frames_free(frames, v->segtab, v->segtab_frames);
    if (v->sd)
        frames_free(frames, (uint64_t)(uintptr_t)v->sd, 1);
    memset(v, 0, sizeof *v);
}

/* Segment table, page tables and storage frames for v->storage bytes. */
static bool build_storage(struct vm *v)
{
    uint64_t segs = v->storage >> 20;
    v->segtab_frames = (unsigned)((segs + 511) / 512);
    v->segtab = get_frames(v->segtab_frames);
    if (!v->segtab)
        return false;
    uint64_t *st = (uint64_t *)(uintptr_t)v->segtab;
    for (uint64_t i = 0; i < v->segtab_frames * 512ull; i++)
        st[i] = STE_INVALID;
    for (uint64_t s = 0; s < segs; s++) {
        if (!(s & 1) && !(v->pt[s / 2] = get_frames(1)))
            return false;
        uint64_t *pt = page_table(v, s);
        for (unsigned i = 0; i < 256; i++)
            pt[i] = 0x400;                      /* invalid until backed */
        for (unsigned i = 0; i < 256; i++) {
            uint64_t f = get_frames(1);
            if (!f)
                return false;
            pt[i] = f;
        }
        st[s] = (uint64_t)(uintptr_t)pt;        /* PTO, TT 00, valid */
    }
    v->asce = v->segtab | (v->segtab_frames - 1);   /* DT 00, TL */
    return true;
}

/* ---- logon / logoff ----------------------------------------------------------- */

static void to_operator(void *ctx, const char *line)
{
    (void)ctx;
    con_broadcast(line);
}

static void init_sie(struct vm *v, uint64_t entry)
{
    struct sie_block *sd = v->sd;
    memset(sd, 0, sizeof *sd);
    sd->mx = SIE_MX_ZARCH;
    sd->mso = 0;
    sd->mse = v->storage - 1;
    sd->psw_mask = PSW_MASK_64;
    sd->psw_addr = entry;
    sd->cr[0] = 0xE0;                           /* architected reset values */
    sd->cr[14] = 0xC2000000;
    sd->clockcomp = ~0ull;
    sd->cputimer = 0x7FFFFFFFFFFFFFFFll;
    sd->ic = SIE_IC_PGMALL;                     /* CP reflects program checks */
    sd->ec = SIE_EC_EXTA;                       /* guest timers need no exits */
    memset(v->gpr, 0, sizeof v->gpr);
}

static enum cp_vm_err check_directory(const char *userid, const struct dir_user **out)
{
    *out = directory ? dir_find(directory, userid) : NULL;
    if (*out)
        return CP_VM_OK;
    for (unsigned i = 0; directory && i < directory->nusers; i++)
        if (strcmp(directory->users[i].userid, userid) == 0)
            return CP_VM_DIRECTORY_ERROR;
    return CP_VM_NOT_IN_DIRECTORY;
}

/* A NIC from a NICDEF statement: device group, LAN port, and the coupling
 * its LAN SYSTEM operand asks for (a missing LAN is reported, not fatal). */
static void nicdef(struct vm *v, const struct dir_nic *n)
{
    uint16_t port;
    char line[CON_LINE_MAX + 1];
    if (vnic_define(&v->nics, &v->vio, n->vdev, n->devices, false) != VNIC_OK
        || gl_port_add(&vm_lans, v->userid, n->vdev, &port) != GL_OK)
        return;
    vnic_set_port(&v->nics, n->vdev, &vm_lans, port);
    if (!n->coupled)
        return;
    enum gl_err e = gl_couple(&vm_lans, port, n->lan_name);
    if (e == GL_ERR_LAN_NOT_FOUND) {
        msg_format(line, sizeof line, MSG_LAN_NOT_FOUND, n->lan_name);
        con_broadcast(line);
    }
}

int vm_find(const char *userid)
{
    for (int i = 0; i < VM_MAX; i++)
        if (vms[i].state != VM_FREE && strcmp(vms[i].userid, userid) == 0)
            return i;
    return -1;
}

unsigned vm_count(void)
{
    unsigned n = 0;
    for (int i = 0; i < VM_MAX; i++)
        n += vms[i].state != VM_FREE;
    return n;
}

void vm_report(struct vm *v, const char *line)
{
    (void)v;
    con_broadcast(line);
}

int vm_logon(const char *userid)
{
    const struct dir_user *d;
    enum cp_vm_err err = check_directory(userid, &d);
    if (err != CP_VM_OK)
        return err;
    if (vm_find(userid) >= 0)
        return CP_VM_ALREADY_LOGGED_ON;
    struct vm *v = NULL;
    for (int i = 0; i < VM_MAX && !v; i++)
        if (vms[i].state == VM_FREE)
            v = &vms[i];
    if (!v)
        return CP_VM_TOO_MANY;

    memset(v, 0, sizeof *v);
    memcpy(v->userid, d->userid, sizeof v->userid);
    v->dir = d;
    v->storage = (d->storage + (1ull << 20) - 1) & ~((1ull << 20) - 1);
    v->sd = (struct sie_block *)(uintptr_t)get_frames(1);
    if (!v->sd || !build_storage(v)) {
        release(v);
        return CP_VM_NO_STORAGE;
    }
    v->gs = (struct gstore){ v, v->storage, 0, gs_page, gs_key };
    vio_init(&v->vio, &v->gs);
    vcon_init(&v->con, v->userid, to_operator, NULL);
    if (!vio_add(&v->vio, 0, d->has_console ? d->console_vdev : DEFAULT_CONSOLE,
                 vcon_senseid, VCON_SENSEID_LEN, &vcon_ops, &v->con)) {
        release(v);
        return CP_VM_NO_STORAGE;
    }
    v->con.sch = &v->vio.sch[0];
    for (uint32_t i = 0; i < d->nnics; i++)         /* NICDEF: there from the start */
        nicdef(v, &d->nics[i]);
    v->logon_tod = insn_stck();
    v->share_absolute = d->share_type == DIR_SHARE_ABSOLUTE;
    v->share = d->share_value;
    v->state = VM_RUNNABLE;
    if (d->ipl_cms && gs_store(&v->gs, GS_ABSOLUTE, VM_CMS_LOAD, cms_image,
                               (size_t)(cms_image_end - cms_image), 0) == GS_OK) {
        init_sie(v, VM_CMS_LOAD);
    } else {
        init_sie(v, 0);
        v->state = VM_STOPPED;          /* no IPL: logged on, not running */
    }
    vm_wake(v);                         /* fair start against busy guests */

    char line[80];
    ksnprintf(line, sizeof line, "AUTO LOGON ***  %-8s USERS = %u", v->userid, vm_count());
    con_broadcast(line);
    return CP_VM_OK;
}

struct vm *vm_current;

void vm_logoff(struct vm *v, const char *by)
{
    char line[96];
    char userid[9];
    memcpy(userid, v->userid, sizeof userid);
    release(v);
    if (by)
        ksnprintf(line, sizeof line, "USER DSC LOGOFF AS %-8s USERS = %u FORCED BY %s",
                  userid, vm_count(), by);
    else
        ksnprintf(line, sizeof line, "USER DSC LOGOFF AS %-8s USERS = %u", userid, vm_count());
    con_broadcast(line);
}

/* ---- the command layer's view (struct cp_vmops) --------------------------------- */

static const char *state_name(const struct vm *v)
{
    switch (v->state) {
    case VM_RUNNABLE: return "RUNNING";
    case VM_WAITING:  return "WAIT";
    case VM_STOPPED:  return v->pgm_repeat ? "PGM LOOP" : "DISABLED WAIT";
    default:          return "?";
    }
}

static void info(const struct vm *v, int h, struct cp_vminfo *out)
{
    memcpy(out->userid, v->userid, sizeof out->userid);
    out->handle = h;
    out->storage = v->storage;
    out->cpu = v->cpu;
    out->logon_tod = v->logon_tod;
    out->share_absolute = v->share_absolute;
    out->share = v->share;
    out->state = state_name(v);
    out->ipl = v->dir->ipl[0] ? v->dir->ipl : "NONE";
    out->machine = v->dir->machine == DIR_MACHINE_ESA ? "ESA" : "Z";
    out->classes = v->dir->classes;
    out->ios = v->vio.ios_started;
    out->psw[0] = v->sd->psw_mask;
    out->psw[1] = v->sd->psw_addr;
    const struct vio_sch *c = v->con.sch;
    ksnprintf(out->detail, sizeof out->detail, "CON=%02X%02X%02X%s%s IN=%u V=%02X",
              c->fctl, c->actl, c->stctl, c->blocked ? " BLOCKED" : "",
              c->irq_pending ? " IRQ" : "", v->con.count, v->sd->v);
    out->devices = 0;
    for (unsigned i = 0; i < VIO_MAX_SCH; i++)
        out->devices += v->vio.sch[i].valid;
}

static enum cp_vm_err ops_logon(const char *userid)
{
    return (enum cp_vm_err)vm_logon(userid);
}

static void ops_logoff(int h, const char *by)
{
    struct vm *v = &vms[h];
    if (v == vm_current) {
        v->logoff_pending = true;       /* after the current interception */
        v->forced_by = by;
    } else {
        vm_logoff(v, by);
    }
}

static enum cp_vm_err ops_find(const char *userid, struct cp_vminfo *out)
{
    int h = vm_find(userid);
    const struct dir_user *d;
    if (h >= 0) {
        info(&vms[h], h, out);
        return CP_VM_OK;
    }
    enum cp_vm_err e = check_directory(userid, &d);
    return e == CP_VM_OK ? CP_VM_NOT_LOGGED_ON : e;
}

static unsigned ops_list(struct cp_vminfo *out, unsigned max)
{
    unsigned n = 0;
    for (int i = 0; i < VM_MAX && n < max; i++)
        if (vms[i].state != VM_FREE)
            info(&vms[i], i, &out[n++]);
    return n;
}

static enum cp_vm_err ops_send(int h, const char *text)
{
    if (vms[h].state == VM_STOPPED)
        return CP_VM_STOPPED;           /* nothing would ever read it */
    if (!vcon_input(&vms[h].con, text))
        return CP_VM_QUEUE_FULL;
    vm_wake(&vms[h]);
    return CP_VM_OK;
}

static void ops_show(int h, const char *text)
{
    vcon_show(&vms[h].con, text);
}

static void ops_set_share(int h, bool absolute, uint32_t value)
{
    vms[h].share_absolute = absolute;
    vms[h].share = value;
}

static enum cp_vm_err nic_error(enum vnic_err e)
{
    switch (e) {
    case VNIC_OK:            return CP_VM_OK;
    case VNIC_ERR_EXISTS:    return CP_VM_DEVICE_EXISTS;
    case VNIC_ERR_RANGE:     return CP_VM_DEVICE_RANGE;
    case VNIC_ERR_NOT_FOUND: return CP_VM_NO_DEVICE;
    default:                 return CP_VM_NO_SUBCHANNELS;
    }
}

static enum cp_vm_err ops_define_nic(int h, uint16_t vdev, uint16_t devices)
{
    uint16_t port;
    enum cp_vm_err e = nic_error(vnic_define(&vms[h].nics, &vms[h].vio, vdev, devices, true));
    if (e == CP_VM_OK && gl_port_add(&vm_lans, vms[h].userid, vdev, &port) != GL_OK) {
        vnic_detach(&vms[h].nics, &vms[h].vio, vdev, &devices);
        e = CP_VM_NO_SUBCHANNELS;       /* no LAN port left for it */
    } else if (e == CP_VM_OK) {
        vnic_set_port(&vms[h].nics, vdev, &vm_lans, port);
    }
    vm_wake(&vms[h]);                   /* its channel reports may interrupt it */
    return e;
}

static enum cp_vm_err ops_detach_nic(int h, uint16_t vdev, uint16_t *devices)
{
    uint16_t port;
    enum cp_vm_err e = nic_error(vnic_detach(&vms[h].nics, &vms[h].vio, vdev, devices));
    if (e == CP_VM_OK && gl_port_find(&vm_lans, vms[h].userid, vdev, &port) == GL_OK)
        gl_port_remove(&vm_lans, port);
    vm_wake(&vms[h]);
    return e;
}

static void nic_info(const struct vm *v, int h, const struct vnic *n, struct cp_nicinfo *out)
{
    *out = (struct cp_nicinfo){
        .handle = h, .vdev = n->vdev, .devices = n->devices, .port = n->osa.port,
        .phase = n->osa.phase, .lan_started = n->osa.lan_started,
        .queues_active = n->osa.active, .mtu = n->osa.mtu, .counters = n->osa.c,
    };
    memcpy(out->userid, v->userid, sizeof out->userid);
    memcpy(out->conn_name, n->osa.conn_name, sizeof out->conn_name);
}

/* NICs of guest h (or all), each guest's in vdev order. */
static unsigned ops_nics(int h, struct cp_nicinfo *out, unsigned max)
{
    unsigned count = 0;
    for (int i = h < 0 ? 0 : h; i < VM_MAX && (h < 0 || i == h); i++) {
        const struct vm *v = &vms[i];
        if (v->state == VM_FREE)
            continue;
        uint32_t last = 0;              /* selection by increasing vdev */
        for (;;) {
            const struct vnic *next = NULL;
            for (unsigned k = 0; k < VNIC_MAX; k++) {
                const struct vnic *n = &v->nics.nic[k];
                if (n->used && n->vdev + 1u > last && (!next || n->vdev < next->vdev))
                    next = n;
            }
            if (!next)
                break;
            if (count < max)
                nic_info(v, i, next, &out[count]);
            count++;
            last = next->vdev + 1u;
        }
    }
    return count;
}

const struct cp_vmops vm_ops = {
    ops_logon, ops_logoff, ops_find, ops_list, ops_send, ops_show, ops_set_share,
    ops_define_nic, ops_detach_nic, ops_nics,
};
