/*
 * test_vswcmds.c - the VSWITCH commands (cp/cmd/vswcmds.c) and their
 * effect on the LAN commands, on a real guestlan table, with a fake uplink
 * driver that records start/stop calls and reports canned OSAs; and the
 * guestlan helper gl_vswitch_set_rdev.
 */
#include <stdio.h>
#include <string.h>
#include "tests/unit/suites.h"
#include "cp/cmd/cmd.h"
#include "guestlan/lan.h"

/* ---- captured output ----------------------------------------------------- */

#define MAX_LINES 48
static char lines[MAX_LINES][CP_OUT_LINE_MAX + 1];
static unsigned nlines;

static void capture(void *ctx, const char *text)
{
    (void)ctx;
    CU_ASSERT_FATAL(nlines < MAX_LINES);
    CU_ASSERT(strlen(text) <= CP_OUT_LINE_MAX);
    snprintf(lines[nlines++], sizeof lines[0], "%s", text);
}

/* ---- fake uplink driver: a log of calls, e.g. "start 0;stop 0E40;" ------- */

static char uplog[256];
static struct cp_osainfo fake_osa[3];
static unsigned fake_nosa;

static void log_call(const char *what, unsigned v, const char *fmt)
{
    size_t n = strlen(uplog);
    char buf[32];
    snprintf(buf, sizeof buf, fmt, what, v);
    snprintf(uplog + n, sizeof uplog - n, "%s;", buf);
}
static void fake_start(uint16_t lan) { log_call("start", lan, "%s %u"); }
static void fake_stop(uint16_t rdev) { log_call("stop", rdev, "%s %04X"); }
static unsigned fake_osa_list(struct cp_osainfo *out, unsigned max)
{
    for (unsigned k = 0; k < fake_nosa && k < max; k++)
        out[k] = fake_osa[k];
    return fake_nosa;
}
static const struct cp_uplinkops fake_uplink = { fake_start, fake_stop, fake_osa_list };

/* ---- fake VM layer: only the NIC list (GST1's NIC 0700) is used ---------- */

static struct gl_net net;
static unsigned fake_nics(int h, struct cp_nicinfo *o, unsigned max)
{
    (void)h;
    if (!max)
        return 1;
    memset(o, 0, sizeof *o);
    strcpy(o->userid, "GST1");
    o->handle = 7;
    o->vdev = 0x0700;
    o->devices = 3;
    o->port = GL_PORT_NONE;
    gl_port_find(&net, "GST1", 0x0700, &o->port);
    return 1;
}
static const struct cp_vmops fake_vm = { .nics = fake_nics };
static uint64_t fake_now(void) { return 0; }           /* QUERY reads the clock first */

static const struct cp_sys sys = { .vm = &fake_vm, .net = &net, .uplink = &fake_uplink,
                                   .tod_now = fake_now };
static const struct cp_sys sys_no_uplink = { .vm = &fake_vm, .net = &net, .tod_now = fake_now };
static const struct cp_out out = { capture, NULL };
static const struct cp_who guest = { "GST1", "G", 7 };

static int run_on(const char *line, const struct cp_sys *s, const struct cp_who *who)
{
    nlines = 0;
    uplog[0] = '\0';
    return cp_command(line, &out, s, who);
}
static int run(const char *line) { return run_on(line, &sys, &cp_operator); }
static int run_as(const char *line, const struct cp_who *who) { return run_on(line, &sys, who); }

static const struct gl_lan *lan_named(const char *name)
{
    uint16_t h;
    return gl_lan_find(&net, name, &h) == GL_OK ? gl_lan_at(&net, h) : NULL;
}

/* ---- gl_vswitch_set_rdev ------------------------------------------------- */

