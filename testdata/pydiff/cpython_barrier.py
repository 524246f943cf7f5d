# The CPython half of cpython_barrier.star.
import multiprocessing
import sys
import threading
import time
from multiprocessing import *


def fail(msg):
    raise AssertionError(msg)


# call(f, args) runs f(*args): "ok", or the type of its exception.
def call(f, args):
    try:
        f(*args)
    except Exception as e:
        return type(e).__name__ + ": " + str(e)
    return "ok"


# bwait(b, *args) is b.wait(*args), or "broken" if it raised
# threading.BrokenBarrierError.
def bwait(b, *args):
    try:
        return b.wait(*args)
    except threading.BrokenBarrierError:
        return "broken"

# -- the rest is the same in cpython_barrier.py --
N = 5
SHARED = {}

def check(name, got, want):
    if got == want:
        print("ok", name)
    else:
        print("FAIL", name, "got", got, "want", want)

# DummyList: append() adds one, length() is how many were added.
def dummy(ns, mode):
    if mode == "manager":
        return ns.list()
    return Value("i", 0)

def append(x):
    if hasattr(x, "append"):
        x.append(True)
    else:
        x.get_lock().acquire()
        x.value += 1
        x.get_lock().release()

def length(x):
    if hasattr(x, "append"):
        return len(x)
    return x.value

def multipass(barrier, results, n):
    m = barrier.parties
    if m != N:
        fail("parties")
    for i in range(n):
        append(results[0])
        if length(results[1]) != i * m:
            fail("len(results[1]) != i * m")
        barrier.wait()
        append(results[1])
        if length(results[0]) != (i + 1) * m:
            fail("len(results[0]) != (i + 1) * m")
        barrier.wait()
    if barrier.n_waiting != 0:
        fail("n_waiting")
    if barrier.broken:
        fail("broken")

def wait_return_f(barrier, queue):
    queue.put(barrier.wait())

def action():
    append(SHARED["results"])

def action_f(barrier, results):
    barrier.wait()
    if length(results) != 1:
        fail("RuntimeError")

def abort_f(barrier, results1, results2):
    i = bwait(barrier)
    if i == "broken":
        append(results2)
    elif i == N // 2:
        barrier.abort()
    elif bwait(barrier) == "broken":
        append(results2)
    else:
        append(results1)

def reset_f(barrier, results1, results2, results3):
    i = barrier.wait()
    if i == N // 2:
        # Wait until the other parties are all in the barrier.
        for _ in range(100000):
            if barrier.n_waiting >= N - 1:
                break
            time.sleep(0.001)
        barrier.reset()
    elif bwait(barrier) == "broken":
        append(results2)
    else:
        append(results1)
    # Now, pass the barrier again.
    barrier.wait()
    append(results3)

def abort_and_reset_f(barrier, barrier2, results1, results2, results3):
    abort_f(barrier, results1, results2)
    # Synchronize and reset the barrier: first so that everyone has left
    # it when it is reset, then so that no one enters it before.
    if barrier2.wait() == N // 2:
        barrier.reset()
    barrier2.wait()
    barrier.wait()
    append(results3)

def timeout_f(barrier, results):
    i = barrier.wait()
    if i == N // 2:
        # One party is late.
        time.sleep(1.0)
    if bwait(barrier, 0.5) == "broken":
        append(results)

def default_timeout_f(barrier, results):
    i = barrier.wait(30.0)
    if i == N // 2:
        # One party is later than the default timeout.
        time.sleep(1.0)
    if bwait(barrier) == "broken":
        append(results)

def thousand_f(barrier, passes, conn, lock):
    for i in range(passes):
        barrier.wait()
        lock.acquire()
        conn.send(i)
        lock.release()

