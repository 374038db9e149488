/*
 * test_cmd.c - operator command parsing, abbreviations, validation,
 * responses and the message catalog (cp/cmd/), against a fake system.
 */
#include <stdio.h>
#include <string.h>
#include "tests/unit/suites.h"
#include "cp/cmd/cmd.h"
#include "lib/tod.h"
#include "guestlan/lan.h"

/* ---- fake system and captured output ----------------------------------- */

#define MAX_LINES 48
static char lines[MAX_LINES][CP_OUT_LINE_MAX + 1];
static unsigned nlines;
static bool shutdown_called;

static void capture(void *ctx, const char *text)
{
    (void)ctx;
    CU_ASSERT_FATAL(nlines < MAX_LINES);
    CU_ASSERT(strlen(text) <= CP_OUT_LINE_MAX);
    snprintf(lines[nlines++], sizeof lines[0], "%s", text);
}

/* 2026-11-22 04:58:45 UTC, a Sunday; IPL 1 h 2 min 3 s earlier */
#define NOW_TOD  ((uint64_t)(46346ull * 86400 + 4 * 3600 + 58 * 60 + 45) * TOD_UNITS_PER_SEC)
#define IPL_TOD  (NOW_TOD - (3600ull + 120 + 3) * TOD_UNITS_PER_SEC)

static uint64_t fake_now(void) { return NOW_TOD; }
static uint64_t fake_busy(void) { return 83ull * TOD_UNITS_PER_SEC + TOD_UNITS_PER_SEC / 4; }
static void fake_frames(struct cp_frame_stats *s) { *s = (struct cp_frame_stats){ 16384, 81, 16303 }; }
static void fake_shutdown(void) { shutdown_called = true; }

/* ---- a fake virtual-machine layer: GST1 (logged on), GST2 (in the
 * directory, not logged on), BAD (unusable entry) --------------------- */
static struct { char sent[CP_LINE_MAX + 1]; char shown[CP_LINE_MAX + 40]; int logoffs;
                char forced_by[9]; bool logged_on; bool abs; uint32_t share; } fake;

static void fill(struct cp_vminfo *i)
{
    memset(i, 0, sizeof *i);
    strcpy(i->userid, "GST1");
    i->handle = 7;
    i->storage = 4ull << 20;
    i->cpu = 123ull * TOD_UNITS_PER_SEC / 100;
    i->logon_tod = NOW_TOD - 65 * TOD_UNITS_PER_SEC;
    i->share_absolute = fake.abs;
    i->share = fake.share;
    i->state = "RUNNING";
    i->ipl = "CMS";
    i->machine = "Z";
    i->classes = "G";
    i->ios = 42;
    i->devices = 1;
}

static enum cp_vm_err fake_logon(const char *u)
{
    if (!strcmp(u, "BAD")) return CP_VM_DIRECTORY_ERROR;
    if (strcmp(u, "GST1") && strcmp(u, "GST2")) return CP_VM_NOT_IN_DIRECTORY;
    if (!strcmp(u, "GST1")) return CP_VM_ALREADY_LOGGED_ON;
    return CP_VM_OK;
}
static void fake_logoff(int h, const char *by)
{
    CU_ASSERT_EQUAL(h, 7);
    fake.logoffs++;
    snprintf(fake.forced_by, sizeof fake.forced_by, "%s", by ? by : "");
}
static enum cp_vm_err fake_find(const char *u, struct cp_vminfo *i)
{
    if (!strcmp(u, "GST1")) { fill(i); return CP_VM_OK; }
    return strcmp(u, "GST2") ? CP_VM_NOT_IN_DIRECTORY : CP_VM_NOT_LOGGED_ON;
}
static unsigned fake_list(struct cp_vminfo *o, unsigned max)
{
    static const char *const names[] = { "GST1", "A", "LONGNAME", "X2", "LAST" };
    unsigned n = fake.logged_on ? 5 : 0;
    for (unsigned k = 0; k < n && k < max; k++) {
        fill(&o[k]);
        strcpy(o[k].userid, names[k]);
    }
    return n;
}
static enum cp_vm_err fake_send(int h, const char *t)
{
    CU_ASSERT_EQUAL(h, 7);
    if (!strcmp(t, "FULL")) return CP_VM_QUEUE_FULL;
    if (!strcmp(t, "STOPPED")) return CP_VM_STOPPED;
    snprintf(fake.sent, sizeof fake.sent, "%s", t);
    return CP_VM_OK;
}
static void fake_show(int h, const char *t) { (void)h; snprintf(fake.shown, sizeof fake.shown, "%s", t); }
static void fake_set_share(int h, bool a, uint32_t v) { (void)h; fake.abs = a; fake.share = v; }
static char broadcast_line[200];
static void fake_broadcast(const char *l) { snprintf(broadcast_line, sizeof broadcast_line, "%s", l); }

static uint16_t nic_vdev, nic_devices;
static enum cp_vm_err fake_define_nic(int h, uint16_t vdev, uint16_t devices)
{
    CU_ASSERT_EQUAL(h, 7);
    if (vdev == 0x0009) return CP_VM_DEVICE_EXISTS;
    if (vdev == 0xFFFF) return CP_VM_DEVICE_RANGE;
    if (devices > 60) return CP_VM_NO_SUBCHANNELS;
    nic_vdev = vdev;
    nic_devices = devices;
    return CP_VM_OK;
}
static enum cp_vm_err fake_detach_nic(int h, uint16_t vdev, uint16_t *devices)
{
    CU_ASSERT_EQUAL(h, 7);
    if (vdev != nic_vdev || !nic_devices) return CP_VM_NO_DEVICE;
    *devices = nic_devices;
    nic_devices = 0;
    return CP_VM_OK;
}

/* The NICs the fake VM layer reports: fake_nic[0..fake_nnics-1], by guest
 * then vdev, as vm.c keeps them. */
static struct cp_nicinfo fake_nic[4];
static unsigned fake_nnics;
static unsigned fake_nics(int h, struct cp_nicinfo *o, unsigned max)
{
    unsigned n = 0;
    for (unsigned k = 0; k < fake_nnics; k++) {
        if (h >= 0 && fake_nic[k].handle != h)
            continue;
        if (n < max)
            o[n] = fake_nic[k];
        n++;
    }
    return n;
}

