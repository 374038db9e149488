/*
 * osa.h - the adapter side of an OSA-Express (QDIO, layer 3) NIC as CP
 * emulates it for a guest (pure).
 *
 * One struct osa per virtual NIC.  Its devices are CTL-READ (vdev),
 * CTL-WRITE (vdev+1) and DATA (vdev+2); cp/vm/vnic.c turns the guest's
 * CCWs into the calls below.  The protocol is the one Linux's qeth driver
 * and Hercules Hyperion speak (shared/reference/qdio-osa.md §3-§4):
 *
 *   CTL-READ   WRITE IDX ACTIVATE 1901 + READ reply   -> read path active
 *   CTL-WRITE  WRITE IDX ACTIVATE 1501 + READ reply   -> write path active
 *   CTL-WRITE  WRITE CM_ENABLE, CM_SETUP, ULP_ENABLE, ULP_SETUP, DM_ACT, IPA
 *   CTL-READ   READ: the reply to each (blocks until one is queued)
 *   DATA       ESTABLISH QUEUES (QDR), ACTIVATE QUEUES (runs until halted)
 *
 * Strict where Hercules is lenient: each PDU must come in order (the phase
 * table in osa.c) and carry the token CP gave for that step; IPA commands
 * need DM_ACT, SETIP/DELIP need STARTLAN.  What the guest gets wrong has an
 * architected outcome and a counter, never a CP failure:
 *   - a malformed IDX/PDU/QDR: unit check, sense byte 0 = data check (08)
 *   - a well-formed request out of sequence or with a wrong token: unit
 *     check, command reject (80)
 *   - an IPA command CP refuses: the IPA reply's return code
 *   - a negative IDX reply (cause 19, "in use") for an IDX ACTIVATE on a
 *     path that is already active.
 * A new IDX ACTIVATE on CTL-READ after the session was set up restarts
 * the adapter: the old session ends and its addresses are unregistered.
 *
 * IP registration goes to the NIC's port on its guest LAN (guestlan/):
 * SETIP -> gl_ip_register (a duplicate on the LAN: rc E005), DELIP ->
 * gl_ip_unregister, STOPLAN and a restart unregister everything.
 */
#ifndef QDIO_OSA_H
#define QDIO_OSA_H

#include "port.h"
#include "qdio/pdu.h"
#include "qdio/qdr.h"
#include "guestlan/lan.h"

#define OSA_REPLY_MAX       512         /* bytes of one queued reply         */
#define OSA_REPLIES         4           /* replies queued for CTL-READ       */
#define OSA_MAX_IPS         GL_MAX_ADDRS_PER_PORT   /* addresses per NIC     */
#define OSA_MTU_UNCOUPLED   8192        /* reported when no LAN: MFS 8K      */

enum osa_role { OSA_ROLE_READ = 0, OSA_ROLE_WRITE = 1, OSA_ROLE_DATA = 2 };

/* Where the control session is; each PDU moves it one step (osa.c). */
enum osa_phase {
    OSA_PHASE_NONE,                     /* no IDX ACTIVATE yet               */
    OSA_PHASE_IDX,                      /* both IDX paths active             */
    OSA_PHASE_CM_ENABLED,
    OSA_PHASE_CM_SETUP,
    OSA_PHASE_ULP_ENABLED,
    OSA_PHASE_ULP_SETUP,                /* queues may be established         */
    OSA_PHASE_DM_ACTIVE,                /* IPA commands accepted             */
    OSA_PHASE_COUNT
};

/* What a channel command ends with. */
enum osa_outcome {
    OSA_DONE,                           /* channel end + device end          */
    OSA_WAIT,                           /* READ with nothing queued, AQ      */
    OSA_CMD_REJECT,                     /* unit check, sense 80              */
    OSA_DATA_CHECK,                     /* unit check, sense 08              */
};

/* Every counter only grows; QUERY NIC DETAILS shows them. */
struct osa_counters {
    uint64_t pdus;                      /* control PDUs accepted             */
    uint64_t ipa_cmds;                  /* IPA commands answered             */
    uint64_t ipa_refused;               /* ... of them with rc != 0          */
    uint64_t idx_errors;                /* malformed/refused IDX ACTIVATE    */
    uint64_t pdu_errors;                /* malformed PDUs (data check)       */
    uint64_t seq_errors;                /* out of sequence / wrong token     */
    uint64_t qdio_errors;               /* refused QDRs / ACTIVATE QUEUES    */
    uint64_t reply_overruns;            /* reply queue full (command reject) */
    /* data path (qdio/osadata.c) */
    uint64_t sigas;                     /* SIGA instructions on DATA         */
    uint64_t siga_errors;               /* SIGA while the queues are not active */
    uint64_t buffer_errors;             /* buffers put in the error state    */
    uint64_t slsb_errors;               /* an SLSB state the adapter cannot take */
};

struct osa_reply {
    uint16_t len;
    uint8_t  buf[OSA_REPLY_MAX];
};

