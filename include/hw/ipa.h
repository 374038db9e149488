/*
 * ipa.h - OSA-Express IP assist (IPA) commands and the 32-byte qdio
 * headers that precede every packet in a QDIO buffer.
 *
 * Source: IBM publishes no specification.  Layouts follow Linux
 * drivers/s390/net/qeth_core_mpc.h (struct qeth_ipa_cmd, qeth_hdr_layer3/2)
 * and Hercules Hyperion 4.9 qeth.c:1475-2306, checked against a running
 * Hyperion QETH in shared/reference/qdio-osa.md §4.  Big-endian.
 *
 * An IPA command is the data of an MPC PDU with RRH type 0xC1 (hw/mpc.h):
 * the 20-byte IPA header at data offset 0 (PDU 0x40 from a driver), then the
 * command's data.  The adapter echoes the command with rc set.
 *
 * Representation as in hw/qdio.h: structs of uint8_t arrays, multi-byte
 * fields only through lib/be.h.
 */
#ifndef HW_IPA_H
#define HW_IPA_H

#include "lib/be.h"

/* ---- IPA header, 20 bytes -------------------------------------------- */
struct ipa_hdr {
    uint8_t cmd;                /* 0x00 IPA_CMD_*                           */
    uint8_t initiator;          /* 0x01 IPA_INIT_*                          */
    uint8_t seq[2];             /* 0x02 sequence number                     */
    uint8_t rc[2];              /* 0x04 return code IPA_RC_* (reply)        */
    uint8_t adapter_type;       /* 0x06 IPA_ADAPTER_TYPE                    */
    uint8_t rel_port;           /* 0x07 relative port                       */
    uint8_t prim_version;       /* 0x08 IPA_PRIM_VERSION                    */
    uint8_t param_count;        /* 0x09 1                                   */
    uint8_t prot[2];            /* 0x0A IPA_PROT_IPV4 / IPA_PROT_IPV6       */
    uint8_t supported[4];       /* 0x0C supported assists (reply)           */
    uint8_t enabled[4];         /* 0x10 enabled assists                     */
};
_Static_assert(sizeof(struct ipa_hdr) == 20, "IPA header is 20 bytes");
_Static_assert(__builtin_offsetof(struct ipa_hdr, rc) == 0x04, "rc at 0x04");
_Static_assert(__builtin_offsetof(struct ipa_hdr, prot) == 0x0A, "prot at 0x0A");
_Static_assert(__builtin_offsetof(struct ipa_hdr, enabled) == 0x10, "enabled at 0x10");

#define IPA_INIT_HOST           0x00
#define IPA_INIT_OSA            0x81    /* Linux accepts 00 or 81 in replies    */
#define IPA_ADAPTER_TYPE        0x01
#define IPA_PRIM_VERSION        0x01
#define IPA_PROT_IPV4           0x0004
#define IPA_PROT_IPV6           0x0006

#define IPA_CMD_STARTLAN        0x01
#define IPA_CMD_STOPLAN         0x02
#define IPA_CMD_SETVMAC         0x21
#define IPA_CMD_DELVMAC         0x22
#define IPA_CMD_SETGMAC         0x23
#define IPA_CMD_DELGMAC         0x24
#define IPA_CMD_SETVLAN         0x25
#define IPA_CMD_DELVLAN         0x26
#define IPA_CMD_SETIP           0xB1
#define IPA_CMD_QIPASSIST       0xB2
#define IPA_CMD_SETASSPARMS     0xB3
#define IPA_CMD_SETIPM          0xB4
#define IPA_CMD_DELIPM          0xB5
#define IPA_CMD_SETRTG          0xB6
#define IPA_CMD_DELIP           0xB7
#define IPA_CMD_SETADAPTERPARMS 0xB8
#define IPA_CMD_SETDIAGASS      0xB9
#define IPA_CMD_CREATEADDR      0xC3

#define IPA_RC_OK               0x0000
#define IPA_RC_NOTSUPP          0x0001
#define IPA_RC_INVALID_FORMAT   0x0006  /* data too short / bad field       */
#define IPA_RC_DUP_MAC          0x2005
#define IPA_RC_MAC_TABLE_FULL   0x2006
#define IPA_RC_DUP_IP           0xE005
#define IPA_RC_IP_TABLE_FULL    0xE006
#define IPA_RC_SETIP_NO_STARTLAN 0xE008 /* SETIP before STARTLAN                */
#define IPA_RC_IP_IN_USE        0xE00A
#define IPA_RC_BAD_SUBCMD       0xE00E
#define IPA_RC_IP_NOT_DEFINED   0xE010  /* DELIP of an address not set (Linux)  */
#define IPA_RC_LAN_OFFLINE      0xE080  /* STARTLAN: no LAN (NIC uncoupled)     */

