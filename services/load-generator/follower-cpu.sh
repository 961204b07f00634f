#!/usr/bin/env bash
# Samples the CPU a partner spends following the others' ledgers: every INTERVAL seconds, the clock ticks
# (utime + stime, /proc/<pid>/stat) of its JVM and of its PostgreSQL (postmaster, its live processes, and the ticks
# of those that exited, cutime + cstime of the postmaster), and the number of events it has processed
# (processed_event rows). Prints one line per interval, then the ticks per applied event over the intervals in
# which events were applied.
#
#   services/load-generator/follower-cpu.sh DATA_DIR PARTNER_ID [INTERVAL] [UNTIL_PID]
#
# DATA_DIR is the local network's data directory (benchmark-local-network.sh with KEEP=1 prints it); sampling
# stops when UNTIL_PID (e.g. the load generator) exits, or on Ctrl-C.
set -euo pipefail
DATA=$1; PARTNER=$2; INTERVAL=${3:-5}; UNTIL=${4:-}
PIDFILE="$DATA/data/$PARTNER/postgres/postmaster.pid"
PM=$(head -1 "$PIDFILE"); PORT=$(sed -n 4p "$PIDFILE")
JVM=$(pgrep -f -- "--rete.partner.id=$PARTNER .*--rete.data-dir=$DATA/data/$PARTNER" | head -1)
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
pg_ticks() {
    local t; t=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$PM/stat")
    for c in $(pgrep -P "$PM"); do t=$((t + $(ticks "$c"))); done; echo "$t"; }
processed() { psql -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -Atc "select count(*) from processed_event"; }
echo "partner $PARTNER: JVM pid $JVM, PostgreSQL pid $PM (port $PORT), $(getconf CLK_TCK) ticks/s"
printf "%8s %10s %10s %10s\n" time jvm_ticks pg_ticks events
pj=$(ticks "$JVM"); pp=$(pg_ticks); pe=$(processed); sj=0; sp=0; se=0
while [ -z "$UNTIL" ] || kill -0 "$UNTIL" 2>/dev/null; do
    sleep "$INTERVAL"
    j=$(ticks "$JVM"); p=$(pg_ticks); e=$(processed)
    printf "%8s %10d %10d %10d\n" "$(date +%T)" $((j - pj)) $((p - pp)) $((e - pe))
    if [ $((e - pe)) -gt 0 ]; then sj=$((sj + j - pj)); sp=$((sp + p - pp)); se=$((se + e - pe)); fi
    pj=$j; pp=$p; pe=$e
done
[ "$se" -gt 0 ] && awk -v j="$sj" -v p="$sp" -v e="$se" -v hz="$(getconf CLK_TCK)" 'BEGIN {
    printf "intervals with events applied: %d events, JVM %d ticks, PostgreSQL %d ticks: %.2f ms CPU per event (JVM %.2f + PostgreSQL %.2f)\n",
        e, j, p, (j + p) * 1000 / hz / e, j * 1000 / hz / e, p * 1000 / hz / e }'
