/*
 * mpc.h - OSA-Express control path: IDX ACTIVATE request/reply and the MPC
 * PDU (TH, RRH, PH, PUK, PUS) carried on the CTL-READ/CTL-WRITE devices.
 *
 * Source: IBM publishes no specification.  Layouts follow Linux
 * drivers/s390/net/qeth_core_mpc.[ch] and Hercules Hyperion 4.9 qeth.h/
 * qeth.c, checked against a running Hyperion QETH in
 * shared/reference/qdio-osa.md §3-§4.  Big-endian; offsets in hex.
 *
 * A PDU is TH + RRH + PH + data; every offset in a PDU is counted from the
 * start of the TH.  Drivers send a 0x24-byte RRH (PH at 0x38, data at
 * 0x40); Hercules replies with the 0x1C-byte short RRH (PH at 0x30, data
 * at 0x38), so readers must follow TH offrrh -> RRH offph -> PH offdata
 * instead of assuming offsets.  The exchange order and the token chain
 * are in qdio-osa.md §3/§4 ("Token chain").
 *
 * Representation as in hw/qdio.h: structs of uint8_t arrays, multi-byte
 * fields only through lib/be.h (mpc_get24/mpc_put24 for 3-byte lengths).
 */
#ifndef HW_MPC_H
#define HW_MPC_H

#include "lib/be.h"

static inline uint32_t mpc_get24(const uint8_t *p)
{
    return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
}

static inline void mpc_put24(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 16);
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)v;
}

/* ---- IDX ACTIVATE request (0x22 bytes) and reply (IEAR) -------------- */
struct idx_act {
    uint8_t first4[4];          /* 0x00 IDX_FIRST4                          */
    uint8_t seq[4];             /* 0x04 TH sequence number                  */
    uint8_t type[2];            /* 0x08 req: IDX_TYPE_*; reply: [0] resp,   */
                                /*      [1] cause (IDX_CAUSE_*)             */
    uint8_t datapaths;          /* 0x0A number of data paths (1)            */
    uint8_t port;               /* 0x0B req: 0x80 | port; reply: flags C0  */
    uint8_t token[4];           /* 0x0C req: issuer RM token; reply: token  */
    uint8_t func_level[2];      /* 0x10 function level (reply 0201)         */
    uint8_t ucode_level[4];     /* 0x12 microcode level (Hercules 'HRC1')   */
    uint8_t name[8];            /* 0x16 dataset name, EBCDIC ("HALLOLE ")   */
    uint8_t data_cua;           /* 0x1E data device CUA                     */
    uint8_t data_ua;            /* 0x1F data device unit address           */
    uint8_t data_devno[2];      /* 0x20 data device number                  */
};
_Static_assert(sizeof(struct idx_act) == 0x22, "IDX ACTIVATE is 0x22 bytes");
_Static_assert(__builtin_offsetof(struct idx_act, type) == 0x08, "type at 0x08");
_Static_assert(__builtin_offsetof(struct idx_act, token) == 0x0C, "token at 0x0C");
_Static_assert(__builtin_offsetof(struct idx_act, name) == 0x16, "name at 0x16");
_Static_assert(__builtin_offsetof(struct idx_act, data_devno) == 0x20, "devno at 0x20");

#define IDX_FIRST4              0x00008000u
#define IDX_TYPE_READ           0x1901  /* on the CTL-READ device               */
#define IDX_TYPE_WRITE          0x1501  /* on the CTL-WRITE device              */
#define IDX_PORT_ACTIVATE       0x80
#define IDX_RESP_MASK           0x03    /* reply byte 0x08                      */
#define IDX_RESP_POSITIVE       0x02
#define IDX_CAUSE_IN_USE        0x19    /* reply byte 0x09: exclusively used    */
#define IDX_REPLY_FLAGS         0xC0    /* reply byte 0x0B (Hercules)           */
#define IDX_REPLY_FUNC_LEVEL    0x0201

