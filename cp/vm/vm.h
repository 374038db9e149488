/*
 * vm.h - guest virtual machines: storage, host DAT, SIE state, dispatching
 * (target only).
 *
 * Each guest's storage is 4 KB frames from the frame allocator, mapped for
 * SIE through CP-owned host page tables (one host segment table per guest,
 * loaded into CR1 while the guest runs; SD MSO 0).  CP reaches guest bytes
 * only through the guest's gstore (cp/vm/gstore.h), which walks these
 * tables.  Guests run under SIE from cp/vm/dispatch.c; their interceptions
 * are handled by cp/vm/intercept.c.
 */
#ifndef CP_VM_VM_H
#define CP_VM_VM_H

#include "port.h"
#include "hw/sie.h"
#include "cp/vm/gstore.h"
#include "cp/vm/vio.h"
#include "cp/vm/vcon.h"
#include "cp/vm/vnic.h"
#include "cp/vm/directory.h"
#include "cp/vm/frames.h"
#include "guestlan/lan.h"

struct cp_vmops;

#define VM_MAX          32
#define VM_MAX_STORAGE  (2048ull << 20)         /* one segment table: 2 GB */
#define VM_SEGMENTS     (VM_MAX_STORAGE >> 20)
#define VM_CMS_LOAD     0x10000ull

enum vm_state {
    VM_FREE,                /* slot unused                                   */
    VM_RUNNABLE,            /* wants the CPU                                 */
    VM_WAITING,             /* enabled wait: runs when an interrupt is due   */
    VM_STOPPED,             /* disabled wait or program-interrupt loop       */
};

struct vm {
    enum vm_state state;
    char          userid[9];
    const struct dir_user *dir;
    uint64_t      storage;              /* bytes, a multiple of 1 MB        */
    /* host DAT */
    uint64_t      segtab;               /* real address, 4 KB aligned       */
    unsigned      segtab_frames;
    uint64_t      asce;
    uint64_t      pt[VM_SEGMENTS / 2];  /* page-table frames (2 tables each) */
    /* SIE */
    struct sie_block *sd;               /* its own frame                    */
    uint64_t      gpr[16];              /* r0-r13 (r14/15 live in the SD)   */
    /* devices */
    struct gstore gs;
    struct vio    vio;
    struct vcon   con;
    struct vnic_set nics;
    /* accounting and scheduling (TOD units) */
    uint64_t      logon_tod;
    uint64_t      cpu;                  /* time in SIE                      */
    uint64_t      vtime;                /* cpu scaled by 1/share            */
    bool          share_absolute;
    uint32_t      share;                /* RELATIVE n, or ABSOLUTE percent  */
    uint64_t      window_start, window_cpu;   /* ABSOLUTE cap accounting   */
    uint64_t      exits;
    /* program-interrupt loop detection */
    uint64_t      pgm_last_addr;
    unsigned      pgm_repeat;
    bool          logoff_pending;
    const char   *forced_by;            /* FORCE while it was intercepting */
};

extern struct vm vms[VM_MAX];
/* The guest LANs and their NIC ports (guestlan/). */
extern struct gl_net vm_lans;

/* Storage and directory set-up at IPL. */
void vm_init(struct frames *fr, const struct directory *dir, uint64_t real_bytes);
/* Handle of userid's logged-on guest, or -1. */
int  vm_find(const char *userid);
/* Log userid on and IPL CMS; result as in cmd.h's cp_vm_err. */
int  vm_logon(const char *userid);
/* Log a guest off now: free its storage and tables; by = who forced it. */
void vm_logoff(struct vm *v, const char *by);
/* The guest whose interception CP is handling, or NULL. */
extern struct vm *vm_current;
unsigned vm_count(void);
/* Host address of guest absolute page pfn (for gstore). */
uint8_t *vm_page(struct vm *v, uint64_t pfn);
/* Operator message about a guest (disabled wait, loop...). */
void vm_report(struct vm *v, const char *line);
/* The command-layer view of the guests (cp_sys.vm). */
extern const struct cp_vmops vm_ops;

/* dispatch.c */
/* Run guests until CP has other work (an operator line, a due timer) or
 * nothing is runnable; returns true if it ran a guest. */
bool vm_dispatch(void);
/* Wake v if an interruption is now pending for it. */
void vm_wake(struct vm *v);
/* Earliest time a waiting guest must be looked at again (0: none). */
uint64_t vm_deadline(void);

/* vnet.c: SIGA fc (GR0) on subchannel ssid (GR1) with queue mask (GR2):
 * the condition code, or -1 for a specification exception. */
int  vm_siga(struct vm *v, uint32_t fc, uint32_t ssid, uint32_t mask);
/* vnet.c: an IPv4 datagram that arrived on VSWITCH lan's uplink. */
void vm_uplink_input(uint16_t lan, const uint8_t *dgram, size_t len);
/* uplink.c: hand a datagram to VSWITCH lan's uplink (ARP for nexthop);
 * false if it could not be queued. */
bool uplink_send(uint16_t lan, const uint8_t *dgram, size_t len, uint32_t nexthop);

/* intercept.c */
void vm_intercept(struct vm *v);
bool vm_inject_io(struct vm *v);
bool vm_inject_mck(struct vm *v);

#endif
