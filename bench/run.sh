#!/usr/bin/env bash
# Side-by-side process start latency: procstar vs CPython multiprocessing (spawn and fork),
# bench/start_join.star and bench/start_join.py (same workload), through compare.sh: metric,
# procstar, CPython and the ratio CPython/procstar (higher: procstar faster).
# Usage: bench/run.sh [N [REPS]]   (defaults 50 and 5; PYTHON overrides python3)
exec "$(dirname "${BASH_SOURCE[0]}")/compare.sh" start_join "$@"