static inline bool idx_reply_positive(const struct idx_act *r)
{
    return (r->type[0] & IDX_RESP_MASK) == IDX_RESP_POSITIVE;
}

/* ---- TH: transport header, 0x14 bytes --------------------------------- */
struct mpc_th {
    uint8_t first4[4];          /* 0x00 MPC_TH_FIRST4 (0x0000C000 = end)    */
    uint8_t seq[4];             /* 0x04 TH sequence number                  */
    uint8_t offrrh[4];          /* 0x08 offset of the first RRH (0x14)      */
    uint8_t length[4];          /* 0x0C total PDU length                    */
    uint8_t x1000[2];           /* 0x10 0x1000 from driver, 0x0FFC adapter  */
    uint8_t numrrh[2];          /* 0x12 number of RRHs (1)                  */
};
_Static_assert(sizeof(struct mpc_th) == 0x14, "TH is 0x14 bytes");
_Static_assert(__builtin_offsetof(struct mpc_th, length) == 0x0C, "length at 0x0C");

#define MPC_TH_FIRST4           0x00E00000u
#define MPC_TH_FIRST4_END       0x0000C000u
#define MPC_TH_X_DRIVER         0x1000
#define MPC_TH_X_ADAPTER        0x0FFC

/* ---- RRH: request/response header; fixed part 0x1C bytes -------------- */
struct mpc_rrh {
    uint8_t next[4];            /* +0x00 (PDU 0x14) next RRH, 0             */
    uint8_t type;               /* +0x04 (0x18) MPC_RRH_TYPE_*              */
    uint8_t proto;              /* +0x05 (0x19) MPC_RRH_PROTO_*             */
    uint8_t numph[2];           /* +0x06 (0x1A) number of PHs (1)           */
    uint8_t seq[4];             /* +0x08 (0x1C) PDU sequence number         */
    uint8_t ackseq[4];          /* +0x0C (0x20) peer's last RRH seq         */
    uint8_t offph[2];           /* +0x10 (0x24) offset RRH -> PH            */
    uint8_t lenfida[2];         /* +0x12 (0x26) length of first data        */
    uint8_t lenalda[3];         /* +0x14 (0x28) length of all data          */
    uint8_t tokentype;          /* +0x17 (0x2B) MPC_TOKEN_TYPE              */
    uint8_t token[4];           /* +0x18 (0x2C) destination token           */
};
_Static_assert(sizeof(struct mpc_rrh) == 0x1C, "short RRH is 0x1C bytes");
_Static_assert(__builtin_offsetof(struct mpc_rrh, seq) == 0x08, "seq at +0x08");
_Static_assert(__builtin_offsetof(struct mpc_rrh, offph) == 0x10, "offph at +0x10");
_Static_assert(__builtin_offsetof(struct mpc_rrh, token) == 0x18, "token at +0x18");

#define MPC_RRH_OFF             0x14    /* TH offrrh                            */
#define MPC_RRH_LEN_DRIVER      0x24    /* driver RRH: fixed part + 0x1C-0x23   */
#define MPC_RRH_LEN_ADAPTER     0x1C    /* Hercules short RRH                   */
#define MPC_RRH_TYPE_CM         0x81
#define MPC_RRH_TYPE_ULP        0x41
#define MPC_RRH_TYPE_IPA        0xC1
#define MPC_RRH_PROTO_CONTROL   0x7E
#define MPC_RRH_PROTO_L3        0x03
#define MPC_RRH_PROTO_L2        0x08
#define MPC_TOKEN_TYPE          0x05

/* ---- PH: protocol-data header, 8 bytes -------------------------------- */
struct mpc_ph {
    uint8_t locdata;            /* +0x00 MPC_PH_LOC_IMMEDIATE               */
    uint8_t lendata[3];         /* +0x01 data length                        */
    uint8_t offdata[4];         /* +0x04 offset TH -> data                  */
};
_Static_assert(sizeof(struct mpc_ph) == 8, "PH is 8 bytes");

