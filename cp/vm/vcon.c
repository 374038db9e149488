/*
 * vcon.c - virtual 3215 console device (pure; see vcon.h).
 * CCWs: 01 write, 09 write + carrier return, 0A read inquiry, 0B audible
 * alarm; NOP, SENSE and SENSE ID are the channel's (vio.c).  Anything else
 * is rejected with unit check, sense byte 0 = 80 (command reject).
 */
#include "cp/vm/vcon.h"
#include "lib/ebcdic.h"
#include "hw/irb.h"

#define VCON_CMD_WRITE      0x01
#define VCON_CMD_WRITE_CR   0x09
#define VCON_CMD_READ       0x0A
#define VCON_CMD_ALARM      0x0B
#define SENSE_CMD_REJECT    0x80

const uint8_t vcon_senseid[7] = { 0xFF, 0x32, 0x15, 0x01, 0x32, 0x15, 0x01 };

void vcon_init(struct vcon *c, const char *userid,
               void (*output)(void *ctx, const char *line), void *ctx)
{
    memset(c, 0, sizeof *c);
    for (size_t i = 0; i < sizeof c->userid - 1 && userid[i]; i++)
        c->userid[i] = userid[i];
    c->output = output;
    c->ctx = ctx;
}

void vcon_show(struct vcon *c, const char *text)
{
    char line[VCON_OUT_MAX + 12];
    ksnprintf(line, sizeof line, "%s: %s", c->userid, text);
    c->output(c->ctx, line);
}

static enum vio_step do_write(struct vcon *c, struct vio_sch *s, const struct vio_ccw *ccw,
                              uint16_t *res)
{
    uint8_t buf[VCON_OUT_MAX];
    char text[VCON_OUT_MAX + 1];
    uint16_t n = ccw->count < VCON_OUT_MAX ? ccw->count : VCON_OUT_MAX;
    enum gs_err e = vio_data_out(s, ccw, buf, n);
    if (e != GS_OK) {
        *res = ccw->count;
        return vio_gs_step(e);          /* channel program / protection check */
    }
    for (uint16_t i = 0; i < n; i++) {
        uint8_t ch = ebcdic_to_latin1[buf[i]];
        text[i] = (char)(ch < 0x20 || ch == 0x7F ? ' ' : ch);
    }
    while (n && text[n - 1] == ' ')
        n--;
    text[n] = '\0';
    c->lines_out++;
    vcon_show(c, text);
    *res = 0;                           /* the whole line was taken */
    return VIO_STEP_DONE;
}

static enum vio_step do_read(struct vcon *c, struct vio_sch *s, const struct vio_ccw *ccw,
                             uint16_t *res)
{
    uint8_t buf[VCON_LINE_MAX];
    if (!c->count)
        return VIO_STEP_WAIT;
    uint16_t n = c->in[c->head].len;
    if (n > ccw->count)
        n = ccw->count;
    for (uint16_t i = 0; i < n; i++)
        buf[i] = ebcdic_from_latin1[(uint8_t)c->in[c->head].text[i]];
    enum gs_err e = vio_data_in(s, ccw, buf, n);
    if (e != GS_OK) {
        *res = ccw->count;
        return vio_gs_step(e);          /* line stays queued */
    }
    c->head = (c->head + 1) % VCON_INPUT_MAX;
    c->count--;
    c->lines_in++;
    *res = (uint16_t)(ccw->count - n);
    return VIO_STEP_DONE;
}

static enum vio_step vcon_ccw(struct vio_sch *s, const struct vio_ccw *ccw, uint16_t *res)
{
    struct vcon *c = s->dev;
    s->nsense = 1;
    s->sense[0] = 0;
    switch (ccw->cmd) {
    case VCON_CMD_WRITE:
    case VCON_CMD_WRITE_CR:
        return do_write(c, s, ccw, res);
    case VCON_CMD_READ:
        return do_read(c, s, ccw, res);
    case VCON_CMD_ALARM:
        *res = ccw->count;
        return VIO_STEP_DONE;
    default:
        s->sense[0] = SENSE_CMD_REJECT;
        *res = ccw->count;
        return VIO_STEP_UNIT_CHECK;
    }
}

static void vcon_halt(struct vio_sch *s)
{
    (void)s;                            /* a halted read leaves the queue alone */
}

const struct vio_dev_ops vcon_ops = { vcon_ccw, vcon_halt };

bool vcon_input(struct vcon *c, const char *text)
{
    if (c->count == VCON_INPUT_MAX)
        return false;
    unsigned slot = (c->head + c->count++) % VCON_INPUT_MAX;
    size_t n = strlen(text);
    if (n > VCON_LINE_MAX)
        n = VCON_LINE_MAX;
    memcpy(c->in[slot].text, text, n);
    c->in[slot].len = (uint8_t)n;
    if (c->sch) {
        if (c->sch->blocked)
            vio_resume(c->sch);
        else
            vio_unsolicited(c->sch, DEV_STAT_ATTN);
    }
    return true;
}
