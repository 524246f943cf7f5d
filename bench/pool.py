# Pool throughput and latency in CPython multiprocessing with the spawn start method, the
# same workload as pool.star (procstar):
#   pool2_start_ms        Pool(2) until both workers have answered a task
#   map100k_default_ms    map of 100,000 tiny tasks, default chunksize
#   map10k_chunksize1_ms  map of 10,000 tiny tasks, chunksize=1
#   apply_async10k_ms     10,000 apply_async, then get() each
#   apply_get_seq_us      one task's round trip: apply_async(...).get() 2,000 times in a row,
#                         per call (microseconds)
#   cpu8_pool1_ms         8 CPU-bound tasks of about 50 ms with Pool(1)
#   cpu8_pool2_ms         the same with Pool(2)
# The CPU-bound task is a loop calibrated in this process to take about 50 ms here. Every
# figure is the median of REPS (5) runs; the Pool(1) and Pool(2) runs alternate, so a change
# in the machine's load hits both alike.
# Usage: python3 pool.py. Output: one "metric value" line per figure, read by run_pool.sh.
import multiprocessing
import os
from multiprocessing import Pool
from time import perf_counter, sleep


def tiny(x):
    return x * x


def whoami(x):
    sleep(0.001)
    return os.getpid()


def burn(n):
    s = 0
    for i in range(n):
        s += i * i
    return s


def start_until_answered():
    t0 = perf_counter()
    p = Pool(2)
    seen = {}
    for _ in range(10000):
        for pid in p.map(whoami, range(2), chunksize=1):
            seen[pid] = True
        if len(seen) == 2:
            break
    ms = (perf_counter() - t0) * 1000.0
    p.terminate()
    return ms


def calibrate():
    # iterations of burn() that take about 50 ms in this interpreter
    n = 100000
    for _ in range(20):
        t0 = perf_counter()
        burn(n)
        dt = perf_counter() - t0
        if dt > 0.02:
            return int(n * 0.05 / dt)
        n *= 2
    return n


REPS = 5


def timed(fn, *args):
    t0 = perf_counter()
    fn(*args)
    return (perf_counter() - t0) * 1000.0


def median(xs):
    return sorted(xs)[len(xs) // 2]


def main():
    start_until_answered()  # warm-up
    print("pool2_start_ms", median([start_until_answered() for _ in range(REPS)]))

    p = Pool(2)
    p.map(tiny, range(100), chunksize=1)  # warm-up
    print("map100k_default_ms", median([timed(p.map, tiny, range(100000)) for _ in range(REPS)]))
    print("map10k_chunksize1_ms", median([timed(p.map, tiny, range(10000), 1) for _ in range(REPS)]))

    def apply_all():
        rs = [p.apply_async(tiny, (i,)) for i in range(10000)]
        for r in rs:
            r.get()
    print("apply_async10k_ms", median([timed(apply_all) for _ in range(REPS)]))

    def apply_get_seq():
        for i in range(2000):
            p.apply_async(tiny, (i,)).get()
    print("apply_get_seq_us", median([timed(apply_get_seq) for _ in range(REPS)]) / 2.0)
    p.terminate()

    n = calibrate()
    pools = [Pool(1), Pool(2)]
    for q in pools:
        q.map(tiny, range(2), chunksize=1)  # the workers are up
    times = [[], []]
    for _ in range(REPS):
        for i in range(2):
            times[i].append(timed(pools[i].map, burn, [n] * 8, 1))
    for i in range(2):
        print("cpu8_pool%d_ms" % (i + 1), median(times[i]))
        pools[i].terminate()


if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    main()
