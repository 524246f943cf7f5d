# The CPython half of signal_waits_more.star.
import multiprocessing as mp, os, signal, sys, time
from multiprocessing import Barrier, Condition, JoinableQueue, Process, Value

def alarmed(wait, *args):
    signal.signal(signal.SIGALRM, lambda s, f: sys.exit(7))
    signal.alarm(1)
    wait(*args)
    print("the wait returned", flush=True)

def cond_wait(c):
    c.acquire()
    c.wait(5)

def cond_wait_for(c):
    c.acquire()
    c.wait_for(lambda: False, 5)

def barrier_wait(b):
    b.wait(5)

def queue_join(q):
    q.join()

def poke_then_notify(ppid, c, v):
    time.sleep(0.3)  # the parent waits by now
    os.kill(ppid, signal.SIGUSR1)
    time.sleep(0.5)
    c.acquire()
    v.value = 1
    c.notify()
    c.release()

def poke_then_wait(ppid, b):
    time.sleep(0.3)
    os.kill(ppid, signal.SIGUSR1)
    time.sleep(0.5)
    b.wait()

def poke_then_done(ppid, q):
    time.sleep(0.3)
    os.kill(ppid, signal.SIGUSR1)
    time.sleep(0.5)
    q.get()
    q.task_done()

def poke_twice(ppid):
    time.sleep(0.3)
    os.kill(ppid, signal.SIGUSR1)
    time.sleep(0.3)
    os.kill(ppid, signal.SIGUSR2)

def raise_in_handler(s, f):
    raise ValueError("from the handler")

if __name__ == "__main__":
    mp.set_start_method("spawn")
    got = []
    signal.signal(signal.SIGUSR1, lambda s, f: got.append("handler"))

    c = Condition()
    v = Value("i", 0)
    c.acquire()
    p = Process(target=poke_then_notify, args=(os.getpid(), c, v))
    p.start()
    got.append("notified " + str(c.wait()))
    c.release()
    p.join()
    print("wait:", ", ".join(got))

    got.clear()
    v.value = 0
    c.acquire()
    p = Process(target=poke_then_notify, args=(os.getpid(), c, v))
    p.start()
    got.append("predicate " + str(c.wait_for(lambda: v.value == 1, 60)))
    c.release()
    p.join()
    print("wait_for:", ", ".join(got))

    got.clear()
    b = Barrier(2)
    p = Process(target=poke_then_wait, args=(os.getpid(), b))
    p.start()
    got.append("index " + str(b.wait(60)))
    p.join()
    print("barrier:", ", ".join(got))

    got.clear()
    q = JoinableQueue()
    q.put("task")
    p = Process(target=poke_then_done, args=(os.getpid(), q))
    p.start()
    q.join()
    got.append("joined")
    p.join()
    print("join:", ", ".join(got))

    # A handler's error ends the wait where it is, as raised there: the
    # condition's lock is taken back first, the barrier is left unbroken.
    signal.signal(signal.SIGUSR2, raise_in_handler)
    got.clear()
    p = Process(target=poke_twice, args=(os.getpid(),))
    p.start()
    c.acquire()
    try:
        c.wait(60)
    except ValueError as e:
        got.append("error " + str(e))
    c.release()
    got.append("released")
    p.join()
    print("raised in wait:", ", ".join(got))

    got.clear()
    b3 = Barrier(2)
    p = Process(target=poke_twice, args=(os.getpid(),))
    p.start()
    try:
        b3.wait(60)
    except ValueError as e:
        got.append("error " + str(e))
    p.join()
    got.append("broken " + str(b3.broken))
    got.append("n_waiting " + str(b3.n_waiting))
    print("raised in barrier:", ", ".join(got))

    bar = Barrier(3)
    jq = JoinableQueue()
    jq.put("never done")
    waits = [("wait", cond_wait, Condition()), ("wait_for", cond_wait_for, Condition()), ("Barrier", barrier_wait, bar), ("join", queue_join, jq)]
    ps = [Process(target=alarmed, args=(f, x)) for _, f, x in waits]
    for p in ps:
        p.start()
    for (name, _, _), p in zip(waits, ps):
        p.join()
        print(name, "exitcode", p.exitcode)
    print("barrier broken", bar.broken, "n_waiting", bar.n_waiting)
