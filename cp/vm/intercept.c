/*
 * intercept.c - what CP does when SIE intercepts a guest (target only).
 *
 * Decoded once (interception code, then opcode) and dispatched through
 * tables: adding an instruction or a DIAGNOSE code is one entry and one
 * handler.  Program interruptions are intercepted (SD ic PGMALL) and
 * reflected to the guest as the architecture says; a guest that takes the
 * same program interruption at the same place again and again is stopped
 * and reported (program-interrupt loop).  An instruction CP does not
 * emulate is an operation exception; a DIAGNOSE code it does not implement
 * is a specification exception; I/O to a subchannel the guest does not
 * have gives cc 3.
 */
#include "cp/vm/vm.h"
#include "cp/arch/machine.h"
#include "cp/cmd/cmd.h"
#include "cp/io/con3215.h"
#include "lib/be.h"
#include "lib/ebcdic.h"

#define PGM_OPERATION       0x0001
#define PGM_PRIVILEGED      0x0002
#define PGM_PROTECTION      0x0004
#define PGM_ADDRESSING      0x0005
#define PGM_SPECIFICATION   0x0006
#define PGM_OPERAND         0x0015
#define PGM_LOOP_LIMIT      64
#define DIAG8_MAX_CMD       240
#define DIAG8_RESP_FLAG     0x40000000ull
#define EBCDIC_NL           0x15

extern const struct cp_sys *cp_system;      /* cp/main.c */

/* ---- guest registers, PSW, lowcore -------------------------------------- */

static uint64_t gr(const struct vm *v, unsigned r)
{
    return r == 14 ? v->sd->gr14 : r == 15 ? v->sd->gr15 : v->gpr[r];
}

static void set_gr(struct vm *v, unsigned r, uint64_t val)
{
    if (r == 14)
        v->sd->gr14 = val;
    else if (r == 15)
        v->sd->gr15 = val;
    else
        v->gpr[r] = val;
}

static void set_cc(struct vm *v, unsigned cc)
{
    v->sd->psw_mask = (v->sd->psw_mask & ~PSW_MASK_CC) | ((uint64_t)cc << 44);
}

static uint8_t psw_key(const struct vm *v)
{
    return (uint8_t)((v->sd->psw_mask & PSW_MASK_KEY) >> 52);
}

/* Effective address of the S/RS-format second operand (B2, D2 in ipb). */
static uint64_t operand_addr(const struct vm *v)
{
    unsigned b2 = v->sd->ipb >> 28;
    uint64_t a = (b2 ? gr(v, b2) : 0) + ((v->sd->ipb >> 16) & 0xFFF);
    if (!(v->sd->psw_mask & PSW_MASK_EA))
        a &= (v->sd->psw_mask & PSW_MASK_BA) ? 0x7FFFFFFFull : 0xFFFFFFull;
    return a;
}

static void swap_psw(struct vm *v, uint64_t old_at, uint64_t new_at)
{
    uint8_t b[16];
    be_put64(b, v->sd->psw_mask);
    be_put64(b + 8, v->sd->psw_addr);
    gs_store(&v->gs, GS_REAL, old_at, b, 16, 0);
    if (gs_fetch(&v->gs, GS_REAL, new_at, b, 16, 0) == GS_OK) {
        v->sd->psw_mask = be_get64(b);
        v->sd->psw_addr = be_get64(b + 8);
    }
}

/* Present a program interruption CP found (ILC = 4-byte instruction). */
static void inject_pgm(struct vm *v, uint16_t code)
{
    uint8_t b[4] = { 0, 2 << 1, (uint8_t)(code >> 8), (uint8_t)code };
    gs_store(&v->gs, GS_REAL, 0x8C, b, 4, 0);
    swap_psw(v, 0x150, 0x1D0);
}

/* Channel report pending (SA22-7832 "Machine-Check Interruption"): MCIC
 * bit 9 (CP) when the guest enables machine checks in its PSW and the
 * channel-report subclass in CR14 (bit 35); the guest then drains the
 * reports with STCRW.  One signal per batch of new reports. */
#define MCIC_CHANNEL_REPORT     0x0040000000000000ull
#define CR14_CHANNEL_REPORT     0x0000000010000000ull

