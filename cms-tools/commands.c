/*
 * commands.c - the CMS commands and their dispatch table (target only).
 *
 * Parse, validate, then execute: each handler checks its operands
 * completely before it does anything.  Command names and keywords are
 * case-insensitive and accept any truncation down to their minimum
 * abbreviation (cp/cmd/parse.c).  Handlers return the rc for the Ready
 * line: 0, the rc of the failure message (msgcat.h), or CP's rc.
 * docs/cms.md is the user reference.
 */
#include "cms-tools/cms.h"
#include "cms-tools/cio.h"
#include "cms-tools/machine.h"
#include "cp/cmd/cmd.h"
#include "lib/ebcdic.h"
#include "lib/tod.h"

#define CP_RESPONSE_MAX     4096
#define EBCDIC_NL           0x15        /* z/VM line separator          */
#define EBCDIC_LF           0x25        /* Hercules' DIAG 8 separator   */
#define SPIN_MAX_US         3600000000ull
#define SPIN_BATCH_TOD      (TOD_UNITS_PER_SEC / 1000)  /* 1 ms of work  */
#define SPIN_FIRST_BATCH    4096u
#define SPIN_MAX_BATCH      (1ull << 32)
#define CRASH_IO_SCHID      0x0001FFFFu

struct cms_cmd {
    const char *name;           /* upper case                           */
    uint8_t     min;            /* minimum abbreviation                 */
    int       (*run)(const struct cms_line *l);
    const char *syntax;         /* upper case = minimum abbreviation    */
    const char *help;
};

static int cmd_cp(const struct cms_line *l);
static int cmd_crash(const struct cms_line *l);
static int cmd_echo(const struct cms_line *l);
static int cmd_help(const struct cms_line *l);
static int cmd_query(const struct cms_line *l);
static int cmd_spin(const struct cms_line *l);
static int cmd_sleep(const struct cms_line *l);
static int cmd_timer(const struct cms_line *l);

static const struct cms_cmd commands[] = {
    { "CP",    2, cmd_cp,    "CP cp-command",               "pass a command to CP (DIAGNOSE X'008')" },
    { "CRASH", 5, cmd_crash, "CRASH ADDRESS|WAIT|LOOP|IO",  "isolation tests: fail on purpose" },
    { "ECHO",  4, cmd_echo,  "ECHO [text]",                 "type text back" },
    { "HELP",  4, cmd_help,  "HELP [command]",              "list the commands, or one command" },
    { "IFCONFIG", 2, cms_cmd_ifconfig, "IFconfig [vdev addr/prefix [GATEWAY addr]|vdev DOWN]",
      "bring a QDIO NIC up with an IPv4 address, down, or list" },
    { "NETSTAT", 4, cms_cmd_netstat, "NETSTAT",             "interfaces, addresses, MTU and counters" },
    { "NICBAD", 6, cms_cmd_nicbad, "NICBAD QDR|IPA|SEQ|SBALE|SLSB vdev", "send bad QDIO control blocks (tests)" },
    { "PING",  4, cms_cmd_ping,  "PING addr [COUNT n] [SIZE bytes] [TIMEOUT s]", "ICMP echo requests; replies and round-trip times" },
    { "UDPECHO", 7, cms_cmd_udpecho, "UDPECHO port [COUNT n]", "echo UDP datagrams to their sender" },
    { "UDPSEND", 7, cms_cmd_udpsend, "UDPSEND addr port count size [ECHO]", "send count UDP datagrams of size bytes" },
    { "UDPSINK", 7, cms_cmd_udpsink, "UDPSINK port [COUNT n]", "count UDP datagrams received and the rate" },
    { "QUERY", 1, cmd_query, "Query TIme|DEVices",          "time of day; channel reports and devices" },
    { "SLEEP", 5, cmd_sleep, "SLEEP seconds",               "wait on the clock comparator (enabled wait)" },
    { "SPIN",  4, cmd_spin,  "SPIN seconds",                "use the CPU for that long (0 < seconds <= 3600)" },
    { "TIMER", 5, cmd_timer, "TIMER seconds",               "compute until the CPU timer has run that long" },
};

static const struct cms_cmd *find_command(const char *tok)
{
    for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
        if (cp_abbrev(tok, commands[i].name, commands[i].min))
            return &commands[i];
    return NULL;
}

/* Operand i of l must be the last one: DMSCMD014E names the first extra. */
bool cms_extra_operand(const struct cms_line *l, unsigned i, int *rc)
{
    if (l->t.n <= i && !l->t.overflow)
        return false;
    *rc = cms_msg(CMS_MSG_INVALID_OPTION, l->t.n > i ? l->t.tok[i] : l->t.extra);
    return true;
}

/* ---- ECHO [text] ---------------------------------------------------------- */

