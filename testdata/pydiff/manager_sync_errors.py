# A Manager's Lock, RLock, Semaphore, BoundedSemaphore and Condition are, in
# CPython, proxies to threading's objects in the manager's process: their
# acquire takes blocking= and threading's timeouts, and they fail with
# threading's errors, re-raised as they are in every process; a failure to
# create one is a RemoteError. multiprocessing's own keep theirs.
from multiprocessing import (BoundedSemaphore, Condition, Lock, Manager, Process, RLock,
                             set_start_method)


def show(label, fn, *args, **kwargs):
    try:
        r = fn(*args, **kwargs)
    except Exception as e:
        t = type(e)
        name = t.__name__ if t.__module__ == "builtins" else t.__module__ + "." + t.__name__
        if name.endswith("RemoteError"):
            last = [x for x in str(e).split("\n") if x and not x.startswith("---")][-1]
            print(label, name, last if last.startswith("ValueError") else last.split(":")[0])
        else:
            print(label, name, e)
        return
    print(label, "->", r)


def false():
    return False


def in_child(l, r, b, c):
    show("child Lock.release", l.release)
    show("child RLock.release", r.release)
    show("child BoundedSemaphore.release", b.release)
    show("child Condition.notify", c.notify)
    show("child Condition.wait", c.wait, 0.01)


if __name__ == "__main__":
    set_start_method("spawn")
    m = Manager()
    l = m.Lock()
    show("Lock.release", l.release)
    show("Lock.acquire(False, 1)", l.acquire, False, 1)
    show("Lock.acquire(True, -2)", l.acquire, True, -2)
    show("Lock.acquire(blocking=False)", l.acquire, blocking=False)
    show("Lock.acquire(blocking=False)", l.acquire, blocking=False)
    show("Lock.acquire(True, 0)", l.acquire, True, 0)
    show("Lock.acquire(True, 0.01)", l.acquire, True, 0.01)
    l.release()
    show("Lock.acquire(True, -1)", l.acquire, True, -1)
    l.release()
    r = m.RLock()
    show("RLock.release", r.release)
    show("RLock.acquire(False, 1)", r.acquire, False, 1)
    show("RLock.acquire(True, -3)", r.acquire, True, -3)
    s = m.Semaphore(0)
    show("Semaphore.acquire(False, 1)", s.acquire, False, 1)
    show("Semaphore.acquire(True, -1)", s.acquire, True, -1)
    show("Semaphore.acquire(blocking=False)", s.acquire, blocking=False)
    show("Semaphore.release", s.release)
    b = m.BoundedSemaphore(1)
    show("BoundedSemaphore.release", b.release)
    show("BoundedSemaphore(0).release", m.BoundedSemaphore(0).release)
    c = m.Condition()
    show("Condition.wait", c.wait, 0.01)
    show("Condition.wait_for", c.wait_for, false, 0.01)
    show("Condition.notify", c.notify)
    show("Condition.notify_all", c.notify_all)
    show("Condition.release", c.release)
    show("Condition.acquire(False, 1)", c.acquire, False, 1)
    c2 = m.Condition(m.Lock())
    show("Condition(Lock).release", c2.release)
    show("Semaphore(-1)", m.Semaphore, -1)
    # (the text of a TypeError of a builtin is the implementation's)
    show("Lock(1)", m.Lock, 1)
    show("Event(1)", m.Event, 1)
    show("dict(1)", m.dict, 1)
    show("list(5)", m.list, 5)
    show("Namespace(1)", m.Namespace, 1)
    r.acquire()
    l2 = m.Lock()
    p = Process(target=in_child, args=(l2, r, b, c))
    p.start()
    p.join()
    print("child exitcode", p.exitcode)
    r.release()
    show("plain Lock.release", Lock().release)
    show("plain RLock.release", RLock().release)
    show("plain BoundedSemaphore.release", BoundedSemaphore(1).release)
    show("plain Condition.notify", Condition().notify)
    m.shutdown()