static const struct cp_vmops fake_ops = { fake_logon, fake_logoff, fake_find, fake_list,
                                          fake_send, fake_show, fake_set_share,
                                          fake_define_nic, fake_detach_nic, fake_nics };

static struct gl_net net;

static const struct cp_sys sys = {
    .vm = &fake_ops, .net = &net, .broadcast = fake_broadcast,
    .tod_now = fake_now, .cpu_busy = fake_busy, .frames = fake_frames,
    .shutdown = fake_shutdown, .ipl_tod = IPL_TOD, .storage_bytes = 64ull << 20,
    .build_time = "11/21/26 10:00:00", .version = "9.8.7",
};
static const struct cp_out out = { capture, NULL };

static const struct cp_who guest = { "GST1", "G", 7 };

static int run_as(const char *line, const struct cp_who *who)
{
    nlines = 0;
    shutdown_called = false;
    return cp_command(line, &out, &sys, who);
}

static int run(const char *line)
{
    return run_as(line, &cp_operator);
}

static const char *last(void)
{
    return nlines ? lines[nlines - 1] : "";
}

/* ---- tokens and abbreviations ------------------------------------------ */

static void tokenize_blanks_and_limits(void)
{
    struct cp_tokens t;
    CU_ASSERT_EQUAL(cp_tokenize("  q \t time  ", &t), 2);
    CU_ASSERT_STRING_EQUAL(t.tok[0], "q");
    CU_ASSERT_STRING_EQUAL(t.tok[1], "time");
    CU_ASSERT_EQUAL(cp_tokenize("", &t), 0);
    CU_ASSERT_EQUAL(cp_tokenize("   ", &t), 0);
    CU_ASSERT_EQUAL(cp_tokenize("a b c d e f g h i j k l m n o p q r", &t), CP_MAX_TOKENS);
    CU_ASSERT_TRUE(t.overflow);
    CU_ASSERT_STRING_EQUAL(t.tok[CP_MAX_TOKENS - 1], "p");
    CU_ASSERT_STRING_EQUAL(t.extra, "q");

    char longline[400];
    memset(longline, 'x', sizeof longline - 1);
    longline[sizeof longline - 1] = '\0';
    CU_ASSERT_EQUAL(cp_tokenize(longline, &t), 1);
    CU_ASSERT_EQUAL(strlen(t.tok[0]), CP_LINE_MAX);
}

static void abbreviation_rules(void)
{
    CU_ASSERT_TRUE(cp_abbrev("stor", "STORAGE", 4));
    CU_ASSERT_TRUE(cp_abbrev("STORA", "STORAGE", 4));
    CU_ASSERT_TRUE(cp_abbrev("StOrAgE", "STORAGE", 4));
    CU_ASSERT_FALSE(cp_abbrev("sto", "STORAGE", 4));
    CU_ASSERT_FALSE(cp_abbrev("storages", "STORAGE", 4));
    CU_ASSERT_FALSE(cp_abbrev("storx", "STORAGE", 4));
    CU_ASSERT_FALSE(cp_abbrev("", "STORAGE", 0 + 1));
    CU_ASSERT_TRUE(cp_abbrev("q", "QUERY", 1));
}

/* ---- commands ------------------------------------------------------------- */

static void query_every_abbreviation(void)
{
    static const char *const forms[] = { "Q TIME", "q ti", "QU TIM", "QUER time", "query TIME" };
    for (size_t i = 0; i < ARRAY_SIZE(forms); i++) {
        CU_ASSERT_EQUAL(run(forms[i]), 0);
        CU_ASSERT_EQUAL(nlines, 3);
        CU_ASSERT_STRING_EQUAL(lines[0], "TIME IS 04:58:45 UTC SUNDAY 11/22/26");
        CU_ASSERT_STRING_EQUAL(last(), "Ready;");
    }
    CU_ASSERT_NOT_EQUAL(run("q t"), 0);         /* below the minimum TIme */
    CU_ASSERT_NOT_EQUAL(run("queryx time"), 0);
}

static void query_time_connect_and_cpu(void)
{
    CU_ASSERT_EQUAL(run("q time"), 0);
    CU_ASSERT_STRING_EQUAL(lines[1], "CONNECT= 01:02:03 VIRTCPU= 000:00.00 TOTCPU= 001:23.25");
}

static void query_cplevel(void)
{
    CU_ASSERT_EQUAL(run("q cplev"), 0);
    CU_ASSERT_EQUAL(nlines, 4);
    CU_ASSERT_STRING_EQUAL(lines[0], "vmlan Version 9.8.7 (64-bit)");
    CU_ASSERT_STRING_EQUAL(lines[1], "Generated at 11/21/26 10:00:00 UTC");
    CU_ASSERT_STRING_EQUAL(lines[2], "IPL at 11/22/26 03:56:42 UTC");
    CU_ASSERT_NOT_EQUAL(run("q cple"), 0);
    CU_ASSERT_EQUAL(run("Q CPLEVEL"), 0);
}

static void query_storage(void)
{
    CU_ASSERT_EQUAL(run("q stor"), 0);
    CU_ASSERT_STRING_EQUAL(lines[0], "STORAGE = 64M CONFIGURED = 64M INC = 1M STANDBY = 0 RESERVED = 0");
    CU_ASSERT_EQUAL(run("q storage"), 0);
    CU_ASSERT_EQUAL(nlines, 2);
}