bool vm_inject_mck(struct vm *v)
{
    uint8_t b[8];
    if (!v->vio.crw_signal || !v->vio.ncrw || !(v->sd->psw_mask & PSW_MASK_MCHECK)
        || !(v->sd->cr[14] & CR14_CHANNEL_REPORT))
        return false;
    be_put64(b, MCIC_CHANNEL_REPORT);
    gs_store(&v->gs, GS_REAL, 0xE8, b, 8, 0);
    swap_psw(v, 0x160, 0x1E0);
    v->vio.crw_signal = false;
    return true;
}

bool vm_inject_io(struct vm *v)
{
    uint32_t w[3];
    uint8_t b[12];
    if (!(v->sd->psw_mask & PSW_MASK_IO) || !vio_next_irq(&v->vio, v->sd->cr[6], w))
        return false;
    for (int i = 0; i < 3; i++)
        be_put32(b + 4 * i, w[i]);
    gs_store(&v->gs, GS_REAL, 0xB8, b, 12, 0);
    swap_psw(v, 0x170, 0x1F0);
    v->sd->v &= (uint8_t)~SIE_V_IO;
    return true;
}

static void stop(struct vm *v, enum msg_id id, uint16_t code)
{
    char line[CON_LINE_MAX + 1];
    if (id == MSG_GUEST_PGM_LOOP || id == MSG_GUEST_VALIDITY)
        msg_format(line, sizeof line, id, v->userid, code,
                   (unsigned long long)v->sd->psw_mask, (unsigned long long)v->sd->psw_addr);
    else
        msg_format(line, sizeof line, id, v->userid,
                   (unsigned long long)v->sd->psw_mask, (unsigned long long)v->sd->psw_addr);
    v->state = VM_STOPPED;
    vm_report(v, line);
}

/* ---- channel-subsystem instructions (B2xx) ---------------------------------- */

static void vio_result(struct vm *v, enum vio_rc rc)
{
    static const uint16_t pgm[] = { 0, PGM_OPERAND, PGM_SPECIFICATION, PGM_ADDRESSING,
                                    PGM_PROTECTION };
    if (rc >= VIO_CC0)
        set_cc(v, (unsigned)rc);
    else
        inject_pgm(v, pgm[-rc]);
}

static void i_stsch(struct vm *v) { vio_result(v, vio_stsch(&v->vio, (uint32_t)gr(v, 1), operand_addr(v), psw_key(v))); }
static void i_msch(struct vm *v)  { vio_result(v, vio_msch(&v->vio, (uint32_t)gr(v, 1), operand_addr(v), psw_key(v))); }
static void i_ssch(struct vm *v)  { vio_result(v, vio_ssch(&v->vio, (uint32_t)gr(v, 1), operand_addr(v), psw_key(v))); }
static void i_tsch(struct vm *v)  { vio_result(v, vio_tsch(&v->vio, (uint32_t)gr(v, 1), operand_addr(v), psw_key(v))); }
static void i_hsch(struct vm *v)  { vio_result(v, vio_hsch(&v->vio, (uint32_t)gr(v, 1))); }
static void i_csch(struct vm *v)  { vio_result(v, vio_csch(&v->vio, (uint32_t)gr(v, 1))); }
static void i_tpi(struct vm *v)   { vio_result(v, vio_tpi(&v->vio, operand_addr(v), psw_key(v), v->sd->cr[6])); }
static void i_stcrw(struct vm *v) { vio_result(v, vio_stcrw(&v->vio, operand_addr(v), psw_key(v))); }
static void i_rsch(struct vm *v)  { vio_result(v, VIO_CC1); }      /* no suspended programs */
static void i_schm(struct vm *v)  { (void)v; }                      /* measurement: ignored  */
static void i_sigp(struct vm *v)  { set_cc(v, 3); }                 /* one virtual CPU        */
/* SIGA: GR0 function code (QEBSM bit 0x80 not offered), GR1 subchannel,
 * GR2 queue mask; the NIC data path (vnet.c). */
static void i_siga(struct vm *v)
{
    int cc = vm_siga(v, (uint32_t)gr(v, 0), (uint32_t)gr(v, 1), (uint32_t)gr(v, 2));
    if (cc < 0)
        inject_pgm(v, PGM_SPECIFICATION);
    else
        set_cc(v, (unsigned)cc);
}

/* ---- DIAGNOSE ---------------------------------------------------------------------- */

struct diag8_buf {
    uint8_t  data[4096];
    size_t   len;
    size_t   overflow;
    struct vm *v;
    bool     to_console;
};

