/*
 * vio.h - a guest's virtual channel subsystem (pure).
 *
 * CP interprets the guest's I/O instructions (STSCH, MSCH, SSCH, TSCH, TPI,
 * HSCH, CSCH, STCRW) on virtual subchannels, each backed by a virtual
 * device (console now, QDIO NIC devices later).  Formats follow SA22-7832
 * "I/O Instructions" and "Channel-Subsystem Control Blocks"; control blocks
 * are read and written as big-endian bytes through gstore, so host tests
 * run this exact code.  Format-0 CCWs are converted to format-1 once, at
 * fetch.  The caller (intercept layer) decodes operand addresses, maps the
 * results to condition codes / program interruptions, and injects the I/O
 * interruptions that vio_next_irq() reports.
 */
#ifndef CP_VM_VIO_H
#define CP_VM_VIO_H

#include "port.h"
#include "cp/vm/gstore.h"

#define VIO_MAX_SCH     64
#define VIO_MAX_CRW     16
#define VIO_SSID_BASE   0x00010000u     /* subchannel set 0, "one" bit       */
#define VIO_ORB_SIZE    32
#define VIO_SCHIB_SIZE  52
#define VIO_IRB_SIZE    96
#define VIO_SENSEID_MAX 32              /* 8 bytes + up to 6 CIWs            */
/* Channel report word for a subchannel whose installed parameters changed
 * (added or removed): RSC 3 (subchannel), ERC 4, RSID = subchannel number. */
#define VIO_CRW_SCH(schno) (0x03040000u | (uint32_t)(schno))

/* Outcome of an instruction: a condition code, or a program interruption. */
enum vio_rc {
    VIO_CC0 = 0, VIO_CC1 = 1, VIO_CC2 = 2, VIO_CC3 = 3,
    VIO_PGM_OPERAND = -1,               /* operand exception (0015)          */
    VIO_PGM_SPECIFICATION = -2,         /* specification exception (0006)    */
    VIO_PGM_ADDRESSING = -3,            /* addressing exception (0005)       */
    VIO_PGM_PROTECTION = -4,            /* protection exception (0004)       */
};

/* A CCW as the device sees it (always format 1 after fetch). */
struct vio_ccw {
    uint8_t  cmd;
    uint8_t  flags;
    uint16_t count;
    uint32_t cda;
};

/* What a device did with one CCW. */
enum vio_step {
    VIO_STEP_DONE,                      /* transferred; *residual set         */
    VIO_STEP_WAIT,                      /* blocked: the device calls vio_resume */
    VIO_STEP_UNIT_CHECK,                /* command failed: sense set          */
    VIO_STEP_PROG_CHECK,                /* data address invalid: program check */
    VIO_STEP_PROT_CHECK,                /* data key mismatch: protection check */
};

/* The step for a failed vio_data_in/out (GS_OK: VIO_STEP_DONE). */
enum vio_step vio_gs_step(enum gs_err e);

struct vio_sch;

struct vio_dev_ops {
    /* Execute one device-specific CCW (not TIC/NOP/SENSE/SENSE ID). */
    enum vio_step (*ccw)(struct vio_sch *s, const struct vio_ccw *ccw, uint16_t *residual);
    /* HSCH/CSCH: abandon a blocked CCW. */
    void (*halt)(struct vio_sch *s);
};

struct vio;

struct vio_sch {
    struct vio *vio;
    bool        valid;
    uint16_t    schno;
    uint16_t    devno;
    /* PMCW state the guest sets with MSCH */
    uint32_t    intparm;
    uint8_t     isc;
    bool        enabled;
    /* SCSW state */
    uint8_t     key;                    /* ORB key                           */
    bool        fmt1;                   /* ORB F: format-1 CCWs               */
    bool        suppress_il;            /* ORB L bit                          */
    uint8_t     fctl, actl, stctl;
    uint8_t     dstat, cstat;
    uint32_t    cpa;                    /* address past the last CCW          */
    uint16_t    count;                  /* residual count                     */
    bool        irq_pending;
    /* channel program in progress */
    uint64_t    ccw_addr;
    struct vio_ccw ccw;
    bool        blocked;
    bool        pci;                    /* a PCI CCW was reached, not yet shown */
    /* device */
    const struct vio_dev_ops *ops;
    void       *dev;
    uint8_t     senseid[VIO_SENSEID_MAX]; /* FF cu(2) cumodel dev(2) devmodel 00, CIWs */
    uint8_t     senseid_len;
    uint8_t     sense[32];
    uint8_t     nsense;
};