static void errors_have_ids_and_rc(void)
{
    CU_ASSERT_EQUAL(run("frob"), 1);
    CU_ASSERT_STRING_EQUAL(lines[0], "VML001E Unknown CP command: FROB");
    CU_ASSERT_STRING_EQUAL(last(), "Ready(00001);");

    CU_ASSERT_EQUAL(run("query"), 26);
    CU_ASSERT_STRING_EQUAL(lines[0], "VML026E Operand missing or invalid");
    CU_ASSERT_STRING_EQUAL(last(), "Ready(00026);");

    CU_ASSERT_EQUAL(run("q toolongname"), 3);         /* neither operand nor userid */
    CU_ASSERT_STRING_EQUAL(lines[0], "VML003E Invalid option - TOOLONGNAME");
    CU_ASSERT_EQUAL(run("q bogus"), 45);              /* a userid: QUERY userid */
    CU_ASSERT_STRING_EQUAL(lines[0], "VML045E BOGUS not logged on");

    CU_ASSERT_EQUAL(run("q time now"), 3);
    CU_ASSERT_STRING_EQUAL(lines[0],
        "VML003E Invalid option - command contains extra option(s) starting with NOW");
    CU_ASSERT_EQUAL(nlines, 2);                 /* nothing executed */

    CU_ASSERT_EQUAL(run("q stor 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17"), 3);
    CU_ASSERT_STRING_EQUAL(lines[0],
        "VML003E Invalid option - command contains extra option(s) starting with 1");

    CU_ASSERT_EQUAL(run("shutdown now"), 3);
    CU_ASSERT_FALSE(shutdown_called);           /* validated before executing */
    CU_ASSERT_EQUAL(run("shut"), 1);            /* SHUTDOWN has no abbreviation */
    CU_ASSERT_FALSE(shutdown_called);
}

static void help_lists_and_selects(void)
{
    CU_ASSERT_EQUAL(run("help"), 0);
    CU_ASSERT(nlines >= 6);
    CU_ASSERT_STRING_EQUAL(lines[0], "CP commands (minimum abbreviation in upper case):");
    CU_ASSERT_EQUAL(run("HELP q"), 0);
    CU_ASSERT_EQUAL(nlines, 14);
    CU_ASSERT(strstr(lines[0], "Query CPLEVel") != NULL);
    CU_ASSERT_EQUAL(run("help nosuch"), 1);
    CU_ASSERT_STRING_EQUAL(lines[0], "VML001E Unknown CP command: NOSUCH");
    CU_ASSERT_EQUAL(run("help q extra"), 3);
}

static void shutdown_has_no_ready(void)
{
    CU_ASSERT_EQUAL(run("SHUTDOWN"), 0);
    CU_ASSERT_TRUE(shutdown_called);
    CU_ASSERT_EQUAL(nlines, 2);
    CU_ASSERT_STRING_EQUAL(lines[0], "SYSTEM SHUTDOWN STARTED");
    CU_ASSERT_STRING_EQUAL(lines[1], "VML961W SYSTEM SHUTDOWN COMPLETE");
}

static void empty_line_prints_nothing(void)
{
    CU_ASSERT_EQUAL(run(""), 0);
    CU_ASSERT_EQUAL(nlines, 0);
    CU_ASSERT_EQUAL(run("    "), 0);
    CU_ASSERT_EQUAL(nlines, 0);
}

static void ready_line_format(void)
{
    char b[32];
    fmt_ready(b, sizeof b, 0);
    CU_ASSERT_STRING_EQUAL(b, "Ready;");
    fmt_ready(b, sizeof b, 45);
    CU_ASSERT_STRING_EQUAL(b, "Ready(00045);");
    fmt_ready(b, sizeof b, 9001);
    CU_ASSERT_STRING_EQUAL(b, "Ready(09001);");
    fmt_ready(b, sizeof b, -3);
    CU_ASSERT_STRING_EQUAL(b, "Ready(-0003);");
}

static void catalog_is_complete(void)
{
    char b[200];
    for (int id = 0; id < MSG_COUNT; id++) {
        CU_ASSERT(msg_number((enum msg_id)id) > 0);
        char sev = msg_severity((enum msg_id)id);
        CU_ASSERT(sev == 'I' || sev == 'W' || sev == 'E' || sev == 'S');
    }
    msg_format(b, sizeof b, MSG_UNKNOWN_COMMAND, "X");
    CU_ASSERT_STRING_EQUAL(b, "VML001E Unknown CP command: X");
    msg_format(b, sizeof b, MSG_STORAGE_TOO_SMALL, 8192u, 16384u);
    CU_ASSERT_STRING_EQUAL(b, "VML9006S Real storage 8192K is below the 16384K CP needs");
    CU_ASSERT_EQUAL(msg_number(MSG_COUNT), 0);
    CU_ASSERT_EQUAL(msg_severity(MSG_COUNT), '?');
    msg_format(b, 12, MSG_OPERAND_MISSING);
    CU_ASSERT_STRING_EQUAL(b, "VML026E Ope");
}

/* ---- guest commands against the fake VM layer ---------------------------- */

static void xautolog_outcomes(void)
{
    CU_ASSERT_EQUAL(run("xautolog gst2"), 0);
    CU_ASSERT_STRING_EQUAL(lines[0], "Command accepted");
    CU_ASSERT_EQUAL(run("XAUTOLOG GST1"), 54);
    CU_ASSERT_STRING_EQUAL(lines[0], "VML054E Already logged on");
    CU_ASSERT_EQUAL(run("xautolog nosuch"), 53);
    CU_ASSERT_STRING_EQUAL(lines[0], "VML053E NOSUCH not in CP directory");
    CU_ASSERT_EQUAL(run("xautolog bad"), 52);
    CU_ASSERT_EQUAL(run("xautolog"), 20);
    CU_ASSERT_STRING_EQUAL(lines[0], "VML020E Userid missing or invalid");
    CU_ASSERT_EQUAL(run("xautolog toolongname"), 20);
    CU_ASSERT_EQUAL(run("xautolog gst2 now"), 3);
    CU_ASSERT_EQUAL(run("xauto gst2"), 1);               /* no abbreviation */
}

