/*
 * name.c - z/VM names: userids, LAN names (pure).  A name is 1-8 of
 * A-Z 0-9 @ # $; commands accept it in any case and fold it to upper case.
 */
#include "port.h"

bool name_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '@' || c == '#' || c == '$';
}

bool name_fold(const char *s, char out[NAME_MAX_LEN + 1])
{
    size_t i;
    if (!s)
        return false;
    for (i = 0; s[i]; i++) {
        char c = port_upper(s[i]);
        if (i == NAME_MAX_LEN || !name_char(c))
            return false;
        out[i] = c;
    }
    out[i] = '\0';
    return i > 0;
}
