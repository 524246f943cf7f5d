# The CPython half of futures_more.star.
import multiprocessing
from multiprocessing import Manager
from concurrent.futures import ProcessPoolExecutor, as_completed, wait

def sq(x):
    return x * x

def waiter(ev):
    return ev.wait(20)

def bad_callback(f):
    return 1 // 0

def init_fails():
    return 1 // 0

def errname(f, *args):
    try:
        f(*args)
    except Exception as e:
        return type(e).__name__ + ": " + str(e)
    return "no error"

if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    m = Manager()
    ev = m.Event()
    ex = ProcessPoolExecutor(max_workers=2)
    slow = ex.submit(waiter, ev)
    fast = ex.submit(sq, 3)
    for f in as_completed([slow, fast, slow]):
        if f == fast:
            ev.set()
        print("as_completed", f.result())
    res = wait([fast, slow, fast])
    print("wait", len(res.done), len(res.not_done), len(res[0]), fast in res.done)
    done, not_done = res
    print("unpacked", len(done), len(not_done))
    f = ex.submit(sq, 4)
    f.add_done_callback(bad_callback)
    print("after a failing callback", f.result())
    f.add_done_callback(bad_callback)
    print("after a failing late callback", f.done())
    ex.shutdown()
    m.shutdown()

    ex = ProcessPoolExecutor(max_workers=1, initializer=init_fails)
    print("initializer", errname(ex.submit(sq, 2).result))
    print("submit", errname(ex.submit, sq, 2))
    ex.shutdown()
