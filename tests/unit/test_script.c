/* test_script.c - CUnit suite for tools/vmlan/script.c (the end-to-end script parser). */
#include <CUnit/CUnit.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "../../tools/vmlan/script.h"

#include "suites.h"

/* Regex hook as the runner uses it: POSIX ERE through regcomp. */
static bool ts_regex_ok(const char *re, char *msg, size_t msgcap, void *ctx)
{
    regex_t rx;
    (void)ctx;
    int rc = regcomp(&rx, re, REG_EXTENDED | REG_NOSUB);
    if (rc != 0) {
        regerror(rc, &rx, msg, msgcap);
        return false;
    }
    regfree(&rx);
    return true;
}

static const struct scr_hooks ts_hooks = { ts_regex_ok, NULL };

/* Parse a NUL-terminated script; the caller frees *s. */
static enum scr_err ts_parse(const char *text, struct script *s, struct scr_error *err)
{
    return scr_parse(text, strlen(text), &ts_hooks, s, err);
}

/* Expect text to fail with code at line. */
static void ts_expect_error(const char *text, enum scr_err code, uint32_t line)
{
    struct script s;
    struct scr_error err;
    CU_ASSERT_EQUAL(ts_parse(text, &s, &err), code);
    CU_ASSERT_EQUAL(err.code, code);
    CU_ASSERT_EQUAL(err.line, line);
    scr_free(&s);
}

static void test_all_kinds(void)
{
    const char *text = "CP QUERY TIME\n"
                       "EXPECT ^TIME IS [0-9:]+\n"
                       "EXPECT-NOT ^HCP\n"
                       "WAIT 5 ^GST1: Ready;$\n"
                       "HOST test \"$(cat $VMLAN_RESPONSE | wc -l)\" -gt 1\n";
    struct script s;
    struct scr_error err;
    CU_ASSERT_EQUAL_FATAL(ts_parse(text, &s, &err), SCR_OK);
    CU_ASSERT_EQUAL_FATAL(s.n, 5);
    CU_ASSERT_EQUAL(s.stmts[0].kind, SCR_CP);
    CU_ASSERT_STRING_EQUAL(s.stmts[0].arg, "QUERY TIME");
    CU_ASSERT_FALSE(s.stmts[0].shutdown);
    CU_ASSERT_EQUAL(s.stmts[1].kind, SCR_EXPECT);
    CU_ASSERT_STRING_EQUAL(s.stmts[1].arg, "^TIME IS [0-9:]+");
    CU_ASSERT_EQUAL(s.stmts[2].kind, SCR_EXPECT_NOT);
    CU_ASSERT_STRING_EQUAL(s.stmts[2].arg, "^HCP");
    CU_ASSERT_EQUAL(s.stmts[3].kind, SCR_WAIT);
    CU_ASSERT_EQUAL(s.stmts[3].wait_ms, 5000);
    CU_ASSERT_STRING_EQUAL(s.stmts[3].arg, "^GST1: Ready;$");
    CU_ASSERT_EQUAL(s.stmts[4].kind, SCR_HOST);
    CU_ASSERT_STRING_EQUAL(s.stmts[4].arg, "test \"$(cat $VMLAN_RESPONSE | wc -l)\" -gt 1");
    for (size_t i = 0; i < 5; i++)
        CU_ASSERT_EQUAL(s.stmts[i].line, i + 1);
    CU_ASSERT_STRING_EQUAL(s.stmts[3].src, "WAIT 5 ^GST1: Ready;$");
    scr_free(&s);
    CU_ASSERT_EQUAL(s.n, 0);
    CU_ASSERT_PTR_NULL(s.stmts);
}

static void test_comments_blank_lines(void)
{
    const char *text = "# header comment\n"
                       "\n"
                       "   \t \n"
                       "   # indented comment\n"
                       "  CP   QUERY NAMES  \t\n"
                       "#CP not a statement\n"
                       "EXPECT a#b";     /* no final newline; '#' inside an operand stays */
    struct script s;
    struct scr_error err;
    CU_ASSERT_EQUAL_FATAL(ts_parse(text, &s, &err), SCR_OK);
    CU_ASSERT_EQUAL_FATAL(s.n, 2);
    CU_ASSERT_EQUAL(s.stmts[0].line, 5);
    CU_ASSERT_STRING_EQUAL(s.stmts[0].arg, "QUERY NAMES");
    CU_ASSERT_STRING_EQUAL(s.stmts[0].src, "CP   QUERY NAMES");
    CU_ASSERT_EQUAL(s.stmts[1].line, 7);
    CU_ASSERT_STRING_EQUAL(s.stmts[1].arg, "a#b");
    scr_free(&s);

    CU_ASSERT_EQUAL(ts_parse("", &s, &err), SCR_OK);
    CU_ASSERT_EQUAL(s.n, 0);
    scr_free(&s);
}