static void diag8_line(void *ctx, const char *text)
{
    struct diag8_buf *b = ctx;
    if (b->to_console) {
        vcon_show(&b->v->con, text);
        return;
    }
    size_t n = strlen(text) + (b->len ? 1 : 0);
    if (b->len + n > sizeof b->data) {
        b->overflow += n;
        return;
    }
    if (b->len)
        b->data[b->len++] = EBCDIC_NL;
    for (const char *p = text; *p; p++)
        b->data[b->len++] = ebcdic_from_latin1[(uint8_t)*p];
}

/* DIAGNOSE X'008': CP command from the guest (z/VM semantics, see docs). */
static void diag8(struct vm *v, unsigned rx, unsigned ry)
{
    static struct diag8_buf buf;
    uint8_t text[DIAG8_MAX_CMD];
    char line[DIAG8_MAX_CMD + 1];
    uint64_t ryv = gr(v, ry);
    bool resp = ryv & DIAG8_RESP_FLAG;
    uint64_t len = ryv & 0xFFFFFF;

    if (len > DIAG8_MAX_CMD || (resp && ((rx & 1) || (ry & 1) || rx == ry)))
        return inject_pgm(v, PGM_SPECIFICATION);
    if (gs_fetch(&v->gs, GS_REAL, gr(v, rx), text, len, psw_key(v)) != GS_OK)
        return inject_pgm(v, PGM_ADDRESSING);
    for (uint64_t i = 0; i < len; i++)
        line[i] = (char)ebcdic_to_latin1[text[i]];
    line[len] = '\0';

    buf.len = buf.overflow = 0;
    buf.v = v;
    buf.to_console = !resp;
    struct cp_out out = { diag8_line, &buf };
    struct cp_who who = { v->userid, v->dir->classes, (int)(v - vms) };
    bool no_ready;
    int rc = cp_command_exec(line, &out, cp_system, &who, &no_ready);
    if (v->state == VM_FREE || v->logoff_pending)
        return;                         /* LOGOFF: nothing to return to */

    unsigned cc = 0;
    if (resp) {
        uint64_t cap = gr(v, ry + 1) & 0xFFFFFFFF;
        size_t n = buf.len < cap ? buf.len : (size_t)cap;
        if (gs_store(&v->gs, GS_REAL, gr(v, rx + 1), buf.data, n, psw_key(v)) != GS_OK)
            return inject_pgm(v, PGM_ADDRESSING);
        uint64_t excess = (buf.len - n) + buf.overflow;
        set_gr(v, ry + 1, excess ? excess : n);
        cc = excess ? 1 : 0;
    }
    set_gr(v, ry, (uint64_t)rc);
    set_cc(v, cc);
}

static void i_diag(struct vm *v)
{
    unsigned rx = (v->sd->ipa >> 4) & 15, ry = v->sd->ipa & 15;
    uint16_t code = (uint16_t)operand_addr(v);
    if (v->sd->psw_mask & PSW_MASK_PSTATE)
        return inject_pgm(v, PGM_PRIVILEGED);
    if (code == 0x008)
        return diag8(v, rx, ry);
    inject_pgm(v, PGM_SPECIFICATION);
}

/* ---- instruction table ------------------------------------------------------------- */

struct inst {
    uint16_t opcode;                    /* ipa high byte, or B2xx */
    uint16_t mask;
    void   (*handler)(struct vm *v);
};

static const struct inst instructions[] = {
    { 0x8300, 0xFF00, i_diag },
    { 0xAE00, 0xFF00, i_sigp },
    { 0xB230, 0xFFFF, i_csch },
    { 0xB231, 0xFFFF, i_hsch },
    { 0xB232, 0xFFFF, i_msch },
    { 0xB233, 0xFFFF, i_ssch },
    { 0xB234, 0xFFFF, i_stsch },
    { 0xB235, 0xFFFF, i_tsch },
    { 0xB236, 0xFFFF, i_tpi },
    { 0xB238, 0xFFFF, i_rsch },
    { 0xB239, 0xFFFF, i_stcrw },
    { 0xB23C, 0xFFFF, i_schm },
    { 0xB274, 0xFFFF, i_siga },
};

