# The CPython half of mp_sync_more.star.
import time
from multiprocessing import *

from errtext import et

def catch(f, *args):
    try:
        return f(*args), None
    except Exception as e:
        return None, e

def hold(l, ev, done):
    l.acquire()
    ev.set()
    done.wait(10)
    l.release()

def rel(l, q):
    q.put(et(l.release))

def waiter(c, q, ev):
    c.acquire()
    ev.set()
    r = c.wait(10)
    q.put(r)
    c.release()

def act():
    print("action ran")

def bad_act():
    return int("x")

def bwait(b, q, t):
    q.put(et(b.wait, t))

# noaddr is a repr without the object's address (" at 0x...").
def noaddr(v):
    s = str(v)
    i = s.find(" at 0x")
    if i < 0:
        return s
    j = s.find(":", i)
    if j < 0:
        j = s.find(" ", i + 4)
    return s[:i] + s[j:]

if __name__ == "__main__":
    set_start_method("spawn")  # procstar always spawns
    l = Lock()
    print(l)
    print(l.acquire(), l)
    print(l.acquire(False), l.acquire(True, 0), l.acquire(True, -1), l.acquire(timeout=0.05), l.acquire(False, 5), l.acquire(block=False))
    l.release()
    print(et(l.release))
    print(l.acquire(True, None))
    l.release()
    r = RLock()
    print(r)
    print(r.acquire(), r.acquire(), r)
    r.release()
    print(r)
    r.release()
    print(r, et(r.release))
    s = Semaphore(2)
    print(s, s.get_value())
    print(s.acquire(), s.acquire(), s.acquire(False), s.acquire(timeout=0.05), s.get_value())
    s.release()
    s.release()
    s.release()
    print(s, s.get_value())
    print(et(Semaphore, -1))
    print(catch(Semaphore, -1)[1].errno)
    s0 = Semaphore(0)
    print(s0.acquire(False), s0)
    bs = BoundedSemaphore(2)
    print(bs, bs.get_value())
    print(et(bs.release))
    bs.acquire()
    print(bs)
    bs.release()
    print(et(bs.release), bs)
    bs0 = BoundedSemaphore(0)
    print(bs0, et(bs0.release), bs0.acquire(False))
    print(et(BoundedSemaphore, -1))
    print(Semaphore(True).get_value(), BoundedSemaphore(value=True), et(Semaphore, "2"), et(Semaphore, 1.5))

    # A Lock held by another process; then released by another process.
    ev = Event()
    done = Event()
    p = Process(target=hold, args=(l, ev, done))
    p.start()
    ev.wait(10)
    print(l, l.acquire(False), l.acquire(timeout=0.05))
    done.set()
    p.join()
    print(l, l.acquire(timeout=5), l)
    q = Queue()
    p = Process(target=rel, args=(l, q))
    p.start()
    print(q.get(timeout=10))
    p.join()
    print(l, l.acquire(False))
    l.release()

    # An RLock is its owner's to release.
    r.acquire()
    p = Process(target=rel, args=(r, q))
    p.start()
    print(q.get(timeout=10))
    p.join()
    r.release()
    ev2 = Event()
    done2 = Event()
    p = Process(target=hold, args=(r, ev2, done2))
    p.start()
    ev2.wait(10)
    print(r, r.acquire(False))
    done2.set()
    p.join()

    e = Event()
    print(noaddr(e), e.is_set(), e.wait(0), e.wait(0.05), e.wait(-1), e.wait(timeout=0))
    e.set()
    e.set()
    print(noaddr(e), e.is_set(), e.wait(), e.wait(0), e.wait(None))
    e.clear()
    print(e.is_set(), e.wait(0.01))

    c = Condition()
    print(c)
    print(et(c.wait))
    print(et(c.wait, 0))
    print(et(c.notify))
    print(et(c.notify_all))
    print(et(c.wait_for, lambda: 5))
    print(et(c.wait_for, lambda: 0, 0))
    print(et(c.wait_for, lambda: 0, 0.01))
    c.acquire()
    print(c)
    print(c.wait(0), c.wait(0.05), c.wait(-1), c.wait(timeout=0.01))
    print(c.wait_for(lambda: 7), c.wait_for(lambda: 0, 0.05), c.wait_for(lambda: None, -1), c.wait_for(lambda: [], timeout=0))
    c.notify()
    c.notify(3)
    c.notify_all()
    c.notify(0)
    c.notify(-1)
    c.release()
    print(et(c.release))
    cl = Condition(Lock())
    print(cl)
    cl.acquire()
    print(cl, cl.wait(0.01))
    cl.release()
    print(et(cl.release))
    cr = Condition(RLock())
    cr.acquire()
    cr.acquire()
    print(cr, cr.wait(0.01), cr)
    cr.release()
    cr.release()
    c2 = Condition()
    q2 = Queue()
    evs = [Event() for _ in range(3)]
    ps = [Process(target=waiter, args=(c2, q2, evs[i])) for i in range(3)]
    for p in ps:
        p.start()
    for x in evs:
        x.wait(10)
    c2.acquire()
    c2.notify()
    c2.release()
    print(q2.get(timeout=10))
    c2.acquire()
    c2.notify(2)
    c2.release()
    print(q2.get(timeout=10), q2.get(timeout=10))
    for p in ps:
        p.join()
    print([p.exitcode for p in ps])

    b = Barrier(1)
    print(noaddr(b), b.parties, b.n_waiting, b.broken, b.wait(), b.wait(0), b.wait(None))
    b2 = Barrier(2, act)
    p = Process(target=bwait, args=(b2, q, 10))
    p.start()
    # The last party runs the action: make it this process, so that its
    # line comes in order (CPython's child would write its buffered
    # stdout at its exit).
    for _ in range(500):
        if b2.n_waiting == 1:
            break
        time.sleep(0.02)
    i = b2.wait(10)
    j = q.get(timeout=10)
    p.join()
    print(" ".join(sorted([str(i), j])), b2.n_waiting, b2.broken)
    b3 = Barrier(2)
    print(et(b3.wait, 0.05))
    print(noaddr(b3), b3.broken, b3.n_waiting)
    print(et(b3.wait))
    print(et(b3.wait, 0))
    b3.reset()
    print(noaddr(b3), b3.broken, b3.n_waiting)
    print(et(b3.wait, -1))
    b4 = Barrier(2, timeout=0.05)
    print(et(b4.wait))
    print(b4.broken)
    b5 = Barrier(3)
    p = Process(target=bwait, args=(b5, q, 10))
    p.start()
    for _ in range(500):
        if b5.n_waiting == 1:
            break
        time.sleep(0.02)
    print(b5.n_waiting, noaddr(b5))
    b5.abort()
    print(q.get(timeout=10))
    p.join()
    print(b5.broken, b5.n_waiting, et(b5.wait, 1))
    b5.reset()
    print(b5.broken)
    b6 = Barrier(2, bad_act)
    p = Process(target=bwait, args=(b6, q, 10))
    p.start()
    # The last to arrive runs the action and gets its error; the other party
    # sees the barrier broken.
    print(sorted([et(b6.wait, 10).split(":")[0], q.get(timeout=10).split(":")[0]]) == ["ValueError", "threading.BrokenBarrierError"])
    p.join()
    print(b6.broken)
    b7 = Barrier(1, act)
    print(b7.wait())
    b8 = Barrier(3)
    ps = [Process(target=bwait, args=(b8, q, 10)) for _ in range(2)]
    for p in ps:
        p.start()
    # Which party gets which index depends on arrival order: compare the set.
    got = [str(b8.wait(10)), q.get(timeout=10).replace("ok: ", ""), q.get(timeout=10).replace("ok: ", "")]
    for p in ps:
        p.join()
    print(" ".join(sorted(got)))
