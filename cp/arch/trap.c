/*
 * trap.c - CP's unexpected-interruption path (target only).
 *
 * A program check, machine check, SVC or restart in CP is a CP failure:
 * print a VMLnnnS message with the PSW and interruption code, the
 * registers, and load a disabled wait whose address is
 * WAIT_CODE(message number, detail) (docs/messages.md).  CP_ASSERT ends
 * the same way.  A failure while reporting a failure stops at once.
 */
#include "cp/arch/machine.h"
#include "cp/cmd/msgcat.h"
#include "cp/io/con3215.h"

#define PSW_DISABLED_64 PSW_MASK_64

static bool in_trap;

static void set_new_psw(uint64_t lc, void (*entry)(void))
{
    LC64(lc) = PSW_DISABLED_64;
    LC64(lc + 8) = (uint64_t)(uintptr_t)entry;
}

void trap_init(void)
{
    set_new_psw(LC_PGM_NEW_PSW, arch_pgm_entry);
    set_new_psw(LC_MCK_NEW_PSW, arch_mck_entry);
    set_new_psw(LC_SVC_NEW_PSW, arch_svc_entry);
    set_new_psw(LC_RESTART_NEW_PSW, arch_rst_entry);
    LC64(LC_IO_NEW_PSW) = PSW_DISABLED_64;      /* addresses set by arch_wait */
    LC64(LC_EXT_NEW_PSW) = PSW_DISABLED_64;
}

static void print_regs(void)
{
    char line[CON_LINE_MAX + 1];
    volatile uint64_t *g = (volatile uint64_t *)(uintptr_t)LC_CP_SAVE_GPRS;
    for (unsigned i = 0; i < 16; i += 4) {
        ksnprintf(line, sizeof line, "GR %2u-%2u  %016llX %016llX %016llX %016llX", i, i + 3,
                  (unsigned long long)g[i], (unsigned long long)g[i + 1],
                  (unsigned long long)g[i + 2], (unsigned long long)g[i + 3]);
        con_panic(line);
    }
}

__attribute__((noreturn)) void trap_stop(uint64_t code, const char *line)
{
    if (line)
        con_panic(line);
    insn_disabled_wait(code);
}

/* Guard against a failure inside the reporting itself. */
static void enter_trap(unsigned msgno)
{
    if (in_trap)
        insn_disabled_wait(WAIT_CODE(msgno, 0xFFFF));
    in_trap = true;
}

__attribute__((noreturn)) void trap_program_check(void)
{
    char line[CON_LINE_MAX + 1];
    uint16_t code = LC16(LC_PGM_INT_CODE);
    enter_trap(msg_number(MSG_PROGRAM_CHECK));
    msg_format(line, sizeof line, MSG_PROGRAM_CHECK, code,
               (unsigned long long)LC64(LC_PGM_OLD_PSW), (unsigned long long)LC64(LC_PGM_OLD_PSW + 8),
               (unsigned)(LC8(LC_PGM_ILC) >> 1 & 3) * 2,
               (unsigned long long)LC64(LC_TRANS_EXC_ID));
    con_panic(line);
    print_regs();
    trap_stop(WAIT_CODE(msg_number(MSG_PROGRAM_CHECK), code), NULL);
}

__attribute__((noreturn)) void trap_machine_check(void)
{
    char line[CON_LINE_MAX + 1];
    enter_trap(msg_number(MSG_MACHINE_CHECK));
    msg_format(line, sizeof line, MSG_MACHINE_CHECK, (unsigned long long)LC64(LC_MCK_INT_CODE),
               (unsigned long long)LC64(LC_MCK_OLD_PSW), (unsigned long long)LC64(LC_MCK_OLD_PSW + 8));
    con_panic(line);
    trap_stop(WAIT_CODE(msg_number(MSG_MACHINE_CHECK), 0), NULL);
}

__attribute__((noreturn)) void trap_svc(void)
{
    char line[CON_LINE_MAX + 1];
    uint16_t code = LC16(LC_SVC_INT_CODE);
    enter_trap(msg_number(MSG_SVC));
    msg_format(line, sizeof line, MSG_SVC, (unsigned)code,
               (unsigned long long)LC64(LC_SVC_OLD_PSW), (unsigned long long)LC64(LC_SVC_OLD_PSW + 8));
    con_panic(line);
    print_regs();
    trap_stop(WAIT_CODE(msg_number(MSG_SVC), code), NULL);
}

__attribute__((noreturn)) void trap_restart(void)
{
    char line[CON_LINE_MAX + 1];
    enter_trap(msg_number(MSG_RESTART));
    msg_format(line, sizeof line, MSG_RESTART, (unsigned long long)LC64(LC_RESTART_OLD_PSW),
               (unsigned long long)LC64(LC_RESTART_OLD_PSW + 8));
    con_panic(line);
    print_regs();
    trap_stop(WAIT_CODE(msg_number(MSG_RESTART), 0), NULL);
}

__attribute__((noreturn)) void port_assert_fail(const char *expr, const char *file, unsigned line)
{
    char text[CON_LINE_MAX + 1];
    enter_trap(msg_number(MSG_ASSERT));
    msg_format(text, sizeof text, MSG_ASSERT, expr, file, line);
    trap_stop(WAIT_CODE(msg_number(MSG_ASSERT), line), text);
}
