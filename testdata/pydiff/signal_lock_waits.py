# The CPython half of signal_lock_waits.star.
import multiprocessing as mp, os, signal, sys, time
from multiprocessing import BoundedSemaphore, Lock, Process, RLock, Semaphore

def alarmed(l):
    signal.signal(signal.SIGALRM, lambda s, f: sys.exit(7))
    signal.alarm(1)
    l.acquire(True, 5)
    print("the wait returned", flush=True)

def poke_then_release(ppid, l):
    time.sleep(0.3)  # the parent waits in acquire by now
    os.kill(ppid, signal.SIGUSR1)
    time.sleep(0.5)
    l.release()

if __name__ == "__main__":
    mp.set_start_method("spawn")
    got = []
    signal.signal(signal.SIGUSR1, lambda s, f: got.append("handler"))
    for name, l in [("Lock", Lock()), ("Semaphore", Semaphore(1))]:
        got.clear()
        l.acquire()
        p = Process(target=poke_then_release, args=(os.getpid(), l))
        p.start()
        got.append("acquired " + str(l.acquire()))
        p.join()
        print(name, "acquire:", ", ".join(got))

    held, rheld = Lock(), RLock()
    held.acquire()
    rheld.acquire()
    waits = [("Lock", held), ("RLock", rheld), ("Semaphore", Semaphore(0)), ("BoundedSemaphore", BoundedSemaphore(1))]
    waits[3][1].acquire()
    ps = [Process(target=alarmed, args=(x,)) for _, x in waits]
    for p in ps:
        p.start()
    for (name, _), p in zip(waits, ps):
        p.join()
        print(name, "exitcode", p.exitcode)
