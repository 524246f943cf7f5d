#!/usr/bin/env bash
# Side-by-side Pool benchmark: procstar vs CPython multiprocessing (spawn), one run each.
# Figures are in ms, those named *_us in microseconds.
# Builds procstar, runs bench/pool.star and bench/pool.py (same workload) and prints
# metric, procstar, CPython and the ratio CPython/procstar (higher: procstar faster),
# then the speedup from 1 to 2 workers of the CPU-bound tasks for each.
# Usage: bench/run_pool.sh   (PYTHON overrides python3)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
python="${PYTHON:-python3}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

(cd "$root" && CGO_ENABLED=0 go build -o "$tmp/procstar" ./cmd/procstar)

"$tmp/procstar" "$here/pool.star" >"$tmp/procstar.out"
"$python" "$here/pool.py" >"$tmp/cpython.out"

echo "procstar: $("$tmp/procstar" --version); CPython: $("$python" -c 'import sys; print(sys.version.split()[0])') (spawn); $(nproc) CPUs"
awk '
    FNR == NR { ps[$1] = $2; order[++n] = $1; next }
    { py[$1] = $2 }
    END {
        printf "%-22s %12s %12s %8s\n", "metric (_ms, _us)", "procstar", "CPython", "ratio"
        bad = 0
        for (i = 1; i <= n; i++) {
            m = order[i]
            if (!(m in py) || ps[m] <= 0) { bad = 1; continue }
            printf "%-22s %12.2f %12.2f %7.2fx\n", m, ps[m], py[m], py[m] / ps[m]
        }
        if (ps["cpu8_pool2_ms"] > 0 && py["cpu8_pool2_ms"] > 0)
            printf "%-22s %11.2fx %11.2fx\n", "cpu speedup 1->2", ps["cpu8_pool1_ms"] / ps["cpu8_pool2_ms"], py["cpu8_pool1_ms"] / py["cpu8_pool2_ms"]
        exit bad
    }' "$tmp/procstar.out" "$tmp/cpython.out"
