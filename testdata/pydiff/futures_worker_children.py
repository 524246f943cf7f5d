# The CPython half of futures_worker_children.star.
import concurrent.futures
import multiprocessing
from multiprocessing import Pool, Process, Queue, active_children, current_process

def leaf(q, x):
    q.put((x, current_process().name, current_process().daemon))

def task(x):
    # A ProcessPoolExecutor's worker is no daemon (Python 3.9+): its tasks
    # may start processes, Pools included.
    me = current_process()
    q = Queue()
    p = Process(target=leaf, args=(q, x))
    p.start()
    got = q.get()
    p.join()
    with Pool(1) as pool:
        sq = pool.apply(abs, (-x,))
    return me.name, me.daemon, got, p.exitcode, sq

if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    ex = concurrent.futures.ProcessPoolExecutor(1)
    name, daemon, got, code, sq = ex.submit(task, 7).result()
    print(name, daemon, got[0], got[1], got[2], code, sq)
    for c in active_children():
        print(c.name, c.daemon, type(c).__name__)
    ex.shutdown()
    print(active_children())