#define MPC_PH_LOC_IMMEDIATE    0x01
#define MPC_PH_OFF_DRIVER       0x38    /* 0x14 + 0x24                          */
#define MPC_DATA_OFF_DRIVER     0x40
#define MPC_PH_OFF_ADAPTER      0x30    /* 0x14 + 0x1C                          */
#define MPC_DATA_OFF_ADAPTER    0x38

/* ---- PUK: 0x0C bytes, then lenpus bytes of PUSes --------------------- */
struct mpc_puk {
    uint8_t length[2];          /* 0x00 PUK length, 0x000C                  */
    uint8_t what;               /* 0x02 MPC_PUK_WHAT_*                      */
    uint8_t type;               /* 0x03 MPC_PUK_TYPE_*                      */
    uint8_t lenpus[2];          /* 0x04 sum of the PUS lengths              */
    uint8_t rsvd_06[6];         /* 0x06-0x0B                                */
};
_Static_assert(sizeof(struct mpc_puk) == 0x0C, "PUK is 0x0C bytes");

#define MPC_PUK_WHAT_CM_ULP     0x41
#define MPC_PUK_WHAT_DM         0x43    /* DM_ACT                               */
#define MPC_PUK_TYPE_ENABLE     0x02
#define MPC_PUK_TYPE_DISABLE    0x03
#define MPC_PUK_TYPE_SETUP      0x04
#define MPC_PUK_TYPE_TAKEDOWN   0x05
#define MPC_PUK_TYPE_CONFIRM    0x06
#define MPC_PUK_TYPE_ACTIVE     0x60

/*
 * PUS: length(2) 0x04 type content.  The fixed shapes by type:
 *  01 proto 04 05 tok4 (0x0B) - filter token + ULP protocol (03 L3, 08 L2)
 *  02 user data 8 bytes (0x0C)
 *  03/04/05/08 05 tok4 (0x09) - 04 my connection, 05 peer filter, 08 peer conn
 *  06 2 bytes (0x06)           - C800 CM, 4000 ULP
 *  07 4 bytes (0x08)           - reply
 *  0A 00200000 mtu(2) link# namelen name8 [linktype 3*rsvd] (0x14 req / 0x18 reply)
 *  0B devno(2) cua ua (0x08)   - data device
 */
#define MPC_PUS_HDR_LEN         4
#define MPC_PUS_MARK            0x04    /* byte 2 of every PUS                  */
#define MPC_PUS_OFF_LEN         0x00
#define MPC_PUS_OFF_MARK        0x02
#define MPC_PUS_OFF_TYPE        0x03
#define MPC_PUS_FILTER          0x01
#define MPC_PUS_USERDATA        0x02
#define MPC_PUS_03              0x03
#define MPC_PUS_CONNECTION      0x04
#define MPC_PUS_PEER_FILTER     0x05
#define MPC_PUS_06              0x06
#define MPC_PUS_07              0x07
#define MPC_PUS_PEER_CONN       0x08
#define MPC_PUS_LINK            0x0A
#define MPC_PUS_DEVICE          0x0B

