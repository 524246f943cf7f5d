# Process start+join latency in CPython multiprocessing with the spawn start method, the
# same workload as start_join.star (procstar):
#   (a) sequential: N times start a Process with a trivial top-level target and join it;
#       prints the median and p90 latency in ms;
#   (b) burst: 16 processes started at once, then all joined, repeated REPS times;
#       prints the median total in ms.
# One warm-up start+join precedes the measurements. Usage: python3 start_join.py [N [REPS]]
# Output: one "metric value_ms" line per figure, read by run.sh.
import multiprocessing
import sys
from multiprocessing import Process
from time import perf_counter


def noop():
    pass


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
    print("burst16_median_ms", quantile(totals, 0.5))


if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    main()