# objects are every test's barriers and DummyLists in one mode.
def objects(ns, mode):
    o = {}
    o["barrier"] = (ns.Barrier(N, timeout=30.0), [dummy(ns, mode), dummy(ns, mode)], 1)
    o["barrier_10"] = (ns.Barrier(N, timeout=30.0), [dummy(ns, mode), dummy(ns, mode)], 10)
    o["wait_return"] = (ns.Barrier(N, timeout=30.0), ns.Queue())
    results = dummy(ns, mode)
    o["action"] = (ns.Barrier(N, action=action), results)
    o["abort"] = (ns.Barrier(N, timeout=30.0), dummy(ns, mode), dummy(ns, mode))
    o["reset"] = (ns.Barrier(N, timeout=30.0), dummy(ns, mode), dummy(ns, mode), dummy(ns, mode))
    o["abort_and_reset"] = (ns.Barrier(N, timeout=30.0), ns.Barrier(N), dummy(ns, mode), dummy(ns, mode), dummy(ns, mode))
    o["timeout"] = (ns.Barrier(N, timeout=30.0), dummy(ns, mode))
    o["default_timeout"] = (ns.Barrier(N, timeout=0.5), dummy(ns, mode))
    return o

FUNCS = {
    "barrier": multipass,
    "barrier_10": multipass,
    "wait_return": wait_return_f,
    "action": action_f,
    "abort": abort_f,
    "reset": reset_f,
    "abort_and_reset": abort_and_reset_f,
    "timeout": timeout_f,
    "default_timeout": default_timeout_f,
}

def run_test(name, o):
    args = o[name]
    if name == "action":
        SHARED["results"] = args[1]
    return call(FUNCS[name], args)

# party is one of CPython's Bunch of N-1 threads, for every test in turn;
# a bounded get ends it should its parent die.
def party(o, tasks, done):
    for _ in range(100):
        name = tasks.get(timeout=60)
        if name == None:
            return
        done.put(run_test(name, o))

def run(mode, ns):
    print("--", mode)
    o = objects(ns, mode)
    queues = [Queue() for _ in range(N - 1)]
    done = Queue()
    ps = [Process(target=party, args=(o, queues[i], done)) for i in range(N - 1)]
    for p in ps:
        p.start()
    names = ["barrier", "barrier_10", "wait_return", "action", "abort", "reset", "abort_and_reset", "timeout", "default_timeout"]
    if mode == "manager":
        names.remove("action")
    for name in names:
        for q in queues:
            q.put(name)
        got = [run_test(name, o)] + [done.get(timeout=60) for _ in range(N - 1)]
        check(name + ": every party", got, ["ok"] * N)
        args = o[name]
        if name in ["barrier", "barrier_10"]:
            check(name, [length(args[1][0]), length(args[1][1])], [N * args[2], N * args[2]])
        elif name == "wait_return":
            results = sorted([args[1].get(timeout=10) for _ in range(N)])
            check(name, results, list(range(N)))
        elif name == "action":
            check(name, length(args[1]), 1)
        elif name == "abort":
            check(name, [length(args[1]), length(args[2]), args[0].broken], [0, N - 1, True])
        elif name in ["reset", "abort_and_reset"]:
            check(name, [length(x) for x in args[-3:]], [0, N - 1, N])
        else:
            check(name, length(args[1]), args[0].parties)
        args[0].abort()
    for q in queues:
        q.put(None)
    for p in ps:
        p.join()
    check("parties' exit codes", [p.exitcode for p in ps], [0] * (N - 1))

    # test_single_thread
    b = ns.Barrier(1)
    check("single_thread", [b.wait(), b.wait()], [0, 0])

    # test_thousand (processes mode only, as in CPython)
    if mode == "processes":
        barrier = ns.Barrier(N, timeout=30.0)
        lock = ns.Lock()
        conn, child_conn = ns.Pipe(False)
        ps = [Process(target=thousand_f, args=(barrier, 1000, child_conn, lock)) for _ in range(N)]
        for p in ps:
            p.start()
        bad = 0
        for i in range(1000):
            for _ in range(N):
                if conn.recv() != i:
                    bad += 1
        for p in ps:
            p.join()
        check("thousand", [bad] + [p.exitcode for p in ps], [0] * (N + 1))
        barrier.abort()

if __name__ == "__main__":
    set_start_method("spawn")
    run("processes", multiprocessing)
    m = Manager()
    run("manager", m)
    m.shutdown()
