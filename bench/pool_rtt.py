# One Pool task's round trip in CPython (spawn): pool_rtt.star's workload.
# Usage: python3 bench/pool_rtt.py
import multiprocessing as mp
import time


def tiny(x):
    return x * x


if __name__ == "__main__":
    mp.set_start_method("spawn")
    p = mp.Pool(2)
    p.map(tiny, range(100))
    t0 = time.perf_counter()
    for i in range(2000):
        p.apply_async(tiny, (i,)).get()
    print("py apply_async_get_us", (time.perf_counter() - t0) * 1e6 / 2000)
    p.close()
    p.join()