static void force_and_logoff(void)
{
    fake.logoffs = 0;
    CU_ASSERT_EQUAL(run("force gst1"), 0);
    CU_ASSERT_EQUAL(fake.logoffs, 1);
    CU_ASSERT_STRING_EQUAL(fake.forced_by, "OPERATOR");
    CU_ASSERT_EQUAL(run("force gst2"), 45);
    CU_ASSERT_STRING_EQUAL(lines[0], "VML045E GST2 not logged on");
    CU_ASSERT_EQUAL(run("force nosuch"), 45);
    CU_ASSERT_EQUAL(run_as("force gst1", &guest), 1);    /* class A only */
    CU_ASSERT_STRING_EQUAL(lines[0], "VML001E Unknown CP command: FORCE");
    CU_ASSERT_EQUAL(fake.logoffs, 1);

    CU_ASSERT_EQUAL(run("logoff"), 6104);
    CU_ASSERT_STRING_EQUAL(lines[0], "VML6104E LOGOFF is valid only from a virtual machine");
    CU_ASSERT_EQUAL(run_as("LOG", &guest), 0);
    CU_ASSERT_EQUAL(fake.logoffs, 2);
    CU_ASSERT_STRING_EQUAL(fake.forced_by, "");
    CU_ASSERT_EQUAL(nlines, 0);                          /* no Ready: the guest is gone */
}

static void send_text_and_cp(void)
{
    CU_ASSERT_EQUAL(run("SEND gst1 echo  Mixed Case  text"), 0);
    CU_ASSERT_STRING_EQUAL(fake.sent, "echo  Mixed Case  text");
    CU_ASSERT_EQUAL(run("send gst1 FULL"), 6103);
    CU_ASSERT_STRING_EQUAL(lines[0], "VML6103E Console input queue of GST1 is full; line not sent");
    CU_ASSERT_EQUAL(run("send gst1 STOPPED"), 6107);
    CU_ASSERT_STRING_EQUAL(lines[0], "VML6107E GST1 is stopped; it can only be forced off");
    CU_ASSERT_EQUAL(run("send gst2 hello"), 45);
    CU_ASSERT_EQUAL(run("send cp gst1 q v stor"), 0);   /* runs as GST1 */
    CU_ASSERT_STRING_EQUAL(lines[0], "STORAGE = 4M");
    CU_ASSERT_EQUAL(run("send cp gst1 force gst1"), 1);  /* with GST1's classes */
    CU_ASSERT_EQUAL(run("send cp gst1"), 26);
    CU_ASSERT_EQUAL(run_as("send gst1 hi", &guest), 1);  /* SEND is class C */
}

static void message_to_user_and_operator(void)
{
    CU_ASSERT_EQUAL(run("msg gst1 hello there"), 0);
    CU_ASSERT_STRING_EQUAL(fake.shown, "MSG FROM OPERATOR: hello there");
    CU_ASSERT_EQUAL(run_as("m operator help me", &guest), 0);
    CU_ASSERT_STRING_EQUAL(broadcast_line, "MSG FROM GST1: help me");
    CU_ASSERT_EQUAL(run("message gst2 x"), 45);
}

static void query_users_and_names(void)
{
    fake.logged_on = false;
    CU_ASSERT_EQUAL(run("q n"), 0);
    CU_ASSERT_STRING_EQUAL(lines[0], "No users are logged on");
    fake.logged_on = true;
    CU_ASSERT_EQUAL(run("query names"), 0);
    CU_ASSERT_EQUAL(nlines, 3);
    CU_ASSERT_STRING_EQUAL(lines[0], "GST1     - DSC , A        - DSC , LONGNAME - DSC , X2       - DSC");
    CU_ASSERT_STRING_EQUAL(lines[1], "LAST     - DSC");
    CU_ASSERT_EQUAL(run("q users"), 0);
    CU_ASSERT_STRING_EQUAL(lines[0], "   5 USERS,     0 DIALED,     0 NET");
    CU_ASSERT_EQUAL(run("q gst1"), 0);
    CU_ASSERT_STRING_EQUAL(lines[0], "GST1     - DSC");
    CU_ASSERT_EQUAL(run("q gst2"), 45);
    CU_ASSERT_EQUAL(run("q a-b"), 3);                    /* not a userid */
    CU_ASSERT_EQUAL(run("q v stor"), 6104);
    CU_ASSERT_EQUAL(run_as("q v stor", &guest), 0);
    CU_ASSERT_EQUAL(run_as("Q VIRTUAL STORAGE", &guest), 0);
    CU_ASSERT_STRING_EQUAL(lines[0], "STORAGE = 4M");
    CU_ASSERT_EQUAL(run_as("q v", &guest), 26);
}

static void share_set_and_query(void)
{
    fake.abs = false;
    fake.share = 100;
    CU_ASSERT_EQUAL(run("q share gst1"), 0);
    CU_ASSERT_STRING_EQUAL(lines[0], "GST1     : RELATIVE SHARE=   100");
    CU_ASSERT_EQUAL(run("set share gst1 rel 300"), 0);
    CU_ASSERT_STRING_EQUAL(lines[0], "Command complete");
    CU_ASSERT_EQUAL(fake.share, 300);
    CU_ASSERT_EQUAL(run("SET SHARE GST1 ABSOLUTE 25%"), 0);
    CU_ASSERT_TRUE(fake.abs);
    CU_ASSERT_EQUAL(run("q share gst1"), 0);
    CU_ASSERT_STRING_EQUAL(lines[0], "GST1     : ABSOLUTE SHARE=   25%");
    CU_ASSERT_EQUAL(run("set share gst1 abs 25"), 2);    /* needs the % */
    CU_ASSERT_EQUAL(run("set share gst1 abs 101%"), 2);
    CU_ASSERT_EQUAL(run("set share gst1 rel 0"), 2);
    CU_ASSERT_EQUAL(run("set share gst1 rel 10001"), 2);
    CU_ASSERT_EQUAL(run("set share gst1 rel x1"), 2);
    CU_ASSERT_EQUAL(run("set share gst1 sideways 5"), 3);
    CU_ASSERT_EQUAL(run("set share gst2 rel 5"), 45);
    CU_ASSERT_EQUAL(run("set share gst1 rel 5 more"), 3);
    CU_ASSERT_EQUAL(run("set share"), 20);
    CU_ASSERT_EQUAL(run("set bogus"), 3);
    CU_ASSERT_EQUAL(fake.share, 25);                     /* nothing changed since */
}

