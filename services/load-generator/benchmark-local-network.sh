#!/usr/bin/env bash
# Starts the local network (three partners and the cabina di regia) on free ports in a scratch data directory,
# prints each process's readiness time and memory at idle, restarts one partner (cpi-mantova) alone on the running
# network and times it to health UP, drives the network with the load generator while sampling memory, then stops it.
# Memory: RSS and PSS (shared pages divided among the processes sharing them) of each JVM, and of each partner's
# PostgreSQL (postmaster and all its processes, summed), and a partner's JVM with its PostgreSQL resident with every
# physical page counted once (resident-kb.py; needs root for page frame numbers). CPU: user + system seconds of
# each JVM at start, and of every process (each PostgreSQL with all its processes, the load generator too) during
# the load run, from /proc.
#
#   services/load-generator/benchmark-local-network.sh [load-generator options, e.g. --rates 500,1000,max]
#
# Environment: PARTNER_HEAP (default: the launcher's), PARTNER_ARGS (extra partner arguments), JAVA_OPTS_PARTNER
# (extra partner JVM options, passed with --partner-jvm-option), LAUNCHER_ARGS (extra launcher options, e.g.
# "--no-class-data-sharing --no-partner-jvm-defaults"), KEEP=1 keeps the data directory.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DATA=$(mktemp -d /tmp/rete-bench-XXXXXX)
read -r KAFKA REGISTRY P1 P2 P3 CABINA < <(python3 -c '
import socket
socks=[socket.socket() for _ in range(6)]
for s in socks: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])')
PARTNERS="prefettura-sui:$P1,lule-outreach:$P2,cpi-mantova:$P3"
EXTRA=()
for arg in ${PARTNER_ARGS:-}; do EXTRA+=("--partner-arg=$arg"); done
for opt in ${JAVA_OPTS_PARTNER:-}; do EXTRA+=("--partner-jvm-option=$opt"); done
for arg in ${LAUNCHER_ARGS:-}; do EXTRA+=("$arg"); done
[ -z "${PARTNER_HEAP:-}" ] || EXTRA+=("--partner-heap=$PARTNER_HEAP")

echo "data $DATA, load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
START=$(date +%s.%N)
java -Xmx512m -jar "$ROOT/services/local-network/target/local-network.jar" --home "$ROOT" --data-dir "$DATA" \
    --kafka-port "$KAFKA" --registry-port "$REGISTRY" --partners "$PARTNERS" --cabina-port "$CABINA" \
    --health-timeout 600 "${EXTRA[@]}" > "$DATA/launcher.out" 2>&1 &
LAUNCHER=$!
RESTARTED=
stop() {
    if [ -n "$RESTARTED" ]; then  # the partner restarted by this script is not the launcher's to stop
        kill -TERM "$RESTARTED" 2>/dev/null || true
        while kill -0 "$RESTARTED" 2>/dev/null; do sleep 0.5; done
    fi
    kill -TERM "$LAUNCHER" 2>/dev/null || true
    wait "$LAUNCHER" 2>/dev/null || true
    [ -n "${KEEP:-}" ] || rm -rf "$DATA"
}
trap stop EXIT
until grep -q "Rete local network is up" "$DATA/launcher.out"; do
    if ! kill -0 "$LAUNCHER" 2>/dev/null; then cat "$DATA/launcher.out"; exit 1; fi
    sleep 0.5
done
printf "whole network up after %.1f s (launcher start to the table)\n" "$(echo "$(date +%s.%N) - $START" | bc)"
grep -E "ready in|UP after" "$DATA/launcher.out"

# "rss_kb pss_kb" of a set of pids
mem() { local r=0 p=0; for pid in "$@"; do
    read -r a b < <(awk '/^Rss:/{r=$2} /^Pss:/{p=$2} END{print r+0, p+0}' "/proc/$pid/smaps_rollup" 2>/dev/null || echo 0 0)
    r=$((r + a)); p=$((p + b)); done; echo "$r $p"; }
pid_of() {
    if [ "$1" = cpi-mantova ] && [ -n "$RESTARTED" ]; then echo "$RESTARTED"; return; fi
    grep -oE "$1 on 127.0.0.1:[0-9]+ \(pid [0-9]+\)" "$DATA/launcher.out" | grep -oE "[0-9]+\)$" | tr -d ')'; }