static void set_rdev_helper(void)
{
    uint16_t v, l;
    gl_net_init(&net);
    CU_ASSERT_EQUAL_FATAL(gl_vswitch_define(&net, "VSW1", 0x0E40, &v), GL_OK);
    CU_ASSERT_EQUAL_FATAL(gl_lan_define(&net, "LAN1", 0, 8, &l), GL_OK);
    net.lans[v].uplink = GL_UPLINK_READY;
    net.lans[v].up.out_datagrams = 5;
    CU_ASSERT_EQUAL(gl_vswitch_set_rdev(&net, v, 0x0E44), GL_OK);
    CU_ASSERT_EQUAL(net.lans[v].rdev, 0x0E44);
    CU_ASSERT_EQUAL(net.lans[v].uplink, GL_UPLINK_STARTING);
    CU_ASSERT_EQUAL(net.lans[v].up.out_datagrams, 5);               /* counters stay */
    CU_ASSERT_EQUAL(gl_vswitch_set_rdev(&net, v, 0), GL_OK);
    CU_ASSERT_EQUAL(net.lans[v].rdev, 0);
    CU_ASSERT_EQUAL(net.lans[v].uplink, GL_UPLINK_NONE);
    /* a LAN, a free slot, out of range: nothing changes */
    CU_ASSERT_EQUAL(gl_vswitch_set_rdev(&net, l, 0x0E40), GL_ERR_LAN_NOT_FOUND);
    CU_ASSERT_EQUAL(net.lans[l].rdev, 0);
    CU_ASSERT_EQUAL(net.lans[l].uplink, GL_UPLINK_NONE);
    CU_ASSERT_EQUAL(gl_vswitch_set_rdev(&net, 5, 0x0E40), GL_ERR_LAN_NOT_FOUND);
    CU_ASSERT_EQUAL(gl_vswitch_set_rdev(&net, GL_MAX_LANS, 0x0E40), GL_ERR_LAN_NOT_FOUND);
    CU_ASSERT_EQUAL(gl_vswitch_set_rdev(&net, GL_LAN_NONE, 0x0E40), GL_ERR_LAN_NOT_FOUND);
}

/* ---- DEFINE VSWITCH ------------------------------------------------------- */