static void indicate_user_and_load(void)
{
    CU_ASSERT_EQUAL(run("ind user gst1"), 0);
    CU_ASSERT_EQUAL(nlines, 6);
    CU_ASSERT_STRING_EQUAL(lines[0], "USERID=GST1     MACH=Z   STOR=4M VIRT=V XSTORE=NONE");
    CU_ASSERT_STRING_EQUAL(lines[1], "IPLSYS=CMS      DEVNUM=00001 STATE=RUNNING");
    CU_ASSERT_STRING_EQUAL(lines[2], "CPU 00: CTIME=00:01:05 VTIME=000:01.23 TTIME=000:01.23 IO=000042");
    CU_ASSERT_STRING_EQUAL(lines[3], "CPU 00: VTIME-US=1230000");
    CU_ASSERT_EQUAL(run_as("indicate user", &guest), 0);
    CU_ASSERT_EQUAL(run("indicate user"), 20);
    CU_ASSERT_EQUAL(run("ind user gst2"), 45);
    CU_ASSERT_EQUAL(run("ind load"), 0);
    CU_ASSERT_STRING_EQUAL(lines[0], "AVGPROC-002% 01");   /* 83 s busy over 3723 s */
    CU_ASSERT_STRING_EQUAL(lines[2], "STORAGE-65536K FREE-65212K");
    CU_ASSERT_EQUAL(run("ind"), 26);
    CU_ASSERT_EQUAL(run("ind bogus"), 3);
}

static void define_and_detach_nic(void)
{
    CU_ASSERT_EQUAL(run_as("define nic 700 qdio", &guest), 0);
    CU_ASSERT_STRING_EQUAL(lines[0], "NIC 0700 is created; devices 0700-0702 defined");
    CU_ASSERT_EQUAL(nic_devices, 3);
    CU_ASSERT_EQUAL(run_as("det nic 0700", &guest), 0);
    CU_ASSERT_STRING_EQUAL(lines[0], "NIC 0700 is destroyed; devices 0700-0702 detached");
    CU_ASSERT_EQUAL(run_as("DEF NIC a00 TYPE QDIO DEVICES 6", &guest), 0);
    CU_ASSERT_STRING_EQUAL(lines[0], "NIC 0A00 is created; devices 0A00-0A05 defined");
    CU_ASSERT_EQUAL(run_as("define nic 5 qdio dev 3", &guest), 0);
    CU_ASSERT_EQUAL(nic_vdev, 5);
    CU_ASSERT_EQUAL(run_as("detach nic 700", &guest), 40);
    CU_ASSERT_STRING_EQUAL(lines[0], "VML040E Device 0700 does not exist");
    CU_ASSERT_EQUAL(run_as("define nic 9 qdio", &guest), 6110);
    CU_ASSERT_EQUAL(run_as("define nic ffff qdio", &guest), 2);
    CU_ASSERT_EQUAL(run_as("define nic 700 qdio devices 64", &guest), 6111);
    CU_ASSERT_EQUAL(run_as("define nic 700 qdio devices 2", &guest), 2);
    CU_ASSERT_EQUAL(run_as("define nic 700 qdio devices 3073", &guest), 2);
    CU_ASSERT_EQUAL(run_as("define nic 700 qdio devices", &guest), 26);
    CU_ASSERT_EQUAL(run_as("define nic 700", &guest), 26);
    CU_ASSERT_EQUAL(run_as("define nic 700 hipersockets", &guest), 3);
    CU_ASSERT_EQUAL(run_as("define nic 12345 qdio", &guest), 22);
    CU_ASSERT_STRING_EQUAL(lines[0], "VML022E A virtual device number was not supplied or it was invalid");
    CU_ASSERT_EQUAL(run_as("define nic xyz qdio", &guest), 22);
    CU_ASSERT_EQUAL(run_as("define nic", &guest), 22);
    CU_ASSERT_EQUAL(run_as("define lan x", &guest), 3);
    CU_ASSERT_EQUAL(run_as("define nic 700 qdio extra", &guest), 3);
    CU_ASSERT_EQUAL(run_as("detach nic 700 extra", &guest), 3);
    CU_ASSERT_EQUAL(run("define nic 700 qdio"), 6104);         /* the operator has no NICs */
    CU_ASSERT_STRING_EQUAL(lines[0], "VML6104E DEFINE NIC is valid only from a virtual machine");
    CU_ASSERT_EQUAL(run("send cp gst1 define nic 800 qdio"), 0); /* as GST1 */
    CU_ASSERT_EQUAL(nic_vdev, 0x800);
}

