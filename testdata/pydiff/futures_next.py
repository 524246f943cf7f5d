# The CPython half of futures_next.star.
import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor, as_completed

from errtext import et

def nap(x):
    time.sleep(x)
    return x

if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    ex = ProcessPoolExecutor(max_workers=2)
    slow = ex.submit(nap, 1.5)
    fast = ex.submit(nap, 0.1)
    it = as_completed([slow, fast])
    first = next(it)
    print("first:", first.result(), first == fast, slow.done())
    print("second:", it.__next__().result())
    print("after the end:", et(next, it), next(it, "default"))
    print("a second loop over it:", [f.result() for f in it])
    print("all of them:", sorted([f.result() for f in as_completed([ex.submit(nap, 0.2), ex.submit(nap, 0.1)])]))
    ex.shutdown()
