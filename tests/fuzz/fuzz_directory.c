/*
 * fuzz_directory.c - libFuzzer harness for the user directory parser
 * (cp/vm/directory.c).  The first byte picks the real storage CP offers a
 * guest, the rest is the directory text.  Whatever the text, the result
 * must be internally consistent: every usable entry fully valid, no two
 * usable entries with one userid, diagnostics inside the input, the same
 * result again, and the same result with CRLF line ends.  A first byte of
 * X'FF' stretches the text past DIR_MAX_INPUT to exercise the size limit;
 * X'C0'-X'FE' makes the rest a program that generates the directory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cp/vm/directory.h"

#define CHECK(e) do {                                                               \
        if (!(e)) {                                                                 \
            fprintf(stderr, "invariant failed: %s (line %d)\n", #e, __LINE__);      \
            abort();                                                                \
        }                                                                           \
    } while (0)

static bool upper_printable(char c, bool blank_ok)
{
    return (c > ' ' || (blank_ok && c == ' ')) && c <= '~' && !(c >= 'a' && c <= 'z');
}

static struct directory d1, d2;
static char crlf[2 * 65536];
static char big[DIR_MAX_INPUT + 8192];
static char gentext[65536];

static bool name_ok(const char *s, size_t max)
{
    size_t n = strnlen(s, max + 1);
    if (n == 0 || n > max)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '@' || c == '#' || c == '$'))
            return false;
    }
    return true;
}

static bool overlap(uint32_t a, uint32_t na, uint32_t b, uint32_t nb)
{
    return a < b + nb && b < a + na;
}

static void check_user(const struct directory *d, const struct dir_user *u, uint64_t max_guest,
                       uint32_t nlines)
{
    CHECK(u->line >= 1 && u->line <= nlines);
    if (!u->usable)
        return;
    CHECK(name_ok(u->userid, 8) && dir_userid_valid(u->userid));
    CHECK(dir_find(d, u->userid) == u);
    size_t pl = strnlen(u->password, 9);
    CHECK(pl >= 1 && pl <= 8);
    for (size_t i = 0; i < pl; i++)
        CHECK(upper_printable(u->password[i], false));
    bool keyword = !strcmp(u->password, "NOLOG") || !strcmp(u->password, "NOPASS") ||
                   !strcmp(u->password, "AUTOONLY") || !strcmp(u->password, "LBYONLY");
    CHECK((u->pwkind == DIR_PW_TEXT) == !keyword);
    char c;
    size_t cl = strnlen(u->classes, 33);
    CHECK(cl >= 1 && cl <= 32);
    for (size_t i = 0; i < cl; i++) {
        c = u->classes[i];
        CHECK((c >= 'A' && c <= 'Z') || (c >= '1' && c <= '6'));
    }
    CHECK(u->storage > 0 && u->storage % 65536 == 0 && u->maxstorage % 65536 == 0);
    CHECK(u->storage <= u->maxstorage && u->storage <= max_guest);
    CHECK(u->machine == DIR_MACHINE_Z || u->machine == DIR_MACHINE_ESA);
    CHECK(u->ipl[0] == '\0' ? !u->ipl_cms : name_ok(u->ipl, 8));
    CHECK(u->ipl_cms == (strcmp(u->ipl, "CMS") == 0));
    c = u->console_class;
    CHECK((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
    if (!u->has_console)
        CHECK(u->console_vdev == DIR_DEFAULT_CONSOLE && c == DIR_DEFAULT_CONCLASS);
    if (u->share_type == DIR_SHARE_RELATIVE)
        CHECK(u->share_value >= 1 && u->share_value <= 10000);
    else
        CHECK(u->share_type == DIR_SHARE_ABSOLUTE && u->share_value >= 1 && u->share_value <= 100);
    CHECK(u->nnics <= DIR_MAX_NICS);
    for (uint32_t i = 0; i < u->nnics; i++) {
        const struct dir_nic *n = &u->nics[i];
        CHECK(n->devices >= 3 && n->devices <= 3072);
        CHECK((uint32_t)n->vdev + n->devices - 1 <= 0xFFFF);
        CHECK(n->line > u->line && n->line <= nlines);
        CHECK(!overlap(n->vdev, n->devices, u->console_vdev, 1));   /* given or default 0009 */
        for (uint32_t j = 0; j < i; j++)
            CHECK(!overlap(n->vdev, n->devices, u->nics[j].vdev, u->nics[j].devices));
        if (n->coupled)
            CHECK((!strcmp(n->lan_owner, "SYSTEM") || !strcmp(n->lan_owner, "*")) &&
                  name_ok(n->lan_name, 8));
        else
            CHECK(n->lan_owner[0] == '\0' && n->lan_name[0] == '\0');
    }
    for (uint32_t i = 0; i < d->ndiags; i++)
        CHECK(d->diags[i].line != u->line);
}

