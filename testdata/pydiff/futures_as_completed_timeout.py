# The CPython half of futures_as_completed_timeout.star.
import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor, as_completed

from errtext import et

def nap(x):
    time.sleep(x)
    return x

def drain(it, out):
    for _ in range(100):
        out.append(next(it).result())

if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    ex = ProcessPoolExecutor(max_workers=2)
    done = [ex.submit(nap, 0), ex.submit(nap, 0.01)]
    for f in done:
        f.result()
    t0 = time.monotonic()
    slow = ex.submit(nap, 3)
    g = as_completed(done + [slow, slow], timeout=0.5)
    print("type:", type(g).__name__, "returned at once:", time.monotonic() - t0 < 0.4)
    time.sleep(0.6)  # past the timeout, counted from the call
    got = []
    print("next:", et(drain, g, got), sorted(got))
    print("waited the timeout from the first step:", time.monotonic() - t0 > 1.0)
    print("over after the error:", et(next, g))
    print("list:", et(list, as_completed([slow], timeout=0.2)))
    print("sorted, all done in time:", sorted([f.result() for f in as_completed(done, timeout=0)]))
    print("timeout 0, one pending:", et(list, as_completed(done + [slow], timeout=0)))
    g = as_completed(5, timeout=1)
    print("fs read at the first step:", et(next, g))
    g = as_completed(done)
    print("first, then close:", next(g) in done, g.close(), et(next, g))
    slow.result()
    ex.shutdown()
