# The CPython half of signal_waits.star.
import os, signal, sys, time
from multiprocessing import Lock, Pipe, Pool, Process, Queue, Semaphore, set_start_method

def alarmed(wait, *args):
    signal.signal(signal.SIGALRM, lambda s, f: sys.exit(7))
    signal.alarm(1)
    wait(*args)
    print("the wait returned", flush = True)

def q_get(q):
    q.get(True, 5)

def q_put(q):
    q.put("second", True, 5)

def acquire(l):
    l.acquire(True, 5)

def recv(r):
    r.recv()

def poll(r):
    r.poll(5)

def pool_get(_):
    pool = Pool(1)
    pool.apply_async(time.sleep, (30,)).get(5)

def poke_then_put(ppid, q):
    time.sleep(0.3)  # the parent waits in get by now
    os.kill(ppid, signal.SIGUSR1)
    time.sleep(0.5)
    q.put("item")

def poke_then_release(ppid, l):
    time.sleep(0.3)
    os.kill(ppid, signal.SIGUSR1)
    time.sleep(0.5)
    l.release()

if __name__ == "__main__":
    set_start_method("spawn")
    got = []
    signal.signal(signal.SIGUSR1, lambda s, f: got.append("handler"))

    q = Queue()
    p = Process(target = poke_then_put, args = (os.getpid(), q))
    p.start()
    got.append("got " + q.get())
    p.join()
    print("get:", ", ".join(got))

    got.clear()
    l = Lock()
    l.acquire()
    p = Process(target = poke_then_release, args = (os.getpid(), l))
    p.start()
    got.append("acquired " + str(l.acquire()))
    p.join()
    print("acquire:", ", ".join(got))

    full = Queue(1)
    full.put("first")
    held = Lock()
    held.acquire()
    r, w = Pipe(duplex = False)
    waits = [("get", q_get, Queue()), ("put", q_put, full), ("Lock", acquire, held), ("Semaphore", acquire, Semaphore(0)), ("recv", recv, r), ("poll", poll, r), ("Pool", pool_get, None)]
    ps = [Process(target = alarmed, args = (f, x)) for _, f, x in waits]
    for p in ps:
        p.start()
    for (name, _, _), p in zip(waits, ps):
        p.join()
        print(name, "exitcode", p.exitcode)