# user + system CPU seconds of a process
cpu_of() { awk -v t="$(getconf CLK_TCK)" '{sub(/.*\) /, ""); printf "%.1f", ($12 + $13) / t}' "/proc/$1/stat"; }
postgres_of() { local pm; pm=$(head -1 "$DATA/data/$1/postgres/postmaster.pid"); echo "$pm" $(pgrep -P "$pm"); }
REGISTRY_PID=$(pgrep -f "quarkus.http.port=$REGISTRY")
CABINA_PID=$(grep -oE "cabina-di-regia on 127.0.0.1:[0-9]+ \(pid [0-9]+\)" "$DATA/launcher.out" | grep -oE "[0-9]+\)$" | tr -d ')')
sample() {
    printf "%-34s %9s %9s\n" "$1 (MB)" RSS PSS
    for row in "launcher JVM with the Kafka broker:$LAUNCHER" "schema registry:$REGISTRY_PID" \
               "cabina di regia JVM:$CABINA_PID"; do
        read -r r p < <(mem "${row##*:}"); printf "  %-32s %9d %9d\n" "${row%%:*}" $((r / 1024)) $((p / 1024))
    done
    for partner in prefettura-sui lule-outreach cpi-mantova; do
        read -r jr jp < <(mem "$(pid_of "$partner")")
        read -r pr pp < <(mem $(postgres_of "$partner"))
        printf "  %-32s %9d %9d   (JVM %d + PostgreSQL %d RSS; %d + %d PSS)\n" "$partner" \
            $(((jr + pr) / 1024)) $(((jp + pp) / 1024)) $((jr / 1024)) $((pr / 1024)) $((jp / 1024)) $((pp / 1024))
    done
}
# a partner's JVM and PostgreSQL resident, every physical page counted once (MB, or n/a without root)
resident_of() { local kb; kb=$(python3 "$ROOT/services/load-generator/resident-kb.py" "$(pid_of "$1")" \
    $(postgres_of "$1")); [ "$kb" = n/a ] && echo n/a || echo $((kb / 1024)); }
resident() {
    printf "%s, each page counted once (MB)\n" "$1"
    for partner in prefettura-sui lule-outreach cpi-mantova; do
        printf "  %-32s %9s\n" "$partner" "$(resident_of "$partner")"
    done
}
for partner in prefettura-sui lule-outreach cpi-mantova; do
    printf "  %s JVM CPU %s s when the network was up\n" "$partner" "$(cpu_of "$(pid_of "$partner")")"
done
sleep 10
sample "idle, 10 s after start"
resident "a partner with its PostgreSQL idle"

# One partner started alone on the running network: cpi-mantova (not loaded below) stopped, then started again with
# the same command, environment and data, as after a crash or an upgrade.
OLD=$(pid_of cpi-mantova)
mapfile -d '' COMMAND < "/proc/$OLD/cmdline"
mapfile -d '' ENVIRONMENT < "/proc/$OLD/environ"
WORKDIR=$(readlink "/proc/$OLD/cwd")
kill -TERM "$OLD"
while kill -0 "$OLD" 2>/dev/null; do sleep 0.2; done
echo
echo "cpi-mantova stopped; started again alone (load average $(cut -d' ' -f1-3 /proc/loadavg))"
RESTART=$(date +%s.%N)
(cd "$WORKDIR" && exec env -i "${ENVIRONMENT[@]}" "${COMMAND[@]}" > "$DATA/logs/cpi-mantova-restart.log" 2>&1) &
RESTARTED=$!
until curl -fs "http://127.0.0.1:$P3/actuator/health" 2>/dev/null | grep -q '"UP"'; do
    kill -0 "$RESTARTED" 2>/dev/null || { tail -40 "$DATA/logs/cpi-mantova-restart.log"; exit 1; }
    sleep 0.2
done
printf "  cpi-mantova UP after %.1f s alone (JVM CPU %s s until then)\n" \
    "$(echo "$(date +%s.%N) - $RESTART" | bc)" "$(cpu_of "$RESTARTED")"
