/*
 * test_directory.c - user directory parser (cp/vm/directory.c): every
 * statement, abbreviation and default, line handling (comments, column 72,
 * CRLF, no final newline), each diagnostic with its line, limits.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tests/unit/suites.h"
#include "cp/vm/directory.h"

#define MB (1ull << 20)
#define REAL (64 * MB)                          /* max_guest_bytes of most tests */
#define U1 "USER GST1 PW 4M 16M G\n"

static struct directory dir;                    /* ~50 KB: not on the stack */

static void parse_max(const char *text, uint64_t max_guest)
{
    dir_parse(text, strlen(text), max_guest, &dir);
}

static void parse(const char *text)
{
    parse_max(text, REAL);
}

/* Diagnostic i is (line, err, token); a macro so failures show the caller. */
#define DIAG(i, ln, e, tok) do {                                            \
        CU_ASSERT_FATAL(dir.ndiags > (i));                                  \
        CU_ASSERT_EQUAL(dir.diags[i].line, (ln));                           \
        CU_ASSERT_EQUAL(dir.diags[i].err, (e));                             \
        CU_ASSERT_STRING_EQUAL(dir.diags[i].token, (tok));                  \
    } while (0)

/* text has exactly one diagnostic (line, err, token) and no usable entry. */
#define ONE_ERROR(text, ln, e, tok) do {                                    \
        parse(text);                                                        \
        CU_ASSERT_EQUAL(dir.ndiags, 1);                                     \
        DIAG(0, ln, e, tok);                                                \
        CU_ASSERT_PTR_NULL(dir_find(&dir, "GST1"));                         \
    } while (0)

/* A valid one-user directory with statement line (line 2) is usable. */
#define STMT_OK(stmt) do {                                                  \
        parse(U1 stmt "\n");                                                \
        CU_ASSERT_EQUAL(dir.ndiags, 0);                                     \
        CU_ASSERT_PTR_NOT_NULL(dir_find(&dir, "GST1"));                     \
    } while (0)

/* Statement line 2 of a one-user directory fails with (err, token). */
#define STMT_ERR(stmt, e, tok) ONE_ERROR(U1 stmt "\n", 2, e, tok)
/* Statements from line 2 on; the one on line ln fails with (err, token). */
#define STMTS_ERR(stmts, ln, e, tok) ONE_ERROR(U1 stmts "\n", ln, e, tok)

/* ---- whole entries, defaults ----------------------------------------------- */

static void minimal_entry_defaults(void)
{
    parse(U1);
    CU_ASSERT_EQUAL(dir.ndiags, 0);
    CU_ASSERT_EQUAL(dir.nusers, 1);
    CU_ASSERT_EQUAL(dir.nlines, 1);
    const struct dir_user *u = dir_find(&dir, "GST1");
    CU_ASSERT_PTR_EQUAL_FATAL(u, &dir.users[0]);
    CU_ASSERT_STRING_EQUAL(u->userid, "GST1");
    CU_ASSERT_STRING_EQUAL(u->password, "PW");
    CU_ASSERT_EQUAL(u->pwkind, DIR_PW_TEXT);
    CU_ASSERT_EQUAL(u->storage, 4 * MB);
    CU_ASSERT_EQUAL(u->maxstorage, 16 * MB);
    CU_ASSERT_STRING_EQUAL(u->classes, "G");
    CU_ASSERT_EQUAL(u->machine, DIR_MACHINE_Z);
    CU_ASSERT_STRING_EQUAL(u->ipl, "");
    CU_ASSERT_FALSE(u->ipl_cms);
    CU_ASSERT_FALSE(u->has_console);
    CU_ASSERT_EQUAL(u->console_vdev, 0x0009);
    CU_ASSERT_EQUAL(u->console_class, 'T');
    CU_ASSERT_EQUAL(u->share_type, DIR_SHARE_RELATIVE);
    CU_ASSERT_EQUAL(u->share_value, 100);
    CU_ASSERT_EQUAL(u->nnics, 0);
    CU_ASSERT_TRUE(u->usable);
    CU_ASSERT_EQUAL(u->line, 1);
}

static void full_entry(void)
{
    parse("USER LNX1 SECRET 64M 1G ABCDEG\n"
          "MACHINE ESA 1\n"
          "IPL 0100\n"
          "CONSOLE 001F 3215 A\n"
          "SHARE ABSOLUTE 25%\n"
          "NICDEF 0600 TYPE QDIO DEVICES 6 LAN SYSTEM VSW1\n"
          "NICDEF 700 TYPE QDIO\n"
          "NICDEF 800 LAN * MYLAN TYPE QDIO\n");
    CU_ASSERT_EQUAL(dir.ndiags, 0);
    const struct dir_user *u = dir_find(&dir, "lnx1");
    CU_ASSERT_PTR_NOT_NULL_FATAL(u);
    CU_ASSERT_EQUAL(u->storage, 64 * MB);
    CU_ASSERT_EQUAL(u->maxstorage, 1024 * MB);
    CU_ASSERT_STRING_EQUAL(u->classes, "ABCDEG");
    CU_ASSERT_EQUAL(u->machine, DIR_MACHINE_ESA);
    CU_ASSERT_STRING_EQUAL(u->ipl, "0100");
    CU_ASSERT_FALSE(u->ipl_cms);
    CU_ASSERT_TRUE(u->has_console);
    CU_ASSERT_EQUAL(u->console_vdev, 0x001F);
    CU_ASSERT_EQUAL(u->console_class, 'A');
    CU_ASSERT_EQUAL(u->share_type, DIR_SHARE_ABSOLUTE);
    CU_ASSERT_EQUAL(u->share_value, 25);
    CU_ASSERT_EQUAL_FATAL(u->nnics, 3);
    CU_ASSERT_EQUAL(u->nics[0].vdev, 0x0600);
    CU_ASSERT_EQUAL(u->nics[0].devices, 6);
    CU_ASSERT_TRUE(u->nics[0].coupled);
    CU_ASSERT_STRING_EQUAL(u->nics[0].lan_owner, "SYSTEM");
    CU_ASSERT_STRING_EQUAL(u->nics[0].lan_name, "VSW1");
    CU_ASSERT_EQUAL(u->nics[0].line, 6);
    CU_ASSERT_EQUAL(u->nics[1].vdev, 0x0700);
    CU_ASSERT_EQUAL(u->nics[1].devices, 3);
    CU_ASSERT_FALSE(u->nics[1].coupled);
    CU_ASSERT_STRING_EQUAL(u->nics[1].lan_name, "");
    CU_ASSERT_STRING_EQUAL(u->nics[2].lan_owner, "*");
    CU_ASSERT_STRING_EQUAL(u->nics[2].lan_name, "MYLAN");
    CU_ASSERT_EQUAL(u->nics[2].line, 8);
}

