# Single-process CPU-bound code, the same workload as cpu.star (procstar).
# Usage: python3 cpu.py [REPS]
import sys
from time import perf_counter

def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)

def loops():
    total = 0
    for i in range(1000000):
        if i % 3 == 0:
            total += i
    return total

def strings():
    parts = []
    for i in range(200000):
        parts.append("item%d" % i)
    return len(",".join(parts))

def dicts():
    d = {}
    for i in range(200000):
        d["k" + str(i)] = i
    total = 0
    for k, v in d.items():
        total += v
    return total

def fib24():
    return fib(24)

# The kernels, by the metric each is reported as (as in cpu.star).
KERNELS = [("fib(24)", fib24), ("loop_mod_1M", loops), ("str_build_200k", strings), ("dict_200k", dicts)]

def median(xs):
    s = sorted(xs)
    return s[len(s) // 2]

def main():
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    for name, fn in KERNELS:
        times = []
        for _ in range(reps):
            t0 = perf_counter()
            fn()
            times.append((perf_counter() - t0) * 1000)
        print("%s %.2f" % (name, median(times)))

if __name__ == "__main__":
    main()