/* Guest LANs: the commands on a real guestlan table (pure). */
static void lans_couple_and_query(void)
{
    uint16_t port;
    gl_net_init(&net);
    CU_ASSERT_EQUAL(run("q lan"), 0);
    CU_ASSERT_STRING_EQUAL(lines[0], "No LANs are defined");
    CU_ASSERT_EQUAL(run("define lan lan1"), 0);
    CU_ASSERT_STRING_EQUAL(lines[0], "LAN SYSTEM LAN1 is created");
    CU_ASSERT_EQUAL(run("DEF LAN Lan2 OWNERID SYSTEM TYPE QDIO MAXCONN 1 MFS 16K"), 0);
    CU_ASSERT_EQUAL(run("define lan lan1"), 6120);
    CU_ASSERT_STRING_EQUAL(lines[0], "VML6120E LAN SYSTEM LAN1 already exists");
    CU_ASSERT_EQUAL(run("define lan lan3 mfs 12K"), 2);
    CU_ASSERT_EQUAL(run("define lan lan3 maxconn 0"), 2);
    CU_ASSERT_EQUAL(run("define lan lan3 owner bob"), 2);
    CU_ASSERT_EQUAL(run("define lan lan3 maxconn"), 26);
    CU_ASSERT_EQUAL(run("define lan lan3 speed 10"), 3);
    CU_ASSERT_EQUAL(run("define lan too-long-name"), 2);
    CU_ASSERT_EQUAL(run_as("define lan mine", &guest), 3);      /* class G: SYSTEM LANs only */
    CU_ASSERT_EQUAL(run("q lan lan2"), 0);
    CU_ASSERT_STRING_EQUAL(lines[0], "LAN SYSTEM LAN2     Type: QDIO    Connected: 0    Maxconn: 1");
    CU_ASSERT_STRING_EQUAL(lines[2], "  MFS: 16K  MTU: 16384");
    /* the NIC's port exists once the VM layer added it */
    CU_ASSERT_EQUAL(run_as("couple 700 to system lan1", &guest), 40);
    CU_ASSERT_EQUAL(gl_port_add(&net, "GST1", 0x0700, &port), GL_OK);
    CU_ASSERT_EQUAL(run_as("couple 700 to system lan1", &guest), 0);
    CU_ASSERT_STRING_EQUAL(lines[0], "NIC 0700 is connected to LAN SYSTEM LAN1");
    CU_ASSERT_EQUAL(run_as("couple 700 system lan2", &guest), 6124);
    CU_ASSERT_EQUAL(run_as("couple 700 system nolan", &guest), 6121);   /* the LAN is checked first */
    CU_ASSERT_EQUAL(run("detach lan lan1"), 6122);
    CU_ASSERT_EQUAL(gl_ip_register(&net, port, 0x0A010101, 24), GL_OK);
    CU_ASSERT_EQUAL(run("q lan lan1 details"), 0);
    CU_ASSERT_STRING_EQUAL(lines[0], "LAN SYSTEM LAN1     Type: QDIO    Connected: 1    Maxconn: INFINITE");
    CU_ASSERT_STRING_EQUAL(lines[3], "  Datagrams: sent 0  delivered 0  dropped: no owner 0  no buffer 0"
                                     "  too big 0  malformed 0");
    CU_ASSERT_STRING_EQUAL(lines[4], "  Adapter Owner: GST1     NIC: 0700  Name: UNASSIGNED  IP addresses: 1");
    CU_ASSERT_STRING_EQUAL(lines[5], "    IP: 10.1.1.1/24");
    CU_ASSERT_EQUAL(run_as("uncouple 700", &guest), 0);
    CU_ASSERT_STRING_EQUAL(lines[0], "NIC 0700 is disconnected from LAN SYSTEM LAN1");
    CU_ASSERT_EQUAL(gl_ip_owner(&net, 0, 0x0A010101), GL_PORT_NONE);     /* address gone */
    CU_ASSERT_EQUAL(run_as("uncouple 700", &guest), 6125);
    CU_ASSERT_EQUAL(run_as("couple 700 system nolan", &guest), 6121);
    CU_ASSERT_EQUAL(run_as("couple 700 lan2", &guest), 2);
    CU_ASSERT_EQUAL(run_as("couple", &guest), 22);
    CU_ASSERT_EQUAL(run("couple 700 system lan1"), 6104);
    CU_ASSERT_EQUAL(run("detach lan lan1"), 0);
    CU_ASSERT_STRING_EQUAL(lines[0], "LAN SYSTEM LAN1 is destroyed");
    CU_ASSERT_EQUAL(run("q lan lan1"), 6121);
    CU_ASSERT_EQUAL(run("q lan lan2 details extra"), 3);
}

/* ---- QUERY VIRTUAL NIC / QUERY NIC ------------------------------------------ */

#define ADAPTER_0700 "Adapter 0700.P00 Type: QDIO      Name: UNASSIGNED  Devices: 3"
#define ADAPTER_0A00 "Adapter 0A00.P00 Type: QDIO      Name: UNASSIGNED  Devices: 6"
#define ADAPTER_0600 "Adapter 0600.P00 Type: QDIO      Name: UNASSIGNED  Devices: 3"
#define MAC_0700_LAN1 "  MAC: 02-00-00-00-07-00         LAN: SYSTEM LAN1"
#define MAC_0A00_NONE "  MAC: 02-00-00-00-0A-00         LAN: * None"
#define MAC_0600_NONE "  MAC: 02-00-00-00-06-00         LAN: * None"

static struct cp_nicinfo nic(const char *user, int handle, uint16_t vdev, uint16_t devices,
                             uint16_t port)
{
    struct cp_nicinfo n;
    memset(&n, 0, sizeof n);
    snprintf(n.userid, sizeof n.userid, "%s", user);
    n.handle = handle;
    n.vdev = vdev;
    n.devices = devices;
    n.port = port;
    n.phase = OSA_PHASE_NONE;
    n.mtu = OSA_MTU_UNCOUPLED;
    return n;
}

/* GST1 (handle 7): 0700 coupled to LAN1 with 10.1.0.5/24 and 10.1.0.3/16
 * registered, session up; 0A00 (6 devices) uncoupled.  GST3 (handle 9):
 * 0600 uncoupled. */
static void nic_setup(void)
{
    uint16_t port;
    gl_net_init(&net);
    CU_ASSERT_EQUAL_FATAL(gl_lan_define(&net, "LAN1", 0, 8, NULL), GL_OK);
    CU_ASSERT_EQUAL_FATAL(gl_port_add(&net, "GST1", 0x0700, &port), GL_OK);
    CU_ASSERT_EQUAL_FATAL(gl_couple(&net, port, "LAN1"), GL_OK);
    CU_ASSERT_EQUAL(gl_ip_register(&net, port, 0x0A010005, 24), GL_OK);
    CU_ASSERT_EQUAL(gl_ip_register(&net, port, 0x0A010003, 16), GL_OK);
    fake_nic[0] = nic("GST1", 7, 0x0700, 3, port);
    fake_nic[0].phase = OSA_PHASE_DM_ACTIVE;
    fake_nic[0].lan_started = true;
    fake_nic[0].queues_active = true;
    snprintf(fake_nic[0].conn_name, sizeof fake_nic[0].conn_name, "GST1CONN");
    fake_nic[0].counters = (struct osa_counters){ .pdus = 12, .ipa_cmds = 5, .ipa_refused = 1,
        .idx_errors = 1, .pdu_errors = 2, .seq_errors = 3, .qdio_errors = 4, .reply_overruns = 5 };
    fake_nic[1] = nic("GST1", 7, 0x0A00, 6, GL_PORT_NONE);
    fake_nic[2] = nic("GST3", 9, 0x0600, 3, GL_PORT_NONE);
    fake_nnics = 3;
}

