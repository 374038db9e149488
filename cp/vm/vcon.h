/*
 * vcon.h - a guest's virtual 3215 console (pure).
 *
 * Guest writes (CCW 01/09) become lines "USERID: text" for the operator;
 * guest reads (CCW 0A) complete with the next line queued by SEND, or wait
 * until one is queued.  A line queued while the subchannel is idle raises
 * ATTENTION, as a real 3215 does when the operator presses Enter.
 */
#ifndef CP_VM_VCON_H
#define CP_VM_VCON_H

#include "port.h"
#include "cp/vm/vio.h"

#define VCON_LINE_MAX   150
#define VCON_INPUT_MAX  16
#define VCON_OUT_MAX    132             /* bytes of a guest line shown      */

struct vcon {
    struct vio_sch *sch;
    char  userid[9];
    void (*output)(void *ctx, const char *line);    /* "USERID: text"       */
    void *ctx;
    unsigned head, count;
    struct {
        uint8_t len;
        char    text[VCON_LINE_MAX];
    } in[VCON_INPUT_MAX];
    uint64_t lines_out, lines_in;
};

extern const struct vio_dev_ops vcon_ops;
extern const uint8_t vcon_senseid[7];
#define VCON_SENSEID_LEN 7

void vcon_init(struct vcon *c, const char *userid,
               void (*output)(void *ctx, const char *line), void *ctx);
/* Queue an input line (SEND); false if the queue is full (nothing queued). */
bool vcon_input(struct vcon *c, const char *text);
/* Show text as if the guest had written it (CP messages to the user). */
void vcon_show(struct vcon *c, const char *text);

#endif