static void define_vswitch(void)
{
    gl_net_init(&net);
    CU_ASSERT_EQUAL(run("define vswitch vsw1 rdev e40"), 0);
    CU_ASSERT_EQUAL(nlines, 2);
    CU_ASSERT_STRING_EQUAL(lines[0], "VSWITCH SYSTEM VSW1 is created");
    CU_ASSERT_STRING_EQUAL(lines[1], "Ready;");
    CU_ASSERT_STRING_EQUAL(uplog, "start 0;");
    const struct gl_lan *l = lan_named("VSW1");
    CU_ASSERT_FATAL(l != NULL);
    CU_ASSERT_TRUE(l->vswitch);
    CU_ASSERT_EQUAL(l->rdev, 0x0E40);
    CU_ASSERT_EQUAL(l->uplink, GL_UPLINK_STARTING);
    CU_ASSERT_EQUAL(l->mtu, GL_VSWITCH_MTU);

    CU_ASSERT_EQUAL(run("DEF VSWITCH Vsw2"), 0);                  /* no uplink */
    CU_ASSERT_STRING_EQUAL(lines[0], "VSWITCH SYSTEM VSW2 is created");
    CU_ASSERT_STRING_EQUAL(uplog, "");
    CU_ASSERT_EQUAL(lan_named("VSW2")->uplink, GL_UPLINK_NONE);
    CU_ASSERT_EQUAL(run("def vswitch vsw3 ip type qdio rdev 0E44"), 0);   /* any order */
    CU_ASSERT_STRING_EQUAL(uplog, "start 2;");
    CU_ASSERT_EQUAL(run("define lan lan1"), 0);

    /* refusals: nothing defined, nothing started */
    CU_ASSERT_EQUAL(run("define vswitch vsw1"), 6130);
    CU_ASSERT_STRING_EQUAL(lines[0], "VML6130E VSWITCH SYSTEM VSW1 already exists");
    CU_ASSERT_EQUAL(run("define vswitch lan1"), 6120);
    CU_ASSERT_STRING_EQUAL(lines[0], "VML6120E LAN SYSTEM LAN1 already exists");
    CU_ASSERT_EQUAL(run("define lan vsw2"), 6130);
    CU_ASSERT_STRING_EQUAL(lines[0], "VML6130E VSWITCH SYSTEM VSW2 already exists");
    CU_ASSERT_EQUAL(run("define vswitch vsw4 rdev 0e40"), 6134);
    CU_ASSERT_STRING_EQUAL(lines[0], "VML6134E RDEV 0E40 is already the uplink of VSWITCH VSW1");
    CU_ASSERT_EQUAL(run("define vswitch vsw4 ethernet"), 6133);
    CU_ASSERT_STRING_EQUAL(lines[0], "VML6133E VSWITCH VSW4: ETHERNET (layer 2) is not supported;"
                                     " vmlan switches IP only");
    CU_ASSERT_EQUAL(run("define vswitch vsw4 rdev e41"), 2);       /* odd: the write device */
    CU_ASSERT_STRING_EQUAL(lines[0], "VML002E Invalid operand - E41");
    CU_ASSERT_EQUAL(run("define vswitch vsw4 rdev 0"), 2);
    CU_ASSERT_EQUAL(run("define vswitch vsw4 rdev 10000"), 2);
    CU_ASSERT_EQUAL(run("define vswitch vsw4 rdev xyz"), 2);
    CU_ASSERT_EQUAL(run("define vswitch vsw4 rdev"), 26);
    CU_ASSERT_EQUAL(run("define vswitch vsw4 type hipers"), 2);
    CU_ASSERT_EQUAL(run("define vswitch vsw4 vlan 10"), 3);
    CU_ASSERT_STRING_EQUAL(lines[0], "VML003E Invalid option - VLAN");
    CU_ASSERT_EQUAL(run("define vswitch"), 26);
    CU_ASSERT_EQUAL(run("define vswitch too-long-name"), 2);
    CU_ASSERT_EQUAL(run("define vsw vsw4"), 3);                    /* VSWITCH in full */
    CU_ASSERT_EQUAL(run_as("define vswitch vsw4", &guest), 3);      /* class B */
    CU_ASSERT_PTR_NULL(lan_named("VSW4"));
    CU_ASSERT_STRING_EQUAL(uplog, "");

    /* no uplink driver (some test systems): defined, nothing to start */
    CU_ASSERT_EQUAL(run_on("define vswitch vsw4 rdev e48", &sys_no_uplink, &cp_operator), 0);
    CU_ASSERT_STRING_EQUAL(lines[0], "VSWITCH SYSTEM VSW4 is created");
    CU_ASSERT_EQUAL(lan_named("VSW4")->rdev, 0x0E48);
}

/* ---- DETACH VSWITCH, and the LAN/VSWITCH name checks ------------------------ */

static void detach_vswitch(void)
{
    uint16_t port;
    gl_net_init(&net);
    CU_ASSERT_EQUAL(run("define vswitch vsw1 rdev e40"), 0);
    CU_ASSERT_EQUAL(run("define vswitch vsw2"), 0);
    CU_ASSERT_EQUAL(run("define lan lan1"), 0);
    CU_ASSERT_EQUAL_FATAL(gl_port_add(&net, "GST1", 0x0700, &port), GL_OK);
    CU_ASSERT_EQUAL(gl_couple(&net, port, "VSW1"), GL_OK);

    CU_ASSERT_EQUAL(run("detach vswitch vsw1"), 6132);
    CU_ASSERT_STRING_EQUAL(lines[0], "VML6132E VSWITCH SYSTEM VSW1 is in use: NICs are still coupled to it");
    CU_ASSERT_STRING_EQUAL(uplog, "");
    CU_ASSERT_EQUAL(run("detach lan vsw1"), 6121);
    CU_ASSERT_STRING_EQUAL(lines[0], "VML6121E LAN SYSTEM VSW1 does not exist");
    CU_ASSERT_EQUAL(run("detach lan vsw2"), 6121);
    CU_ASSERT_PTR_NOT_NULL(lan_named("VSW2"));
    CU_ASSERT_EQUAL(run("detach vswitch lan1"), 6131);
    CU_ASSERT_STRING_EQUAL(lines[0], "VML6131E VSWITCH SYSTEM LAN1 does not exist");
    CU_ASSERT_PTR_NOT_NULL(lan_named("LAN1"));
    CU_ASSERT_EQUAL(run("detach vswitch nosuch"), 6131);
    CU_ASSERT_EQUAL(run("detach vswitch"), 26);
    CU_ASSERT_EQUAL(run("detach vswitch vsw2 now"), 3);
    CU_ASSERT_EQUAL(run_as("detach vswitch vsw2", &guest), 3);

    CU_ASSERT_EQUAL(gl_uncouple(&net, port), GL_OK);
    CU_ASSERT_EQUAL(run("detach vswitch vsw1"), 0);
    CU_ASSERT_EQUAL(nlines, 2);
    CU_ASSERT_STRING_EQUAL(lines[0], "VSWITCH SYSTEM VSW1 is destroyed");
    CU_ASSERT_STRING_EQUAL(uplog, "stop 0E40;");
    CU_ASSERT_PTR_NULL(lan_named("VSW1"));
    CU_ASSERT_EQUAL(run("detach vswitch vsw2"), 0);               /* no uplink: no stop */
    CU_ASSERT_STRING_EQUAL(uplog, "");
    CU_ASSERT_EQUAL(run("detach lan lan1"), 0);
    CU_ASSERT_STRING_EQUAL(lines[0], "LAN SYSTEM LAN1 is destroyed");
    CU_ASSERT_EQUAL(run_on("define vswitch vsw3 rdev e40", &sys_no_uplink, &cp_operator), 0);
    CU_ASSERT_EQUAL(run_on("detach vswitch vsw3", &sys_no_uplink, &cp_operator), 0);
}

