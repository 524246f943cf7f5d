# Process start+join latency in CPython multiprocessing with the spawn start method (or the
# one named by $START_METHOD, e.g. fork), the same workload as start_join.star (procstar):
#   (a) sequential: N times start a Process with a trivial top-level target and join it;
#       prints the median and p90 latency in ms;
#   (b) burst: 16 processes started at once, then all joined, repeated REPS times;
#       prints the median total in ms;
#   (c) Pool(2) start until both workers have answered a task, REPS times (median ms),
#       as pool.star/pool.py measure it;
#   (d) paced: 4*REPS start+join, each after a 30 ms pause (a script that works between
#       starts, so a machine that is not saturated by starts alone), median ms.
# One warm-up start+join precedes the measurements. Usage: python3 start_join.py [N [REPS]]
# Output: one "metric value_ms" line per figure, read by run.sh.
import multiprocessing
import os
import sys
from multiprocessing import Pool, Process
from time import perf_counter, sleep


def noop():
    pass


def whoami(x):
    sleep(0.001)
    return os.getpid()


def pool2_start():
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


def quantile(xs, q):
    # linear interpolation between closest ranks (numpy's default, Python's
    # statistics.quantiles(method="inclusive"))
    s = sorted(xs)
    pos = (len(s) - 1) * q
    i = int(pos)
    if i + 1 >= len(s):
        return s[-1]
    return s[i] + (s[i + 1] - s[i]) * (pos - i)


def start_join_once():
    p = Process(target=noop)
    p.start()
    p.join()


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    burst = 16

    start_join_once()  # warm-up

    lat = []
    for _ in range(n):
        t0 = perf_counter()
        start_join_once()
        lat.append((perf_counter() - t0) * 1000.0)

    totals = []
    for _ in range(reps):
        t0 = perf_counter()
        ps = [Process(target=noop) for _ in range(burst)]
        for p in ps:
            p.start()
        for p in ps:
            p.join()
        totals.append((perf_counter() - t0) * 1000.0)

    print("seq_median_ms", quantile(lat, 0.5))
    print("seq_p90_ms", quantile(lat, 0.9))
    pool = [pool2_start() for _ in range(reps)]

    paced = []
    for _ in range(4 * reps):
        sleep(0.03)
        t0 = perf_counter()
        start_join_once()
        paced.append((perf_counter() - t0) * 1000.0)

    print("burst16_median_ms", quantile(totals, 0.5))
    print("pool2_start_ms", quantile(pool, 0.5))
    print("paced_median_ms", quantile(paced, 0.5))


if __name__ == "__main__":
    multiprocessing.set_start_method(os.environ.get("START_METHOD", "spawn"))
    main()
