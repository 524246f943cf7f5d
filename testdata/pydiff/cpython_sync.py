# The CPython half of cpython_sync.star.
import multiprocessing
import sys
import time
from multiprocessing import *

from errtext import et

def check(name, got, want):
    if got == want:
        print("ok", name)
    else:
        print("FAIL", name, "got", got, "want", want)

def reaches(fn, value):
    for _ in range(200):
        if fn() == value:
            break
        time.sleep(0.05)
    return fn()

# _TestCondition.f: sleeping and woken count the waiters.
def cond_f(cond, sleeping, woken, timeout=None):
    cond.acquire()
    sleeping.release()
    cond.wait(timeout)
    woken.release()
    cond.release()

def waitfor_f(cond, state):
    cond.acquire()
    state.value = 0
    cond.notify()
    result = cond.wait_for(lambda: state.value == 4)
    ok = result and state.value == 4
    cond.release()
    return ok

def waitfor_timeout_f(cond, state, success, sem):
    sem.release()
    cond.acquire()
    dt = time.monotonic()
    result = cond.wait_for(lambda: state.value == 4, timeout=0.1)
    dt = time.monotonic() - dt
    if not result and dt >= 0.09:
        success.value = True
    cond.release()

def wait_result_f(c):
    c.acquire()
    c.notify()
    c.release()

def event_f(event):
    time.sleep(0.2)
    event.set()

# objects are the Conditions, Values and Events of every test in one mode:
# the processes that stand for the tests' threads and processes get them
# when they start and are told which test function to run next.
def objects(ns):
    return {
        "cond": ns.Condition(),
        "sleeping": Semaphore(0),
        "woken": Semaphore(0),
        "waitfor": (ns.Condition(), ns.Value("i", -1)),
        "waitfor_timeout": (ns.Condition(), ns.Value("i", 0), ns.Value("i", False), ns.Semaphore(0)),
        "wait_result": ns.Condition(),
        "event": ns.Event(),
    }

def task(o, name):
    if name == "f":
        return cond_f(o["cond"], o["sleeping"], o["woken"])
    if name == "f_timeout":
        return cond_f(o["cond"], o["sleeping"], o["woken"], 0.1)
    if name == "waitfor":
        return waitfor_f(*o["waitfor"])
    if name == "waitfor_timeout":
        return waitfor_timeout_f(*o["waitfor_timeout"])
    if name == "wait_result":
        return wait_result_f(o["wait_result"])
    return event_f(o["event"])

# worker runs the test functions it is told to run; a bounded get ends it
# should its parent die.
def worker(o, tasks, done):
    for _ in range(100):
        name = tasks.get(timeout=60)
        if name == None:
            return
        done.put(task(o, name))