static void query_virtual_nic_all_and_one(void)
{
    nic_setup();
    CU_ASSERT_EQUAL(run_as("q v nic", &guest), 0);
    CU_ASSERT_EQUAL(nlines, 5);                          /* GST3's NIC not shown */
    CU_ASSERT_STRING_EQUAL(lines[0], ADAPTER_0700);
    CU_ASSERT_STRING_EQUAL(lines[1], MAC_0700_LAN1);
    CU_ASSERT_STRING_EQUAL(lines[2], ADAPTER_0A00);
    CU_ASSERT_STRING_EQUAL(lines[3], MAC_0A00_NONE);
    CU_ASSERT_STRING_EQUAL(lines[4], "Ready;");

    CU_ASSERT_EQUAL(run_as("QUERY VIRTUAL NIC a00", &guest), 0);
    CU_ASSERT_EQUAL(nlines, 3);
    CU_ASSERT_STRING_EQUAL(lines[0], ADAPTER_0A00);
    CU_ASSERT_STRING_EQUAL(lines[1], MAC_0A00_NONE);
    CU_ASSERT_EQUAL(run("send cp gst1 query virtual nic 700"), 0);   /* as GST1 */
    CU_ASSERT_EQUAL(nlines, 3);
    CU_ASSERT_STRING_EQUAL(lines[0], ADAPTER_0700);
}

static void query_virtual_nic_details(void)
{
    nic_setup();
    CU_ASSERT_EQUAL(run_as("q v nic 700 det", &guest), 0);
    CU_ASSERT_EQUAL(nlines, 16);
    CU_ASSERT_STRING_EQUAL(lines[0], ADAPTER_0700);
    CU_ASSERT_STRING_EQUAL(lines[1], MAC_0700_LAN1);
    CU_ASSERT_STRING_EQUAL(lines[2], "  Connection Name: GST1CONN  State: Session Established");
    CU_ASSERT_STRING_EQUAL(lines[3], "  LAN Started: YES  Queues: ACTIVE  MTU: 8192");
    CU_ASSERT_STRING_EQUAL(lines[4], "  PDUs: 12  IPA Commands: 5  IPA Refused: 1");
    CU_ASSERT_STRING_EQUAL(lines[5], "  Errors: IDX 1  PDU 2  Sequence 3  QDIO 4  Overruns 5");
    CU_ASSERT_STRING_EQUAL(lines[6], "  RX Packets: 0  RX Bytes: 0  TX Bytes: 0");
    CU_ASSERT_STRING_EQUAL(lines[7], "  TX Packets: sent 0  delivered 0  dropped: no owner 0  no buffer 0"
                                     "  too big 0  malformed 0");
    CU_ASSERT_STRING_EQUAL(lines[8], "  SIGA: 0  SIGA Errors: 0  Buffer Errors: 0  SLSB Errors: 0");
    CU_ASSERT_STRING_EQUAL(lines[9], "  Device: 0700  Unit: 000   Role: CTL-READ");
    CU_ASSERT_STRING_EQUAL(lines[10], "  Device: 0701  Unit: 001   Role: CTL-WRITE");
    CU_ASSERT_STRING_EQUAL(lines[11], "  Device: 0702  Unit: 002   Role: DATA");
    CU_ASSERT_STRING_EQUAL(lines[12], "  Unicast IP Addresses:");
    CU_ASSERT_STRING_EQUAL(lines[13], "    10.1.0.3 MASK 255.255.0.0");      /* sorted */
    CU_ASSERT_STRING_EQUAL(lines[14], "    10.1.0.5 MASK 255.255.255.0");
    CU_ASSERT_STRING_EQUAL(lines[15], "Ready;");

    CU_ASSERT_EQUAL(run_as("q virtual nic a00 DETAILS", &guest), 0);
    CU_ASSERT_EQUAL(nlines, 14);                        /* no port: no traffic lines */
    CU_ASSERT_STRING_EQUAL(lines[2], "  Connection Name: UNASSIGNED  State: None");
    CU_ASSERT_STRING_EQUAL(lines[3], "  LAN Started: NO  Queues: INACTIVE  MTU: 8192");
    CU_ASSERT_STRING_EQUAL(lines[4], "  PDUs: 0  IPA Commands: 0  IPA Refused: 0");
    CU_ASSERT_STRING_EQUAL(lines[6], "  SIGA: 0  SIGA Errors: 0  Buffer Errors: 0  SLSB Errors: 0");
    CU_ASSERT_STRING_EQUAL(lines[9], "  Device: 0A02  Unit: 002   Role: DATA");
    CU_ASSERT_STRING_EQUAL(lines[10], "  Device: 0A03-0A05  Unit: 003-005   Role: UNUSED");
    CU_ASSERT_STRING_EQUAL(lines[11], "  Unicast IP Addresses:");
    CU_ASSERT_STRING_EQUAL(lines[12], "    None");

    CU_ASSERT_EQUAL(run_as("q v nic details", &guest), 0);   /* both NICs */
    CU_ASSERT_EQUAL(nlines, 29);
    CU_ASSERT_STRING_EQUAL(lines[15], ADAPTER_0A00);
}

