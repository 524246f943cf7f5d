# The CPython half of futures_states.star.
import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor, as_completed, wait, FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED

def nap(x):
    time.sleep(x)
    return x

def sq(x):
    return x * x

def div(a, b):
    return a // b

def errname(f, *args):
    try:
        f(*args)
    except Exception as e:
        return type(e).__name__ + ":" + str(e)
    return "no error"

def outcome(f):
    if f.cancelled():
        return "cancelled " + errname(f.result) + " " + errname(f.exception)
    return "returned %s" % f.result()

if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    ex = ProcessPoolExecutor(max_workers=1)
    ex.submit(sq, 1).result()
    fs = [ex.submit(nap, 1.5)] + [ex.submit(nap, 0.01) for i in range(5)]
    for i in range(6000):
        if fs[0].running():
            break
        time.sleep(0.01)
    last = fs[-1]
    print("first", fs[0].running(), fs[0].done(), fs[0].cancelled())
    print("last", last.running(), last.done(), last.cancelled())
    seen = []
    last.add_done_callback(lambda f: seen.append("callback %s" % f.cancelled()))
    print("cancel last", last.cancel(), " ".join(seen), last.cancelled(), last.done(), last.running(), last.cancel())
    print("cancel first", fs[0].cancel(), fs[0].cancelled())
    print("last", outcome(last))
    late = []
    last.add_done_callback(lambda f: late.append(f.cancelled()))
    print("late callback", late)
    print("timeout", errname(fs[0].result, 0.01), errname(fs[0].exception, 0.01))
    done, not_done = wait([fs[0]], timeout=0)
    print("wait", len(done), fs[0] in not_done)
    ex.shutdown(wait=True, cancel_futures=True)
    print("after shutdown", [f.done() for f in fs], outcome(fs[0]), outcome(fs[4]), outcome(fs[5]))
    print("outcomes", " ".join(sorted(set([outcome(f).split(" ")[0] for f in fs]))))
    print("submit", errname(ex.submit, sq, 2))

    ex = ProcessPoolExecutor(max_workers=1)
    fast = ex.submit(sq, 3)
    fast.result()
    slow = [ex.submit(nap, 1), ex.submit(nap, 1)]
    print("as_completed", errname(lambda: list(as_completed([fast] + slow, timeout=0.2))))
    for f in slow:
        f.result()
    quick, bad, slow = ex.submit(sq, 4), ex.submit(div, 1, 0), ex.submit(nap, 1)
    done, not_done = wait([quick, slow], return_when=FIRST_COMPLETED)
    print("FIRST_COMPLETED", quick in done, slow in not_done)
    done, not_done = wait([bad, slow], return_when=FIRST_EXCEPTION)
    print("FIRST_EXCEPTION", bad in done, slow in not_done)
    done, not_done = wait([quick, slow], timeout=0.1, return_when=ALL_COMPLETED)
    print("ALL_COMPLETED timeout", quick in done, slow in not_done)
    done, not_done = wait([quick, slow], return_when=FIRST_EXCEPTION)
    print("FIRST_EXCEPTION without one", len(done), len(not_done))
    print("map timeout", errname(lambda: list(ex.map(nap, [0.01, 1.5], timeout=0.3))))
    print("map", list(ex.map(sq, [1, 2, 3], timeout=60)))
    ex.shutdown()
