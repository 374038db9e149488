#!/bin/sh
# udp.sh - benchmark: guest-to-guest UDP through CP's guest LAN (UDPSEND on
# 2 or 10 sending guests, UDPSINK on one receiver) at 64, 1472 and MTU-28
# (8164) bytes, plus ping round trips, under real Hercules.  Rates are by
# the host wall clock: from just before the first UDPSEND is issued to the
# last sender's end (CP delivers during the sender's SIGA, so nothing is
# delivered after that).  "10prio" = 10 senders with the receiver at SHARE
# RELATIVE 1000 (the others 100).  Prints a table on stderr and "name
# value unit" lines on stdout.  Usage: udp.sh OUTDIR [TOTAL_64]
set -eu
out=$1
total64=${2:-40000}
mkdir -p "$out"
{
    echo "USER SINK SINK 4M 16M G"
    echo " IPL CMS"
    echo " NICDEF 0700 TYPE QDIO LAN SYSTEM LAN1"
    i=1
    while [ $i -le 10 ]; do
        echo "USER SND$i SND$i 4M 16M G"
        echo " IPL CMS"
        echo " NICDEF 0700 TYPE QDIO LAN SYSTEM LAN1"
        i=$((i + 1))
    done
} > "$out/udp.direct"
p() { printf '%s\n' "$*"; }
{
    p "CP DEFINE LAN LAN1"
    p "CP XAUTOLOG SINK"
    p 'WAIT 10 ^SINK: Ready;$'
    p "CP SEND SINK IFCONFIG 700 10.1.0.100/24"
    p 'WAIT 5 ^SINK: Ready;$'
    i=1
    while [ $i -le 10 ]; do
        p "CP XAUTOLOG SND$i"
        p "WAIT 10 ^SND$i: Ready;\$"
        p "CP SEND SND$i IFCONFIG 700 10.1.0.$i/24"
        p "WAIT 5 ^SND$i: Ready;\$"
        i=$((i + 1))
    done
    p "CP SEND SND1 PING 10.1.0.100 COUNT 20"
    p 'WAIT 10 ^SND1: rtt min/avg/max'
    p "HOST sed -n 's|^SND1: rtt min/avg/max = \\([0-9.]*\\)/\\([0-9.]*\\)/\\([0-9.]*\\) ms\$|BENCH ping_rtt_min \\1 ms\\nBENCH ping_rtt_avg \\2 ms\\nBENCH ping_rtt_max \\3 ms|p' \"\$VMLAN_CONSOLE\""
    for size in 64 1472 8164; do
        case $size in
            64) total=$total64 ;;
            1472) total=$((total64 / 2)) ;;
            *) total=$((total64 / 4)) ;;
        esac
        for cfg in 2 10 10prio; do
            k=${cfg%prio}
            per=$((total / k))
            tag="udp_${size}_${cfg}snd"
            if [ "$cfg" = 10prio ]; then p "CP SET SHARE SINK RELATIVE 1000"; fi
            p "CP SEND SINK UDPSINK 9"
            p 'WAIT 5 ^SINK: UDPSINK: listening'
            p "HOST date +%s%N > \"\$VMLAN_RUN_DIR/t0\""
            i=1
            while [ $i -le $k ]; do
                p "CP SEND SND$i UDPSEND 10.1.0.100 9 $per $size"
                i=$((i + 1))
            done
            i=1
            while [ $i -le $k ]; do
                p "WAIT 120 ^SND$i: Ready"
                i=$((i + 1))
            done
            p "HOST date +%s%N > \"\$VMLAN_RUN_DIR/t1\""
            p "WAIT 30 ^SINK: UDPSINK: [0-9]+ datagrams"
            # the last UDPSINK line is this run's
            if [ "$cfg" = 10prio ]; then p "CP SET SHARE SINK RELATIVE 100"; fi
            p "HOST n=\$(sed -n 's/^SINK: UDPSINK: \\([0-9]*\\) datagrams.*/\\1/p' \"\$VMLAN_CONSOLE\" | tail -1); us=\$(( (\$(cat \"\$VMLAN_RUN_DIR/t1\") - \$(cat \"\$VMLAN_RUN_DIR/t0\")) / 1000 )); echo \"BENCH ${tag}_offered $((per * k)) datagrams\"; echo \"BENCH ${tag}_delivered \$n datagrams\"; echo \"BENCH ${tag}_wall \$us us\"; echo \"BENCH ${tag}_rate \$(( n * 1000000 / us )) datagrams/s\"; echo \"BENCH ${tag}_throughput \$(( n * $size * 8 / us )) Mbit/s\""
        done
    done
    p "CP QUERY LAN LAN1 DETAILS"
    p "HOST grep 'Datagrams:' \"\$VMLAN_RESPONSE\""
} > "$out/udp.vmlan"
bin/vmlan run --directory "$out/udp.direct" --script "$out/udp.vmlan" > "$out/udp.log" 2>&1 || { cat "$out/udp.log" >&2; exit 1; }
sed -n 's/^ *host| BENCH //p' "$out/udp.log"
{
    echo
    echo "guest-to-guest UDP (host wall clock)   size  senders  offered  delivered  datagrams/s  Mbit/s"
    for size in 64 1472 8164; do
        for cfg in 2 10 10prio; do
            t="udp_${size}_${cfg}snd"
            v() { sed -n "s/^ *host| BENCH ${t}_$1 \([0-9]*\) .*/\1/p" "$out/udp.log"; }
            printf '%38s %5s %8s %8s %10s %12s %7s\n' "" "$size" "$cfg" "$(v offered)" "$(v delivered)" "$(v rate)" "$(v throughput)"
        done
    done
    sed -n 's/^ *host| BENCH ping_rtt_\([a-z]*\) \([0-9.]*\) ms/ping rtt \1: \2 ms/p' "$out/udp.log"
    sed -n 's/^ *host|   Datagrams:/LAN1 datagrams:/p' "$out/udp.log"
} >&2