static void on_instruction(struct vm *v)
{
    uint16_t ipa = v->sd->ipa;
    for (size_t i = 0; i < ARRAY_SIZE(instructions); i++)
        if ((ipa & instructions[i].mask) == instructions[i].opcode)
            return instructions[i].handler(v);
    inject_pgm(v, PGM_OPERATION);
}

/* ---- interception codes --------------------------------------------------------------- */

/* A guest that takes program interruptions at one address again and again
 * (its program new PSW leads straight to the next one) is stopped. */
static bool pgm_loop(struct vm *v, uint16_t code)
{
    uint64_t at = v->sd->psw_addr;
    if (at == v->pgm_last_addr && ++v->pgm_repeat >= PGM_LOOP_LIMIT) {
        stop(v, MSG_GUEST_PGM_LOOP, code);
        return true;
    }
    if (at != v->pgm_last_addr)
        v->pgm_repeat = 0;
    v->pgm_last_addr = at;
    return false;
}

/* Reflect the program interruption SIE intercepted (c=8): its
 * interruption data is in the SD's copy of the PSA. */
static void on_program(struct vm *v)
{
    const uint8_t *psa = v->sd->psa;
    if (pgm_loop(v, be_get16(psa + SIE_PSA(0x8E))))
        return;
    gs_store(&v->gs, GS_REAL, 0x8C, psa + SIE_PSA(0x8C), 0xB0 - 0x8C, 0);
    swap_psw(v, 0x150, 0x1D0);
}

/* Operation exception (c=44): Hercules leaves the PSW past the
 * instruction; its length follows from the first two opcode bits. */
static void on_operation(struct vm *v)
{
    static const uint8_t halfwords[4] = { 1, 2, 2, 3 };
    uint8_t b[4] = { 0, (uint8_t)(halfwords[v->sd->ipa >> 14] << 1), 0, PGM_OPERATION };
    if (pgm_loop(v, PGM_OPERATION))
        return;
    gs_store(&v->gs, GS_REAL, 0x8C, b, 4, 0);
    swap_psw(v, 0x150, 0x1D0);
}

static void on_wait(struct vm *v)
{
    if (!(v->sd->psw_mask & (PSW_MASK_IO | PSW_MASK_EXT | PSW_MASK_MCHECK)))
        return stop(v, MSG_GUEST_DISABLED_WAIT, 0);
    v->state = VM_WAITING;
    vm_wake(v);                         /* something may be due already */
}

static void on_io_request(struct vm *v)
{
    v->sd->v &= (uint8_t)~SIE_V_IO;     /* vm_dispatch injects on entry */
}

static void on_external(struct vm *v)
{
    uint16_t code = be_get16(v->sd->psa + SIE_PSA(0x86));
    uint8_t b[4] = { 0, 0, (uint8_t)(code >> 8), (uint8_t)code };
    gs_store(&v->gs, GS_REAL, 0x84, b, 4, 0);
    swap_psw(v, 0x130, 0x1B0);
}

/* A validity interception (the SD is wrong: a CP bug) or an interception
 * code CP has no handler for: stop this guest, keep the others going. */
static void on_validity(struct vm *v)
{
    stop(v, MSG_GUEST_VALIDITY, v->sd->c);
}

static void on_nothing(struct vm *v)
{
    (void)v;
}

static void (*const by_code[SIE_C_COUNT / 4])(struct vm *v) = {
    [SIE_C_HOST / 4]     = on_nothing,
    [SIE_C_INST / 4]     = on_instruction,
    [SIE_C_PGM / 4]      = on_program,
    [SIE_C_INST_PGM / 4] = on_program,
    [SIE_C_EXTREQ / 4]   = on_external,
    [SIE_C_EXTINT / 4]   = on_external,
    [SIE_C_IOREQ / 4]    = on_io_request,
    [SIE_C_WAIT / 4]     = on_wait,
    [SIE_C_VALIDITY / 4] = on_validity,
    [SIE_C_STOPREQ / 4]  = on_nothing,
};

void vm_intercept(struct vm *v)
{
    uint8_t c = v->sd->c;
    vm_current = v;
    if (c != SIE_C_PGM && c != SIE_C_INST_PGM && c != SIE_C_OPEREX)
        v->pgm_repeat = 0;
    if (c % 4 == 0 && c < SIE_C_COUNT && by_code[c / 4])
        by_code[c / 4](v);
    else if (c == SIE_C_OPEREX)
        on_operation(v);
    else
        on_validity(v);
    vm_current = NULL;
}
