#!/usr/bin/env bash
# Side-by-side single-process CPU-bound speed (the interpreter): bench/cpu.star in procstar,
# bench/cpu.py in CPython, through compare.sh (ratio CPython/procstar: below 1, procstar slower).
# Usage: bench/run_cpu.sh [REPS]   (default 5; PYTHON overrides python3)
exec "$(dirname "${BASH_SOURCE[0]}")/compare.sh" cpu "$@"
