#!/usr/bin/env bash
# Side-by-side run of bench/NAME.star in procstar and bench/NAME.py in CPython (same workload).
# Builds procstar (static, profile-guided), runs both with ARGS and
# prints metric, procstar, CPython and the ratio CPython/procstar (higher: procstar faster).
# A .py that reads $START_METHOD (start_join.py) also runs with fork, in two more columns.
# Usage: bench/compare.sh NAME [ARGS...]   (PYTHON overrides python3)
set -euo pipefail

name="$1"; shift
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
python="${PYTHON:-python3}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

(cd "$root" && CGO_ENABLED=0 go build -o "$tmp/procstar" ./cmd/procstar)

"$tmp/procstar" "$here/$name.star" "$@" >"$tmp/procstar.out"
"$python" "$here/$name.py" "$@" >"$tmp/cpython.out"
: >"$tmp/fork.out"
if grep -q START_METHOD "$here/$name.py"; then
    START_METHOD=fork "$python" "$here/$name.py" "$@" >"$tmp/fork.out"
fi

echo "procstar: $("$tmp/procstar" --version); CPython: $("$python" -c 'import sys; print(sys.version.split()[0])'); $(nproc) CPUs"
awk '
    FILENAME == ARGV[1] { ps[$1] = $2; order[++n] = $1; next }
    FILENAME == ARGV[2] { py[$1] = $2; next }
    { fk[$1] = $2; forked = 1 }
    END {
        printf "%-20s %12s %12s %8s", "metric", "procstar", "CPython", "ratio"
        if (forked) printf " %12s %8s", "CPython fork", "ratio"
        printf "\n"
        bad = 0
        for (i = 1; i <= n; i++) {
            m = order[i]
            if (!(m in py) || ps[m] <= 0) { bad = 1; continue }
            printf "%-20s %12.2f %12.2f %7.1fx", m, ps[m], py[m], py[m] / ps[m]
            if (forked && (m in fk)) printf " %12.2f %7.1fx", fk[m], fk[m] / ps[m]
            printf "\n"
        }
        exit bad
    }' "$tmp/procstar.out" "$tmp/cpython.out" "$tmp/fork.out"
