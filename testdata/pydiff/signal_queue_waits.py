# The CPython half of signal_queue_waits.star.
import multiprocessing as mp, os, signal, sys, time
from multiprocessing import Pipe, Process, Queue

def alarmed(wait, *args):
    signal.signal(signal.SIGALRM, lambda s, f: sys.exit(7))
    signal.alarm(1)
    wait(*args)
    print("the wait returned", flush=True)

def q_get(q):
    q.get(True, 5)

def q_put(q):
    q.put("second", True, 5)

def poll(r):
    r.poll(5)

def poke_then_put(ppid, q):
    time.sleep(0.3)  # the parent waits in get by now
    os.kill(ppid, signal.SIGUSR1)
    time.sleep(0.5)
    q.put("item")

def poke_then_get(ppid, q):
    time.sleep(0.3)  # the parent waits in put by now
    os.kill(ppid, signal.SIGUSR1)
    time.sleep(0.5)
    print("child got", q.get(), flush=True)

if __name__ == "__main__":
    mp.set_start_method("spawn")
    got = []
    signal.signal(signal.SIGUSR1, lambda s, f: got.append("handler"))

    q = Queue()
    p = Process(target=poke_then_put, args=(os.getpid(), q))
    p.start()
    got.append("got " + q.get())
    p.join()
    print("get:", ", ".join(got), "| left:", q.empty())

    got.clear()
    full = Queue(1)
    full.put("first")
    p = Process(target=poke_then_get, args=(os.getpid(), full))
    p.start()
    full.put("second")
    got.append("put")
    p.join()
    print("put:", ", ".join(got), "| then:", full.get(), full.empty())

    full.put("first")
    r, w = Pipe(duplex=False)
    waits = [("get", q_get, Queue()), ("put", q_put, full), ("poll", poll, r)]
    ps = [Process(target=alarmed, args=(f, x)) for _, f, x in waits]
    for p in ps:
        p.start()
    for (name, _, _), p in zip(waits, ps):
        p.join()
        print(name, "exitcode", p.exitcode)
    print("full holds", full.get(), full.empty())