/* The text exactly as typed after the first blank that ends "ECHO". */
static int cmd_echo(const struct cms_line *l)
{
    const char *p = l->rest;
    if (*p == ' ' || *p == '\t')
        p++;
    cms_print(p);
    return 0;
}

/* ---- CP cp-command --------------------------------------------------------- */

/* Print the EBCDIC response lines resp[0..len), separated by NL (or LF);
 * a separator at the very end adds no empty line. */
static void print_cp_response(const uint8_t *resp, size_t len)
{
    char line[CMS_PRINT_MAX];
    size_t start = 0;

    while (start < len) {
        size_t n = 0, i = start;
        for (; i < len && resp[i] != EBCDIC_NL && resp[i] != EBCDIC_LF; i++) {
            if (n == sizeof line - 1) {
                line[n] = '\0';
                cms_print(line);
                n = 0;
            }
            line[n++] = (char)ebcdic_to_latin1[resp[i]];
        }
        line[n] = '\0';
        cms_print(line);
        start = i + 1;
    }
}

static int cmd_cp(const struct cms_line *l)
{
    static uint8_t cmd[CMS_DIAG8_CMD_MAX];
    static uint8_t resp[CP_RESPONSE_MAX];
    const char *text = l->rest;

    while (*text == ' ' || *text == '\t')
        text++;
    size_t len = strlen(text);
    if (len == 0)
        return cms_msg(CMS_MSG_OPERAND_MISSING, "CP cp-command");
    if (len > CMS_DIAG8_CMD_MAX)
        return cms_msg(CMS_MSG_INVALID_PARAMETER, "CP command longer than 240 characters");

    for (size_t i = 0; i < len; i++)
        cmd[i] = ebcdic_from_latin1[(uint8_t)text[i]];
    struct cms_diag8_result r = cms_diag8(cmd, (uint32_t)len, resp, sizeof resp);
    size_t got = r.cc == 1 ? sizeof resp : r.len;
    if (got > sizeof resp)
        got = sizeof resp;
    print_cp_response(resp, got);
    if (r.cc == 1)
        cms_msg(CMS_MSG_CP_TRUNCATED, (unsigned)r.len);
    return (int)r.rc;
}

/* ---- QUERY TIme ------------------------------------------------------------------ */

enum query_what { QUERY_TIME, QUERY_DEVICES };

static const struct cp_keyword query_ops[] = {
    { "TIME", 2, QUERY_TIME },
    { "DEVICES", 3, QUERY_DEVICES },
};

/* QUERY DEVICES: the channel reports CP queued (devices added or removed
 * since the last look: STCRW until none), then every subchannel (STSCH). */
static int query_devices(void)
{
    static struct schib s;
    uint32_t crw;
    cms_printf("CHANNEL REPORTS SIGNALLED: %u", (unsigned)cms_channel_reports);
    while (insn_stcrw(&crw) == 0)
        cms_printf("CRW %08X SUBCHANNEL %04X", crw, crw & 0xFFFF);
    for (uint32_t sch = 0; sch < 256; sch++) {   /* DETACH leaves holes: look past cc 3 */
        int cc = cms_stsch(CMS_CIO_SSID_BASE | sch, &s);
        if (cc == 0 && (s.pmcw.flags1 & PMCW_F1_DEVNO_VALID))
            cms_printf("DEVICE %04X SUBCHANNEL %04X", s.pmcw.devno, (unsigned)sch);
    }
    return 0;
}

static int cmd_query(const struct cms_line *l)
{
    int rc;
    if (l->t.n < 2)
        return cms_msg(CMS_MSG_OPERAND_MISSING, "Query TIme|DEVices");
    const struct cp_keyword *k = cp_keyword_find(query_ops, ARRAY_SIZE(query_ops), l->t.tok[1]);
    if (!k)
        return cms_msg(CMS_MSG_INVALID_OPTION, l->t.tok[1]);
    if (cms_extra_operand(l, 2, &rc))
        return rc;
    if (k->value == QUERY_DEVICES)
        return query_devices();

    struct tod_civil t;
    tod_to_civil(insn_stck(), &t);
    cms_printf("TIME IS %02u:%02u:%02u UTC %s %02u/%02u/%02u", t.hour, t.minute, t.second,
               tod_weekday_name(t.weekday), t.month, t.day, t.year % 100u);
    return 0;
}

/* ---- SPIN seconds ------------------------------------------------------------------ */

/* Decimal seconds ("2", "0.5", "1.25"; at most 6 decimals) to
 * microseconds; false unless 0 < value <= 3600 s. */
