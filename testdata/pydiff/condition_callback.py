# The CPython half of condition_callback.star.
from multiprocessing import Condition, Lock, Pool, RLock, set_start_method


def work(i):
    return i


if __name__ == "__main__":
    set_start_method("spawn")
    for kind in ("RLock", "Lock"):
        c = Condition(RLock()) if kind == "RLock" else Condition(Lock())
        log = []

        def notify(r):
            c.acquire()
            c.notify()
            for j in range(20000):
                log.append(j)
            log.append("released")
            c.release()

        pool = Pool(1)
        for round in range(5):
            c.acquire()
            pool.apply_async(work, (round,), callback=notify)
            c.wait(30)
            print(kind, round, log[-1], len(log))
            c.release()
        pool.close()
        pool.join()
