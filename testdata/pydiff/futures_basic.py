# The CPython half of futures_basic.star.
import concurrent.futures
import multiprocessing
from concurrent.futures import ProcessPoolExecutor, as_completed

from errtext import err

def sq(x):
    return x * x

def div(a, b):
    return a // b

if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    ex = concurrent.futures.ProcessPoolExecutor(max_workers=2)
    f = ex.submit(sq, 7)
    print(f.result(), f.done(), f.exception())
    print(list(ex.map(sq, range(5))), list(ex.map(div, [10, 20], [2, 5])))
    fs = [ex.submit(sq, i) for i in range(6)]
    print(sorted([g.result() for g in as_completed(fs)]))
    bad = ex.submit(div, 1, 0)
    e = bad.exception()
    print(type(e).__name__, str(e).split(" ")[-1])
    print(err(bad.result).split(":")[0])
    seen = []
    g = ex.submit(sq, 3)
    g.add_done_callback(lambda fut: seen.append(fut.result()))
    g.result()
    print("callback", seen)
    done, not_done = concurrent.futures.wait([ex.submit(sq, 2), ex.submit(sq, 4)])
    print(len(done), len(not_done))
    ex.shutdown()
    print(err(ex.submit, sq, 1))