#define MPC_PUS02_LEN           0x0C
#define MPC_PUS07_LEN           0x08
#define MPC_PUS01_LEN           0x0B
#define MPC_PUS01_OFF_PROTO     0x04
#define MPC_PUS01_OFF_TOKEN     0x07
#define MPC_PUSTOK_LEN          0x09    /* types 03, 04, 05, 08                 */
#define MPC_PUSTOK_OFF_TOKEN    0x05
#define MPC_PUS06_LEN           0x06
#define MPC_PUS06_CM            0xC800
#define MPC_PUS06_ULP           0x4000
#define MPC_PUS0A_LEN_REQ       0x14
#define MPC_PUS0A_LEN_REPLY     0x18
#define MPC_PUS0A_OFF_WORD      0x04    /* 0x00200000 (as Linux sends)          */
#define MPC_PUS0A_WORD          0x00200000u
#define MPC_PUS0A_OFF_MTU       0x08    /* request: max wanted; reply: MTU      */
#define MPC_PUS0A_OFF_LINKNUM   0x0A
#define MPC_PUS0A_OFF_NAMELEN   0x0B
#define MPC_PUS0A_OFF_NAME      0x0C
#define MPC_PUS0A_OFF_LINKTYPE  0x14
#define MPC_PUS0B_LEN           0x08
#define MPC_PUS0B_OFF_DEVNO     0x04
#define MPC_PUS0B_OFF_CUA       0x06
#define MPC_PUS0B_OFF_UA        0x07
#define MPC_ULP_PROTO_L3        0x03    /* ULP_ENABLE: TUN on Hercules          */
#define MPC_ULP_PROTO_L2        0x08    /* ULP_ENABLE: TAP on Hercules          */

/*
 * The control sequence after both IDX ACTIVATEs (reference §3, "Token
 * chain" §4).  Every request is written on CTL-WRITE (CM/ULP/DM with RRH
 * proto 0x7E, IPA with 03 or 08); the reply is read on CTL-READ.  "_r" =
 * token taken from the adapter's reply.
 *
 *  request     RRH type  PUK what/type  RRH token      PUSes sent
 *  CM_ENABLE   81 CM     41 / 02        IDX-WRITE tok  01 (7E, my cm_filter), 02
 *    reply     CM_ENABLE 41/02: PUS01 token = cm_filter_r
 *  CM_SETUP    81 CM     41 / 04        cm_filter_r    04 my cm_conn, 05 cm_filter_r, 06 C800
 *    reply     CM_CONFIRM 41/06: PUS08 token = cm_conn_r
 *  ULP_ENABLE  41 ULP    41 / 02        cm_conn_r      01 (03 L3 | 08 L2, my ulp_filter), 0A
 *    reply     ULP_ENABLE 41/02: PUS01 = ulp_filter_r, PUS0A MTU + link type
 *  ULP_SETUP   41 ULP    41 / 04        cm_conn_r      04 my ulp_conn, 05 ulp_filter_r,
 *                                                      06 4000, 0B data device
 *    reply     ULP_CONFIRM 41/06: PUS08 token = ulp_conn_r
 *  (ESTABLISH QUEUES + ACTIVATE QUEUES on the DATA device, hw/qdio.h)
 *  DM_ACT      41 ULP    43 / 60        cm_conn_r      04 ulp_conn_r
 *    reply     43/60
 *  IPA         C1 IPA    (no PUK)       ulp_conn_r     IPA header, hw/ipa.h
 * CM/ULP TAKEDOWN (05) and DISABLE (03) get no reply.
 */

/* ---- accessors --------------------------------------------------------- */
static inline uint32_t mpc_th_offrrh(const struct mpc_th *t) { return be_get32(t->offrrh); }
static inline uint32_t mpc_th_length(const struct mpc_th *t) { return be_get32(t->length); }
static inline uint16_t mpc_rrh_offph(const struct mpc_rrh *r) { return be_get16(r->offph); }
static inline uint32_t mpc_rrh_seq(const struct mpc_rrh *r) { return be_get32(r->seq); }
static inline uint32_t mpc_rrh_token(const struct mpc_rrh *r) { return be_get32(r->token); }
static inline uint32_t mpc_ph_lendata(const struct mpc_ph *p) { return mpc_get24(p->lendata); }
static inline uint32_t mpc_ph_offdata(const struct mpc_ph *p) { return be_get32(p->offdata); }
static inline uint16_t mpc_puk_lenpus(const struct mpc_puk *k) { return be_get16(k->lenpus); }

#endif
