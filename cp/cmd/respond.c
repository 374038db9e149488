/*
 * respond.c - response output helpers and the Ready line (pure).
 */
#include "cp/cmd/cmd.h"

void cp_out_line(const struct cp_out *o, const char *text)
{
    o->line(o->ctx, text);
}

void cp_out_printf(const struct cp_out *o, const char *fmt, ...)
{
    char buf[CP_OUT_LINE_MAX + 1];
    va_list ap;
    va_start(ap, fmt);
    kvsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    o->line(o->ctx, buf);
}

int cp_out_msg(const struct cp_out *o, enum msg_id id, ...)
{
    char buf[CP_OUT_LINE_MAX + 1];
    va_list ap;
    va_start(ap, id);
    msg_vformat(buf, sizeof buf, id, ap);
    va_end(ap);
    o->line(o->ctx, buf);
    return (int)msg_number(id);
}