static void default_directory_file(void)
{
    static char text[16384];
    FILE *f = fopen("conf/user.direct", "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);            /* run from the repository root */
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    CU_ASSERT_FATAL(n > 0 && n < sizeof text - 1);
    text[n] = '\0';
    for (const char *p = text; *p;) {           /* cards: at most 80 columns */
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        CU_ASSERT(len <= 80);
        p += len + (e != NULL);
    }
    parse_max(text, 16 * MB);
    CU_ASSERT_EQUAL(dir.ndiags, 0);
    CU_ASSERT_EQUAL(dir.nusers, 3);
    static const char *const ids[] = { "GST1", "GST2", "GST3" };
    for (int i = 0; i < 3; i++) {
        const struct dir_user *u = dir_find(&dir, ids[i]);
        CU_ASSERT_PTR_NOT_NULL_FATAL(u);
        CU_ASSERT_EQUAL(u->storage, 4 * MB);
        CU_ASSERT_EQUAL(u->maxstorage, 16 * MB);
        CU_ASSERT_STRING_EQUAL(u->classes, "G");
        CU_ASSERT_EQUAL(u->machine, DIR_MACHINE_Z);
        CU_ASSERT_TRUE(u->ipl_cms);
        CU_ASSERT_TRUE(u->has_console);
        CU_ASSERT_EQUAL(u->console_vdev, 0x0009);
        CU_ASSERT_EQUAL(u->share_type, DIR_SHARE_RELATIVE);
        CU_ASSERT_EQUAL(u->share_value, 100);
    }
}

static void empty_input(void)
{
    parse("");
    CU_ASSERT_EQUAL(dir.nusers, 0);
    CU_ASSERT_EQUAL(dir.ndiags, 0);
    CU_ASSERT_EQUAL(dir.nlines, 0);
    dir_parse(NULL, 100, REAL, &dir);
    CU_ASSERT_EQUAL(dir.nusers, 0);
    CU_ASSERT_EQUAL(dir.nlines, 0);
    parse("* only a comment\n\n   \n");
    CU_ASSERT_EQUAL(dir.nusers, 0);
    CU_ASSERT_EQUAL(dir.ndiags, 0);
    CU_ASSERT_EQUAL(dir.nlines, 3);
}

/* ---- line handling ------------------------------------------------------------ */

static void case_folding(void)
{
    parse("user gst1 secret 4m 16m bg\n"
          "machine esa\n"
          "ipl cms\n"
          "console 1f 3215 t\n"
          "share relative 50\n"
          "nicdef 6a0 type qdio dev 3 lan system lan1\n");
    CU_ASSERT_EQUAL(dir.ndiags, 0);
    const struct dir_user *u = dir_find(&dir, "Gst1");
    CU_ASSERT_PTR_NOT_NULL_FATAL(u);
    CU_ASSERT_STRING_EQUAL(u->userid, "GST1");
    CU_ASSERT_STRING_EQUAL(u->password, "SECRET");
    CU_ASSERT_STRING_EQUAL(u->classes, "BG");
    CU_ASSERT_EQUAL(u->machine, DIR_MACHINE_ESA);
    CU_ASSERT_STRING_EQUAL(u->ipl, "CMS");
    CU_ASSERT_TRUE(u->ipl_cms);
    CU_ASSERT_EQUAL(u->console_vdev, 0x001F);
    CU_ASSERT_EQUAL(u->console_class, 'T');
    CU_ASSERT_EQUAL(u->share_value, 50);
    CU_ASSERT_EQUAL(u->nics[0].vdev, 0x06A0);
    CU_ASSERT_STRING_EQUAL(u->nics[0].lan_name, "LAN1");
}

static void comments_and_blank_lines(void)
{
    parse("* header\n"
          "\n"
          "*USER BAD\n"
          U1
          "   \n"
          "* MACHINE XA\n"
          "  MACHINE Z\n"
          "\t\n"
          " * not a comment\n");
    CU_ASSERT_EQUAL(dir.nlines, 9);
    CU_ASSERT_EQUAL(dir.nusers, 1);
    CU_ASSERT_EQUAL(dir.users[0].line, 4);
    CU_ASSERT_EQUAL(dir.ndiags, 1);
    DIAG(0, 9, DIR_ERR_UNKNOWN_STMT, "*");
}

static void column_72_ignored(void)
{
    char text[256];
    /* data to column 71, junk in 72-80 (sequence numbers) */
    snprintf(text, sizeof text, "%-71s%s\n%-71s%s\n", "USER GST1 PW 4M 16M G", "X0000001",
             "  SHARE RELATIVE 7", "WHATEVER");
    parse(text);
    CU_ASSERT_EQUAL(dir.ndiags, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(dir_find(&dir, "GST1"));
    CU_ASSERT_EQUAL(dir.users[0].share_value, 7);
    /* a word across column 71/72 is cut: "12" at columns 71-72 reads "1" */
    snprintf(text, sizeof text, U1 "%-70s12\n", "  SHARE RELATIVE");
    parse(text);
    CU_ASSERT_EQUAL(dir.ndiags, 0);
    CU_ASSERT_EQUAL(dir.users[0].share_value, 1);
    /* a bad byte in column 72 is ignored, in column 71 it is not */
    snprintf(text, sizeof text, U1 "%-71s\x01\n", "  IPL CMS");
    parse(text);
    CU_ASSERT_EQUAL(dir.ndiags, 0);
    snprintf(text, sizeof text, U1 "%-70s\x01\n", "  IPL CMS");
    parse(text);
    CU_ASSERT_EQUAL(dir.ndiags, 1);
    DIAG(0, 2, DIR_ERR_BAD_CHAR, "X'01'");
}

static void crlf_and_final_newline(void)
{
    parse("USER GST1 PW 4M 16M G\r\nIPL CMS\r\nSHARE RELATIVE 9\r\n");
    CU_ASSERT_EQUAL(dir.ndiags, 0);
    CU_ASSERT_EQUAL(dir.nlines, 3);
    CU_ASSERT_TRUE(dir.users[0].usable);
    CU_ASSERT_STRING_EQUAL(dir.users[0].ipl, "CMS");
    CU_ASSERT_EQUAL(dir.users[0].share_value, 9);
    parse(U1 "SHARE RELATIVE 12");                  /* no final newline */
    CU_ASSERT_EQUAL(dir.ndiags, 0);
    CU_ASSERT_EQUAL(dir.nlines, 2);
    CU_ASSERT_EQUAL(dir.users[0].share_value, 12);
    parse(U1 "SHARE RELATIVE 13\r");                /* CR, no LF */
    CU_ASSERT_EQUAL(dir.ndiags, 0);
    CU_ASSERT_EQUAL(dir.users[0].share_value, 13);
    ONE_ERROR(U1 "SHARE\rRELATIVE 13\n", 2, DIR_ERR_BAD_CHAR, "X'0D'");
}

static void tabs_and_bad_bytes(void)
{
    parse("USER\tGST1\tPW 4M\t16M G\n\tIPL\tCMS\n");
    CU_ASSERT_EQUAL(dir.ndiags, 0);
    CU_ASSERT_TRUE(dir.users[0].ipl_cms);
    static const char nul[] = "USER GST1 PW 4M 16M G\nIPL C\0S\n* c\0mment \x80\n"
                              "USER GST2 PW 4M 16M G\xff\n";
    dir_parse(nul, sizeof nul - 1, REAL, &dir);
    CU_ASSERT_EQUAL(dir.nlines, 4);
    CU_ASSERT_EQUAL(dir.ndiags, 2);
    DIAG(0, 2, DIR_ERR_BAD_CHAR, "X'00'");
    DIAG(1, 4, DIR_ERR_BAD_CHAR, "X'FF'");
    CU_ASSERT_PTR_NULL(dir_find(&dir, "GST1"));
    CU_ASSERT_EQUAL(dir.nusers, 1);         /* the bad USER line started no entry */
    ONE_ERROR("\x7f" U1, 1, DIR_ERR_BAD_CHAR, "X'7F'");
    /* a bad USER line starts an entry of its own (not kept): GST1 is spared */
    parse(U1 "IPL CMS\nUSER GST2 P\x01 4M 16M G\nMACHINE XA\nIPL 190\nUSER GST3 PW 4M 16M G\n");
    CU_ASSERT_EQUAL(dir.ndiags, 2);
    DIAG(0, 3, DIR_ERR_BAD_CHAR, "X'01'");
    DIAG(1, 4, DIR_ERR_MACHINE_UNSUPPORTED, "XA");
    CU_ASSERT_EQUAL(dir.nusers, 2);
    CU_ASSERT_PTR_NOT_NULL_FATAL(dir_find(&dir, "GST1"));
    CU_ASSERT_STRING_EQUAL(dir_find(&dir, "GST1")->ipl, "CMS");
    CU_ASSERT_PTR_NULL(dir_find(&dir, "GST2"));
    CU_ASSERT_PTR_NOT_NULL(dir_find(&dir, "GST3"));
    /* ... but a bad byte inside the first word leaves the statement unknown */
    parse(U1 "US\x01" "ER GST2 PW 4M 16M G\nUSER GST3 PW 4M 16M G\n");
    CU_ASSERT_EQUAL(dir.ndiags, 1);
    DIAG(0, 2, DIR_ERR_BAD_CHAR, "X'01'");
    CU_ASSERT_PTR_NULL(dir_find(&dir, "GST1"));
    CU_ASSERT_PTR_NOT_NULL(dir_find(&dir, "GST3"));
    parse(U1 "USER\x01GST2 PW 4M 16M G\n");
    CU_ASSERT_EQUAL(dir.ndiags, 1);
    CU_ASSERT_PTR_NULL(dir_find(&dir, "GST1"));
}

/* ---- USER --------------------------------------------------------------------- */

static void user_operands(void)
{
    ONE_ERROR("USER\n", 1, DIR_ERR_MISSING_OPERAND, "USERID");
    ONE_ERROR("USER GST1\n", 1, DIR_ERR_MISSING_OPERAND, "PASSWORD");
    ONE_ERROR("USER GST1 PW\n", 1, DIR_ERR_MISSING_OPERAND, "STORAGE");
    ONE_ERROR("USER GST1 PW 4M\n", 1, DIR_ERR_MISSING_OPERAND, "MAXSTORAGE");
    ONE_ERROR("USER GST1 PW 4M 16M\n", 1, DIR_ERR_MISSING_OPERAND, "CLASSES");
    ONE_ERROR("USER GST1 PW 4M 16M G 50 # @ \" A\n", 1, DIR_ERR_EXTRA_OPERAND, "A");
    parse("USER GST1 PW 4M 16M G 50 # @ \"\n");     /* priority and 3 line-edit chars */
    CU_ASSERT_EQUAL(dir.ndiags, 0);
    CU_ASSERT_PTR_NOT_NULL(dir_find(&dir, "GST1"));
    ONE_ERROR("USER GST123456 PW 4M 16M G\n", 1, DIR_ERR_BAD_USERID, "GST123456");
    ONE_ERROR("USER GST-1 PW 4M 16M G\n", 1, DIR_ERR_BAD_USERID, "GST-1");
    ONE_ERROR("USER GST1 PASSWORD9 4M 16M G\n", 1, DIR_ERR_BAD_PASSWORD, "PASSWORD9");
    ONE_ERROR("USER GST1 PW 4M 16M G7\n", 1, DIR_ERR_BAD_CLASS, "G7");
    ONE_ERROR("USER GST1 PW 4M 16M 0\n", 1, DIR_ERR_BAD_CLASS, "0");
    ONE_ERROR("USER GST1 PW 4M 16M G*\n", 1, DIR_ERR_BAD_CLASS, "G*");
    ONE_ERROR("USER GST1 PW 4M 16M ABCDEFGHIJKLMNOPQRSTUVWXYZ1234567\n", 1,
              DIR_ERR_BAD_CLASS, "ABCDEFGHIJKLMNOPQRSTUVW");           /* 33: token cut to 23 */
    parse("USER @#$9 P$*!.;X 4M 16M ABCDEFGHIJKLMNOPQRSTUVWXYZ123456\n");
    CU_ASSERT_EQUAL(dir.ndiags, 0);
    const struct dir_user *u = dir_find(&dir, "@#$9");
    CU_ASSERT_PTR_NOT_NULL_FATAL(u);
    CU_ASSERT_STRING_EQUAL(u->password, "P$*!.;X");
    CU_ASSERT_EQUAL(strlen(u->classes), 32);
    parse("USER 12345678 PW 4M 16M G\n");          /* all-numeric userid is valid */
    CU_ASSERT_PTR_NOT_NULL(dir_find(&dir, "12345678"));
}

static void password_keywords(void)
{
    parse("USER A NOLOG 4M 16M G\nUSER B nopass 4M 16M G\nUSER C AUTOONLY 4M 16M G\n"
          "USER D LBYONLY 4M 16M G\nUSER E NOLOGX 4M 16M G\nUSER F NOLO 4M 16M G\n");
    CU_ASSERT_EQUAL(dir.ndiags, 0);
    CU_ASSERT_EQUAL_FATAL(dir.nusers, 6);
    CU_ASSERT_EQUAL(dir.users[0].pwkind, DIR_PW_NOLOG);
    CU_ASSERT_STRING_EQUAL(dir.users[0].password, "NOLOG");
    CU_ASSERT_EQUAL(dir.users[1].pwkind, DIR_PW_NOPASS);
    CU_ASSERT_STRING_EQUAL(dir.users[1].password, "NOPASS");
    CU_ASSERT_EQUAL(dir.users[2].pwkind, DIR_PW_AUTOONLY);
    CU_ASSERT_EQUAL(dir.users[3].pwkind, DIR_PW_LBYONLY);
    CU_ASSERT_EQUAL(dir.users[4].pwkind, DIR_PW_TEXT);
    CU_ASSERT_EQUAL(dir.users[5].pwkind, DIR_PW_TEXT);       /* no abbreviation */
}

static void storage_units(void)
{
    parse_max("USER A PW 4096K 4M G\nUSER B PW 1G 1G G\nUSER C PW 64K 128k G\n"
              "USER D PW 0004M 2g G\n", 1024 * MB);
    CU_ASSERT_EQUAL(dir.ndiags, 0);
    CU_ASSERT_EQUAL(dir.users[0].storage, 4 * MB);
    CU_ASSERT_EQUAL(dir.users[0].maxstorage, 4 * MB);
    CU_ASSERT_EQUAL(dir.users[1].storage, 1024 * MB);
    CU_ASSERT_EQUAL(dir.users[2].storage, 64 * 1024);
    CU_ASSERT_EQUAL(dir.users[2].maxstorage, 128 * 1024);
    CU_ASSERT_EQUAL(dir.users[3].storage, 4 * MB);
    CU_ASSERT_EQUAL(dir.users[3].maxstorage, 2048 * MB);
    ONE_ERROR("USER GST1 PW 4194304 16M G\n", 1, DIR_ERR_BAD_STORAGE, "4194304");
    ONE_ERROR("USER GST1 PW 4T 16M G\n", 1, DIR_ERR_BAD_STORAGE, "4T");
    ONE_ERROR("USER GST1 PW M 16M G\n", 1, DIR_ERR_BAD_STORAGE, "M");
    ONE_ERROR("USER GST1 PW 0M 16M G\n", 1, DIR_ERR_BAD_STORAGE, "0M");
    ONE_ERROR("USER GST1 PW 4.5M 16M G\n", 1, DIR_ERR_BAD_STORAGE, "4.5M");
    ONE_ERROR("USER GST1 PW -4M 16M G\n", 1, DIR_ERR_BAD_STORAGE, "-4M");
    ONE_ERROR("USER GST1 PW 4M 17179869184G G\n", 1, DIR_ERR_BAD_STORAGE, "17179869184G");
    ONE_ERROR("USER GST1 PW 4M 99999999999999999999K G\n", 1, DIR_ERR_BAD_STORAGE,
              "99999999999999999999K");
    ONE_ERROR("USER GST1 PW 4K 16M G\n", 1, DIR_ERR_STOR_ALIGN, "4K");
    ONE_ERROR("USER GST1 PW 4M 100K G\n", 1, DIR_ERR_STOR_ALIGN, "100K");
    ONE_ERROR("USER GST1 PW 32M 16M G\n", 1, DIR_ERR_STOR_GT_MAX, "32M");
    ONE_ERROR("USER GST1 PW 16448K 16M G\n", 1, DIR_ERR_STOR_GT_MAX, "16448K");   /* 16M+64K */
    /* 17179869183G is the largest that fits 64 bits; it is a multiple of 64K */
    parse_max("USER GST1 PW 4M 17179869183G G\n", REAL);
    CU_ASSERT_EQUAL(dir.ndiags, 0);
    CU_ASSERT_EQUAL(dir.users[0].maxstorage, 17179869183ull << 30);
}

static void storage_fits_real(void)
{
    parse_max("USER GST1 PW 8M 16M G\n", 8 * MB);
    CU_ASSERT_EQUAL(dir.ndiags, 0);
    CU_ASSERT_PTR_NOT_NULL(dir_find(&dir, "GST1"));
    parse_max("USER GST1 PW 8M 16M G\nUSER GST2 PW 8256K 16M G\nUSER GST3 PW 4M 1G G\n", 8 * MB);
    CU_ASSERT_EQUAL(dir.ndiags, 1);
    DIAG(0, 2, DIR_ERR_STOR_NO_FIT, "8256K");
    CU_ASSERT_PTR_NOT_NULL(dir_find(&dir, "GST1"));
    CU_ASSERT_PTR_NULL(dir_find(&dir, "GST2"));
    CU_ASSERT_PTR_NOT_NULL(dir_find(&dir, "GST3"));        /* maxstorage may exceed real */
    parse_max(U1, 0);
    DIAG(0, 1, DIR_ERR_STOR_NO_FIT, "4M");
}

static void duplicate_userid(void)
{
    parse(U1 "SHARE RELATIVE 1\nuser gst1 other 8M 16M G\nSHARE RELATIVE 2\n"
          "USER GST2 PW 4M 16M G\n");
    CU_ASSERT_EQUAL(dir.ndiags, 1);
    DIAG(0, 3, DIR_ERR_DUP_USERID, "GST1");
    CU_ASSERT_EQUAL(dir.nusers, 3);
    const struct dir_user *u = dir_find(&dir, "GST1");
    CU_ASSERT_PTR_EQUAL_FATAL(u, &dir.users[0]);
    CU_ASSERT_EQUAL(u->share_value, 1);
    CU_ASSERT_FALSE(dir.users[1].usable);
    CU_ASSERT_EQUAL(dir.users[1].line, 3);
    CU_ASSERT_PTR_NOT_NULL(dir_find(&dir, "GST2"));
    /* a first entry that is itself unusable still owns the userid */
    parse("USER GST1 PW 4M 16M G\nMACHINE XA\nUSER GST1 PW 4M 16M G\n");
    CU_ASSERT_EQUAL(dir.ndiags, 2);
    DIAG(0, 2, DIR_ERR_MACHINE_UNSUPPORTED, "XA");
    DIAG(1, 3, DIR_ERR_DUP_USERID, "GST1");
    CU_ASSERT_PTR_NULL(dir_find(&dir, "GST1"));
    /* ... even when only its userid was valid */
    parse("USER GST1 PW 4K 16M G\nUSER GST1 PW 4M 16M G\n");
    CU_ASSERT_EQUAL(dir.ndiags, 2);
    DIAG(1, 2, DIR_ERR_DUP_USERID, "GST1");
    CU_ASSERT_PTR_NULL(dir_find(&dir, "GST1"));
}

static void too_many_users(void)
{
    static char text[80 * 70];
    size_t n = 0;
    for (int i = 0; i < DIR_MAX_USERS + 2; i++)
        n += (size_t)snprintf(text + n, sizeof text - n, "USER U%d PW 4M 16M G\n", i);
    n += (size_t)snprintf(text + n, sizeof text - n, "MACHINE XA\n");   /* line 67, in U65 */
    parse(text);
    CU_ASSERT_EQUAL(dir.nusers, DIR_MAX_USERS);
    CU_ASSERT_EQUAL(dir.ndiags, 3);
    DIAG(0, 65, DIR_ERR_TOO_MANY_USERS, "U64");
    DIAG(1, 66, DIR_ERR_TOO_MANY_USERS, "U65");
    DIAG(2, 67, DIR_ERR_MACHINE_UNSUPPORTED, "XA");
    CU_ASSERT_PTR_NOT_NULL(dir_find(&dir, "U0"));
    CU_ASSERT_PTR_NOT_NULL(dir_find(&dir, "U63"));
    CU_ASSERT_TRUE(dir.users[63].usable);                   /* untouched by U65's errors */
    CU_ASSERT_PTR_NULL(dir_find(&dir, "U64"));
    CU_ASSERT_PTR_NULL(dir_find(&dir, "U65"));
}

/* ---- statements before/outside entries -------------------------------------- */

static void statement_placement(void)
{
    parse("MACHINE Z\n" U1);
    CU_ASSERT_EQUAL(dir.ndiags, 1);
    DIAG(0, 1, DIR_ERR_BEFORE_USER, "MACHINE");
    CU_ASSERT_PTR_NOT_NULL(dir_find(&dir, "GST1"));
    parse("* c\nIPL CMS\nNICDEF 600 TYPE HIPER\n" U1);
    CU_ASSERT_EQUAL(dir.ndiags, 2);
    DIAG(0, 2, DIR_ERR_BEFORE_USER, "IPL");
    DIAG(1, 3, DIR_ERR_BEFORE_USER, "NICDEF");
    CU_ASSERT_PTR_NOT_NULL(dir_find(&dir, "GST1"));
    parse("FOO BAR\n" U1);
    CU_ASSERT_EQUAL(dir.ndiags, 1);
    DIAG(0, 1, DIR_ERR_UNKNOWN_STMT, "FOO");
    CU_ASSERT_PTR_NOT_NULL(dir_find(&dir, "GST1"));
    STMT_ERR("LINKX", DIR_ERR_UNKNOWN_STMT, "LINKX");
    STMT_ERR("MDISK 0191 3390 100 10 VOL001 MR", DIR_ERR_STMT_UNSUPPORTED, "MDISK");
    STMT_ERR("SPOOL 000C 2540 READER *", DIR_ERR_STMT_UNSUPPORTED, "SPOOL");
}

static void unsupported_entry_starters(void)
{
    parse(U1 "IDENTITY MAINT PW 4M 16M G\nMACHINE XA\nIPL CMS\n"
          "USER GST2 PW 4M 16M G\nPROFILE P1\nUSER GST3 PW 4M 16M G\n");
    CU_ASSERT_EQUAL(dir.nusers, 3);
    CU_ASSERT_EQUAL(dir.ndiags, 3);
    DIAG(0, 2, DIR_ERR_STMT_UNSUPPORTED, "IDENTITY");
    DIAG(1, 3, DIR_ERR_MACHINE_UNSUPPORTED, "XA");  /* checked, but no entry is harmed */
    DIAG(2, 6, DIR_ERR_STMT_UNSUPPORTED, "PROFILE");
    CU_ASSERT_PTR_NOT_NULL(dir_find(&dir, "GST1"));
    CU_ASSERT_STRING_EQUAL(dir.users[0].ipl, "");   /* line 4 went to the scratch entry */
    CU_ASSERT_PTR_NOT_NULL(dir_find(&dir, "GST2"));
    CU_ASSERT_PTR_NOT_NULL(dir_find(&dir, "GST3"));
    CU_ASSERT_PTR_NULL(dir_find(&dir, "MAINT"));
}

static void errors_isolate_entries(void)
{
    /* a bad USER line: its statements are still checked and belong to it */
    parse("USER GST1 PW 4M 16M G\n"
          "USER BAD-ID PW 4M 16M G\n"
          "MACHINE XC\n"
          "CONSOLE 0009 3270\n"
          "USER GST3 PW 4M 16M G\n"
          "IPL CMS\n"
          "NICDEF 600 TYPE QDIO DEVICES 2\n"
          "SHARE RELATIVE 200\n"
          "USER GST4 PW 4M 16M G\n");
    CU_ASSERT_EQUAL(dir.nusers, 4);
    CU_ASSERT_EQUAL(dir.ndiags, 4);
    DIAG(0, 2, DIR_ERR_BAD_USERID, "BAD-ID");
    DIAG(1, 3, DIR_ERR_MACHINE_UNSUPPORTED, "XC");
    DIAG(2, 4, DIR_ERR_CONSOLE_TYPE, "3270");
    DIAG(3, 7, DIR_ERR_NIC_DEVICES, "2");
    CU_ASSERT_TRUE(dir.users[0].usable);
    CU_ASSERT_FALSE(dir.users[1].usable);
    CU_ASSERT_STRING_EQUAL(dir.users[1].userid, "");
    CU_ASSERT_FALSE(dir.users[2].usable);
    CU_ASSERT_EQUAL(dir.users[2].share_value, 200);         /* valid statements still apply */
    CU_ASSERT_EQUAL(dir.users[2].nnics, 0);                 /* the bad one does not */
    CU_ASSERT_TRUE(dir.users[3].usable);
    CU_ASSERT_PTR_NULL(dir_find(&dir, "GST3"));
    CU_ASSERT_PTR_NOT_NULL(dir_find(&dir, "GST4"));
}

/* ---- MACHINE, IPL, CONSOLE, SHARE ---------------------------------------------- */

static void machine_statement(void)
{
    STMT_OK("MACHINE Z");
    CU_ASSERT_EQUAL(dir.users[0].machine, DIR_MACHINE_Z);
    STMT_OK("MACHINE esa 01");
    CU_ASSERT_EQUAL(dir.users[0].machine, DIR_MACHINE_ESA);
    STMT_ERR("MACHINE", DIR_ERR_MISSING_OPERAND, "MACHINE MODE");
    STMT_ERR("MACHINE XA", DIR_ERR_MACHINE_UNSUPPORTED, "XA");
    STMT_ERR("MACHINE XC 1", DIR_ERR_MACHINE_UNSUPPORTED, "XC");
    STMT_ERR("MACHINE ES", DIR_ERR_BAD_OPERAND, "ES");
    STMT_ERR("MACHINE Z 2", DIR_ERR_MAXCPU, "2");
    STMT_ERR("MACHINE Z 0", DIR_ERR_MAXCPU, "0");
    STMT_ERR("MACHINE Z ONE", DIR_ERR_MAXCPU, "ONE");
    STMT_ERR("MACHINE Z 1 X", DIR_ERR_EXTRA_OPERAND, "X");
    STMTS_ERR("MACHINE Z\nMACHINE ESA", 3, DIR_ERR_DUP_STMT, "MACHINE");
    CU_ASSERT_EQUAL(dir.users[0].machine, DIR_MACHINE_Z);   /* the second did not apply */
    STMT_ERR("MACH Z", DIR_ERR_UNKNOWN_STMT, "MACH");       /* statements: full words */
}

static void ipl_statement(void)
{
    STMT_OK("IPL CMS");
    CU_ASSERT_STRING_EQUAL(dir.users[0].ipl, "CMS");
    CU_ASSERT_TRUE(dir.users[0].ipl_cms);
    STMT_OK("IPL CMSX");
    CU_ASSERT_STRING_EQUAL(dir.users[0].ipl, "CMSX");
    CU_ASSERT_FALSE(dir.users[0].ipl_cms);
    STMT_OK("IPL 190");
    CU_ASSERT_STRING_EQUAL(dir.users[0].ipl, "190");
    STMT_ERR("IPL", DIR_ERR_MISSING_OPERAND, "IPL NAME");
    STMT_ERR("IPL LONGNAME9", DIR_ERR_BAD_IPL, "LONGNAME9");
    STMT_ERR("IPL C.S", DIR_ERR_BAD_IPL, "C.S");
    STMT_ERR("IPL CMS PARM AUTOCR", DIR_ERR_OPERAND_UNSUPPORTED, "PARM");
    STMT_ERR("IPL CMS LOADPARM X", DIR_ERR_OPERAND_UNSUPPORTED, "LOADPARM");
    STMT_ERR("IPL CMS NOW", DIR_ERR_EXTRA_OPERAND, "NOW");
    STMTS_ERR("IPL CMS\nIPL 190", 3, DIR_ERR_DUP_STMT, "IPL");
}

static void console_statement(void)
{
    STMT_OK("CONSOLE 0009 3215");
    CU_ASSERT_TRUE(dir.users[0].has_console);
    CU_ASSERT_EQUAL(dir.users[0].console_vdev, 9);
    CU_ASSERT_EQUAL(dir.users[0].console_class, 'T');
    STMT_OK("CONSOLE FFFF 3215 5");
    CU_ASSERT_EQUAL(dir.users[0].console_vdev, 0xFFFF);
    CU_ASSERT_EQUAL(dir.users[0].console_class, '5');
    STMT_OK("CONSOLE 0 3215 a");
    CU_ASSERT_EQUAL(dir.users[0].console_vdev, 0);
    CU_ASSERT_EQUAL(dir.users[0].console_class, 'A');
    STMT_ERR("CONSOLE", DIR_ERR_MISSING_OPERAND, "VDEV");
    STMT_ERR("CONSOLE 0009", DIR_ERR_MISSING_OPERAND, "CONSOLE TYPE");
    STMT_ERR("CONSOLE 10000 3215", DIR_ERR_BAD_VDEV, "10000");
    STMT_ERR("CONSOLE 00G9 3215", DIR_ERR_BAD_VDEV, "00G9");
    STMT_ERR("CONSOLE 0009 3270", DIR_ERR_CONSOLE_TYPE, "3270");
    STMT_ERR("CONSOLE 0009 3215 TT", DIR_ERR_BAD_SPOOL_CLASS, "TT");
    STMT_ERR("CONSOLE 0009 3215 *", DIR_ERR_BAD_SPOOL_CLASS, "*");
    STMT_ERR("CONSOLE 0009 3215 T OPERATOR", DIR_ERR_EXTRA_OPERAND, "OPERATOR");
    STMTS_ERR("CONSOLE 0009 3215\nCONSOLE 001F 3215", 3, DIR_ERR_DUP_STMT, "CONSOLE");
    CU_ASSERT_EQUAL(dir.users[0].console_vdev, 9);
}

static void share_statement(void)
{
    STMT_OK("SHARE RELATIVE 1");
    CU_ASSERT_EQUAL(dir.users[0].share_value, 1);
    STMT_OK("SHARE RELATIVE 10000");
    CU_ASSERT_EQUAL(dir.users[0].share_value, 10000);
    STMT_OK("SHARE ABSOLUTE 100%");
    CU_ASSERT_EQUAL(dir.users[0].share_type, DIR_SHARE_ABSOLUTE);
    CU_ASSERT_EQUAL(dir.users[0].share_value, 100);
    STMT_OK("SHARE ABSOLUTE 1%");
    CU_ASSERT_EQUAL(dir.users[0].share_value, 1);
    STMT_ERR("SHARE", DIR_ERR_MISSING_OPERAND, "SHARE TYPE");
    STMT_ERR("SHARE RELATIVE", DIR_ERR_MISSING_OPERAND, "SHARE VALUE");
    STMT_ERR("SHARE REL 100", DIR_ERR_BAD_OPERAND, "REL");
    STMT_ERR("SHARE RELATIVE 0", DIR_ERR_SHARE_RANGE, "0");
    STMT_ERR("SHARE RELATIVE 10001", DIR_ERR_SHARE_RANGE, "10001");
    STMT_ERR("SHARE RELATIVE 99999999999", DIR_ERR_SHARE_RANGE, "99999999999");
    STMT_ERR("SHARE RELATIVE 50%", DIR_ERR_BAD_OPERAND, "50%");
    STMT_ERR("SHARE ABSOLUTE 50", DIR_ERR_BAD_OPERAND, "50");
    STMT_ERR("SHARE ABSOLUTE %", DIR_ERR_BAD_OPERAND, "%");
    STMT_ERR("SHARE ABSOLUTE 0%", DIR_ERR_SHARE_RANGE, "0%");
    STMT_ERR("SHARE ABSOLUTE 101%", DIR_ERR_SHARE_RANGE, "101%");
    STMT_ERR("SHARE RELATIVE 100 LIMITHARD", DIR_ERR_OPERAND_UNSUPPORTED, "LIMITHARD");
    STMT_ERR("SHARE RELATIVE 100 200", DIR_ERR_EXTRA_OPERAND, "200");
    STMTS_ERR("SHARE RELATIVE 5\nSHARE RELATIVE 6", 3, DIR_ERR_DUP_STMT, "SHARE");
    CU_ASSERT_EQUAL(dir.users[0].share_value, 5);
}

/* ---- NICDEF ------------------------------------------------------------------ */

static void nicdef_forms(void)
{
    STMT_OK("NICDEF 600 TYPE QDIO");
    CU_ASSERT_EQUAL(dir.users[0].nnics, 1);
    CU_ASSERT_EQUAL(dir.users[0].nics[0].devices, 3);
    STMT_OK("NICDEF 600 DEV 4 TYPE QDIO");
    CU_ASSERT_EQUAL(dir.users[0].nics[0].devices, 4);
    STMT_OK("NICDEF 600 TYPE QDIO DEVI 5");
    CU_ASSERT_EQUAL(dir.users[0].nics[0].devices, 5);
    STMT_OK("NICDEF 0 TYPE QDIO DEVICES 3072\nCONSOLE 1000 3215");
    CU_ASSERT_EQUAL(dir.users[0].nics[0].vdev, 0);
    CU_ASSERT_EQUAL(dir.users[0].nics[0].devices, 3072);
    STMT_OK("NICDEF 700 LAN SYSTEM VSW1 DEVICES 9 TYPE QDIO");   /* any operand order */
    CU_ASSERT_EQUAL(dir.users[0].nics[0].devices, 9);
    CU_ASSERT_STRING_EQUAL(dir.users[0].nics[0].lan_name, "VSW1");
    STMT_OK("NICDEF 600 TYPE QDIO\nNICDEF 700 TYPE QDIO LAN * LAN2\nNICDEF 800 TYPE QDIO\n"
            "NICDEF 900 TYPE QDIO\nNICDEF A00 TYPE QDIO\nNICDEF B00 TYPE QDIO\n"
            "NICDEF C00 TYPE QDIO\nNICDEF D00 TYPE QDIO");                /* 8 allowed */
    CU_ASSERT_EQUAL(dir.users[0].nnics, 8);
    CU_ASSERT_EQUAL(dir.users[0].nics[7].vdev, 0xD00);
}

static void nicdef_abbreviations(void)
{
    STMT_OK("NICDEF 600 type qdio devices 3 lan system lan1");
    STMT_ERR("NICDEF 600 TYPE QDIO DE 3", DIR_ERR_BAD_OPERAND, "DE");
    STMT_ERR("NICDEF 600 TYP QDIO", DIR_ERR_BAD_OPERAND, "TYP");
    STMT_ERR("NICDEF 600 TYPE QDI", DIR_ERR_BAD_OPERAND, "QDI");
    STMT_ERR("NICDEF 600 TYPE HIPER", DIR_ERR_NIC_TYPE_UNSUPPORTED, "HIPER");
    STMT_ERR("NICDEF 600 TYPE HIPERSOCKETS", DIR_ERR_NIC_TYPE_UNSUPPORTED, "HIPERSOCKETS");
    STMT_ERR("NICDEF 600 TYPE HIPE", DIR_ERR_BAD_OPERAND, "HIPE");
    STMT_ERR("NICDEF 600 TYPE QDIO MACID 0E4E8E", DIR_ERR_OPERAND_UNSUPPORTED, "MACID");
    STMT_ERR("NICDEF 600 TYPE QDIO PRO", DIR_ERR_OPERAND_UNSUPPORTED, "PRO");
    STMT_ERR("NICDEF 600 TYPE QDIO VLAN 2230", DIR_ERR_OPERAND_UNSUPPORTED, "VLAN");
    STMT_ERR("NICDEF 600 TYPE QDIO PORTT ACCESS", DIR_ERR_OPERAND_UNSUPPORTED, "PORTT");
    STMT_ERR("NICDEF 600 TYPE QDIO CHPID 7F", DIR_ERR_OPERAND_UNSUPPORTED, "CHPID");
}

static void nicdef_errors(void)
{
    STMT_ERR("NICDEF", DIR_ERR_MISSING_OPERAND, "VDEV");
    STMT_ERR("NICDEF 600", DIR_ERR_MISSING_OPERAND, "TYPE");
    STMT_ERR("NICDEF 600 DEVICES 3", DIR_ERR_MISSING_OPERAND, "TYPE");
    STMT_ERR("NICDEF 600 TYPE", DIR_ERR_MISSING_OPERAND, "NIC TYPE");
    STMT_ERR("NICDEF 600 TYPE QDIO DEVICES", DIR_ERR_MISSING_OPERAND, "DEVICES COUNT");
    STMT_ERR("NICDEF 600 TYPE QDIO LAN", DIR_ERR_MISSING_OPERAND, "LAN OWNER");
    STMT_ERR("NICDEF 600 TYPE QDIO LAN SYSTEM", DIR_ERR_MISSING_OPERAND, "LAN NAME");
    STMT_ERR("NICDEF 6000X TYPE QDIO", DIR_ERR_BAD_VDEV, "6000X");
    STMT_ERR("NICDEF 600 TYPE QDIO TYPE QDIO", DIR_ERR_DUP_OPERAND, "TYPE");
    STMT_ERR("NICDEF 600 TYPE QDIO DEV 3 DEVICES 4", DIR_ERR_DUP_OPERAND, "DEVICES");
    STMT_ERR("NICDEF 600 TYPE FOO", DIR_ERR_BAD_OPERAND, "FOO");
    STMT_ERR("NICDEF 600 TYPE QDIO BLUE", DIR_ERR_BAD_OPERAND, "BLUE");
    STMT_ERR("NICDEF 600 TYPE QDIO DEVICES X", DIR_ERR_BAD_OPERAND, "X");
    STMT_ERR("NICDEF 600 TYPE QDIO DEVICES 2", DIR_ERR_NIC_DEVICES, "2");
    STMT_ERR("NICDEF 600 TYPE QDIO DEVICES 3073", DIR_ERR_NIC_DEVICES, "3073");
    STMT_ERR("NICDEF 600 TYPE QDIO LAN OPERATOR LAN1", DIR_ERR_LAN_OWNER, "OPERATOR");
    STMT_ERR("NICDEF 600 TYPE QDIO LAN SYSTEM LANNAME99", DIR_ERR_BAD_LAN_NAME, "LANNAME99");
    STMT_ERR("NICDEF 600 TYPE QDIO LAN * L.1", DIR_ERR_BAD_LAN_NAME, "L.1");
    STMT_ERR("NICDEF 600 TYPE QDIO LAN SYSTEM L1 X", DIR_ERR_BAD_OPERAND, "X");
}

static void nicdef_ranges(void)
{
    STMT_OK("NICDEF FFFD TYPE QDIO");
    CU_ASSERT_EQUAL(dir.users[0].nics[0].vdev, 0xFFFD);
    STMT_ERR("NICDEF FFFE TYPE QDIO", DIR_ERR_VDEV_RANGE, "FFFE");
    STMT_ERR("NICDEF F401 TYPE QDIO DEVICES 3072", DIR_ERR_VDEV_RANGE, "F401");
    STMT_OK("NICDEF F400 TYPE QDIO DEVICES 3072\nCONSOLE 001F 3215");       /* F400-FFFF */
    CU_ASSERT_EQUAL(dir.users[0].nics[0].devices, 3072);
    /* overlaps: NICs with each other and with the console, either order */
    STMT_OK("NICDEF 600 TYPE QDIO\nNICDEF 603 TYPE QDIO\nNICDEF 5FD TYPE QDIO");
    CU_ASSERT_EQUAL(dir.users[0].nnics, 3);
    STMTS_ERR("NICDEF 600 TYPE QDIO\nNICDEF 600 TYPE QDIO", 3, DIR_ERR_VDEV_CONFLICT, "600");
    CU_ASSERT_EQUAL(dir.users[0].nnics, 1);
    STMTS_ERR("NICDEF 600 TYPE QDIO\nNICDEF 5FE TYPE QDIO", 3, DIR_ERR_VDEV_CONFLICT, "5FE");
    STMTS_ERR("NICDEF 600 TYPE QDIO\nNICDEF 602 TYPE QDIO", 3, DIR_ERR_VDEV_CONFLICT, "602");
    STMTS_ERR("CONSOLE 601 3215\nNICDEF 600 TYPE QDIO", 3, DIR_ERR_VDEV_CONFLICT, "600");
    STMTS_ERR("NICDEF 600 TYPE QDIO\nCONSOLE 602 3215", 3, DIR_ERR_VDEV_CONFLICT, "602");
    CU_ASSERT_FALSE(dir.users[0].has_console);
}

static void nicdef_default_console(void)
{
    /* without CONSOLE, 0009 is CP's: a NIC on it is found when the entry ends */
    parse(U1 "NICDEF 0008 TYPE QDIO\nIPL CMS\nUSER GST2 PW 4M 16M G\n");
    CU_ASSERT_EQUAL(dir.ndiags, 1);
    DIAG(0, 2, DIR_ERR_VDEV_CONFLICT, "0009");
    CU_ASSERT_PTR_NULL(dir_find(&dir, "GST1"));
    CU_ASSERT_PTR_NOT_NULL(dir_find(&dir, "GST2"));
    parse(U1 "NICDEF 0007 TYPE QDIO\n");           /* 0007-0009, last entry */
    CU_ASSERT_EQUAL(dir.ndiags, 1);
    DIAG(0, 2, DIR_ERR_VDEV_CONFLICT, "0009");
    CU_ASSERT_PTR_NULL(dir_find(&dir, "GST1"));
    STMT_OK("NICDEF 0008 TYPE QDIO\nCONSOLE 001F 3215");
    STMT_OK("NICDEF 000A TYPE QDIO");
    STMT_OK("NICDEF 0006 TYPE QDIO");
}

static void nicdef_limit(void)
{
    char text[1024];
    size_t n = (size_t)snprintf(text, sizeof text, U1);
    for (int i = 0; i < DIR_MAX_NICS + 1; i++)
        n += (size_t)snprintf(text + n, sizeof text - n, "NICDEF %X TYPE QDIO\n", 0x100 * (i + 1));
    parse(text);
    CU_ASSERT_EQUAL(dir.ndiags, 1);
    DIAG(0, 10, DIR_ERR_TOO_MANY_NICS, "900");
    CU_ASSERT_EQUAL(dir.users[0].nnics, DIR_MAX_NICS);
    CU_ASSERT_EQUAL(dir.users[0].nics[7].vdev, 0x800);
    CU_ASSERT_FALSE(dir.users[0].usable);
}

/* ---- limits, diagnostics, lookup ----------------------------------------------- */

/* U1, comment cards, GST2's USER, a filler comment of filler bytes: lines 1..3279. */
static size_t big_directory(char *text, size_t filler)
{
    size_t n = (size_t)sprintf(text, U1);
    for (int i = 0; i < 3276; i++)
        n += (size_t)sprintf(text + n, "*%78s\n", "");
    n += (size_t)sprintf(text + n, "USER GST2 PW 4M 16M G\n");
    n += (size_t)sprintf(text + n, "*%*s\n", (int)filler - 2, "");
    return n;
}

static void input_too_long(void)
{
    static char text[DIR_MAX_INPUT + 64];
    size_t n = big_directory(text, 20);                     /* exactly 256K: fine */
    CU_ASSERT_EQUAL_FATAL(n, DIR_MAX_INPUT);
    dir_parse(text, n, REAL, &dir);
    CU_ASSERT_EQUAL(dir.ndiags, 0);
    CU_ASSERT_EQUAL(dir.nlines, 3279);
    CU_ASSERT_PTR_NOT_NULL(dir_find(&dir, "GST2"));
    /* one more line: parsing stops on it, GST2 (maybe incomplete) is unusable */
    strcpy(text + n, "IPL CMS\n");
    dir_parse(text, n + 8, REAL, &dir);
    CU_ASSERT_EQUAL(dir.nlines, 3280);
    CU_ASSERT_EQUAL(dir.ndiags, 1);
    DIAG(0, 3280, DIR_ERR_INPUT_TOO_LONG, "256K");
    CU_ASSERT_PTR_NOT_NULL(dir_find(&dir, "GST1"));
    CU_ASSERT_PTR_NULL(dir_find(&dir, "GST2"));
    CU_ASSERT_STRING_EQUAL(dir.users[1].ipl, "");
    /* the limit inside a line (here its newline): that line is not read */
    n = big_directory(text, 21);
    CU_ASSERT_EQUAL_FATAL(n, DIR_MAX_INPUT + 1);
    dir_parse(text, n, REAL, &dir);
    CU_ASSERT_EQUAL(dir.ndiags, 1);
    DIAG(0, 3279, DIR_ERR_INPUT_TOO_LONG, "256K");
    CU_ASSERT_PTR_NULL(dir_find(&dir, "GST2"));
    CU_ASSERT_PTR_NOT_NULL(dir_find(&dir, "GST1"));
    /* the cut entry gets no end-of-entry checks: its CONSOLE may be beyond */
    n = big_directory(text, 20);
    memcpy(text + n - 20, "NICDEF 08 TYPE QDIO\n", 20);   /* same size: line 3279 */
    strcpy(text + n, "CONSOLE 1F 3215\n");
    dir_parse(text, n + 16, REAL, &dir);
    CU_ASSERT_EQUAL(dir.ndiags, 1);
    DIAG(0, 3280, DIR_ERR_INPUT_TOO_LONG, "256K");
    dir_parse(text, n, REAL, &dir);                     /* whole: 0009 is in use */
    CU_ASSERT_EQUAL(dir.ndiags, 1);
    DIAG(0, 3279, DIR_ERR_VDEV_CONFLICT, "0009");
}

static void diag_limit_and_truncation(void)
{
    static char text[DIR_MAX_DIAGS * 8 + 100];
    size_t n = 0;
    for (int i = 0; i < DIR_MAX_DIAGS + 5; i++)
        n += (size_t)snprintf(text + n, sizeof text - n, "FOO\n");
    parse(text);
    CU_ASSERT_EQUAL(dir.ndiags, DIR_MAX_DIAGS);
    CU_ASSERT_EQUAL(dir.ndiags_dropped, 5);
    CU_ASSERT_EQUAL(dir.diags[DIR_MAX_DIAGS - 1].line, DIR_MAX_DIAGS);
    ONE_ERROR("abcdefghijklmnopqrstuvwxyz0123456789\n", 1, DIR_ERR_UNKNOWN_STMT,
              "ABCDEFGHIJKLMNOPQRSTUVW");
    CU_ASSERT_EQUAL(strlen(dir.diags[0].token), DIR_DIAG_TOKEN_MAX);
}

static void find_and_userid_valid(void)
{
    parse("USER GST1 PW 4M 16M G\nUSER GST2 PW 4M 16M G\nMACHINE XA\n");
    CU_ASSERT_PTR_EQUAL(dir_find(&dir, "gst1"), &dir.users[0]);
    CU_ASSERT_PTR_EQUAL(dir_find(&dir, "GsT1"), &dir.users[0]);
    CU_ASSERT_PTR_NULL(dir_find(&dir, "GST2"));             /* unusable */
    CU_ASSERT_PTR_NULL(dir_find(&dir, "GST"));
    CU_ASSERT_PTR_NULL(dir_find(&dir, "GST1X"));
    CU_ASSERT_PTR_NULL(dir_find(&dir, "GST10000"));
    CU_ASSERT_PTR_NULL(dir_find(&dir, "GST100000"));
    CU_ASSERT_PTR_NULL(dir_find(&dir, ""));
    CU_ASSERT_PTR_NULL(dir_find(&dir, NULL));
    CU_ASSERT_TRUE(dir_userid_valid("A"));
    CU_ASSERT_TRUE(dir_userid_valid("@#$09AZZ"));
    CU_ASSERT_FALSE(dir_userid_valid(""));
    CU_ASSERT_FALSE(dir_userid_valid("ABCDEFGHI"));
    CU_ASSERT_FALSE(dir_userid_valid("gst1"));
    CU_ASSERT_FALSE(dir_userid_valid("A B"));
}

static void err_strings(void)
{
    CU_ASSERT_STRING_EQUAL(dir_err_str(DIR_OK), "ok");
    CU_ASSERT_STRING_EQUAL(dir_err_str(DIR_ERR_BEFORE_USER), "statement before the first USER");
    CU_ASSERT_STRING_EQUAL(dir_err_str(DIR_ERR_STOR_NO_FIT),
                           "storage does not fit in real storage");
    CU_ASSERT_STRING_EQUAL(dir_err_str(DIR_ERR_INPUT_TOO_LONG),
                           "directory longer than 256K, rest ignored");
    CU_ASSERT_STRING_EQUAL(dir_err_str((enum dir_err)1), "unknown directory error");
    CU_ASSERT_STRING_EQUAL(dir_err_str((enum dir_err)-DIR_ERR_COUNT), "unknown directory error");
    CU_ASSERT_STRING_EQUAL(dir_err_str((enum dir_err)INT32_MIN), "unknown directory error");
    for (int i = 0; i < DIR_ERR_COUNT; i++) {               /* every reason present, distinct */
        const char *a = dir_err_str((enum dir_err)-i);
        CU_ASSERT_PTR_NOT_NULL_FATAL(a);
        CU_ASSERT(strlen(a) > 1 && strlen(a) <= 48);
        CU_ASSERT(strcmp(a, "unknown directory error") != 0);
        for (int j = 0; j < i; j++)
            CU_ASSERT(strcmp(a, dir_err_str((enum dir_err)-j)) != 0);
    }
}

static const struct unit_test tests[] = {
    { "minimal entry and defaults", minimal_entry_defaults },
    { "full entry", full_entry },
    { "default directory conf/user.direct", default_directory_file },
    { "empty input", empty_input },
    { "case folding", case_folding },
    { "comments and blank lines", comments_and_blank_lines },
    { "columns 72-80 ignored", column_72_ignored },
    { "CRLF and no final newline", crlf_and_final_newline },
    { "tabs and bad bytes", tabs_and_bad_bytes },
    { "USER operands", user_operands },
    { "password keywords", password_keywords },
    { "storage units and errors", storage_units },
    { "storage fits real storage", storage_fits_real },
    { "duplicate userid", duplicate_userid },
    { "more than 64 users", too_many_users },
    { "statement placement", statement_placement },
    { "unsupported entry starters", unsupported_entry_starters },
    { "errors isolate entries", errors_isolate_entries },
    { "MACHINE", machine_statement },
    { "IPL", ipl_statement },
    { "CONSOLE", console_statement },
    { "SHARE", share_statement },
    { "NICDEF forms", nicdef_forms },
    { "NICDEF abbreviations", nicdef_abbreviations },
    { "NICDEF errors", nicdef_errors },
    { "NICDEF ranges and overlaps", nicdef_ranges },
    { "NICDEF and default console", nicdef_default_console },
    { "NICDEF limit", nicdef_limit },
    { "input longer than 256K", input_too_long },
    { "diagnostic limit and token truncation", diag_limit_and_truncation },
    { "dir_find and dir_userid_valid", find_and_userid_valid },
    { "reason strings", err_strings },
    { NULL, NULL },
};

void register_directory_tests(void)
{
    unit_add_suite("directory", tests);
}
