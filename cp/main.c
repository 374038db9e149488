/*
 * main.c - CP initialisation and the event loop (target only).
 *
 * IPL: traps, timer, real storage (probe + frame allocator), channel
 * subsystem, operator consoles, banner, "Ready;".  Then forever: run
 * operator command lines, arm the next deadline, wait for an I/O or
 * external interruption and hand it to its driver.  CP itself runs with
 * interruptions disabled; it is only interrupted inside timer_wait().
 */
#include "cp/arch/machine.h"
#include "cp/cmd/cmd.h"
#include "cp/io/cio.h"
#include "cp/io/con3215.h"
#include "cp/io/osadev.h"
#include "cp/io/reader.h"
#include "cp/vm/frames.h"
#include "cp/vm/vm.h"
#include "lib/ebcdic.h"
#include "lib/tod.h"

#define CP_MIN_STORAGE  (16ull << 20)
#define DIRECTORY_RDR   0x000D
#define DIRECTORY_MAX   (256u * 1024u)
#define GUEST_RESERVE   (4ull << 20)        /* frames CP keeps for tables */
#define PROBE_LIMIT     (1ull << 40)        /* 1 TB: more than Hercules gives */

/* Operator consoles, as z/VM's SYSTEM CONFIG Operator_Consoles statement:
 * 0009 the launcher's console, 001F for a person with telnet. */
static const uint16_t operator_consoles[] = { 0x0009, 0x001F };

extern char __cp_end[];
extern const char cp_build_time[];

static struct frames frames;
static struct directory directory;
static char directory_text[DIRECTORY_MAX];
static uint64_t storage_bytes;
static bool shutting_down;

/* Highest address + 1 of real storage, in 1 MB steps (binary search). */
static uint64_t probe_storage(void)
{
    uint64_t lo = 1, hi = PROBE_LIMIT >> 20;     /* MB: lo exists, hi does not */
    while (hi - lo > 1) {
        uint64_t mid = lo + (hi - lo) / 2;
        if (arch_probe((mid << 20) - 1))
            lo = mid;
        else
            hi = mid;
    }
    return lo << 20;
}

static void storage_init(void)
{
    char line[CON_LINE_MAX + 1];
    storage_bytes = probe_storage();
    uint64_t map = ((uint64_t)(uintptr_t)__cp_end + FRAME_SIZE - 1) & ~(FRAME_SIZE - 1);
    uint64_t cp_end = map + frames_map_bytes(storage_bytes);
    if (storage_bytes < CP_MIN_STORAGE) {
        msg_format(line, sizeof line, MSG_STORAGE_TOO_SMALL,
                   (unsigned)(storage_bytes >> 10), (unsigned)(CP_MIN_STORAGE >> 10));
        trap_stop(WAIT_CODE(msg_number(MSG_STORAGE_TOO_SMALL), storage_bytes >> 20), line);
    }
    frames_init(&frames, (uint8_t *)(uintptr_t)map, storage_bytes, cp_end);
}

/* ---- services for the command layer ------------------------------------ */

static uint64_t sys_tod(void)
{
    return insn_stck();
}

static void sys_frames(struct cp_frame_stats *out)
{
    out->total = frames.nframes;
    out->cp = frames.ncp;
    out->free = frames.nfree;
}

static void sys_shutdown(void)
{
    shutting_down = true;
}

static struct cp_sys sys = {
    .vm = &vm_ops,
    .net = &vm_lans,
    .uplink = &osadev_ops,
    .broadcast = con_broadcast,
    .tod_now = sys_tod,
    .cpu_busy = timer_busy,
    .frames = sys_frames,
    .shutdown = sys_shutdown,
    .version = VMLAN_VERSION,
};

const struct cp_sys *cp_system = &sys;

static void out_to_console(void *ctx, const char *text)
{
    con_write((unsigned)(uintptr_t)ctx, text);
}

/* ---- IPL messages and shutdown ------------------------------------------ */

static void directory_init(void);

