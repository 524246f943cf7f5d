#!/usr/bin/env bash
# Single-process CPU-bound speed (the interpreter): bench/cpu.star in procstar,
# bench/cpu.py in CPython, and cpu.star's KERNELS in plain go.starlark.net
# (bench/plainstar: procstar's FileOptions and GC target, none of its
# additions). Prints the median ms of each and procstar's time divided by
# each of the others' (above 1: procstar slower).
# Usage: bench/run_cpu.sh [REPS]   (default 5; PYTHON overrides python3)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
python="${PYTHON:-python3}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

(cd "$root" && CGO_ENABLED=0 go build -o "$tmp/procstar" ./cmd/procstar)
(cd "$root" && CGO_ENABLED=0 go build -o "$tmp/plainstar" ./bench/plainstar)

"$tmp/procstar" "$here/cpu.star" "$@" >"$tmp/procstar.out"
"$python" "$here/cpu.py" "$@" >"$tmp/cpython.out"
"$tmp/plainstar" "$here/cpu.star" "$@" >"$tmp/plain.out"

echo "procstar: $("$tmp/procstar" --version); CPython: $("$python" -c 'import sys; print(sys.version.split()[0])'); $(nproc) CPUs"
awk '
    FILENAME == ARGV[1] { ps[$1] = $2; order[++n] = $1; next }
    FILENAME == ARGV[2] { py[$1] = $2; next }
    { gs[$1] = $2 }
    END {
        printf "%-16s %9s %9s %9s %12s %12s\n", "kernel (ms)", "procstar", "CPython", "go.star", "ps/CPython", "ps/go.star"
        bad = 0
        for (i = 1; i <= n; i++) {
            m = order[i]
            if (!(m in py) || !(m in gs) || py[m] <= 0 || gs[m] <= 0) { bad = 1; continue }
            printf "%-16s %9.2f %9.2f %9.2f %11.2fx %11.2fx\n", m, ps[m], py[m], gs[m], ps[m] / py[m], ps[m] / gs[m]
        }
        exit bad
    }' "$tmp/procstar.out" "$tmp/cpython.out" "$tmp/plain.out"
