#!/usr/bin/env bash
# Refreshes cmd/procstar/default.pgo, the CPU profile that guides the Go
# compiler's optimizations (inlining and devirtualization of the interpreter's
# hot calls) whenever ./cmd/procstar is built. Builds procstar without a
# profile, runs bench/pgo.star (every builtin's hot path, both ends in the
# root), the root's side of bench/ipc.star and bench/pool.star, and
# bench/cpu.star (CPU-bound Starlark: calls, loops, formatting, dicts) with
# PROCSTAR_CPUPROFILE, and merges the profiles. Run it after a change to a
# hot path, then compare with bench/run_ipc.sh, bench/run_pool.sh and
# bench/run_cpu.sh.
# Usage: bench/pgo.sh   (about 30 s on 2 CPUs)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

(cd "$root" && CGO_ENABLED=0 go build -pgo=off -o "$tmp/procstar" ./cmd/procstar)

# Everything twice: more samples, a steadier profile (a one-pass profile
# built a binary 5% slower on fib and 10-15% on queues of ints).
for pass in 1 2; do
    PROCSTAR_CPUPROFILE="$tmp/pgo$pass.prof" "$tmp/procstar" "$here/pgo.star" >/dev/null
    PROCSTAR_CPUPROFILE="$tmp/ipc$pass.prof" "$tmp/procstar" "$here/ipc.star" 0.5 >/dev/null
    PROCSTAR_CPUPROFILE="$tmp/pool$pass.prof" "$tmp/procstar" "$here/pool.star" >/dev/null
    PROCSTAR_CPUPROFILE="$tmp/cpu$pass.prof" "$tmp/procstar" "$here/cpu.star" 5 >/dev/null
done

(cd "$root" && go tool pprof -proto "$tmp"/*.prof >"$tmp/merged.pgo" 2>/dev/null)
mv "$tmp/merged.pgo" "$root/cmd/procstar/default.pgo"
echo "wrote cmd/procstar/default.pgo ($(wc -c <"$root/cmd/procstar/default.pgo") bytes)"
