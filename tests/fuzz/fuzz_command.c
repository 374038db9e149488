/*
 * fuzz_command.c - libFuzzer harness for the command path (cp_command:
 * tokenizer, abbreviations, privilege classes, validation, responses, the
 * guest commands against a fake VM layer, the VSWITCH commands against a
 * fake uplink driver).  The first input byte picks
 * the issuer (operator or a class-G guest); the rest is the console line.
 * Any line must give bounded output ending in a Ready line, or nothing for
 * a blank line, or no Ready for SHUTDOWN / a guest's LOGOFF.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cp/cmd/cmd.h"
#include "guestlan/lan.h"

static unsigned nlines;
static char lastline[CP_OUT_LINE_MAX + 1];
static bool no_ready_ok;

static void sink(void *ctx, const char *text)
{
    (void)ctx;
    if (strlen(text) > CP_OUT_LINE_MAX)
        abort();
    snprintf(lastline, sizeof lastline, "%s", text);
    nlines++;
}

static void fill(struct cp_vminfo *i, const char *u)
{
    memset(i, 0, sizeof *i);
    snprintf(i->userid, sizeof i->userid, "%s", u);
    i->handle = 3;
    i->storage = 4ull << 20;
    i->state = "RUNNING";
    i->ipl = "CMS";
    i->machine = "Z";
    i->classes = "G";
}
static enum cp_vm_err logon(const char *u) { return u[0] == 'A' ? CP_VM_OK : CP_VM_NOT_IN_DIRECTORY; }
static void logoff(int h, const char *by) { if (h != 3) abort(); if (!by) no_ready_ok = true; }
static enum cp_vm_err find(const char *u, struct cp_vminfo *i)
{
    if (!strcmp(u, "GST1")) { fill(i, u); return CP_VM_OK; }
    return CP_VM_NOT_LOGGED_ON;
}
static unsigned list(struct cp_vminfo *o, unsigned max) { if (max) fill(o, "GST1"); return max ? 1 : 0; }
static enum cp_vm_err send(int h, const char *t) { (void)t; return h == 3 ? CP_VM_OK : CP_VM_QUEUE_FULL; }
static void show(int h, const char *t) { (void)t; if (h != 3) abort(); }
static void set_share(int h, bool a, uint32_t v) { if (h != 3 || v == 0 || (a && v > 100)) abort(); }
static void broadcast(const char *l) { if (strlen(l) > CP_LINE_MAX + 40) abort(); }
static uint64_t now(void) { return 0xDEADBEEF00000000ull; }
static uint64_t busy(void) { return 12345; }
static void frames(struct cp_frame_stats *s) { *s = (struct cp_frame_stats){ 1, 1, 0 }; }
static void shutdown_req(void) { no_ready_ok = true; }

static enum cp_vm_err define_nic(int h, uint16_t vdev, uint16_t n)
{
    if (h != 3 || n < 3 || n > 3072) abort();
    return vdev == 0x700 ? CP_VM_DEVICE_EXISTS : CP_VM_OK;
}
static enum cp_vm_err detach_nic(int h, uint16_t vdev, uint16_t *n)
{
    if (h != 3) abort();
    *n = 3;
    return vdev == 0x700 ? CP_VM_OK : CP_VM_NO_DEVICE;
}

/* GST1's NIC 0700 (on its LAN port when the input set one up), and for
 * the operator's QUERY NIC also GST2's 0600 of 5 devices; phase and
 * connection name vary with the input, out-of-range and unprintable too. */
