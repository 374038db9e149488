/*
 * lcs.h - LAN Channel Station (OSA in LCS mode, 3172) frames, and the
 * Ethernet II and ARP formats that travel in them.
 *
 * Sources: IBM publishes no LCS specification.  Layouts follow Hercules
 * 3.13 (rbowler/spinhawk release-3.13, ctcadpt.h _LCSHDR.._LCSETHFRM and
 * ctc_lcs.c) and Linux drivers/s390/net/lcs.h (struct lcs_header,
 * struct lcs_cmd), checked against a running Hercules 3.13 in
 * shared/reference/lcs.md §4.  Ethernet II (DIX) framing without FCS;
 * ARP is RFC 826 for IPv4 over Ethernet.  Everything is big-endian.
 *
 * A READ or WRITE buffer is a chain of frames, each starting with an LCS
 * header whose offset field is the offset, counted from the START OF THE
 * BUFFER, of the next frame (= this frame's end); a halfword 0 where the
 * next header would start ends the buffer (lcs.md §1.3).  Command frames
 * carry a command header at 0x04; Ethernet frames carry the raw DIX frame
 * at 0x04.  A reply copies bytes 0x00-0x0B of its request and zeroes the
 * body (lcs.md §4 "Reply rule").
 *
 * Representation as in hw/mpc.h: structs of uint8_t arrays (alignment 1,
 * no padding), multi-byte fields only through lib/be.h.  Offsets in hex
 * from the start of the LCS frame (or of the Ethernet / ARP header).
 */
#ifndef HW_LCS_H
#define HW_LCS_H

#include "lib/be.h"

/* ---- LCS header: on every frame, 4 bytes -------------------------------- */
struct lcs_hdr {
    uint8_t offset[2];          /* 0x00 buffer offset of the next frame; 0 = end */
    uint8_t type;               /* 0x02 LCS_TYPE_*                          */
    uint8_t slot;               /* 0x03 port / relative adapter (Hercules 0) */
};
_Static_assert(sizeof(struct lcs_hdr) == 4, "LCS header is 4 bytes");
_Static_assert(__builtin_offsetof(struct lcs_hdr, type) == 0x02, "type at 0x02");

#define LCS_HDR_LEN             4
#define LCS_END_LEN             2       /* the 00 00 that ends a buffer     */
#define LCS_TYPE_COMMAND        0x00
#define LCS_TYPE_ETHERNET       0x01
#define LCS_TYPE_TOKENRING      0x02    /* Hercules never sends 02 / 07     */
#define LCS_TYPE_FDDI           0x07

/* ---- command header: LCS header + 8 bytes --------------------------------- */
struct lcs_cmd_hdr {
    struct lcs_hdr hdr;         /* 0x00 type LCS_TYPE_COMMAND               */
    uint8_t cmd;                /* 0x04 LCS_CMD_*                           */
    uint8_t initiator;          /* 0x05 LCS_INITIATOR_HOST, always (§7)     */
    uint8_t seq[2];             /* 0x06 sequence number, echoed in the reply */
    uint8_t rc[2];              /* 0x08 return code (Hercules: 0000)        */
    uint8_t lan_type;           /* 0x0A LCS_LAN_TYPE_ETHERNET               */
    uint8_t port;               /* 0x0B relative adapter (Hercules ignores) */
};
_Static_assert(sizeof(struct lcs_cmd_hdr) == 0x0C, "command header ends at 0x0C");
_Static_assert(__builtin_offsetof(struct lcs_cmd_hdr, cmd) == 0x04, "cmd at 0x04");
_Static_assert(__builtin_offsetof(struct lcs_cmd_hdr, seq) == 0x06, "seq at 0x06");
_Static_assert(__builtin_offsetof(struct lcs_cmd_hdr, rc) == 0x08, "rc at 0x08");
_Static_assert(__builtin_offsetof(struct lcs_cmd_hdr, lan_type) == 0x0A, "lan_type at 0x0A");

#define LCS_INITIATOR_HOST      0x00    /* host / TCP-IP                    */
#define LCS_INITIATOR_LGW       0x01    /* adapter-initiated: Hercules IGNORES */
#define LCS_LAN_TYPE_ETHERNET   0x01

#define LCS_CMD_TIMING          0x00
#define LCS_CMD_STARTLAN        0x01
#define LCS_CMD_STOPLAN         0x02
#define LCS_CMD_GENSTAT         0x03
#define LCS_CMD_LANSTAT         0x04
#define LCS_CMD_LISTLAN         0x06
#define LCS_CMD_STARTUP         0x07
#define LCS_CMD_SHUTDOWN        0x08
#define LCS_CMD_LISTLAN2        0x0B
#define LCS_CMD_QIPASSIST       0xB2
#define LCS_CMD_SETIPM          0xB4    /* Hercules 3.13: not implemented   */
#define LCS_CMD_DELIPM          0xB5

/* ---- the standard 20-byte command frame (Linux LCS_STD_CMD_SIZE + 4) ---- */
struct lcs_std_cmd {
    struct lcs_cmd_hdr h;       /* 0x00                                     */
    uint8_t param_count[2];     /* 0x0C 0                                   */
    uint8_t op_flags[3];        /* 0x0E operator flags, 0                   */
    uint8_t rsvd_11_13[3];      /* 0x11-0x13                                */
};
_Static_assert(sizeof(struct lcs_std_cmd) == 0x14, "standard command is 20 bytes");

#define LCS_STD_CMD_LEN         0x14