struct osa {
    /* identity, set by osa_init */
    uint16_t vdev;
    struct gl_net *net;
    uint16_t port;                      /* guest LAN port, GL_PORT_NONE     */
    /* control session */
    enum osa_phase phase;
    bool     idx_read, idx_write;       /* IDX ACTIVATE done on that path    */
    bool     idx_reply_pending[2];      /* IEAR waiting for READ (read/write)*/
    uint8_t  idx_reply[2][sizeof(struct idx_act)];
    bool     lan_started;               /* STARTLAN done                     */
    uint16_t mtu;                       /* reported in ULP_ENABLE            */
    uint8_t  ulp_proto;
    uint32_t drv_cm_conn, drv_ulp_conn; /* the guest's tokens, echoed        */
    uint32_t th_seq, seq, ackseq;       /* our TH and RRH sequence numbers   */
    uint16_t ipa_seq;                   /* last IPA sequence seen            */
    char     conn_name[9];              /* IDX name, ASCII                   */
    /* replies for CTL-READ, oldest first */
    struct osa_reply replies[OSA_REPLIES];
    unsigned head, count;
    /* QDIO queues */
    struct qdr_config queues;           /* valid when established            */
    bool     established, active;
    uint8_t  out_next[QDR_MAX_OUTQ];    /* next output buffer to look at     */
    uint8_t  in_next;                   /* next input buffer to fill (queue 0) */
    struct osa_counters c;
};

/* Tokens CP hands out, per NIC (vdev in the low half makes them unique
 * per guest and readable in traces). */
#define OSA_TOKEN(vdev, kind)   (0xE5000000u | (uint32_t)(kind) << 16 | (vdev))
enum osa_token_kind {
    OSA_TOK_IDX_READ = 1, OSA_TOK_IDX_WRITE, OSA_TOK_CM_FILTER, OSA_TOK_CM_CONN,
    OSA_TOK_ULP_FILTER, OSA_TOK_ULP_CONN,
};

/* A fresh adapter for the NIC at vdev, its LAN port port on net. */
void osa_init(struct osa *a, uint16_t vdev, struct gl_net *net, uint16_t port);

/* End the session (LOGOFF, DETACH, restart): addresses unregistered,
 * replies dropped, queues inactive. */
void osa_reset(struct osa *a);

/* A WRITE of len bytes on device role (READ or WRITE): IDX ACTIVATE
 * before the path is active, an MPC PDU on CTL-WRITE after.  Replies are
 * queued for osa_read; *reply_ready tells that one was queued. */
enum osa_outcome osa_write(struct osa *a, enum osa_role role, const uint8_t *buf, size_t len,
                           bool *reply_ready);

/* A READ of at most max bytes on device role: the next queued reply into
 * out (*len = its length, truncated to max), OSA_WAIT when none is queued
 * on CTL-READ, OSA_CMD_REJECT when nothing can ever come. */
enum osa_outcome osa_read(struct osa *a, enum osa_role role, uint8_t *out, size_t max,
                          size_t *len);

/* ESTABLISH QUEUES: qdr (len bytes, read with the channel program's
 * key) is validated against the guest's storage gs. */
enum osa_outcome osa_establish(struct osa *a, const struct gstore *gs, const uint8_t *qdr,
                               size_t len);
/* ACTIVATE QUEUES: OSA_WAIT (the command runs until halted) or a reject. */
enum osa_outcome osa_activate(struct osa *a);
/* HSCH/CSCH on the DATA device: the queues stop. */
void osa_halt(struct osa *a);

/* ---- data path (qdio/osadata.c) ---------------------------------------- */

/* SIGA function codes (GR0) and the condition codes they end with. */
#define OSA_SIGA_WRITE      0
#define OSA_SIGA_READ       1
#define OSA_SIGA_SYNC       2

/* One datagram (after its qdio header) taken from an output buffer, with
 * the IPv4 next hop the header named (0 if none). */
typedef void (*osa_send_fn)(void *ctx, struct osa *a, const uint8_t *dgram, size_t len,
                            uint32_t nexthop);

/* SIGA with function fc and queue mask (GR2: bit 0 = queue 0) on the
 * DATA device; gs is the guest's storage, buf QBUF_PACKET_MAX bytes of
 * scratch.  SIGA-w walks every output queue in the mask from its next
 * buffer while buffers are primed (62), hands each datagram to send, and
 * marks the buffer empty (A1) or, when it is malformed or out of reach,
 * error (AF).  SIGA-r/-s have nothing to do (input is stored when it
 * arrives).  Returns the condition code: 0, or 1 when the queues are not
 * active.  fc is 0-2 (the caller gives other codes a specification
 * exception, as Hercules does for SIGA-m). */
int osa_siga(struct osa *a, const struct gstore *gs, unsigned fc, uint32_t mask, uint8_t *buf,
             osa_send_fn send, void *ctx);

/* Store one datagram into the next input buffer of queue 0 (strictly in
 * ring order) with its inbound qdio header, and prime it (82).  False when
 * the queues are not active or that buffer is not empty (41), too small,
 * or out of reach (then it is put in the error state, 8F). */
bool osa_deliver(struct osa *a, const struct gstore *gs, const uint8_t *dgram, size_t len,
                 bool broadcast);

/* For displays: "None", "IDX Active", ..., "Session Established". */
const char *osa_phase_name(enum osa_phase p);

#endif