static struct gl_net *fuzz_net;
static uint8_t nic_variant;
static unsigned nics(int h, struct cp_nicinfo *o, unsigned max)
{
    if (h != 3 && h != -1) abort();
    unsigned n = h == -1 ? 2 : 1;
    for (unsigned k = 0; k < n && k < max; k++) {
        memset(&o[k], 0, sizeof o[k]);
        snprintf(o[k].userid, sizeof o[k].userid, "%s", k ? "GST2" : "GST1");
        o[k].handle = k ? 4 : 3;
        o[k].vdev = k ? 0x600 : 0x700;
        o[k].devices = k ? 5 : 3;
        o[k].port = GL_PORT_NONE;
        if (!k)
            gl_port_find(fuzz_net, "GST1", 0x700, &o[k].port);
        o[k].phase = (enum osa_phase)(nic_variant % (OSA_PHASE_COUNT + 2));
        o[k].lan_started = nic_variant & 1;
        o[k].mtu = 8192;
        snprintf(o[k].conn_name, sizeof o[k].conn_name, "%s",
                 nic_variant & 8 ? "\x01\xFF" "AB" : "CONN1");
        o[k].counters.pdus = ~0ull;
    }
    return n;
}

/* The uplink driver: start gets a VSWITCH handle, stop an even RDEV;
 * QUERY OSA sees one attached OSA and one free one (no MAC, no state). */
static void up_start(uint16_t lan)
{
    const struct gl_lan *l = gl_lan_at(fuzz_net, lan);
    if (!l || !l->vswitch || !l->rdev || (l->rdev & 1))
        abort();
}
static void up_stop(uint16_t rdev) { if (!rdev || (rdev & 1)) abort(); }
static unsigned up_osa_list(struct cp_osainfo *o, unsigned max)
{
    for (unsigned k = 0; k < 2 && k < max; k++) {
        memset(&o[k], 0, sizeof o[k]);
        o[k].rdev = k ? 0x0E44 : 0x0E40;
        if (!k) {
            snprintf(o[k].vswitch, sizeof o[k].vswitch, "VSW1");
            o[k].state = "READY";
            o[k].have_mac = true;
            o[k].frames_in = ~0ull;
        }
    }
    return nic_variant & 2 ? 40 : 2;    /* sometimes claims more than max */
}
static const struct cp_uplinkops uplink = { up_start, up_stop, up_osa_list };

static const struct cp_vmops ops = { logon, logoff, find, list, send, show, set_share,
                                     define_nic, detach_nic, nics };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct gl_net net;
    static const struct cp_sys sys = {
        .vm = &ops, .net = &net, .uplink = &uplink, .broadcast = broadcast, .tod_now = now, .cpu_busy = busy,
        .frames = frames, .shutdown = shutdown_req, .ipl_tod = 0xDE00000000000000ull,
        .storage_bytes = 64ull << 20, .build_time = "01/01/26 00:00:00", .version = "0.0.0",
    };
    static const struct cp_who guest = { "GST1", "G", 3 };
    static const struct cp_out out = { sink, NULL };
    char line[CP_LINE_MAX + 1];
    if (size == 0)
        return 0;
    const struct cp_who *who = data[0] & 1 ? &guest : &cp_operator;
    size_t n = size - 1 < CP_LINE_MAX ? size - 1 : CP_LINE_MAX;
    memcpy(line, data + 1, n);
    line[n] = '\0';

    gl_net_init(&net);
    fuzz_net = &net;
    nic_variant = (uint8_t)(data[0] >> 3);
    if (data[0] & 2) {                  /* sometimes with a LAN and GST1's NIC 0700 on it */
        uint16_t port;
        gl_lan_define(&net, "LAN1", 0, 8, NULL);
        gl_port_add(&net, "GST1", 0x0700, &port);
        if (data[0] & 4)
            gl_couple(&net, port, "LAN1");
        if (data[0] & 0x80)
            gl_ip_register(&net, port, 0x0A010105, 24);
    }
    if (data[0] & 0x40) {               /* and a VSWITCH VSW1 with uplink 0E40 */
        uint16_t h;
        gl_vswitch_define(&net, "VSW1", 0x0E40, &h);
        if (data[0] & 0x20)
            gl_vswitch_set_rdev(&net, h, 0);
    }
    nlines = 0;
    no_ready_ok = false;
    lastline[0] = '\0';
    int rc = cp_command(line, &out, &sys, who);
    if (nlines > 48 || rc < 0)      /* HELP: 36 lines; QUERY NIC DETAILS here: 26 */
        abort();
    if (nlines && !no_ready_ok && strncmp(lastline, "Ready", 5) != 0)
        abort();
    return 0;
}