static void banner(void)
{
    char line[CON_LINE_MAX + 1], size[16];
    struct tod_civil t;

    msg_format(line, sizeof line, MSG_CP_LEVEL, VMLAN_VERSION, cp_build_time);
    con_broadcast(line);
    if (storage_bytes % (1ull << 30) == 0)
        ksnprintf(size, sizeof size, "%lluG", (unsigned long long)(storage_bytes >> 30));
    else
        ksnprintf(size, sizeof size, "%lluM", (unsigned long long)(storage_bytes >> 20));
    msg_format(line, sizeof line, MSG_REAL_STORAGE, size, (unsigned)frames.nfree);
    con_broadcast(line);
    tod_to_civil(sys.ipl_tod, &t);
    char when[12], date[12];
    ksnprintf(when, sizeof when, "%02u:%02u:%02u", t.hour, t.minute, t.second);
    ksnprintf(date, sizeof date, "%02u/%02u/%02u", t.month, t.day, t.year % 100u);
    for (size_t i = 0; i < ARRAY_SIZE(operator_consoles); i++) {
        bool found = false;
        for (unsigned c = 0; c < con_count(); c++)
            found |= con_devno(c) == operator_consoles[i];
        if (!found) {
            msg_format(line, sizeof line, MSG_CONSOLE_NOT_OPER, operator_consoles[i]);
            con_broadcast(line);
        }
    }
    msg_format(line, sizeof line, MSG_IPL_COMPLETE, when, tod_weekday_name(t.weekday), date);
    con_broadcast(line);
    directory_init();
    con_broadcast("Ready;");
}

/* Read the user directory from its reader and report every problem. */
static void directory_init(void)
{
    char line[CON_LINE_MAX + 1];
    unsigned bad;
    long n = rdr_read_text(DIRECTORY_RDR, directory_text, sizeof directory_text, &bad);
    if (bad) {
        msg_format(line, sizeof line, MSG_READER_ERROR, DIRECTORY_RDR, bad);
        con_broadcast(line);
    }
    uint64_t guest_max = frames.nfree * FRAME_SIZE;
    guest_max = guest_max > GUEST_RESERVE ? guest_max - GUEST_RESERVE : 0;
    if (n < 0) {
        msg_format(line, sizeof line, MSG_NO_DIRECTORY, DIRECTORY_RDR);
        con_broadcast(line);
        n = 0;
    }
    dir_parse(directory_text, (size_t)n, guest_max, &directory);
    unsigned usable = 0;
    for (uint32_t i = 0; i < directory.nusers; i++)
        usable += directory.users[i].usable;
    for (uint32_t i = 0; i < directory.ndiags; i++) {
        const struct dir_diag *d = &directory.diags[i];
        msg_format(line, sizeof line, MSG_DIRECTORY_LINE, d->line, dir_err_str(d->err), d->token);
        con_broadcast(line);
    }
    msg_format(line, sizeof line, MSG_DIRECTORY_LOADED, usable, directory.nusers - usable,
               directory.ndiags + directory.ndiags_dropped);
    con_broadcast(line);
    vm_init(&frames, &directory, storage_bytes);
}

/* Let the consoles drain (bounded), then ask Hercules to quit.  CP then
 * waits enabled, so Hercules does not report a disabled wait. */
__attribute__((noreturn)) static void shutdown(void)
{
    static const char quit[] = "quit";
    uint8_t cmd[sizeof quit];
    uint64_t end = insn_stck() + 3 * TOD_UNITS_PER_SEC;

    while (con_busy() && insn_stck() < end) {
        timer_set_deadline(end);
        if (timer_wait() == ARCH_EVENT_IO)
            cio_interrupt();
    }
    for (size_t i = 0; i < sizeof quit - 1; i++)
        cmd[i] = ebcdic_from_latin1[(uint8_t)quit[i]];
    arch_diag8(cmd, sizeof quit - 1);
    for (;;)
        timer_wait();
}

/* ---- the event loop -------------------------------------------------------- */

__attribute__((noreturn)) void cp_main(void)
{
    char line[CON_LINE_MAX + 1];
    unsigned con;

    trap_init();
    timer_init();
    cio_init();
    con_init(operator_consoles, ARRAY_SIZE(operator_consoles));
    if (con_count() == 0)
        insn_disabled_wait(WAIT_CODE(msg_number(MSG_CONSOLE_NOT_OPER), 0));
    storage_init();
    sys.ipl_tod = timer_ipl_tod();
    sys.storage_bytes = storage_bytes;
    sys.build_time = cp_build_time;
    banner();

    for (;;) {
        osadev_tick();
        while (!shutting_down && con_read_line(&con, line, sizeof line)) {
            struct cp_out out = { out_to_console, (void *)(uintptr_t)con };
            cp_command(line, &out, &sys, &cp_operator);
        }
        if (shutting_down)
            shutdown();
        if (vm_dispatch())
            continue;
        uint64_t c = con_deadline(), g = vm_deadline(), o = osadev_deadline();
        uint64_t d = !c ? g : !g ? c : c < g ? c : g;
        timer_set_deadline(!d ? o : !o ? d : d < o ? d : o);
        if (timer_wait() == ARCH_EVENT_IO)
            cio_interrupt();
        else
            con_timeouts(insn_stck());
    }
}
