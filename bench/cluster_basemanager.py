# CPython's own remote mechanism, for comparison with cluster.star: a BaseManager serving a
# task queue and a result queue over TCP loopback (authkey), and two spawn workers that
# connect to it, get a task, put its result. Same figures as cluster.star:
#   pool2_start_ms           manager and two workers started until both have answered a task
#   map_chunksize1_tasks_s   N tiny tasks, one per queue message: tasks per second
#   apply_async_get_us       one task put, its result got, one after the other: microseconds each
# Usage: python3 cluster_basemanager.py [N]
import multiprocessing as mp
import os
import queue
import sys
import time
from multiprocessing.managers import BaseManager

tasks = queue.Queue()
results = queue.Queue()


class QueueManager(BaseManager):
    pass


def get_tasks():
    return tasks


def get_results():
    return results


QueueManager.register("tasks", callable=get_tasks)
QueueManager.register("results", callable=get_results)

AUTHKEY = b"bench"


class Client(BaseManager):
    pass


Client.register("tasks")
Client.register("results")


def worker(address):
    m = Client(address=address, authkey=AUTHKEY)
    m.connect()
    t, r = m.tasks(), m.results()
    while True:
        item = t.get()
        if item is None:
            return
        kind, i, x = item
        if kind == "who":
            time.sleep(0.001)
            r.put((i, os.getpid()))
        else:
            r.put((i, x * x))


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    t0 = time.perf_counter()
    m = QueueManager(address=("127.0.0.1", 0), authkey=AUTHKEY)
    m.start()
    t, r = m.tasks(), m.results()
    ws = [mp.Process(target=worker, args=(m.address,)) for _ in range(2)]
    for w in ws:
        w.start()
    seen = set()
    while len(seen) < 2:
        for i in range(2):
            t.put(("who", i, 0))
        for _ in range(2):
            seen.add(r.get()[1])
    print("pool2_start_ms", (time.perf_counter() - t0) * 1000.0)
    for i in range(200):  # warm
        t.put(("sq", i, i))
    for _ in range(200):
        r.get()
    t0 = time.perf_counter()
    for i in range(n):
        t.put(("sq", i, i))
    for _ in range(n):
        r.get()
    print("map_chunksize1_tasks_s", n / (time.perf_counter() - t0))
    k = n // 5
    t0 = time.perf_counter()
    for i in range(k):
        t.put(("sq", i, i))
        r.get()
    print("apply_async_get_us", (time.perf_counter() - t0) * 1e6 / k)
    for _ in ws:
        t.put(None)
    for w in ws:
        w.join()
    m.shutdown()


if __name__ == "__main__":
    mp.set_start_method("spawn")
    main()