/* ---- SET VSWITCH name RDEV ------------------------------------------------- */

static void set_vswitch_rdev(void)
{
    gl_net_init(&net);
    CU_ASSERT_EQUAL(run("define vswitch vsw1 rdev e40"), 0);
    CU_ASSERT_EQUAL(run("define vswitch vsw2 rdev e44"), 0);
    CU_ASSERT_EQUAL(run("define lan lan1"), 0);
    net.lans[0].uplink = GL_UPLINK_READY;

    CU_ASSERT_EQUAL(run("set vswitch vsw1 rdev e48"), 0);
    CU_ASSERT_EQUAL(nlines, 2);
    CU_ASSERT_STRING_EQUAL(lines[0], "Command complete");
    CU_ASSERT_STRING_EQUAL(uplog, "stop 0E40;start 0;");
    CU_ASSERT_EQUAL(net.lans[0].rdev, 0x0E48);
    CU_ASSERT_EQUAL(net.lans[0].uplink, GL_UPLINK_STARTING);
    CU_ASSERT_EQUAL(run("SET VSWITCH VSW1 RDEV 0E48"), 0);         /* same device: restart */
    CU_ASSERT_STRING_EQUAL(uplog, "stop 0E48;start 0;");
    CU_ASSERT_EQUAL(run("set vswitch vsw1 rdev none"), 0);
    CU_ASSERT_STRING_EQUAL(uplog, "stop 0E48;");
    CU_ASSERT_EQUAL(net.lans[0].rdev, 0);
    CU_ASSERT_EQUAL(net.lans[0].uplink, GL_UPLINK_NONE);
    CU_ASSERT_EQUAL(run("set vswitch vsw1 rdev e40"), 0);          /* none -> e40: no stop */
    CU_ASSERT_STRING_EQUAL(uplog, "start 0;");

    CU_ASSERT_EQUAL(run("set vswitch vsw1 rdev e44"), 6134);
    CU_ASSERT_STRING_EQUAL(lines[0], "VML6134E RDEV 0E44 is already the uplink of VSWITCH VSW2");
    CU_ASSERT_EQUAL(run("set vswitch lan1 rdev e4c"), 6131);
    CU_ASSERT_STRING_EQUAL(lines[0], "VML6131E VSWITCH SYSTEM LAN1 does not exist");
    CU_ASSERT_EQUAL(run("set vswitch nosuch rdev e4c"), 6131);
    CU_ASSERT_STRING_EQUAL(uplog, "");
    CU_ASSERT_EQUAL(net.lans[0].rdev, 0x0E40);
    CU_ASSERT_EQUAL(net.lans[2].rdev, 0);
    CU_ASSERT_EQUAL(run("set vswitch vsw1 rdev e41"), 2);
    CU_ASSERT_EQUAL(run("set vswitch vsw1 rdev"), 26);
    CU_ASSERT_EQUAL(run("set vswitch vsw1"), 26);
    CU_ASSERT_EQUAL(run("set vswitch"), 26);
    CU_ASSERT_EQUAL(run("set vswitch vsw1 grant gst1"), 3);
    CU_ASSERT_STRING_EQUAL(lines[0], "VML003E Invalid option - GRANT");
    CU_ASSERT_EQUAL(run("set vswitch vsw1 rdev e4c extra"), 3);
    CU_ASSERT_EQUAL(run_as("set vswitch vsw1 rdev e4c", &guest), 1);   /* SET is class A/B */
    CU_ASSERT_STRING_EQUAL(uplog, "");
    CU_ASSERT_EQUAL(net.lans[0].rdev, 0x0E40);
}

