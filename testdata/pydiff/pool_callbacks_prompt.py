# The CPython half of pool_callbacks_prompt.star.
import time
from multiprocessing import Pool, Queue, Event, Lock, Process, set_start_method

def sq(x):
    return x * x

def hold(lock, t):
    lock.acquire()
    time.sleep(t)
    lock.release()

if __name__ == "__main__":
    set_start_method("spawn")
    results = []
    p = Pool(2)
    for i in range(4):
        p.apply_async(sq, (i,), callback=results.append)
    while len(results) < 4:
        time.sleep(0.05)
    print("sleep", sorted(results)[0], sorted(results)[-1], len(results))

    q = Queue()
    p.apply_async(sq, (7,), callback=q.put)
    print("queue get", q.get(timeout=30))

    e = Event()
    p.map_async(sq, [1, 2, 3], callback=lambda v: e.set())
    print("event wait", e.wait(30))

    lock = Lock()
    got = []
    lock.acquire()
    h = Process(target=hold, args=(lock, 0.5))
    lock.release()
    h.start()
    time.sleep(0.2)
    p.apply_async(sq, (5,), callback=got.append)
    lock.acquire()
    lock.release()
    h.join()
    while not got:
        time.sleep(0.05)
    print("lock and join", got[0])
    p.close()
    p.join()
