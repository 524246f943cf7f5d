#!/usr/bin/env bash
# The CPU one Process start+join costs the whole process tree (ms, user+system,
# parent, child and spares), in procstar and in CPython's spawn and fork:
# each of bench/start_cpu.star and bench/start_cpu.py runs with N starts and
# with none, the difference divided by N; REPS rounds, alternated, median and
# range. On a machine whose CPUs the starts keep busy (a tight loop, many at
# once), this bounds the start rate; wall-clock figures are bench/run.sh's.
# Usage: bench/start_cpu.sh [N [REPS]]   (defaults 400 and 5; PYTHON overrides
# python3, PROCSTAR a procstar binary to measure instead of building one)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
python="${PYTHON:-python3}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

bin="${PROCSTAR:-}"
if [ -z "$bin" ]; then
    (cd "$root" && CGO_ENABLED=0 go build -o "$tmp/procstar" ./cmd/procstar)
    bin="$tmp/procstar"
fi

"$python" - "$bin" "$python" "$here" "${1:-400}" "${2:-5}" <<'PY'
import os, resource, statistics, subprocess, sys

binary, python, here, n, reps = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
runs = {
    "procstar": ([binary, os.path.join(here, "start_cpu.star")], {}),
    "CPython spawn": ([python, os.path.join(here, "start_cpu.py")], {"START_METHOD": "spawn"}),
    "CPython fork": ([python, os.path.join(here, "start_cpu.py")], {"START_METHOD": "fork"}),
}

def cpu_ms(cmd, env, count):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd + [str(count)], env=dict(os.environ, **env), check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000

per = {name: [] for name in runs}
for _ in range(reps):
    for name, (cmd, env) in runs.items():
        per[name].append((cpu_ms(cmd, env, n) - cpu_ms(cmd, env, 0)) / n)

print("%-14s %22s %12s" % ("CPU per start", "median (range) ms", "÷ procstar"))
ps = statistics.median(per["procstar"])
for name, xs in per.items():
    m = statistics.median(xs)
    print("%-14s %8.2f (%.2f-%.2f) %11.1fx" % (name, m, min(xs), max(xs), m / ps))
PY
