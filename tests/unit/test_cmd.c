/*
 * test_cmd.c - operator command parsing, abbreviations, validation,
 * responses and the message catalog (cp/cmd/), against a fake system.
 */
#include <stdio.h>
#include <string.h>
#include "tests/unit/suites.h"
#include "cp/cmd/cmd.h"
#include "lib/tod.h"

/* ---- fake system and captured output ----------------------------------- */

#define MAX_LINES 32
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

static const struct cp_sys sys = {
    .tod_now = fake_now, .cpu_busy = fake_busy, .frames = fake_frames,
    .shutdown = fake_shutdown, .ipl_tod = IPL_TOD, .storage_bytes = 64ull << 20,
    .build_time = "11/21/26 10:00:00", .version = "9.8.7",
};
static const struct cp_out out = { capture, NULL };

static int run(const char *line)
{
    nlines = 0;
    shutdown_called = false;
    return cp_command(line, &out, &sys);
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

    CU_ASSERT_EQUAL(run("q bogus"), 3);
    CU_ASSERT_STRING_EQUAL(lines[0], "VML003E Invalid option - BOGUS");

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
    CU_ASSERT_EQUAL(nlines, 4);
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
    cp_format_ready(b, sizeof b, 0);
    CU_ASSERT_STRING_EQUAL(b, "Ready;");
    cp_format_ready(b, sizeof b, 45);
    CU_ASSERT_STRING_EQUAL(b, "Ready(00045);");
    cp_format_ready(b, sizeof b, 9001);
    CU_ASSERT_STRING_EQUAL(b, "Ready(09001);");
    cp_format_ready(b, sizeof b, -3);
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
        { NULL, NULL },
    };
    unit_add_suite("cmd", tests);
}
