# The CPython half of signal_callbacks.star.
import multiprocessing as mp, os, signal, sys, time
from multiprocessing import Condition, Event, Pool, Queue

log = []

def on_usr1(signum, frame):
    log.append("handler")

def work(i):
    return i

def busy(r):
    os.kill(os.getpid(), signal.SIGUSR1)
    for j in range(20000):
        log.append(j)
    return r

def count():
    handlers = len([x for x in log if x == "handler"])
    return handlers, len(log) - handlers

if __name__ == "__main__":
    mp.set_start_method("spawn")
    signal.signal(signal.SIGUSR1, on_usr1)
    pool = Pool(1)
    done = []
    pool.apply_async(work, (1,), callback=lambda r: done.append(busy(r)))
    while not done:
        time.sleep(0.01)
    print("sleep", count())

    ev = Event()
    pool.apply_async(work, (2,), callback=lambda r: [busy(r), ev.set()])
    ev.wait(30)
    print("Event.wait", count())

    q = Queue()
    pool.apply_async(work, (3,), callback=lambda r: q.put(busy(r)))
    print("Queue.get", q.get(timeout=30), count())

    c = Condition()
    c.acquire()

    def notify(r):
        busy(r)
        c.acquire()
        c.notify()
        c.release()

    pool.apply_async(work, (4,), callback=notify)
    c.wait(30)
    c.release()
    print("Condition.wait", count())
    pool.close()
    pool.join()
