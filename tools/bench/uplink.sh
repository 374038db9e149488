#!/bin/sh
# uplink.sh - benchmark: traffic through a VSWITCH's LCS uplink under real
# Hercules (host <-> guest, and the hairpin guest on VSW1 -> uplink 0E40 ->
# host routing -> uplink 0E42 -> guest on VSW2), next to a raw host <-> host
# baseline (a veth pair between the run's namespace and a second one).  Host side: tools/bench/udpblast.c.
# Rates by the host wall clock (udpblast: first to last datagram).
# Prints "name value unit" lines.  Usage: uplink.sh OUTDIR UDPBLAST [COUNT]
set -eu
out=$1
blast=$2
count=${3:-5000}
mkdir -p "$out"
cat > "$out/uplink.direct" <<'DIR'
USER GST1 GST1 4M 16M G
 IPL CMS
 NICDEF 0700 TYPE QDIO LAN SYSTEM VSW1
USER GST2 GST2 4M 16M G
 IPL CMS
 NICDEF 0700 TYPE QDIO LAN SYSTEM VSW2
DIR
p() { printf '%s\n' "$*"; }
emit() {   # HOST line turning udpblast's "received N datagrams, B bytes in U us" into BENCH lines
    p "HOST sed -n 's/^received \\([0-9]*\\) datagrams, \\([0-9]*\\) bytes in \\([0-9]*\\) us/\\1 \\2 \\3/p' \"\$VMLAN_RUN_DIR/$1.txt\" | awk '{ us = \$3 ? \$3 : 1; printf \"BENCH $1_delivered %d datagrams\\nBENCH $1_rate %d datagrams/s\\nBENCH $1_throughput %d Mbit/s\\n\", \$1, \$1 * 1000000 / us, \$2 * 8 / us }'"
}
{
    p "CP DEFINE VSWITCH VSW1 RDEV E40"
    p 'WAIT 5 VML2830I VSWITCH SYSTEM VSW1 status is ready'
    # VSW2 on the second LCS (0E42): its TAP gets 10.3.0.1/24 here, the host routes between them
    p "CP DEFINE VSWITCH VSW2 RDEV E42"
    p 'WAIT 5 VML2830I VSWITCH SYSTEM VSW2 status is ready'
    p "HOST t=\$(ip -o link show | awk -F': ' '{print \$2}' | grep '^tap' | grep -vx \"\$VMLAN_UPLINK\"); ip addr replace 10.3.0.1/24 dev \$t && ip link set \$t up && sysctl -qw net.ipv4.ip_forward=1"
    p "CP XAUTOLOG GST1"
    p "CP XAUTOLOG GST2"
    p 'WAIT 10 ^GST2: Ready;$'
    p "CP SEND GST1 IFCONFIG 700 10.1.0.2/24 GATEWAY 10.1.0.1"
    p 'WAIT 5 ^GST1: Ready;$'
    p "CP SEND GST2 IFCONFIG 700 10.3.0.2/24 GATEWAY 10.3.0.1"
    p 'WAIT 5 ^GST2: Ready;$'
    # hairpin: GST1 on VSW1 -> uplink -> host routing -> second uplink -> GST2 on VSW2, and back
    p "CP SEND GST1 PING 10.3.0.2 COUNT 50"
    p 'WAIT 20 ^GST1: rtt min/avg/max'
    p "HOST sed -n 's|^GST1: rtt min/avg/max = \\([0-9.]*\\)/\\([0-9.]*\\)/\\([0-9.]*\\) ms\$|BENCH hairpin_ping_min \\1 ms\\nBENCH hairpin_ping_avg \\2 ms\\nBENCH hairpin_ping_max \\3 ms|p' \"\$VMLAN_CONSOLE\" | tail -3"
    for size in 64 1472; do
        p "CP SEND GST2 UDPSINK 9"
        p 'WAIT 5 ^GST2: UDPSINK: listening'
        p "CP SEND GST1 UDPSEND 10.3.0.2 9 $count $size"
        p 'WAIT 60 ^GST1: Ready'
        p "WAIT 30 ^GST2: UDPSINK: [0-9]+ datagrams"
        p "HOST sed -n 's/^GST2: UDPSINK: \\([0-9]*\\) datagrams, \\([0-9]*\\) bytes in \\([0-9]*\\) us.*/received \\1 datagrams, \\2 bytes in \\3 us/p' \"\$VMLAN_CONSOLE\" | tail -1 > \"\$VMLAN_RUN_DIR/hairpin_$size.txt\""
        emit "hairpin_$size"
    done
    # ping both ways
    p "HOST ping -c 50 -i 0.02 -q 10.1.0.2 | sed -n 's|^rtt min/avg/max/mdev = \\([0-9.]*\\)/\\([0-9.]*\\)/\\([0-9.]*\\)/.*|BENCH host_to_guest_ping_min \\1 ms\\nBENCH host_to_guest_ping_avg \\2 ms\\nBENCH host_to_guest_ping_max \\3 ms|p'"
    p "CP SEND GST1 PING 10.1.0.1 COUNT 50"
    p 'WAIT 20 ^GST1: rtt min/avg/max'
    p "HOST sed -n 's|^GST1: rtt min/avg/max = \\([0-9.]*\\)/\\([0-9.]*\\)/\\([0-9.]*\\) ms\$|BENCH guest_to_host_ping_min \\1 ms\\nBENCH guest_to_host_ping_avg \\2 ms\\nBENCH guest_to_host_ping_max \\3 ms|p' \"\$VMLAN_CONSOLE\" | tail -3"
    for size in 64 1472; do
        # host -> guest: unpaced (as fast as the host sends), then paced
        for pace in 0 2000; do
            tag=host_to_guest_$size; [ $pace = 0 ] || tag=host_to_guest_${size}_paced$pace
            p "CP SEND GST1 UDPSINK 9"
            p 'WAIT 5 ^GST1: UDPSINK: listening'
            p "HOST $blast send 10.1.0.2 9 $count $size $pace > /dev/null"
            p "WAIT 30 ^GST1: UDPSINK: [0-9]+ datagrams"
            p "HOST sed -n 's/^GST1: UDPSINK: \\([0-9]*\\) datagrams, \\([0-9]*\\) bytes in \\([0-9]*\\) us.*/received \\1 datagrams, \\2 bytes in \\3 us/p' \"\$VMLAN_CONSOLE\" | tail -1 > \"\$VMLAN_RUN_DIR/$tag.txt\""
            emit "$tag"
        done
        # guest -> host
        p "HOST ($blast sink 40000 2000 > \"\$VMLAN_RUN_DIR/guest_to_host_$size.txt\" &); sleep 0.3"
        p "CP SEND GST1 UDPSEND 10.1.0.1 40000 $count $size"
        p 'WAIT 60 ^GST1: Ready'
        p "HOST sleep 2.5"
        emit "guest_to_host_$size"
    done
    # raw host <-> host baseline: a veth pair to a second namespace
    p "HOST n=vmlbench\$\$; echo \$n > \"\$VMLAN_RUN_DIR/peer\"; echo \$n >> \"\$VMLAN_RUN_DIR/netns\"; ip netns add \$n && ip link add bh type veth peer name bp && ip link set bp netns \$n && ip addr add 10.98.0.1/24 dev bh && ip link set bh up && ip -n \$n addr add 10.98.0.2/24 dev bp && ip -n \$n link set bp up && ip -n \$n link set lo up"
    p "HOST ping -c 50 -i 0.02 -q 10.98.0.2 | sed -n 's|^rtt min/avg/max/mdev = \\([0-9.]*\\)/\\([0-9.]*\\)/\\([0-9.]*\\)/.*|BENCH raw_host_ping_min \\1 ms\\nBENCH raw_host_ping_avg \\2 ms\\nBENCH raw_host_ping_max \\3 ms|p'"
    for size in 64 1472; do
        p "HOST (ip netns exec \"\$(cat \"\$VMLAN_RUN_DIR/peer\")\" $blast sink 9 1000 > \"\$VMLAN_RUN_DIR/raw_host_$size.txt\" &); sleep 0.3; $blast send 10.98.0.2 9 $count $size > /dev/null; sleep 1.5"
        emit "raw_host_$size"
    done
    p "HOST ip netns del \"\$(cat \"\$VMLAN_RUN_DIR/peer\")\""
    p "CP QUERY VSWITCH VSW1 DETAILS"
    p "CP QUERY OSA"
} > "$out/uplink.vmlan"
bin/vmlan run -v --directory "$out/uplink.direct" --script "$out/uplink.vmlan" > "$out/uplink.log" 2>&1 || { cat "$out/uplink.log" >&2; exit 1; }
sed -n 's/^ *host| BENCH //p' "$out/uplink.log"