static void test_case_insensitive(void)
{
    const char *text = "cp q time\nExpect x\nexpect-NOT y\nwait 1 z\nhOsT true\n";
    struct script s;
    struct scr_error err;
    CU_ASSERT_EQUAL_FATAL(ts_parse(text, &s, &err), SCR_OK);
    CU_ASSERT_EQUAL_FATAL(s.n, 5);
    CU_ASSERT_EQUAL(s.stmts[0].kind, SCR_CP);
    CU_ASSERT_STRING_EQUAL(s.stmts[0].arg, "q time");    /* operands keep their case */
    CU_ASSERT_EQUAL(s.stmts[1].kind, SCR_EXPECT);
    CU_ASSERT_EQUAL(s.stmts[2].kind, SCR_EXPECT_NOT);
    CU_ASSERT_EQUAL(s.stmts[3].kind, SCR_WAIT);
    CU_ASSERT_EQUAL(s.stmts[4].kind, SCR_HOST);
    scr_free(&s);
}

static void test_crlf_script(void)
{
    struct script s;
    struct scr_error err;
    CU_ASSERT_EQUAL_FATAL(ts_parse("CP Q TIME\r\nEXPECT ^T\r\n", &s, &err), SCR_OK);
    CU_ASSERT_EQUAL_FATAL(s.n, 2);
    CU_ASSERT_STRING_EQUAL(s.stmts[0].arg, "Q TIME");
    CU_ASSERT_STRING_EQUAL(s.stmts[1].arg, "^T");
    scr_free(&s);
}

static void test_bad_regex(void)
{
    struct script s;
    struct scr_error err;
    CU_ASSERT_EQUAL(ts_parse("CP Q T\n\nEXPECT (unclosed\n", &s, &err), SCR_E_REGEX);
    CU_ASSERT_EQUAL(err.line, 3);
    CU_ASSERT(strlen(err.detail) > 0);    /* regerror's text */
    scr_free(&s);
    ts_expect_error("EXPECT-NOT a{2,1}\n", SCR_E_REGEX, 1);
    ts_expect_error("WAIT 1 [z-a]\n", SCR_E_REGEX, 1);
    /* without a hook nothing is checked */
    CU_ASSERT_EQUAL(scr_parse("EXPECT (", 8, NULL, &s, &err), SCR_OK);
    scr_free(&s);
}

static void test_missing_operands(void)
{
    ts_expect_error("CP\n", SCR_E_OPERAND, 1);
    ts_expect_error("CP Q\nEXPECT   \n", SCR_E_OPERAND, 2);
    ts_expect_error("EXPECT-NOT\n", SCR_E_OPERAND, 1);
    ts_expect_error("HOST \t\n", SCR_E_OPERAND, 1);
    ts_expect_error("WAIT\n", SCR_E_OPERAND, 1);
    ts_expect_error("WAIT 5\n", SCR_E_OPERAND, 1);
    ts_expect_error("WAIT 5   \n", SCR_E_OPERAND, 1);
}

static void test_wait_seconds(void)
{
    static const struct { const char *s; uint32_t ms; } ok[] = {
        { "0", 0 },      { "5", 5000 },     { "0.5", 500 },   { ".25", 250 },
        { "2.", 2000 },  { "1.2345", 1234 }, { "3600", 3600000 }, { "007", 7000 },
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        uint32_t ms = 99;
        CU_ASSERT_TRUE(scr_parse_seconds(ok[i].s, strlen(ok[i].s), &ms));
        CU_ASSERT_EQUAL(ms, ok[i].ms);
    }
    struct script s;
    struct scr_error err;
    CU_ASSERT_EQUAL_FATAL(ts_parse("WAIT 1.5 ^GST1: .*$\n", &s, &err), SCR_OK);
    CU_ASSERT_EQUAL(s.stmts[0].wait_ms, 1500);
    CU_ASSERT_STRING_EQUAL(s.stmts[0].arg, "^GST1: .*$");
    scr_free(&s);
}

static void test_bad_seconds(void)
{
    static const char *const bad[] = { "", ".", "-1", "+1", "1.2.3", "abc", "1e3", "3601",
                                       "3600.001", "99999999999999999999", "1,5", "0x10" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        uint32_t ms = 77;
        CU_ASSERT_FALSE(scr_parse_seconds(bad[i], strlen(bad[i]), &ms));
        CU_ASSERT_EQUAL(ms, 77);
    }
    ts_expect_error("WAIT abc x\n", SCR_E_SECONDS, 1);
    ts_expect_error("\nWAIT -1 x\n", SCR_E_SECONDS, 2);
    ts_expect_error("WAIT 1.2.3 x\n", SCR_E_SECONDS, 1);
    ts_expect_error("WAIT 5s x\n", SCR_E_SECONDS, 1);
}

