#!/usr/bin/env bash
# Side-by-side IPC benchmark: procstar vs CPython multiprocessing (spawn), in one run.
# Builds procstar, runs bench/ipc.star and bench/ipc.py (same workloads: Queue, SimpleQueue,
# Pipe, Lock, Value, Event and Pipe ping-pong; see the head of ipc.star) and prints, per
# metric, both figures, the ratio, the goal of issue 3 and PASS/MISS. The two run workload by
# workload in turn (procstar, then CPython, then the next workload), so a change in the load of
# a shared machine hits both alike; with REPS > 1 every workload runs REPS times on each side
# and the best figure of each side is kept (noise only slows a run down).
# ratio = procstar / CPython for rates (*_per_s), CPython / procstar for times (*_ns):
# higher is better for procstar either way. PASS when ratio >= goal.
# A workload whose result check fails (an item lost, out of order, a wrong count) stops the
# run with its error and a non-zero status; a MISS does not change the exit status.
# Usage: bench/run_ipc.sh [SCALE [WORKLOAD...]]   (SCALE multiplies every N, default 1;
#        WORKLOADs: queue squeue pipe lock value event pingpong, default all; PYTHON overrides
#        python3; REPS, default 1). The default run takes about a minute on 2 CPUs; keep
#        SCALE * REPS near 1 for the same time.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
python="${PYTHON:-python3}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

(cd "$root" && CGO_ENABLED=0 go build -o "$tmp/procstar" ./cmd/procstar)

scale="${1:-1}"
shift || true
workloads=("$@")
[ ${#workloads[@]} -gt 0 ] || workloads=(queue squeue pipe lock value event pingpong)
reps="${REPS:-1}"
: >"$tmp/procstar.out"
: >"$tmp/cpython.out"
for w in "${workloads[@]}"; do
    for ((r = 0; r < reps; r++)); do
        "$tmp/procstar" "$here/ipc.star" "$scale" "$w" >>"$tmp/procstar.out"
        "$python" "$here/ipc.py" "$scale" "$w" >>"$tmp/cpython.out"
    done
done

echo "procstar: $("$tmp/procstar" --version); CPython: $("$python" -c 'import sys; print(sys.version.split()[0])') (spawn); $(nproc) CPUs"
echo "scale $scale, best of $reps; ratio: procstar/CPython for rates, CPython/procstar for times; higher is better for procstar"
awk '
    BEGIN {
        goal["queue_int_per_s"] = 3;      goal["squeue_int_per_s"] = 3
        goal["queue_str100_per_s"] = 3;   goal["squeue_str100_per_s"] = 3
        goal["queue_bytes64k_per_s"] = 1.5; goal["squeue_bytes64k_per_s"] = 1.5
        goal["pipe_int_per_s"] = 2
        goal["lock_pair_ns"] = 0.5
        goal["value_contended_per_s"] = 1
        goal["event_pingpong_per_s"] = 2
        goal["pipe_pingpong_per_s"] = 1.5
    }
    # keep the best figure of each metric: the highest rate, the lowest time
    function better(m, a, b) { return (m ~ /_ns$/) ? (a < b) : (a > b) }
    FNR == NR { if (!($1 in ps)) order[++n] = $1; if (!($1 in ps) || better($1, $2, ps[$1])) ps[$1] = $2; next }
    { if (!($1 in py) || better($1, $2, py[$1])) py[$1] = $2 }
    END {
        printf "%-22s %14s %14s %8s %6s %s\n", "metric", "procstar", "CPython", "ratio", "goal", "result"
        bad = 0; met = 0; total = 0
        for (i = 1; i <= n; i++) {
            m = order[i]
            if (!(m in py) || ps[m] <= 0 || py[m] <= 0) { print "missing or bad figure: " m > "/dev/stderr"; bad = 1; continue }
            r = (m ~ /_ns$/) ? py[m] / ps[m] : ps[m] / py[m]
            res = ""; g = ""
            if (m in goal) {
                total++
                g = sprintf("%.1fx", goal[m])
                if (r >= goal[m]) { res = "PASS"; met++ } else res = "MISS"
            }
            fmt = (m ~ /_ns$/) ? "%-22s %14.1f %14.1f %7.2fx %6s %s\n" : "%-22s %14.0f %14.0f %7.2fx %6s %s\n"
            printf fmt, m, ps[m], py[m], r, g, res
        }
        for (m in py) if (!(m in ps)) { print "missing procstar figure: " m > "/dev/stderr"; bad = 1 }
        printf "%d of %d goals met\n", met, total
        exit bad
    }' "$tmp/procstar.out" "$tmp/cpython.out"