grep -oE "(Embedded PostgreSQL started .* in [0-9]+ ms|Outbox relay ready in [0-9]+ ms|Started PartnerServiceApplication in [0-9.]+ seconds .*)" \
    "$DATA/logs/cpi-mantova-restart.log" | sed 's/^/    /'
sleep 5

# CPU seconds (user + system) of each process, a PostgreSQL server with all its processes, the exited ones too
ticks() { awk '{sub(/.*\) /, ""); print $12 + $13 + $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
pg_ticks() { local pm t=0; pm=$(head -1 "$DATA/data/$1/postgres/postmaster.pid")
    for pid in $pm $(pgrep -P "$pm"); do t=$((t + $(ticks "$pid"))); done; echo "$t"; }
cpu_table() {
    printf "%s %s\n" launcher "$(ticks "$LAUNCHER")" registry "$(ticks "$REGISTRY_PID")" cabina "$(ticks "$CABINA_PID")" \
        cabina-postgresql "$(pg_ticks cabina-di-regia)"
    for partner in prefettura-sui lule-outreach cpi-mantova; do
        printf "%s %s\n%s %s\n" "$partner" "$(ticks "$(pid_of "$partner")")" "$partner-postgresql" "$(pg_ticks "$partner")"
    done
}
cpu_table > "$DATA/cpu-before.txt"
LOAD_START=$(date +%s.%N)
java -jar "$ROOT/services/load-generator/target/load-generator.jar" --data-dir "$DATA" \
    --partners "prefettura-sui:$P1,lule-outreach:$P2" "$@" &
LOAD=$!
PEAK="$DATA/peak.txt"
LOAD_TICKS=0
SAMPLES=0
: > "$DATA/resident.txt"
while kill -0 "$LOAD" 2>/dev/null; do
    LOAD_TICKS=$(ticks "$LOAD")
    # the page count reads every mapping's page table: every 10 s only, to keep its own CPU out of the load run
    if [ $((SAMPLES++ % 5)) -eq 4 ]; then
        for partner in prefettura-sui lule-outreach; do
            echo "$partner $(resident_of "$partner" 2>/dev/null || echo n/a)" >> "$DATA/resident.txt"
        done
    fi
    sample "under load" > "$DATA/now.txt" 2>/dev/null || true
    # keep the sample with the largest total
    total=$(awk 'NR>1{s+=$2} END{print s+0}' "$DATA/now.txt")
    best=$(awk 'NR>1{s+=$2} END{print s+0}' "$PEAK" 2>/dev/null || echo 0)
    [ "$total" -gt "$best" ] && cp "$DATA/now.txt" "$PEAK"
    sleep 2
done
wait "$LOAD"
cpu_table > "$DATA/cpu-after.txt"
echo
sed '1s/under load/peak under load (largest sample, every 2 s)/' "$PEAK"
echo "a loaded partner with its PostgreSQL, each page counted once (MB): smallest and largest of samples every 10 s"
awk '$2 != "n/a" { n[$1]++; if (!($1 in lo) || $2 < lo[$1]) lo[$1] = $2; if ($2 > hi[$1]) hi[$1] = $2 }
     END { for (p in n) printf "  %-32s %5d - %d (%d samples)\n", p, lo[p], hi[p], n[p] }' "$DATA/resident.txt"
echo
WALL=$(echo "$(date +%s.%N) - $LOAD_START" | bc)
printf "CPU during the load run (%.0f s with warm-ups and drains; user + system s, share of %d cores)\n" "$WALL" "$(nproc)"
{ join <(sort "$DATA/cpu-before.txt") <(sort "$DATA/cpu-after.txt"); echo "load-generator 0 $LOAD_TICKS"; } |
    awk -v hz="$(getconf CLK_TCK)" -v wall="$WALL" -v cores="$(nproc)" '
        { s = ($3 - $2) / hz; total += s; printf "  %-28s %8.1f s %5.1f%%\n", $1, s, 100 * s / wall / cores }
        END { printf "  %-28s %8.1f s %5.1f%%\n", "all of them", total, 100 * total / wall / cores }'