/* ---- COUPLE / UNCOUPLE wording, QUERY LAN and QUERY VIRTUAL NIC ------------ */

static void couple_to_vswitch(void)
{
    uint16_t port;
    gl_net_init(&net);
    CU_ASSERT_EQUAL(run("define vswitch vsw1"), 0);
    CU_ASSERT_EQUAL(run("q lan"), 0);
    CU_ASSERT_EQUAL(nlines, 2);
    CU_ASSERT_STRING_EQUAL(lines[0], "No LANs are defined");
    CU_ASSERT_EQUAL(run("define lan lan1"), 0);
    CU_ASSERT_EQUAL_FATAL(gl_port_add(&net, "GST1", 0x0700, &port), GL_OK);

    CU_ASSERT_EQUAL(run_as("couple 700 to system vsw1", &guest), 0);
    CU_ASSERT_STRING_EQUAL(lines[0], "NIC 0700 is connected to VSWITCH SYSTEM VSW1");
    CU_ASSERT_EQUAL(run_as("q v nic", &guest), 0);
    CU_ASSERT_STRING_EQUAL(lines[1], "  MAC: 02-00-00-00-07-00         VSWITCH: SYSTEM VSW1");
    CU_ASSERT_EQUAL(run_as("uncouple 700", &guest), 0);
    CU_ASSERT_STRING_EQUAL(lines[0], "NIC 0700 is disconnected from VSWITCH SYSTEM VSW1");
    CU_ASSERT_EQUAL(run_as("couple 700 system lan1", &guest), 0);
    CU_ASSERT_STRING_EQUAL(lines[0], "NIC 0700 is connected to LAN SYSTEM LAN1");
    CU_ASSERT_EQUAL(run_as("q v nic", &guest), 0);
    CU_ASSERT_STRING_EQUAL(lines[1], "  MAC: 02-00-00-00-07-00         LAN: SYSTEM LAN1");
    CU_ASSERT_EQUAL(run_as("uncouple 700", &guest), 0);
    CU_ASSERT_STRING_EQUAL(lines[0], "NIC 0700 is disconnected from LAN SYSTEM LAN1");

    /* QUERY LAN: the LANs only */
    CU_ASSERT_EQUAL(run("q lan"), 0);
    CU_ASSERT_EQUAL(nlines, 4);
    CU_ASSERT_STRING_EQUAL(lines[0], "LAN SYSTEM LAN1     Type: QDIO    Connected: 0    Maxconn: INFINITE");
    CU_ASSERT_EQUAL(run("q lan vsw1"), 6121);
    CU_ASSERT_STRING_EQUAL(lines[0], "VML6121E LAN SYSTEM VSW1 does not exist");
}

/* ---- QUERY VSWITCH ------------------------------------------------------------ */

#define VSW1_LINE1 "VSWITCH SYSTEM VSW1     Type: QDIO    Connected: 1    Maxconn: INFINITE"
#define VSW_LINE2  "  PERSISTENT  UNRESTRICTED  IP                        Accounting: OFF"
#define VSW_LINE3  "  MFS: 8K  MTU: 1500"