/* Supported-assists masks Hercules returns (reference §2). */
#define IPA_ASSISTS_HERC_IPV4   0x00001571u
#define IPA_ASSISTS_HERC_IPV6   0x00001460u

/* ---- command data after the header ------------------------------------ */
struct ipa_setip4 {             /* SETIP / DELIP, IPv4                      */
    uint8_t addr[4];            /* 0x00                                     */
    uint8_t mask[4];            /* 0x04                                     */
    uint8_t flags[4];           /* 0x08 IPA_SETIP_FLAG_*                    */
};
_Static_assert(sizeof(struct ipa_setip4) == 12, "SETIP v4 data");

struct ipa_setip6 {             /* SETIP / DELIP, IPv6                      */
    uint8_t addr[16];           /* 0x00                                     */
    uint8_t mask[16];           /* 0x10                                     */
    uint8_t flags[4];           /* 0x20 IPA_SETIP_FLAG_*                    */
};
_Static_assert(sizeof(struct ipa_setip6) == 36, "SETIP v6 data");

#define IPA_SETIP_FLAG_DEFAULT  0x00000000u
#define IPA_SETIP_FLAG_VIPA     0x00000001u
#define IPA_SETIP_FLAG_TAKEOVER 0x00000002u  /* other values: rc E00E          */

struct ipa_setvmac {            /* SETVMAC / DELVMAC / SETGMAC / DELGMAC    */
    uint8_t mac_len[4];         /* 0x00 6                                   */
    uint8_t mac[6];             /* 0x04                                     */
};
_Static_assert(sizeof(struct ipa_setvmac) == 10, "SETVMAC data");

struct ipa_setassparms_hdr {    /* followed by subcommand data              */
    uint8_t assist[4];          /* 0x00 assist number                       */
    uint8_t length[2];          /* 0x04 length incl. this header            */
    uint8_t cmd[2];             /* 0x06 subcommand                          */
    uint8_t rc[2];              /* 0x08 subcommand return code              */
    uint8_t num_replies;        /* 0x0A                                     */
    uint8_t seq;                /* 0x0B                                     */
};
_Static_assert(sizeof(struct ipa_setassparms_hdr) == 12, "SETASSPARMS header");

struct ipa_setadp_hdr {         /* SETADAPTERPARMS; followed by data        */
    uint8_t supported[4];       /* 0x00 supported subcommands               */
    uint8_t rsvd_04[4];         /* 0x04-0x07                                */
    uint8_t cmdlength[2];       /* 0x08                                     */
    uint8_t rsvd_0a[2];         /* 0x0A-0x0B                                */
    uint8_t cmd[4];             /* 0x0C IPA_SETADP_*                        */
    uint8_t rc[2];              /* 0x10                                     */
    uint8_t used_total;         /* 0x12                                     */
    uint8_t seq;                /* 0x13                                     */
    uint8_t rsvd_14[4];         /* 0x14-0x17                                */
};
_Static_assert(sizeof(struct ipa_setadp_hdr) == 24, "SETADAPTERPARMS header");
_Static_assert(__builtin_offsetof(struct ipa_setadp_hdr, cmd) == 0x0C, "cmd at 0x0C");

#define IPA_SETADP_QUERY        0x00000001u
#define IPA_SETADP_SETMAC       0x00000002u
#define IPA_SETADP_CARDINFO     0x00000400u
#define IPA_SETADP_PROMISC      0x00000800u
#define IPA_SETADP_SETACCESS    0x00010000u

/* ---- qdio header in front of each packet, 32 bytes -------------------- */
struct qdio_hdr_l3 {
    uint8_t id;                 /* 0x00 QDIO_HDR_ID_L3                      */
    uint8_t flags;              /* 0x01 QDIO_L3_F_* | cast QDIO_CAST_*      */
    uint8_t in_cksum[2];        /* 0x02 inbound checksum                    */
    uint8_t token[4];           /* 0x04                                     */
    uint8_t length[2];          /* 0x08 packet length (after this header)  */
    uint8_t vlan_prio;          /* 0x0A                                     */
    uint8_t ext_flags;          /* 0x0B QDIO_L3_EXT_*                       */
    uint8_t vlan_id[2];         /* 0x0C                                     */
    uint8_t frame_offset[2];    /* 0x0E                                     */
    uint8_t dest_addr[16];      /* 0x10 next hop; IPv4 in 0x1C-0x1F         */
};
_Static_assert(sizeof(struct qdio_hdr_l3) == 32, "L3 qdio header is 32 bytes");
_Static_assert(__builtin_offsetof(struct qdio_hdr_l3, length) == 0x08, "length at 0x08");
_Static_assert(__builtin_offsetof(struct qdio_hdr_l3, dest_addr) == 0x10, "dest at 0x10");