static void check(const struct directory *d, const char *text, size_t len, uint64_t max_guest)
{
    uint32_t lines = 0;
    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n';
    if (len && text[len - 1] != '\n')
        lines++;
    bool too_long = len > DIR_MAX_INPUT;
    CHECK(too_long ? d->nlines <= lines : d->nlines == lines);
    CHECK(d->nusers <= DIR_MAX_USERS && d->ndiags <= DIR_MAX_DIAGS);
    CHECK(d->ndiags_dropped == 0 || d->ndiags == DIR_MAX_DIAGS);
    for (uint32_t i = 0; i < d->ndiags; i++) {
        const struct dir_diag *g = &d->diags[i];
        CHECK(g->line >= 1 && g->line <= d->nlines);
        CHECK((int)g->err < 0 && (int)g->err > -DIR_ERR_COUNT);
        CHECK(strcmp(dir_err_str(g->err), "unknown directory error") != 0);
        size_t tl = strnlen(g->token, sizeof g->token);
        CHECK(tl >= 1 && tl < sizeof g->token);
        for (size_t k = 0; k < tl; k++)
            CHECK(upper_printable(g->token[k], true));
        if (i)
            CHECK(g->line >= d->diags[i - 1].line || g->err == DIR_ERR_VDEV_CONFLICT ||
                  d->diags[i - 1].err == DIR_ERR_VDEV_CONFLICT);
    }
    if (too_long && d->ndiags < DIR_MAX_DIAGS)
        CHECK(d->ndiags && d->diags[d->ndiags - 1].err == DIR_ERR_INPUT_TOO_LONG);
    for (uint32_t i = 0; i < d->nusers; i++) {
        const struct dir_user *u = &d->users[i];
        check_user(d, u, max_guest, d->nlines);
        if (i)
            CHECK(u->line > d->users[i - 1].line);
        if (d->ndiags == 0)
            CHECK(u->usable);
        if (!u->usable && d->ndiags_dropped == 0) {       /* some diagnostic explains it */
            bool found = false;
            for (uint32_t k = 0; k < d->ndiags; k++)
                found |= d->diags[k].line >= u->line;
            CHECK(found);
        }
        for (uint32_t j = 0; j < i; j++)
            CHECK(!(u->usable && d->users[j].usable && !strcmp(u->userid, d->users[j].userid)));
    }
}

/* ---- generated directories ----------------------------------------------------
 * Inputs whose first byte is X'C0'-X'FE' are a program: bytes pick statements
 * and operands from tables of valid and near-valid words, then maybe cut the
 * statement short, add a word or a raw byte, so the fuzzer reaches deep
 * combinations (overlapping NICs, duplicates, every limit) without a corpus. */

struct gen {
    const uint8_t *p, *end;
    char          *out;
    size_t         n, cap;
};

static uint8_t gbyte(struct gen *g)
{
    return g->p < g->end ? *g->p++ : 0;
}

static void gput(struct gen *g, const char *w)
{
    size_t k = strlen(w);
    if (g->n + k + 2 < g->cap) {
        if (g->n && g->out[g->n - 1] != '\n')
            g->out[g->n++] = ' ';
        memcpy(g->out + g->n, w, k);
        g->n += k;
    }
}

static void gnl(struct gen *g)
{
    if (g->n + 1 < g->cap)
        g->out[g->n++] = '\n';
}

#define PICK(g, tab) gput(g, tab[gbyte(g) % (sizeof tab / sizeof tab[0])])

static void gvdev(struct gen *g)
{
    static const unsigned base[] = { 0x0000, 0x0008, 0x0600, 0x0700, 0xFFF0, 0xF400 };
    char w[8];
    unsigned b = base[gbyte(g) % 6];
    snprintf(w, sizeof w, "%X", (b + (gbyte(g) & 0x0F)) & 0xFFFF);
    gput(g, w);
}

/* Cut the statement that began at st short by some words, or add a word
 * or a raw byte, as the next byte says. */
static void gdamage(struct gen *g, size_t st)
{
    static const char *const junk[] = { "X", "1", "LIMITSOFT", "PARM", "TYPE", "*", "%" };
    uint8_t c = gbyte(g);
    switch (c % 8) {
    case 0:
    case 1:
        for (int k = c / 8 % 6 + 1; k; k--)
            while (g->n > st && g->out[--g->n] != ' ')
                ;
        break;
    case 2: PICK(g, junk); break;
    case 3:
        if (g->n + 2 < g->cap && g->n > st)
            g->out[g->n - 1 - gbyte(g) % (g->n - st)] = (char)gbyte(g);
        break;
    default: break;
    }
}