struct vio {
    const struct gstore *gs;
    struct vio_sch sch[VIO_MAX_SCH];
    uint32_t    crw[VIO_MAX_CRW];
    unsigned    ncrw;
    bool        crw_signal;             /* report pending, not yet signalled */
    uint64_t    ios_started;            /* counters for INDICATE           */
};

void vio_init(struct vio *v, const struct gstore *gs);
/* Add a device at subchannel schno; false if taken or out of range. */
bool vio_add(struct vio *v, uint16_t schno, uint16_t devno, const uint8_t *senseid,
             uint8_t senseid_len, const struct vio_dev_ops *ops, void *dev);
/* Remove a device (its subchannel becomes invalid: cc 3). */
void vio_remove(struct vio *v, uint16_t schno);
/* Queue a channel report word (e.g. "installed parameters initialized"). */
bool vio_report(struct vio *v, uint32_t crw);
/* Subchannel of a device number, or NULL. */
struct vio_sch *vio_by_devno(struct vio *v, uint16_t devno);

/* Guest instructions.  ssid is the guest's GR1; addresses are logical =
 * guest real (the guest runs DAT off); akey is the PSW key. */
enum vio_rc vio_stsch(struct vio *v, uint32_t ssid, uint64_t addr, uint8_t akey);
enum vio_rc vio_msch(struct vio *v, uint32_t ssid, uint64_t addr, uint8_t akey);
enum vio_rc vio_ssch(struct vio *v, uint32_t ssid, uint64_t addr, uint8_t akey);
enum vio_rc vio_tsch(struct vio *v, uint32_t ssid, uint64_t addr, uint8_t akey);
enum vio_rc vio_hsch(struct vio *v, uint32_t ssid);
enum vio_rc vio_csch(struct vio *v, uint32_t ssid);
/* TPI: addr 0 stores SSID, parameter and interruption id at real 0xB8. */
enum vio_rc vio_tpi(struct vio *v, uint64_t addr, uint8_t akey, uint64_t cr6);
enum vio_rc vio_stcrw(struct vio *v, uint64_t addr, uint8_t akey);

/* A device that returned VIO_STEP_WAIT can continue now. */
void vio_resume(struct vio_sch *s);
/* Program-controlled interruption for a channel program that goes on
 * (a QDIO adapter signalling new data): intermediate status with the PCI
 * bit; false if status is already pending (the PCI then shows with it). */
bool vio_intermediate(struct vio_sch *s);
/* Present unsolicited device status (e.g. ATTENTION); false if the
 * subchannel is busy or status pending (the caller may retry later). */
bool vio_unsolicited(struct vio_sch *s, uint8_t dstat);
/* Device data transfer for the current CCW (absolute addresses, ORB key). */
enum gs_err vio_data_out(struct vio_sch *s, const struct vio_ccw *ccw, void *buf, uint16_t len);
enum gs_err vio_data_in(struct vio_sch *s, const struct vio_ccw *ccw, const void *buf, uint16_t len);

/* The first pending I/O interruption whose ISC is enabled in cr6 (or any
 * when cr6 is ~0): fills the three words the architecture stores at
 * 0xB8 and clears its pending state; false if none. */
bool vio_next_irq(struct vio *v, uint64_t cr6, uint32_t words[3]);
/* True if any I/O interruption is pending for an ISC enabled in cr6. */
bool vio_irq_pending(const struct vio *v, uint64_t cr6);

#endif