def run(mode, ns):
    print("--", mode)
    # test_lock
    lock = ns.Lock()
    check("lock acquire", lock.acquire(), True)
    check("lock acquire(False)", lock.acquire(False), False)
    check("lock release", lock.release(), None)
    check("lock release unlocked", et(lock.release).split(":")[0] in ["ValueError", "RuntimeError"], True)
    # test_rlock
    lock = ns.RLock()
    check("rlock acquire x3", [lock.acquire(), lock.acquire(), lock.acquire()], [True, True, True])
    check("rlock release x3", [lock.release(), lock.release(), lock.release()], [None, None, None])
    check("rlock release unowned", et(lock.release).split(":")[0] in ["AssertionError", "RuntimeError"], True)
    # test_lock_context (with: acquire and release)
    lock = ns.Lock()
    check("lock context", [lock.acquire(), lock.release()], [True, None])

    # test_semaphore, test_bounded_semaphore (get_value only in processes
    # mode: a manager's semaphore has none in CPython)
    for kind, sem in [("semaphore", ns.Semaphore(2)), ("bounded", ns.BoundedSemaphore(2))]:
        got = [sem.acquire(), sem.acquire(), sem.acquire(False)]
        if mode == "processes":
            got.append(sem.get_value())
        got.extend([sem.release(), sem.release()])
        if mode == "processes":
            got.append(sem.get_value())
        check(kind, got, [True, True, False, 0, None, None, 2] if mode == "processes" else [True, True, False, None, None])
    sem = ns.Semaphore(2)
    sem.release()
    sem.release()
    check("semaphore over 2", [sem.acquire(False) for _ in range(5)], [True, True, True, True, False])
    if mode == "processes":
        # test_timeout
        sem = ns.Semaphore(0)
        check("sem acquire(False)", sem.acquire(False), False)
        check("sem acquire(False, None)", sem.acquire(False, None), False)
        check("sem acquire(False, 0.5)", sem.acquire(False, 0.5), False)
        t = time.monotonic()
        check("sem acquire(True, 0.1)", sem.acquire(True, 0.1), False)
        check("sem acquire(timeout=0.1)", sem.acquire(timeout=0.1), False)
        check("sem waited", time.monotonic() - t >= 0.19, True)

    # Three processes stand for the tests' processes and threads.
    o = objects(ns)
    queues = [Queue() for _ in range(3)]
    done = Queue()
    ps = [Process(target=worker, args=(o, queues[i], done)) for i in range(3)]
    for p in ps:
        p.start()
    cond, sleeping, woken = o["cond"], o["sleeping"], o["woken"]

    # test_notify: two waiters, woken one by one
    for q in queues[:2]:
        q.put("f")
    sleeping.acquire()
    sleeping.acquire()
    time.sleep(0.1)
    check("notify: none woken", woken.get_value(), 0)
    cond.acquire()
    cond.notify()
    cond.release()
    check("notify: one woken", reaches(woken.get_value, 1), 1)
    time.sleep(0.1)
    check("notify: only one woken", woken.get_value(), 1)
    cond.acquire()
    cond.notify()
    cond.release()
    check("notify: two woken", reaches(woken.get_value, 2), 2)
    for _ in range(2):
        done.get(timeout=60)
        woken.acquire()

    # test_notify_all: three waiters time out, three more are woken at once
    for q in queues:
        q.put("f_timeout")
    for _ in range(3):
        sleeping.acquire()
    for _ in range(3):
        woken.acquire()
    check("notify_all: all timed out", woken.get_value(), 0)
    for _ in range(3):
        done.get(timeout=60)
    for q in queues:
        q.put("f")
    for _ in range(3):
        sleeping.acquire()
    time.sleep(0.1)
    check("notify_all: none woken", woken.get_value(), 0)
    cond.acquire()
    cond.notify_all()
    cond.release()
    check("notify_all: three woken", reaches(woken.get_value, 3), 3)
    for _ in range(3):
        done.get(timeout=60)
        woken.acquire()

    # test_notify_n
    for q in queues:
        q.put("f")
    for _ in range(3):
        sleeping.acquire()
    time.sleep(0.1)
    check("notify_n: none woken", woken.get_value(), 0)
    cond.acquire()
    cond.notify(n=2)
    cond.release()
    check("notify_n: two woken", reaches(woken.get_value, 2), 2)
    time.sleep(0.1)
    check("notify_n: only two woken", woken.get_value(), 2)
    cond.acquire()
    cond.notify(n=2)
    cond.release()
    check("notify_n: three woken", reaches(woken.get_value, 3), 3)
    cond.acquire()
    cond.notify(n=3)
    cond.release()
    check("notify_n: no more", woken.get_value(), 3)
    for _ in range(3):
        done.get(timeout=60)

    # test_timeout
    cond = ns.Condition()
    cond.acquire()
    t = time.monotonic()
    check("cond wait(0.1)", cond.wait(0.1), False)
    check("cond waited", time.monotonic() - t >= 0.09, True)
    cond.release()

    # test_waitfor
    cond, state = o["waitfor"]
    queues[0].put("waitfor")
    cond.acquire()
    check("wait_for", cond.wait_for(lambda: state.value == 0), True)
    check("wait_for state", state.value, 0)
    cond.release()
    for _ in range(4):
        time.sleep(0.01)
        cond.acquire()
        state.value += 1
        cond.notify()
        cond.release()
    check("wait_for in the other process", done.get(timeout=60), True)

    # test_waitfor_timeout
    cond, state, success, sem = o["waitfor_timeout"]
    queues[0].put("waitfor_timeout")
    check("wait_for timeout started", sem.acquire(timeout=30), True)
    for _ in range(3):
        time.sleep(0.01)
        cond.acquire()
        state.value += 1
        cond.notify()
        cond.release()
    done.get(timeout=60)
    check("wait_for timeout", bool(success.value), True)

    # test_wait_result
    c = o["wait_result"]
    c.acquire()
    check("wait_result", [c.wait(0), c.wait(0.1)], [False, False])
    queues[0].put("wait_result")
    check("wait_result notified", c.wait(60), True)
    c.release()
    done.get(timeout=60)

    # test_event
    event = o["event"]
    check("event is_set", event.is_set(), False)
    check("event wait(0)", event.wait(0.0), False)
    t = time.monotonic()
    check("event wait(0.1)", event.wait(0.1), False)
    check("event waited", time.monotonic() - t >= 0.09, True)
    event.set()
    check("event set", [event.is_set(), event.wait(), event.wait(0.1)], [True, True, True])
    event.clear()
    queues[0].put("event")
    check("event set by another process", event.wait(), True)
    done.get(timeout=60)
    for q in queues:
        q.put(None)
    for p in ps:
        p.join()
    check("exit codes", [p.exitcode for p in ps], [0, 0, 0])

    # test_repr (processes mode: <Event at ... unset|set>)
    if mode == "processes":
        event = ns.Event()
        r1 = repr(event)
        event.set()
        r2 = repr(event)
        event.clear()
        check("event repr", [r1.startswith("<Event at "), r1.endswith(" unset>"), r2.endswith(" set>"), repr(event) == r1], [True, True, True, True])

if __name__ == "__main__":
    set_start_method("spawn")
    run("processes", multiprocessing)
    m = Manager()
    run("manager", m)
    m.shutdown()