static size_t generate(const uint8_t *p, size_t n, char *out, size_t cap)
{
    static const char *const ids[] = { "GST1", "GST2", "gst1", "GST3", "$@#", "GST-1", "A23456789" };
    static const char *const pws[] = { "PW", "NOLOG", "NOPASS", "PASSWORD9", "X" };
    static const char *const stor[] = { "4M", "16M", "4096K", "64K", "1G", "4K", "0M", "8", "2G",
                                        "17179869184G", "4T", "M" };
    static const char *const cls[] = { "G", "ABCDEFG", "G7", "123456",
                                       "ABCDEFGHIJKLMNOPQRSTUVWXYZ1234567" };
    static const char *const modes[] = { "Z", "ESA", "XA", "XC", "Z 1", "ESA 2", "FOO", "" };
    static const char *const ipls[] = { "CMS", "0190", "LONGNAME9", "CMS PARM AUTOCR", "" };
    static const char *const ctype[] = { "3215", "3215 T", "3215 A", "3270", "3215 TT", "" };
    static const char *const share[] = { "RELATIVE 100", "RELATIVE 10000", "RELATIVE 0",
                                         "ABSOLUTE 100%", "ABSOLUTE 0%", "ABSOLUTE 5", "REL 1",
                                         "RELATIVE X", "ABSOLUTE 1X%" };
    static const char *const nicops[] = { "TYPE QDIO", "TYPE HIPER", "TYPE X", "DEV 3",
                                          "DEVICES 4", "DEVICES 2", "DEVICES 3072", "DEVICES Z",
                                          "LAN SYSTEM LAN1", "LAN * L2", "LAN OPERATOR X",
                                          "LAN SYSTEM LANNAME99", "MACID 0E4E8E", "FOO", "" };
    static const char *const misc[] = { "* comment", "", "IDENTITY X PW 4M 4M G", "MDISK 191",
                                        "FOO", "PROFILE P", " * x", "CONSOLE G00 3215" };
    struct gen g = { p, p + n, out, 0, cap };
    while (g.p < g.end) {
        size_t st = g.n;
        uint8_t op = gbyte(&g);
        switch (op % 10) {
        case 0:
            gput(&g, "USER"); PICK(&g, ids); PICK(&g, pws); PICK(&g, stor); PICK(&g, stor);
            PICK(&g, cls);
            break;
        case 1: gput(&g, "MACHINE"); PICK(&g, modes); break;
        case 2: gput(&g, "IPL"); PICK(&g, ipls); break;
        case 3: gput(&g, "CONSOLE"); gvdev(&g); PICK(&g, ctype); break;
        case 4: gput(&g, "SHARE"); PICK(&g, share); break;
        case 5:
        case 6:
            gput(&g, "NICDEF"); gvdev(&g);
            for (uint8_t k = gbyte(&g) % 4; k; k--)
                PICK(&g, nicops);
            break;
        case 7: PICK(&g, misc); break;
        case 8:                                         /* a run of distinct users */
            for (unsigned k = gbyte(&g); k; k--) {
                char w[48];
                snprintf(w, sizeof w, "USER U%u PW 4M 16M G", k);
                gput(&g, w);
                gnl(&g);
            }
            continue;
        default: {                                      /* one line, many times */
            const char *w = misc[gbyte(&g) % (sizeof misc / sizeof misc[0])];
            for (unsigned k = gbyte(&g) * 8u; k; k--) {
                gput(&g, w);
                gnl(&g);
            }
            continue;
        }
        }
        gdamage(&g, st);
        gnl(&g);
    }
    return g.n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint64_t reals[] = { 0, 1ull << 20, 4ull << 20, 16ull << 20, 64ull << 20,
                                      1ull << 30, UINT64_MAX };
    if (size == 0)
        return 0;
    uint64_t max_guest = reals[data[0] % (sizeof reals / sizeof reals[0])];
    const char *text = (const char *)data + 1;
    size_t len = size - 1;

    if (data[0] == 0xFF && len >= 3 && len <= 8192) {   /* past the size limit */
        /* head, a comment line as long as it takes, then the tail: the
         * 256K boundary falls data[1] % tail bytes into the tail */
        size_t k = (len - 1) / 2, tail = len - 1 - k;
        size_t t = DIR_MAX_INPUT - data[1] % tail;      /* tail's offset */
        memcpy(big, text + 1, k);
        memcpy(big + k, "\n*", 2);
        memset(big + k + 2, 'x', t - k - 3);
        big[t - 1] = '\n';
        memcpy(big + t, text + 1 + k, tail);
        dir_parse(big, t + tail, max_guest, &d1);
        check(&d1, big, t + tail, max_guest);
        return 0;
    }

    if (data[0] >= 0xC0) {                              /* a generated directory */
        len = generate(data + 1, size - 1, gentext, sizeof gentext);
        text = gentext;
    }

    dir_parse(text, len, max_guest, &d1);
    check(&d1, text, len, max_guest);

    dir_parse(text, len, max_guest, &d2);               /* deterministic, no hidden state */
    CHECK(memcmp(&d1, &d2, sizeof d1) == 0);

    /* Without CRs and far below the size limit, CRLF line ends change nothing. */
    if (len <= sizeof crlf / 2 && !memchr(text, '\r', len)) {
        size_t n = 0;
        for (size_t i = 0; i < len; i++) {
            if (text[i] == '\n')
                crlf[n++] = '\r';
            crlf[n++] = text[i];
        }
        if (n <= DIR_MAX_INPUT) {
            dir_parse(crlf, n, max_guest, &d2);
            CHECK(memcmp(&d1, &d2, sizeof d1) == 0);
        }
    }
    return 0;
}