static void query_vswitch(void)
{
    uint16_t port;
    gl_net_init(&net);
    CU_ASSERT_EQUAL(run("q vswitch"), 0);
    CU_ASSERT_EQUAL(nlines, 2);
    CU_ASSERT_STRING_EQUAL(lines[0], "No VSWITCHes are defined");
    CU_ASSERT_EQUAL(run("define lan lan1"), 0);
    CU_ASSERT_EQUAL(run("q vsw details"), 0);
    CU_ASSERT_STRING_EQUAL(lines[0], "No VSWITCHes are defined");
    CU_ASSERT_EQUAL(run("define vswitch vsw1 rdev e40"), 0);
    CU_ASSERT_EQUAL(run("define vswitch vsw2"), 0);
    CU_ASSERT_EQUAL_FATAL(gl_port_add(&net, "GST1", 0x0700, &port), GL_OK);
    CU_ASSERT_EQUAL(run_as("couple 700 system vsw1", &guest), 0);
    CU_ASSERT_EQUAL(gl_ip_register(&net, port, 0x0A010105, 24), GL_OK);

    CU_ASSERT_EQUAL(run("query vswitch vsw1"), 0);
    CU_ASSERT_EQUAL(nlines, 7);
    CU_ASSERT_STRING_EQUAL(lines[0], VSW1_LINE1);
    CU_ASSERT_STRING_EQUAL(lines[1], VSW_LINE2);
    CU_ASSERT_STRING_EQUAL(lines[2], VSW_LINE3);
    CU_ASSERT_STRING_EQUAL(lines[3], " Uplink Port:");
    CU_ASSERT_STRING_EQUAL(lines[4], "  State: Starting");
    CU_ASSERT_STRING_EQUAL(lines[5], "  RDEV: 0E40");
    CU_ASSERT_STRING_EQUAL(lines[6], "Ready;");

    net.lans[1].uplink = GL_UPLINK_READY;
    CU_ASSERT_EQUAL(run("q vsw"), 0);                             /* both, not LAN1 */
    CU_ASSERT_EQUAL(nlines, 13);
    CU_ASSERT_STRING_EQUAL(lines[4], "  State: Ready");
    CU_ASSERT_STRING_EQUAL(lines[6], "VSWITCH SYSTEM VSW2     Type: QDIO    Connected: 0    Maxconn: INFINITE");
    CU_ASSERT_STRING_EQUAL(lines[10], "  State: None");
    CU_ASSERT_STRING_EQUAL(lines[11], "  RDEV: None");
    net.lans[1].uplink = GL_UPLINK_FAILED;
    CU_ASSERT_EQUAL(run("q vsw all"), 0);
    CU_ASSERT_EQUAL(nlines, 13);
    CU_ASSERT_STRING_EQUAL(lines[4], "  State: Not ready");

    struct gl_lan *l = &net.lans[1];
    l->counters = (struct gl_counters){ 10, 7, 1, 1, 1, 0 };
    l->up.out_datagrams = 4;
    l->up.out_bytes = 2400;
    l->up.in_datagrams = 3;
    l->up.in_bytes = 1800;
    l->up.in = (struct gl_counters){ 3, 2, 1, 0, 0, 0 };
    CU_ASSERT_EQUAL(run("q vswitch vsw1 det"), 0);
    CU_ASSERT_EQUAL(nlines, 12);
    CU_ASSERT_STRING_EQUAL(lines[0], VSW1_LINE1);
    CU_ASSERT_STRING_EQUAL(lines[6], "  Datagrams: sent 10  delivered 7  dropped: no owner 1  no buffer 1"
                                     "  too big 1  malformed 0");
    CU_ASSERT_STRING_EQUAL(lines[7], "  Uplink: out datagrams 4  bytes 2400  in datagrams 3  bytes 1800");
    CU_ASSERT_STRING_EQUAL(lines[8], "  Uplink In: sent 3  delivered 2  dropped: no owner 1  no buffer 0"
                                     "  too big 0  malformed 0");
    CU_ASSERT_STRING_EQUAL(lines[9], "  Adapter Owner: GST1     NIC: 0700  Name: UNASSIGNED  IP addresses: 1");
    CU_ASSERT_STRING_EQUAL(lines[10], "    IP: 10.1.1.5/24");
    CU_ASSERT_EQUAL(run("q vsw all details"), 0);
    CU_ASSERT_EQUAL(nlines, 12 + 9);

    CU_ASSERT_EQUAL(run("q vswitch lan1"), 6131);
    CU_ASSERT_STRING_EQUAL(lines[0], "VML6131E VSWITCH SYSTEM LAN1 does not exist");
    CU_ASSERT_EQUAL(run("q vswitch nosuch"), 6131);
    CU_ASSERT_EQUAL(run("q vswitch vsw1 details extra"), 3);
    CU_ASSERT_EQUAL(run("q vswitch vsw1 vsw2"), 3);
    CU_ASSERT_EQUAL(run("q vswitch too-long-name"), 2);
    CU_ASSERT_EQUAL(run_as("q vswitch", &guest), 3);              /* class B */
    CU_ASSERT_STRING_EQUAL(lines[0], "VML003E Invalid option - VSWITCH");
}