/* ---- STARTUP request: standard frame with the buffer size --------------- */
struct lcs_startup {
    struct lcs_cmd_hdr h;       /* 0x00 cmd LCS_CMD_STARTUP                 */
    uint8_t buffer_size[2];     /* 0x0C frame buffer size; NOT echoed       */
    uint8_t rsvd_0e_13[6];      /* 0x0E-0x13                                */
};
_Static_assert(sizeof(struct lcs_startup) == LCS_STD_CMD_LEN, "STARTUP is 20 bytes");
_Static_assert(__builtin_offsetof(struct lcs_startup, buffer_size) == 0x0C, "size at 0x0C");

/* Outside this range Hercules keeps its old size (0 at first) and every
 * later WRITE hangs for ever [lcs.md §1.4, ctc_lcs.c:1198-1220]. */
#define LCS_STARTUP_SIZE_MIN    0x4000
#define LCS_STARTUP_SIZE_MAX    0x5000

/* ---- LANSTAT reply: 64 bytes, the MAC at 0x16 --------------------------- */
struct lcs_lanstat_reply {
    struct lcs_cmd_hdr h;       /* 0x00 cmd LCS_CMD_LANSTAT                 */
    uint8_t rsvd_0c_15[10];     /* 0x0C-0x15                                */
    uint8_t mac[6];             /* 0x16 the tap's MAC with last byte + 1    */
    uint8_t counters[9][4];     /* 0x1C nine u32 counters (Hercules: 0)     */
};
_Static_assert(sizeof(struct lcs_lanstat_reply) == 0x40, "LANSTAT reply is 64 bytes");
_Static_assert(__builtin_offsetof(struct lcs_lanstat_reply, mac) == 0x16, "MAC at 0x16");
_Static_assert(__builtin_offsetof(struct lcs_lanstat_reply, counters) == 0x1C, "counters");

#define LCS_LANSTAT_MAC_OFF     0x16
#define LCS_LANSTAT_REPLY_LEN   0x40

/* ---- QIPASSIST reply: 20 bytes ------------------------------------------- */
struct lcs_qipassist_reply {
    struct lcs_cmd_hdr h;       /* 0x00 cmd LCS_CMD_QIPASSIST               */
    uint8_t num_ip_pairs[2];    /* 0x0C 0                                   */
    uint8_t assists_supported[2]; /* 0x0E Hercules 0048                     */
    uint8_t assists_enabled[2]; /* 0x10 Hercules 0048                       */
    uint8_t ip_version[2];      /* 0x12 0004                                */
};
_Static_assert(sizeof(struct lcs_qipassist_reply) == LCS_STD_CMD_LEN, "QIPASSIST reply");
_Static_assert(__builtin_offsetof(struct lcs_qipassist_reply, assists_supported) == 0x0E,
               "assists at 0x0E");

/* ---- Ethernet II (DIX) header, 14 bytes; no FCS on LCS ------------------ */
struct eth_hdr {
    uint8_t dst[6];             /* 0x00 destination MAC                     */
    uint8_t src[6];             /* 0x06 source MAC                          */
    uint8_t type[2];            /* 0x0C EtherType (>= 0x0600)               */
};
_Static_assert(sizeof(struct eth_hdr) == 14, "Ethernet header is 14 bytes");
_Static_assert(__builtin_offsetof(struct eth_hdr, type) == 0x0C, "type at 0x0C");

#define ETH_ALEN                6
#define ETH_HDR_LEN             14
#define ETH_MTU                 1500    /* payload bytes                    */
#define ETH_TYPE_MIN            0x0600  /* smaller: an 802.3 length field   */
#define ETHERTYPE_IPV4          0x0800
#define ETHERTYPE_ARP           0x0806

/* ---- ARP for IPv4 over Ethernet (RFC 826), 28 bytes after the header ---- */
struct arp_ipv4 {
    uint8_t htype[2];           /* 0x00 ARP_HTYPE_ETHER                     */
    uint8_t ptype[2];           /* 0x02 ARP_PTYPE_IPV4                      */
    uint8_t hlen;               /* 0x04 6                                   */
    uint8_t plen;               /* 0x05 4                                   */
    uint8_t op[2];              /* 0x06 ARP_OP_*                            */
    uint8_t sha[6];             /* 0x08 sender hardware address             */
    uint8_t spa[4];             /* 0x0E sender protocol address             */
    uint8_t tha[6];             /* 0x12 target hardware address             */
    uint8_t tpa[4];             /* 0x18 target protocol address             */
};
_Static_assert(sizeof(struct arp_ipv4) == 28, "ARP for IPv4 is 28 bytes");
_Static_assert(__builtin_offsetof(struct arp_ipv4, spa) == 0x0E, "spa at 0x0E");
_Static_assert(__builtin_offsetof(struct arp_ipv4, tha) == 0x12, "tha at 0x12");
_Static_assert(__builtin_offsetof(struct arp_ipv4, tpa) == 0x18, "tpa at 0x18");

#define ARP_PACKET_LEN          28
#define ARP_FRAME_LEN           (ETH_HDR_LEN + ARP_PACKET_LEN)  /* 42, unpadded */
#define ARP_HTYPE_ETHER         1
#define ARP_PTYPE_IPV4          ETHERTYPE_IPV4
#define ARP_HLEN_ETHER          6
#define ARP_PLEN_IPV4           4
#define ARP_OP_REQUEST          1
#define ARP_OP_REPLY            2

#endif
