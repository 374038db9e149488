/*
 * main.c - CMS start-up, the command loop and program-check recovery
 * (target only).
 *
 * Start: new PSWs, storage size (probe), channel subsystem, console,
 * banner, "Ready;".  Then forever: read a console line, run it, end it
 * with its Ready line.  CMS runs disabled for every interruption except
 * inside cms_wait (cio.c); a program check abandons the command that
 * caused it (start.S resets the stack) and comes back here in cms_abend.
 */
#include "cms-tools/cms.h"
#include "lib/ipv4.h"
#include "cms-tools/cio.h"
#include "cms-tools/console.h"
#include "cms-tools/machine.h"

#define PAGE_SHIFT      12
#define PROBE_LIMIT     (1ull << 40)        /* 1 TB: beyond any guest */

uint64_t cms_storage_bytes;
static bool recovering;                     /* between abend and Ready */

static void set_new_psw(uint64_t lc, uint64_t mask, uint64_t addr)
{
    CMS_LC64(lc) = mask;
    CMS_LC64(lc + 8) = addr;
}

/* Program checks go to the recovery path; I/O interruptions resume
 * cms_wait (which stores the address); channel-report machine checks are
 * counted (cms_mck_entry); the classes CMS never enables get new PSWs
 * that are themselves coded disabled waits. */
static void trap_init(void)
{
    set_new_psw(LC_PGM_NEW_PSW, CMS_PSW_DISABLED, (uint64_t)(uintptr_t)cms_pgm_entry);
    set_new_psw(LC_IO_NEW_PSW, CMS_PSW_DISABLED, 0);
    set_new_psw(LC_EXT_NEW_PSW, CMS_PSW_DISABLED_WAIT, CMS_WAIT(CMS_WAIT_EXTERNAL, 0));
    set_new_psw(LC_SVC_NEW_PSW, CMS_PSW_DISABLED_WAIT, CMS_WAIT(CMS_WAIT_SVC, 0));
    set_new_psw(LC_MCK_NEW_PSW, CMS_PSW_DISABLED, (uint64_t)(uintptr_t)cms_mck_entry);
    insn_lctlg14(insn_stctg14() | 0x10000000ull);   /* channel-report subclass */
    set_new_psw(LC_RESTART_NEW_PSW, CMS_PSW_DISABLED_WAIT, CMS_WAIT(CMS_WAIT_RESTART, 0));
}

/* Highest existing byte + 1, in 4 KB steps (binary search: page lo
 * exists, page hi does not). */
static uint64_t probe_storage(void)
{
    uint64_t lo = 0, hi = PROBE_LIMIT >> PAGE_SHIFT;
    while (hi - lo > 1) {
        uint64_t mid = lo + (hi - lo) / 2;
        if (cms_probe((mid << PAGE_SHIFT) + (1u << PAGE_SHIFT) - 1))
            lo = mid;
        else
            hi = mid;
    }
    return (lo + 1) << PAGE_SHIFT;
}

/* ---- output ---------------------------------------------------------- */

void cms_print(const char *text)
{
    cms_con_write(text);
}

void cms_printf(const char *fmt, ...)
{
    char line[CMS_PRINT_MAX];
    va_list ap;
    va_start(ap, fmt);
    kvsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    cms_con_write(line);
}

int cms_msg(enum cms_msg_id id, ...)
{
    char line[CMS_PRINT_MAX];
    va_list ap;
    va_start(ap, id);
    cms_msg_vformat(line, sizeof line, id, ap);
    va_end(ap);
    cms_con_write(line);
    return cms_msg_rc(id);
}

/* ---- the command loop ------------------------------------------------------ */

/* Print the Ready line of rc, then read and run lines forever. */
__attribute__((noreturn)) static void command_loop(int rc)
{
    char line[CMS_LINE_MAX + 1];
    char ready[24];

    for (;;) {
        if (rc != CMS_RC_NO_READY) {
            fmt_ready(ready, sizeof ready, rc);
            cms_print(ready);
        }
        recovering = false;
        cms_con_read(line, sizeof line);
        rc = cms_command(line);
    }
}

__attribute__((noreturn)) void cms_abend(void)
{
    uint16_t code = CMS_LC16(LC_PGM_INT_CODE);
    unsigned long long addr = CMS_LC64(LC_PGM_OLD_PSW + 8);
    const char *name = cms_pgm_exception_name(code);
    int rc;

    if (recovering || !cms_con_ready()) {
        cms_msg(CMS_MSG_ABEND_RECURSION, code, addr);
        cms_disabled_wait(CMS_WAIT(CMS_WAIT_PGM_RECURSION, code));
    }
    recovering = true;
    if (name)
        rc = cms_msg(CMS_MSG_PROGRAM_EXCEPTION, name, addr);
    else
        rc = cms_msg(CMS_MSG_PROGRAM_CHECK, code, addr);
    command_loop(rc);
}

__attribute__((noreturn)) void port_assert_fail(const char *expr, const char *file, unsigned line)
{
    cms_msg(CMS_MSG_ASSERT, expr, file, line);
    cms_disabled_wait(CMS_WAIT(CMS_WAIT_ASSERT, line));
}


/* The target's inet_sum uses CKSM (lib/ipv4.c); the host tests cannot run
 * it, so CMS checks it against RFC 1071's example and an odd length at
 * start, and stops (wait code CC09xxxx) rather than send bad checksums. */
static void check_checksum(void)
{
    static const uint8_t kat[8] = { 0x00, 0x01, 0xF2, 0x03, 0xF4, 0xF5, 0xF6, 0xF7 };
    uint16_t even = inet_checksum(kat, 8), odd = inet_checksum(kat, 7);
    if (even != 0x220D)
        cms_disabled_wait(CMS_WAIT(CMS_WAIT_CHECKSUM, even));
    if (odd != 0x2304)
        cms_disabled_wait(CMS_WAIT(CMS_WAIT_CHECKSUM, odd));
}

__attribute__((noreturn)) void cms_main(void);

__attribute__((noreturn)) void cms_main(void)
{
    recovering = true;                  /* a program check now is fatal */
    trap_init();
    cms_storage_bytes = probe_storage();
    cms_cio_init();
    if (!cms_con_init())
        cms_disabled_wait(CMS_WAIT(CMS_WAIT_NO_CONSOLE, 0));
    check_checksum();
    cms_printf("vmlan CMS %s", VMLAN_VERSION);
    command_loop(0);
}