bool cms_parse_seconds(const char *s, uint64_t *us)
{
    uint64_t whole = 0, frac = 0, scale = 1000000;
    const char *p = s;
    unsigned digits = 0;

    for (; *p >= '0' && *p <= '9'; p++, digits++) {
        if (whole > SPIN_MAX_US)
            return false;
        whole = whole * 10 + (uint64_t)(*p - '0');
    }
    if (*p == '.') {
        for (p++; *p >= '0' && *p <= '9'; p++, digits++) {
            if (scale == 1)
                return false;           /* finer than a microsecond */
            scale /= 10;
            frac += (uint64_t)(*p - '0') * scale;
        }
    }
    if (*p || digits == 0 || whole > SPIN_MAX_US / 1000000)
        return false;
    *us = whole * 1000000 + frac;
    return *us > 0 && *us <= SPIN_MAX_US;
}

/* n iterations of a register-only loop (BRCTG); n >= 1. */
static void spin_burn(uint64_t n)
{
    __asm__ volatile("0:\tbrctg %0,0b" : "+d"(n) : : "cc");
}

/* Burn the CPU until duration TOD units have passed; returns the time
 * that did pass.  The clock is read once per batch, and each batch is
 * sized from the last one to take about a millisecond (Hercules moves
 * the TOD on by 1 us for clock reads within one host microsecond). */
static uint64_t spin_for(uint64_t duration)
{
    uint64_t start = insn_stck(), now = start, n = SPIN_FIRST_BATCH;

    for (;;) {
        uint64_t before = now;
        spin_burn(n);
        now = insn_stck();
        uint64_t elapsed = now - start;
        if (elapsed >= duration)
            return elapsed;
        uint64_t took = now - before ? now - before : 1;
        uint64_t target = duration - elapsed;
        if (target > SPIN_BATCH_TOD)
            target = SPIN_BATCH_TOD;
        uint64_t next = n * target / took;      /* n <= 2**32, target < 2**22 */
        if (next > n * 4)
            next = n * 4;
        if (next < n / 4)
            next = n / 4;
        n = next < 1 ? 1 : next > SPIN_MAX_BATCH ? SPIN_MAX_BATCH : next;
    }
}

static int cmd_spin(const struct cms_line *l)
{
    uint64_t us;
    int rc;

    if (l->t.n < 2)
        return cms_msg(CMS_MSG_OPERAND_MISSING, "SPIN seconds");
    if (!cms_parse_seconds(l->t.tok[1], &us))
        return cms_msg(CMS_MSG_INVALID_PARAMETER, l->t.tok[1]);
    if (cms_extra_operand(l, 2, &rc))
        return rc;

    uint64_t took = spin_for(us * TOD_UNITS_PER_US);
    uint64_t hundredths = (took * 100 + TOD_UNITS_PER_SEC / 2) / TOD_UNITS_PER_SEC;
    cms_printf("SPIN: %llu.%02llu seconds", (unsigned long long)(hundredths / 100),
               (unsigned long long)(hundredths % 100));
    return 0;
}

/* ---- SLEEP, TIMER: the guest's own clock comparator and CPU timer ---------------- */


/* "n.nn" seconds of a TOD-unit duration, rounded to hundredths. */
static void print_seconds(const char *what, uint64_t tod, const char *tail)
{
    uint64_t h = (tod * 100 + TOD_UNITS_PER_SEC / 2) / TOD_UNITS_PER_SEC;
    cms_printf("%s: %llu.%02llu seconds%s", what, (unsigned long long)(h / 100),
               (unsigned long long)(h % 100), tail);
}

/* The one operand of SLEEP/TIMER, in microseconds; 0 after an error (*rc set). */
static uint64_t seconds_operand(const struct cms_line *l, const char *syntax, int *rc)
{
    uint64_t us;
    if (l->t.n < 2) {
        *rc = cms_msg(CMS_MSG_OPERAND_MISSING, syntax);
        return 0;
    }
    if (!cms_parse_seconds(l->t.tok[1], &us)) {
        *rc = cms_msg(CMS_MSG_INVALID_PARAMETER, l->t.tok[1]);
        return 0;
    }
    return cms_extra_operand(l, 2, rc) ? 0 : us;
}

/* SLEEP: set the clock comparator and wait, enabled for its interruption
 * only: the guest is idle, so CP must wake it when the time comes. */
static int cmd_sleep(const struct cms_line *l)
{
    int rc = 0;
    uint64_t us = seconds_operand(l, "SLEEP seconds", &rc);
    if (!us)
        return rc;
    uint64_t start = insn_stck();
    insn_sckc(start + us * TOD_UNITS_PER_US);
    insn_lctlg0(insn_stctg0() | CR0_CLOCK_COMP);
    while (cms_wait_ext() != EXT_CLOCK_COMP)
        ;
    insn_lctlg0(insn_stctg0() & ~CR0_CLOCK_COMP);
    insn_sckc(~0ull);
    print_seconds("SLEEP", insn_stck() - start, "");
    return 0;
}

