#!/usr/bin/env bash
# Soak (not in CI): builds procstar, runs bench/soak.star and samples the
# root's memory (/proc/PID/status: VmRSS, RssAnon, RssShmem) every second,
# then checks that no process of the tree is left. The growth that matters is
# "end - warm": from the first sample after WARMUP seconds (default 5) to
# the end.
# Usage: bench/soak.sh [CHURN_SECONDS [MESSAGES [PRODUCERS [CONSUMERS [BATCH]]]]]
# (defaults 60 1000000 4 4 16; e.g. bench/soak.sh 180 for three minutes).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

(cd "$root" && CGO_ENABLED=0 go build -o "$tmp/procstar" ./cmd/procstar)

kb() { awk -v k="$2" '$1 == k":" { print $2 }' "/proc/$1/status" 2>/dev/null || true; }

"$tmp/procstar" "$here/soak.star" "$@" >"$tmp/out" 2>"$tmp/err" &
pid=$!
start=$(date +%s.%N)
: >"$tmp/samples"
while kill -0 "$pid" 2>/dev/null && [ -r "/proc/$pid/status" ]; do
    rss=$(kb "$pid" VmRSS); anon=$(kb "$pid" RssAnon); shmem=$(kb "$pid" RssShmem)
    ph=$(awk '$1 == "phase" { p = $2 } END { print p }' "$tmp/out")
    t=$(awk -v s="$start" -v n="$(date +%s.%N)" 'BEGIN { printf "%.1f", n - s }')
    [ -n "$rss" ] && echo "$t $ph $rss $anon $shmem" >>"$tmp/samples"
    # children of the root, for the process count
    sleep 1
done
status=0
wait "$pid" || status=$?

cat "$tmp/out" | grep -v '^phase'
if [ "$status" -ne 0 ]; then
    echo "soak.star failed with status $status:" >&2
    tail -20 "$tmp/err" >&2
    exit "$status"
fi

# nothing of the tree may be left: no process whose exe is this binary
left=0
for p in /proc/[0-9]*; do
    if [ "$(readlink "$p/exe" 2>/dev/null || true)" = "$tmp/procstar" ]; then left=$((left + 1)); fi
done
echo "processes_left $left"

awk -v warm="${WARMUP:-5}" '
    { t[NR] = $1; ph[NR] = $2; rss[NR] = $3; anon[NR] = $4; shm[NR] = $5
      if ($3 > max) max = $3 }
    # first and last sample of each phase
    !($2 in first) { first[$2] = NR; order[++n] = $2 }
    { last[$2] = NR }
    END {
        if (NR == 0) { print "no samples"; exit 1 }
        printf "%-28s %10s %10s %10s\n", "root memory (KiB)", "VmRSS", "RssAnon", "RssShmem"
        printf "%-28s %10d %10d %10d\n", "start (" t[1] " s)", rss[1], anon[1], shm[1]
        # the first second is the runtime starting up: the baseline for
        # growth is the first sample after WARMUP seconds
        for (w = 1; w < NR && t[w] < warm; w++) ;
        printf "%-28s %10d %10d %10d\n", "warm (" t[w] " s)", rss[w], anon[w], shm[w]
        for (i = 1; i <= n; i++) {
            p = order[i]; a = first[p]; b = last[p]
            printf "%-28s %10d %10d %10d\n", p " first (" t[a] " s)", rss[a], anon[a], shm[a]
            printf "%-28s %10d %10d %10d\n", p " last (" t[b] " s)", rss[b], anon[b], shm[b]
        }
        printf "%-28s %10d\n", "max VmRSS", max
        printf "%-28s %+10d\n", "end - start VmRSS", rss[NR] - rss[1]
        printf "%-28s %+10d %+10d\n", "end - warm VmRSS, RssAnon", rss[NR] - rss[w], anon[NR] - anon[w]
    }' "$tmp/samples"
cp "$tmp/samples" "${SOAK_SAMPLES:-/tmp/soak_samples.txt}"
echo "samples (t phase VmRSS RssAnon RssShmem) in ${SOAK_SAMPLES:-/tmp/soak_samples.txt}"
