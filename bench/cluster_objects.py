# CPython's way to share objects between machines, for comparison with cluster_objects.star:
# a SyncManager listening on TCP loopback (authkey) serves the Queue, Lock, Value and Events;
# spawn processes use them through proxies. Same figures as cluster_objects.star (a Value
# proxy has no atomic add: the adders take a manager Lock around += 1).
# Usage: python3 cluster_objects.py [N]
import multiprocessing as mp
import sys
import time
from multiprocessing.managers import SyncManager


def produce(q, n):
    for i in range(n):
        q.put(i)


def adder(v, lock, k, go):
    go.wait()
    for _ in range(k):
        with lock:
            v.value += 1


def pong(ping, pongs, n):
    for _ in range(n):
        ping.wait()
        ping.clear()
        pongs.set()


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    mp.set_start_method("spawn")
    m = SyncManager(address=("127.0.0.1", 0), authkey=b"bench")
    m.start()
    q = m.Queue()
    p = mp.Process(target=produce, args=(q, n))
    t0 = time.perf_counter()
    p.start()
    for _ in range(n):
        q.get()
    print("queue_msgs_s", n / (time.perf_counter() - t0))
    p.join()

    lock = m.Lock()
    k = n // 4
    t0 = time.perf_counter()
    for _ in range(k):
        lock.acquire()
        lock.release()
    print("lock_us", (time.perf_counter() - t0) * 1e6 / k)

    v = m.Value("i", 0)
    go = m.Event()
    k = n // 8
    ps = [mp.Process(target=adder, args=(v, lock, k, go)) for _ in range(2)]
    for p in ps:
        p.start()
    t0 = time.perf_counter()
    go.set()
    for p in ps:
        p.join()
    dt = time.perf_counter() - t0
    assert v.value == 2 * k, (v.value, 2 * k)
    print("value_add_s", 2 * k / dt)

    ping, pongs = m.Event(), m.Event()
    r = n // 20
    p = mp.Process(target=pong, args=(ping, pongs, r))
    p.start()
    t0 = time.perf_counter()
    for _ in range(r):
        ping.set()
        pongs.wait()
        pongs.clear()
    print("event_rtt_us", (time.perf_counter() - t0) * 1e6 / r)
    p.join()
    m.shutdown()


if __name__ == "__main__":
    main()