/* TIMER: set the CPU timer and compute until its interruption.  The CPU
 * timer runs only while this guest runs, so with other guests busy the
 * elapsed time is longer than the CPU time asked for. */
static int cmd_timer(const struct cms_line *l)
{
    int rc = 0;
    uint64_t us = seconds_operand(l, "TIMER seconds", &rc);
    if (!us)
        return rc;
    uint64_t start = insn_stck();
    insn_spt((int64_t)(us * TOD_UNITS_PER_US));
    insn_lctlg0(insn_stctg0() | CR0_CPU_TIMER);
    while (cms_spin_ext() != EXT_CPU_TIMER)
        ;
    insn_lctlg0(insn_stctg0() & ~CR0_CPU_TIMER);
    insn_spt(INT64_MAX);
    print_seconds("TIMER", insn_stck() - start, " elapsed");
    return 0;
}

/* ---- CRASH ADDRESS|WAIT|LOOP|IO --------------------------------------------------- */

enum crash_kind { CRASH_ADDRESS, CRASH_WAIT, CRASH_LOOP, CRASH_IO };

static const struct cp_keyword crash_ops[] = {
    { "ADDRESS", 7, CRASH_ADDRESS },
    { "WAIT",    4, CRASH_WAIT },
    { "LOOP",    4, CRASH_LOOP },
    { "IO",      2, CRASH_IO },
};

/* SSCH to a subchannel that does not exist; CP (and the machine) must
 * answer cc 3.  Returns 0 if it did, 1 otherwise. */
static int crash_io(void)
{
    static struct ccw1 nop = { CCW_CMD_NOP, CCW_FLAG_SLI, 1, 0 };
    static struct orb orb;

    memset(&orb, 0, sizeof orb);
    orb.intparm = CRASH_IO_SCHID;
    orb.flags = ORB_FLAGS_FMT1;
    orb.lpm = ORB_LPM_ALL;
    orb.cpa = (uint32_t)(uintptr_t)&nop;
    int cc = cms_ssch(CRASH_IO_SCHID, &orb);
    cms_printf("CRASH IO: SSCH to subchannel %08X, cc=%d", CRASH_IO_SCHID, cc);
    return cc == 3 ? 0 : 1;
}

static int cmd_crash(const struct cms_line *l)
{
    int rc;
    if (l->t.n < 2)
        return cms_msg(CMS_MSG_OPERAND_MISSING, "CRASH ADDRESS|WAIT|LOOP|IO");
    const struct cp_keyword *k = cp_keyword_find(crash_ops, ARRAY_SIZE(crash_ops), l->t.tok[1]);
    if (!k)
        return cms_msg(CMS_MSG_INVALID_OPTION, l->t.tok[1]);
    if (cms_extra_operand(l, 2, &rc))
        return rc;

    switch ((enum crash_kind)k->value) {
    case CRASH_ADDRESS:
        /* past the end of storage: addressing exception -> cms_abend */
        (void)*(volatile uint8_t *)(uintptr_t)cms_storage_bytes;
        return 0;                       /* only if storage grew meanwhile */
    case CRASH_WAIT:
        cms_disabled_wait(CMS_WAIT_CRASH);
    case CRASH_LOOP:
        cms_crash_loop();
    case CRASH_IO:
        return crash_io();
    }
    return 0;
}

/* ---- HELP [command] ------------------------------------------------------------------- */

static void help_line(const struct cms_cmd *c)
{
    cms_printf("  %-28s %s", c->syntax, c->help);
}

static int cmd_help(const struct cms_line *l)
{
    int rc;
    if (l->t.n >= 2) {
        const struct cms_cmd *c = find_command(l->t.tok[1]);
        char word[CMS_LINE_MAX + 1];
        if (!c) {
            cp_upper(word, sizeof word, l->t.tok[1]);
            return cms_msg(CMS_MSG_UNKNOWN_COMMAND, word);
        }
        if (cms_extra_operand(l, 2, &rc))
            return rc;
        help_line(c);
        return 0;
    }
    cms_print("CMS commands (minimum abbreviation in upper case):");
    for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
        help_line(&commands[i]);
    return 0;
}

/* ---- dispatch ------------------------------------------------------------------------ */

int cms_command(const char *line)
{
    static struct cms_line l;
    char word[CMS_LINE_MAX + 1];

    if (cp_tokenize(line, &l.t) == 0)
        return CMS_RC_NO_READY;
    const char *p = line;
    while (*p == ' ' || *p == '\t')
        p++;
    while (*p && *p != ' ' && *p != '\t')
        p++;
    l.rest = p;

    const struct cms_cmd *c = find_command(l.t.tok[0]);
    if (!c) {
        cp_upper(word, sizeof word, l.t.tok[0]);
        return cms_msg(CMS_MSG_UNKNOWN_COMMAND, word);
    }
    return c->run(&l);
}