static void test_overlong_lines(void)
{
    char *text = malloc(SCR_LINE_MAX + 16);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    /* exactly SCR_LINE_MAX bytes: accepted */
    memcpy(text, "HOST ", 5);
    memset(text + 5, 'x', SCR_LINE_MAX - 5);
    text[SCR_LINE_MAX] = '\n';
    struct script s;
    struct scr_error err;
    CU_ASSERT_EQUAL(scr_parse(text, SCR_LINE_MAX + 1, &ts_hooks, &s, &err), SCR_OK);
    CU_ASSERT_EQUAL(s.n, 1);
    scr_free(&s);
    /* one more: rejected, also inside a comment */
    text[0] = '#';
    memset(text + 1, 'x', SCR_LINE_MAX);
    text[SCR_LINE_MAX + 1] = '\n';
    CU_ASSERT_EQUAL(scr_parse(text, SCR_LINE_MAX + 2, &ts_hooks, &s, &err), SCR_E_LINE_LONG);
    CU_ASSERT_EQUAL(err.line, 1);
    scr_free(&s);
    free(text);

    /* CP commands: the 3215 takes 148 bytes of text */
    char cp[200];
    memcpy(cp, "CP ", 3);
    memset(cp + 3, 'Q', SCR_CP_MAX);
    cp[3 + SCR_CP_MAX] = '\0';
    CU_ASSERT_EQUAL(ts_parse(cp, &s, &err), SCR_OK);
    scr_free(&s);
    cp[3 + SCR_CP_MAX] = 'Q';
    cp[4 + SCR_CP_MAX] = '\0';
    ts_expect_error(cp, SCR_E_CP_LONG, 1);
    ts_expect_error("CP Q\tTIME\n", SCR_E_CP_CHARS, 1);
}

static void test_unknown_keyword(void)
{
    struct script s;
    struct scr_error err;
    CU_ASSERT_EQUAL(ts_parse("CP Q T\nSEND GST1 hi\n", &s, &err), SCR_E_KEYWORD);
    CU_ASSERT_EQUAL(err.line, 2);
    CU_ASSERT_STRING_EQUAL(err.detail, "SEND");
    scr_free(&s);
    ts_expect_error("CPQUERY\n", SCR_E_KEYWORD, 1);    /* keyword needs a blank after it */
    ts_expect_error("EXPECTNOT x\n", SCR_E_KEYWORD, 1);
    ts_expect_error("EXPECT-\n", SCR_E_KEYWORD, 1);
    ts_expect_error("C P\n", SCR_E_KEYWORD, 1);
}

static void test_nul_byte(void)
{
    static const char text[] = "CP Q\nCP A\0B\n";
    struct script s;
    struct scr_error err;
    CU_ASSERT_EQUAL(scr_parse(text, sizeof text - 1, &ts_hooks, &s, &err), SCR_E_NUL);
    CU_ASSERT_EQUAL(err.line, 2);
    scr_free(&s);
}

static void test_shutdown(void)
{
    CU_ASSERT_TRUE(scr_is_shutdown("SHUTDOWN"));
    CU_ASSERT_TRUE(scr_is_shutdown("shutdown"));
    CU_ASSERT_TRUE(scr_is_shutdown("  Shutdown REIPL"));
    CU_ASSERT_FALSE(scr_is_shutdown("SHUT"));
    CU_ASSERT_FALSE(scr_is_shutdown("SHUTDOWNX"));
    CU_ASSERT_FALSE(scr_is_shutdown("QUERY SHUTDOWN"));
    CU_ASSERT_FALSE(scr_is_shutdown(""));
    struct script s;
    struct scr_error err;
    CU_ASSERT_EQUAL_FATAL(ts_parse("CP shutdown\nCP SHUTDOWN2\n", &s, &err), SCR_OK);
    CU_ASSERT_TRUE(s.stmts[0].shutdown);
    CU_ASSERT_FALSE(s.stmts[1].shutdown);
    scr_free(&s);
}

static void test_strings(void)
{
    CU_ASSERT_STRING_EQUAL(scr_err_str(SCR_OK), "ok");
    CU_ASSERT_STRING_EQUAL(scr_err_str(SCR_E_REGEX), "bad regex");
    CU_ASSERT_STRING_EQUAL(scr_err_str((enum scr_err)-100), "unknown script error");
    CU_ASSERT_STRING_EQUAL(scr_err_str((enum scr_err)5), "unknown script error");
    CU_ASSERT_STRING_EQUAL(scr_kind_str(SCR_EXPECT_NOT), "EXPECT-NOT");
    CU_ASSERT_STRING_EQUAL(scr_kind_str((enum scr_kind)42), "?");
}

void register_script_tests(void)
{
    CU_pSuite s = CU_add_suite("vmlan script parser", NULL, NULL);
    if (s == NULL)
        return;
    CU_add_test(s, "every statement kind", test_all_kinds);
    CU_add_test(s, "comments and blank lines", test_comments_blank_lines);
    CU_add_test(s, "keywords are case-insensitive", test_case_insensitive);
    CU_add_test(s, "CR LF script lines", test_crlf_script);
    CU_add_test(s, "bad regex is a syntax error", test_bad_regex);
    CU_add_test(s, "missing operands", test_missing_operands);
    CU_add_test(s, "WAIT decimal seconds", test_wait_seconds);
    CU_add_test(s, "WAIT bad seconds", test_bad_seconds);
    CU_add_test(s, "overlong lines and CP commands", test_overlong_lines);
    CU_add_test(s, "unknown keyword", test_unknown_keyword);
    CU_add_test(s, "NUL byte", test_nul_byte);
    CU_add_test(s, "SHUTDOWN detection", test_shutdown);
    CU_add_test(s, "error and kind strings", test_strings);
}