#define QDIO_HDR_LEN            32
#define QDIO_HDR_ID_L3          0x01
#define QDIO_HDR_ID_L2          0x02
#define QDIO_L3_F_IPV6          0x80
#define QDIO_L3_F_PASSTHRU      0x10
#define QDIO_CAST_MASK          0x07
#define QDIO_CAST_NONE          0x00
#define QDIO_CAST_MULTICAST     0x04
#define QDIO_CAST_BROADCAST     0x05
#define QDIO_CAST_UNICAST       0x06
#define QDIO_CAST_ANYCAST       0x07
#define QDIO_L3_EXT_UDP         0x40
#define QDIO_L3_EXT_TP_CKSUM_OK 0x20
#define QDIO_L3_EXT_HDR_CKSUM_OK 0x10
#define QDIO_L3_EXT_SRC_MAC     0x08
#define QDIO_L3_EXT_VLAN_TAG    0x04
#define QDIO_L3_EXT_TOKEN       0x02
#define QDIO_L3_EXT_VLAN_ID     0x01
#define QDIO_L3_V4_OFF          0x0C    /* IPv4 next hop within dest_addr       */

struct qdio_hdr_l2 {
    uint8_t id;                 /* 0x00 QDIO_HDR_ID_L2                      */
    uint8_t flags[3];           /* 0x01 [0] as L3 flags, [2] QDIO_L2_CAST_* */
    uint8_t port;               /* 0x04                                     */
    uint8_t hdr_length;         /* 0x05                                     */
    uint8_t pkt_length[2];      /* 0x06 frame length                        */
    uint8_t seq[2];             /* 0x08                                     */
    uint8_t vlan_id[2];         /* 0x0A                                     */
    uint8_t rsvd_0c[0x14];      /* 0x0C-0x1F                                */
};
_Static_assert(sizeof(struct qdio_hdr_l2) == 32, "L2 qdio header is 32 bytes");
_Static_assert(__builtin_offsetof(struct qdio_hdr_l2, pkt_length) == 0x06, "len at 0x06");

#define QDIO_L2_CAST_MULTICAST  0x01
#define QDIO_L2_CAST_BROADCAST  0x02
#define QDIO_L2_CAST_UNICAST    0x03
#define QDIO_L2_CAST_VLAN       0x04

/* ---- accessors --------------------------------------------------------- */
static inline uint16_t ipa_seq(const struct ipa_hdr *h) { return be_get16(h->seq); }
static inline uint16_t ipa_rc(const struct ipa_hdr *h) { return be_get16(h->rc); }
static inline void ipa_set_rc(struct ipa_hdr *h, uint16_t rc) { be_put16(h->rc, rc); }
static inline uint16_t ipa_prot(const struct ipa_hdr *h) { return be_get16(h->prot); }
static inline uint32_t ipa_supported(const struct ipa_hdr *h) { return be_get32(h->supported); }
static inline uint32_t ipa_enabled(const struct ipa_hdr *h) { return be_get32(h->enabled); }
static inline uint32_t ipa_setip4_addr(const struct ipa_setip4 *s) { return be_get32(s->addr); }
static inline uint32_t ipa_setip4_mask(const struct ipa_setip4 *s) { return be_get32(s->mask); }
static inline uint32_t ipa_setip4_flags(const struct ipa_setip4 *s) { return be_get32(s->flags); }
static inline uint16_t qdio_l3_length(const struct qdio_hdr_l3 *h) { return be_get16(h->length); }
static inline void qdio_l3_set_length(struct qdio_hdr_l3 *h, uint16_t n) { be_put16(h->length, n); }
static inline uint32_t qdio_l3_v4_dest(const struct qdio_hdr_l3 *h)
{
    return be_get32(h->dest_addr + QDIO_L3_V4_OFF);
}
static inline uint16_t qdio_l2_pkt_length(const struct qdio_hdr_l2 *h) { return be_get16(h->pkt_length); }

#endif
