# The CPython half of futures_map_lazy.star.
import concurrent.futures
import multiprocessing
import os
import shutil
import time

def sq(x):
    return x * x

def div(a, b):
    return a // b

def nap(x):
    time.sleep(x)
    return x

def loud(x):
    time.sleep(0.2 + 0.8 * x)
    print("task", x, flush=True)
    return x

def touch(base, x):
    time.sleep(0.05)
    open(base + "/" + str(x), "w").write("ran")
    if x == 1:
        return 1 // 0
    return x

if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    ex = concurrent.futures.ProcessPoolExecutor(max_workers=2)
    it = ex.map(loud, range(2))
    print("map returned before the tasks ran")
    print(list(it))
    it = ex.map(sq, range(4))
    print(type(it).__name__, repr(it).split(" at ")[0])
    print(next(it), next(it))
    print([x for x in it])
    try:
        next(it)
    except StopIteration:
        print("over: StopIteration")
    print("list", list(ex.map(div, [10, 20], [2, 5])))
    print("empty", list(ex.map(sq, [])), list(ex.map(sq)))
    it = ex.map(div, [10, 20, 30, 40], [1, 2, 0, 4])
    got = []
    try:
        for x in it:
            got.append(x)
    except ZeroDivisionError as e:
        print("yielded first", got, "then ZeroDivisionError:", e)
    try:
        next(it)
    except StopIteration:
        print("after the error: StopIteration")
    try:
        list(ex.map(div, [1, 2], [1, 0]))
    except ZeroDivisionError as e:
        print("list raises ZeroDivisionError:", e)
    start = time.monotonic()
    it = ex.map(nap, [0.01, 0.2, 3], timeout=0.6)
    print("map returned at once", time.monotonic() - start < 0.5)
    print(next(it))
    time.sleep(0.3)
    print(next(it))
    try:
        next(it)
    except TimeoutError as e:
        t = time.monotonic() - start
        print("TimeoutError", len(str(e)), "from the call's deadline", t > 0.5 and t < 1.5)
    it = ex.map(nap, [0.01, 0.01])
    print(next(it))
    it.close()
    try:
        next(it)
    except StopIteration:
        print("closed: StopIteration")
    ex.shutdown()

    # After a task's error the tasks not yet given a worker are cancelled.
    base = "/tmp/procstar-futures-map-lazy-%d" % os.getpid()
    os.makedirs(base)
    ex = concurrent.futures.ProcessPoolExecutor(max_workers=1)
    it = ex.map(touch, [base] * 20, range(20))
    try:
        for x in it:
            print("got", x)
    except ZeroDivisionError as e:
        print("ZeroDivisionError:", e)
    ex.shutdown()
    ran = sorted(int(n) for n in os.listdir(base))
    print("first ran", ran[:2], "last cancelled", 19 not in ran, "most cancelled", len(ran) < 10)
    shutil.rmtree(base)