static void query_virtual_nic_errors(void)
{
    nic_setup();
    CU_ASSERT_EQUAL(run_as("q v nic 800", &guest), 40);
    CU_ASSERT_EQUAL(nlines, 2);
    CU_ASSERT_STRING_EQUAL(lines[0], "VML040E Device 0800 does not exist");
    CU_ASSERT_STRING_EQUAL(lines[1], "Ready(00040);");
    CU_ASSERT_EQUAL(run_as("q v nic 600", &guest), 40);     /* GST3's, not GST1's */
    CU_ASSERT_EQUAL(run_as("q v nic xyz", &guest), 22);
    CU_ASSERT_EQUAL(run_as("q v nic 12345", &guest), 22);
    CU_ASSERT_EQUAL(run_as("q v nic 700 extra", &guest), 3);
    CU_ASSERT_STRING_EQUAL(lines[0], "VML003E Invalid option - EXTRA");
    CU_ASSERT_EQUAL(run_as("q v nic 700 details extra", &guest), 3);
    CU_ASSERT_EQUAL(run_as("q v nic de", &guest), 40);      /* DE is a vdev: DETails min 3 */
    CU_ASSERT_STRING_EQUAL(lines[0], "VML040E Device 00DE does not exist");
    CU_ASSERT_EQUAL(run_as("q v ni", &guest), 3);           /* NIC needs all 3 letters */

    CU_ASSERT_EQUAL(run("q v nic"), 6104);                  /* the operator has no NICs */
    CU_ASSERT_EQUAL(nlines, 2);
    CU_ASSERT_STRING_EQUAL(lines[0], "VML6104E QUERY VIRTUAL NIC is valid only from a virtual machine");
    CU_ASSERT_STRING_EQUAL(lines[1], "Ready(06104);");
    CU_ASSERT_EQUAL(run("query virtual nic 700 details"), 6104);

    fake_nnics = 2;                                          /* GST1 has none now: */
    fake_nic[0] = fake_nic[2];
    fake_nic[1] = nic("GST4", 11, 0x0500, 3, GL_PORT_NONE);
    CU_ASSERT_EQUAL(run_as("q v nic", &guest), 0);
    CU_ASSERT_EQUAL(nlines, 2);
    CU_ASSERT_STRING_EQUAL(lines[0], "No NICs are defined");
    CU_ASSERT_EQUAL(run_as("q v nic details", &guest), 0);
    CU_ASSERT_STRING_EQUAL(lines[0], "No NICs are defined");
    CU_ASSERT_EQUAL(run_as("q v nic 700", &guest), 40);
}

static void query_nic_every_guest(void)
{
    nic_setup();
    CU_ASSERT_EQUAL(run("q nic"), 0);
    CU_ASSERT_EQUAL(nlines, 7);
    CU_ASSERT_STRING_EQUAL(lines[0], "GST1     " ADAPTER_0700);
    CU_ASSERT_STRING_EQUAL(lines[1], MAC_0700_LAN1);
    CU_ASSERT_STRING_EQUAL(lines[2], "GST1     " ADAPTER_0A00);
    CU_ASSERT_STRING_EQUAL(lines[3], MAC_0A00_NONE);
    CU_ASSERT_STRING_EQUAL(lines[4], "GST3     " ADAPTER_0600);
    CU_ASSERT_STRING_EQUAL(lines[5], MAC_0600_NONE);
    CU_ASSERT_STRING_EQUAL(lines[6], "Ready;");

    CU_ASSERT_EQUAL(run("QUERY NIC DETAILS"), 0);
    CU_ASSERT_EQUAL(nlines, 15 + 13 + 12 + 1);
    CU_ASSERT_STRING_EQUAL(lines[0], "GST1     " ADAPTER_0700);
    CU_ASSERT_STRING_EQUAL(lines[14], "    10.1.0.5 MASK 255.255.255.0");
    CU_ASSERT_STRING_EQUAL(lines[28], "GST3     " ADAPTER_0600);
    CU_ASSERT_STRING_EQUAL(lines[29], MAC_0600_NONE);
    CU_ASSERT_STRING_EQUAL(lines[38], "  Unicast IP Addresses:");
    CU_ASSERT_STRING_EQUAL(lines[39], "    None");

    CU_ASSERT_EQUAL(run("q nic det"), 0);
    CU_ASSERT_EQUAL(run("q nic extra"), 3);
    CU_ASSERT_STRING_EQUAL(lines[0], "VML003E Invalid option - EXTRA");
    CU_ASSERT_EQUAL(run("q nic 700"), 3);                   /* no vdev: every NIC */
    CU_ASSERT_EQUAL(run("q nic details more"), 3);
    CU_ASSERT_EQUAL(run_as("q nic", &guest), 3);            /* class B */
    CU_ASSERT_STRING_EQUAL(lines[0], "VML003E Invalid option - NIC");
    CU_ASSERT_EQUAL(run("q ni"), 45);                       /* below NIC's minimum: a userid */
    CU_ASSERT_STRING_EQUAL(lines[0], "VML045E NI not logged on");

    fake_nnics = 0;
    CU_ASSERT_EQUAL(run("q nic"), 0);
    CU_ASSERT_EQUAL(nlines, 2);
    CU_ASSERT_STRING_EQUAL(lines[0], "No NICs are defined");
    CU_ASSERT_EQUAL(run("q nic details"), 0);
    CU_ASSERT_STRING_EQUAL(lines[0], "No NICs are defined");
}

void register_cmd_tests(void)
{
    static const struct unit_test tests[] = {
        { "tokenize", tokenize_blanks_and_limits },
        { "abbreviations", abbreviation_rules },
        { "QUERY abbreviations and case", query_every_abbreviation },
        { "QUERY TIME connect and CPU", query_time_connect_and_cpu },
        { "QUERY CPLEVEL", query_cplevel },
        { "QUERY STORAGE", query_storage },
        { "errors: ids, rc, no execution", errors_have_ids_and_rc },
        { "HELP", help_lists_and_selects },
        { "SHUTDOWN", shutdown_has_no_ready },
        { "empty line", empty_line_prints_nothing },
        { "Ready line", ready_line_format },
        { "message catalog", catalog_is_complete },
        { "XAUTOLOG", xautolog_outcomes },
        { "FORCE and LOGOFF", force_and_logoff },
        { "SEND and SEND CP", send_text_and_cp },
        { "MESSAGE", message_to_user_and_operator },
        { "QUERY NAMES/USERS/userid/VIRTUAL", query_users_and_names },
        { "SET SHARE and QUERY SHARE", share_set_and_query },
        { "INDICATE", indicate_user_and_load },
        { "DEFINE and DETACH NIC", define_and_detach_nic },
        { "LANs: define, couple, query", lans_couple_and_query },
        { "QUERY VIRTUAL NIC: all and one", query_virtual_nic_all_and_one },
        { "QUERY VIRTUAL NIC DETAILS", query_virtual_nic_details },
        { "QUERY VIRTUAL NIC errors, no NICs", query_virtual_nic_errors },
        { "QUERY NIC: every guest", query_nic_every_guest },
        { NULL, NULL },
    };
    unit_add_suite("cmd", tests);
}
