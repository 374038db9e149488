#!/bin/sh
# ifconfig.sh - benchmark: bring one QDIO NIC up (CMS IFCONFIG: IDX ACTIVATE to
# SETIP) N times under real Hercules and report, as "name value unit" lines on
# stdout: the guest's own bring-up time (NETSTAT BRING-UP, guest TOD clock,
# IDX to STARTLAN) and the host wall time from sending IFCONFIG to its Ready;
# (runner and console round trip included).  Usage: ifconfig.sh OUTDIR [N]
set -eu
out=$1
n=${2:-20}
mkdir -p "$out"
cat > "$out/ifconfig.direct" <<'DIR'
USER GST1 GST1 4M 16M G
 IPL CMS
 NICDEF 0700 TYPE QDIO LAN SYSTEM LAN1
DIR
{
    echo "CP DEFINE LAN LAN1"
    echo "CP XAUTOLOG GST1"
    echo 'WAIT 10 ^GST1: Ready;$'
    i=0
    while [ "$i" -lt "$n" ]; do
        echo 'HOST date +%s%N > "$VMLAN_RUN_DIR/t0"'
        echo "CP SEND GST1 IFCONFIG 700 10.1.0.1/24"
        echo 'WAIT 5 ^GST1: Ready;$'
        echo 'HOST echo $(( ($(date +%s%N) - $(cat "$VMLAN_RUN_DIR/t0")) / 1000 )) >> "$VMLAN_RUN_DIR/wall"'
        echo "CP SEND GST1 NETSTAT"
        echo 'WAIT 5 ^GST1: Ready;$'
        echo "CP SEND GST1 IFCONFIG 700 DOWN"
        echo 'WAIT 5 ^GST1: Ready;$'
        i=$((i + 1))
    done
    # summaries: min / median / max of both series
    printf '%s\n' 'HOST sed -n "s/^GST1:   BRING-UP \([0-9]*\) US$/\1/p" "$VMLAN_CONSOLE" > "$VMLAN_RUN_DIR/guest"'
    for s in guest wall; do
        echo "HOST sort -n \"\$VMLAN_RUN_DIR/$s\" | awk '{v[NR]=\$1} END {printf \"BENCH nic_bringup_${s}_min %d us\\\\nBENCH nic_bringup_${s}_median %d us\\\\nBENCH nic_bringup_${s}_max %d us\\\\nBENCH nic_bringup_${s}_samples %d count\\\\n\", v[1], v[int((NR+1)/2)], v[NR], NR}'"
    done
} > "$out/ifconfig.vmlan"
bin/vmlan run --directory "$out/ifconfig.direct" --script "$out/ifconfig.vmlan" > "$out/ifconfig.log" 2>&1 || { cat "$out/ifconfig.log"; exit 1; }
sed -n 's/^ *host| BENCH //p' "$out/ifconfig.log"
