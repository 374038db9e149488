/*
 * parse.c - command-line tokens and IBM abbreviation rules (pure).
 * Keywords are case-insensitive; any truncation from the minimum
 * abbreviation up to the full word is accepted (z/VM CP conventions).
 */
#include "cp/cmd/cmd.h"

unsigned cp_tokenize(const char *line, struct cp_tokens *t)
{
    size_t len = 0;
    while (len < CP_LINE_MAX && line[len])
        len++;
    memcpy(t->buf, line, len);
    t->buf[len] = '\0';
    t->n = 0;
    t->overflow = false;
    t->extra = NULL;

    char *p = t->buf;
    for (;;) {
        while (*p == ' ' || *p == '\t')
            *p++ = '\0';
        if (!*p)
            break;
        if (t->n == CP_MAX_TOKENS && !t->overflow) {
            t->overflow = true;
            t->extra = p;
        }
        if (!t->overflow) {
            t->off[t->n] = (uint8_t)(p - t->buf);
            t->tok[t->n++] = p;
        }
        while (*p && *p != ' ' && *p != '\t')
            p++;
    }
    return t->n;
}

bool cp_abbrev(const char *tok, const char *name, unsigned min)
{
    size_t n = strlen(tok);
    if (n < min || n > strlen(name))
        return false;
    for (size_t i = 0; i < n; i++)
        if (port_upper(tok[i]) != name[i])
            return false;
    return true;
}

const struct cp_keyword *cp_keyword_find(const struct cp_keyword *table, size_t n,
                                         const char *tok)
{
    for (size_t i = 0; i < n; i++)
        if (cp_abbrev(tok, table[i].name, table[i].min))
            return &table[i];
    return NULL;
}

void cp_upper(char *buf, size_t n, const char *tok)
{
    size_t i = 0;
    if (!n)
        return;
    for (; tok[i] && i + 1 < n; i++)
        buf[i] = port_upper(tok[i]);
    buf[i] = '\0';
}

bool cp_vdev(const char *tok, uint16_t *out)
{
    size_t n = strlen(tok);
    uint32_t v = 0;
    if (n < 1 || n > 4)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = port_upper(tok[i]);
        if (c >= '0' && c <= '9')
            v = v * 16 + (uint32_t)(c - '0');
        else if (c >= 'A' && c <= 'F')
            v = v * 16 + (uint32_t)(c - 'A' + 10);
        else
            return false;
    }
    *out = (uint16_t)v;
    return true;
}
