# The CPython half of futures_idle_reuse.star.
import multiprocessing
from multiprocessing import Manager, active_children
from concurrent.futures import ProcessPoolExecutor

def mul(a, b):
    return a * b

def waiter(ev):
    return ev.wait(30)

def workers():
    return len([c for c in active_children() if c.name.startswith("SpawnProcess")])

if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    ex = ProcessPoolExecutor(max_workers=5)
    print("before any submit:", workers())
    print(ex.submit(mul, 21, 2).result(), ex.submit(mul, 6, 7).result(), ex.submit(mul, 3, 14).result())
    print("three tasks one after the other:", workers(), ", ".join([c.name for c in active_children()]))
    ex.shutdown()

    m = Manager()
    ev = m.Event()
    ex = ProcessPoolExecutor(max_workers=5)
    fs = [ex.submit(waiter, ev) for _ in range(3)]
    print("three tasks at once:", workers())
    ev.set()
    print([f.result() for f in fs])
    print([ex.submit(mul, i, i).result() for i in range(4)])
    print("then four after the other:", workers())
    ex.shutdown()

    ev.clear()
    ex = ProcessPoolExecutor(max_workers=4)
    fs = [ex.submit(waiter, ev) for _ in range(8)]
    print("eight at once, max_workers=4:", workers())
    ev.set()
    print(len([f.result() for f in fs]))
    ex.shutdown()
    m.shutdown()