/* ---- QUERY OSA ---------------------------------------------------------------- */

static void query_osa(void)
{
    gl_net_init(&net);
    fake_nosa = 0;
    CU_ASSERT_EQUAL(run("q osa"), 0);
    CU_ASSERT_EQUAL(nlines, 2);
    CU_ASSERT_STRING_EQUAL(lines[0], "No OSA devices are defined");
    CU_ASSERT_EQUAL(run_on("q osa", &sys_no_uplink, &cp_operator), 0);
    CU_ASSERT_STRING_EQUAL(lines[0], "No OSA devices are defined");

    fake_osa[0] = (struct cp_osainfo){ .rdev = 0x0E40, .vswitch = "VSW1", .state = "READY",
                                       .have_mac = true, .mac = { 0x02, 0x00, 0x5E, 0xAB, 0xCD, 0x01 },
                                       .frames_in = 100, .frames_out = 90, .write_errors = 1,
                                       .arp_in = 4, .arp_out = 3, .dropped_in = 7,
                                       .arp_unresolved = 2, .starts = 1 };
    fake_osa[1] = (struct cp_osainfo){ .rdev = 0x0E44, .state = NULL };
    fake_nosa = 2;
    CU_ASSERT_EQUAL(run("query osa"), 0);
    CU_ASSERT_EQUAL(nlines, 5);
    CU_ASSERT_STRING_EQUAL(lines[0], "OSA  0E40 ATTACHED TO VSWITCH VSW1  STATE READY  MAC 02-00-5E-AB-CD-01");
    CU_ASSERT_STRING_EQUAL(lines[1], "  Frames: in 100  out 90  write errors 1  ARP: in 4  out 3"
                                     "  dropped in 7  unresolved 2  starts 1");
    CU_ASSERT_STRING_EQUAL(lines[2], "OSA  0E44 FREE  STATE UNKNOWN  MAC NONE");
    CU_ASSERT_STRING_EQUAL(lines[3], "  Frames: in 0  out 0  write errors 0  ARP: in 0  out 0"
                                     "  dropped in 0  unresolved 0  starts 0");
    CU_ASSERT_EQUAL(run("q osa all"), 0);
    CU_ASSERT_EQUAL(nlines, 5);
    CU_ASSERT_EQUAL(run("q osa free"), 3);
    CU_ASSERT_EQUAL(run("q osa all x"), 3);
    CU_ASSERT_EQUAL(run_as("q osa", &guest), 3);
    fake_nosa = 0;
}

void register_vswcmds_tests(void)
{
    static const struct unit_test tests[] = {
        { "gl_vswitch_set_rdev", set_rdev_helper },
        { "DEFINE VSWITCH", define_vswitch },
        { "DETACH VSWITCH", detach_vswitch },
        { "SET VSWITCH RDEV", set_vswitch_rdev },
        { "COUPLE/UNCOUPLE VSWITCH, QUERY LAN", couple_to_vswitch },
        { "QUERY VSWITCH", query_vswitch },
        { "QUERY OSA", query_osa },
        { NULL, NULL },
    };
    unit_add_suite("vswcmds", tests);
}
