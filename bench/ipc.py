# Queue, pipe, lock, shared-value and event throughput in CPython multiprocessing with the spawn
# start method, the same workloads as ipc.star (procstar). Every figure is a steady rate, child
# start-up excluded:
#   queue_int_per_s, queue_str100_per_s, queue_bytes64k_per_s   Queue, items/s
#   squeue_int_per_s, squeue_str100_per_s, squeue_bytes64k_per_s SimpleQueue, items/s
#       one producer child puts N items (ints 0..N-1; 100-byte strings "%08d" % i + 92 "s";
#       65536-byte bytes b"%08d" % i + 65528 "b"), the parent gets them. Timed from the
#       parent's first get() returning to its last get() returning: (N-1) items / that time.
#   pipe_int_per_s          the same with a Pipe(duplex=False): the child sends ints, the
#                           parent receives them
#   lock_pair_ns            N acquire()+release() pairs of an uncontended Lock in one process,
#                           ns per pair (loop included)
#   value_contended_per_s   2 children each do N times v.get_lock().acquire(); v.value += 1;
#                           release() on one Value("q"); total increments/s, timed from a go
#                           Event set after both children are ready until both have reported
#                           done through a queue
#   event_pingpong_per_s    two Events between the parent and a child, round trips/s (one
#                           untimed warm-up round trip first)
#   pipe_pingpong_per_s     a duplex Pipe: the parent sends i, the child answers i + 1;
#                           round trips/s (one untimed warm-up round trip first)
# Every workload checks its result (every item, in order; the final count) and fails loudly
# otherwise. Usage: python3 ipc.py [SCALE [WORKLOAD...]]: SCALE (default 1) multiplies every
# N; WORKLOADs (queue squeue pipe lock value event pingpong) pick a subset.
# Output: one "metric value" line per figure, read by run_ipc.sh.
import multiprocessing
import os
import sys
from multiprocessing import Event, Lock, Pipe, Process, Queue, SimpleQueue, Value
from time import perf_counter

# N per workload at SCALE 1: the same as ipc.star.
N_INT = 1000000
N_STR = 400000
N_BYTES = 20000
N_PIPE = 1000000
N_LOCK = 10000000
N_VALUE = 750000  # per child
N_EVENT = 50000
N_PINGPONG = 50000

STR_PAD = "s" * 92
BYTES_PAD = b"b" * 65528


def make_str(i):
    return "%08d" % i + STR_PAD


def make_bytes(i):
    return b"%08d" % i + BYTES_PAD


def check(cond, *msg):
    if not cond:
        raise AssertionError("ipc bench: check failed: " + " ".join(str(m) for m in msg))


# ---- producers (children) ----

def produce_int(q, n):
    for i in range(n):
        q.put(i)


def produce_str(q, n):
    for i in range(n):
        q.put("%08d" % i + STR_PAD)


def produce_bytes(q, n):
    for i in range(n):
        q.put(b"%08d" % i + BYTES_PAD)


def send_int(c, n):
    for i in range(n):
        c.send(i)
    c.close()


# ---- one producer child, the parent consuming ----

def consume(q, n, kind):
    # returns items/s from the first get() to the last; checks every item
    producer = {"int": produce_int, "str": produce_str, "bytes": produce_bytes}[kind]
    p = Process(target=producer, args=(q, n))
    p.start()
    get = q.get
    x = get()
    t0 = perf_counter()
    if kind == "bytes":
        # checked inline: a 64 KiB item costs far more than its check, and they can't be kept
        check(len(x) == 65536 and x == make_bytes(0), "bytes item 0")
        for i in range(1, n):
            x = get()
            check(len(x) == 65536 and x[:8] == b"%08d" % i, "bytes item", i, "got prefix", x[:8], "length", len(x))
        dt = perf_counter() - t0
    else:
        got = [x]
        for _ in range(n - 1):
            got.append(get())
        dt = perf_counter() - t0
        check(len(got) == n, "got", len(got), "items, want", n)
        if kind == "int":
            for i in range(n):
                check(got[i] == i, "int item", i, "is", got[i])
        else:
            for i in range(n):
                check(got[i] == make_str(i), "str item", i, "is", got[i])
    p.join()
    check(p.exitcode == 0, "producer exit code", p.exitcode)
    check(q.empty(), "queue not empty after", n, "items")
    return (n - 1) / dt


def pipe_ints(n):
    r, w = Pipe(False)
    p = Process(target=send_int, args=(w, n))
    p.start()
    w.close()
    recv = r.recv
    x = recv()
    t0 = perf_counter()
    got = [x]
    for _ in range(n - 1):
        got.append(recv())
    dt = perf_counter() - t0
    for i in range(n):
        check(got[i] == i, "pipe item", i, "is", got[i])
    p.join()
    check(p.exitcode == 0, "sender exit code", p.exitcode)
    try:
        r.recv()
        err = None
    except EOFError as e:
        err = e
    check(err is not None, "recv after", n, "items and the sender's end did not raise EOFError")
    r.close()
    return (n - 1) / dt


# ---- Lock in one process ----

def lock_pairs(n):
    l = Lock()
    acquire = l.acquire
    release = l.release
    t0 = perf_counter()
    for _ in range(n):
        acquire()
        release()
    dt = perf_counter() - t0
    check(acquire(False), "lock still held")
    release()
    return dt / n * 1e9


# ---- Value incremented by 2 processes under its lock ----

def incr(v, n, ready, go, done):
    lock = v.get_lock()
    ready.put(os.getpid())
    go.wait()
    for _ in range(n):
        lock.acquire()
        v.value += 1
        lock.release()
    done.put(n)


def value_contended(n):
    v = Value("q", 0)
    ready = Queue()
    done = Queue()
    go = Event()
    ps = [Process(target=incr, args=(v, n, ready, go, done)) for _ in range(2)]
    for p in ps:
        p.start()
    ready.get()
    ready.get()
    t0 = perf_counter()
    go.set()
    total = done.get() + done.get()
    dt = perf_counter() - t0
    for p in ps:
        p.join()
        check(p.exitcode == 0, "incrementer exit code", p.exitcode)
    check(total == 2 * n, "children reported", total, "increments, want", 2 * n)
    check(v.value == 2 * n, "Value is", v.value, "want", 2 * n)
    return 2 * n / dt


# ---- Event ping-pong ----

def event_pong(ping, pong, n, out):
    seen = 0
    for _ in range(n):
        ping.wait()
        ping.clear()
        seen += 1
        pong.set()
    out.put(seen)


def event_pingpong(n):
    ping = Event()
    pong = Event()
    out = Queue()
    p = Process(target=event_pong, args=(ping, pong, n + 1, out))
    p.start()
    # warm-up round trip: the child is up
    ping.set()
    pong.wait()
    pong.clear()
    t0 = perf_counter()
    for _ in range(n):
        ping.set()
        check(pong.wait(60), "no pong within 60 s")
        pong.clear()
    dt = perf_counter() - t0
    seen = out.get()
    p.join()
    check(p.exitcode == 0, "ponger exit code", p.exitcode)
    check(seen == n + 1, "child saw", seen, "pings, want", n + 1)
    check(not ping.is_set() and not pong.is_set(), "events left set")
    return n / dt


# ---- duplex Pipe ping-pong ----

def pipe_pong(c, n):
    for _ in range(n):
        c.send(c.recv() + 1)
    c.close()


def pipe_pingpong(n):
    a, b = Pipe()
    p = Process(target=pipe_pong, args=(b, n + 1))
    p.start()
    b.close()
    a.send(-1)
    check(a.recv() == 0, "warm-up answer")
    send = a.send
    recv = a.recv
    bad = 0
    t0 = perf_counter()
    for i in range(n):
        send(i)
        if recv() != i + 1:
            bad += 1
    dt = perf_counter() - t0
    check(bad == 0, bad, "wrong answers")
    p.join()
    check(p.exitcode == 0, "ponger exit code", p.exitcode)
    try:
        a.recv()
        err = None
    except EOFError as e:
        err = e
    check(err is not None, "recv after the child's end did not raise EOFError")
    a.close()
    return n / dt


def main():
    scale = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    which = sys.argv[2:] or ["queue", "squeue", "pipe", "lock", "value", "event", "pingpong"]

    def n_of(base):
        return max(2, int(base * scale))

    for w in which:
        if w in ("queue", "squeue"):
            for kind, base, name in (("int", N_INT, "int"), ("str", N_STR, "str100"), ("bytes", N_BYTES, "bytes64k")):
                q = Queue() if w == "queue" else SimpleQueue()
                print("%s_%s_per_s" % (w, name), consume(q, n_of(base), kind), flush=True)
        elif w == "pipe":
            print("pipe_int_per_s", pipe_ints(n_of(N_PIPE)), flush=True)
        elif w == "lock":
            print("lock_pair_ns", lock_pairs(n_of(N_LOCK)), flush=True)
        elif w == "value":
            print("value_contended_per_s", value_contended(n_of(N_VALUE)), flush=True)
        elif w == "event":
            print("event_pingpong_per_s", event_pingpong(n_of(N_EVENT)), flush=True)
        elif w == "pingpong":
            print("pipe_pingpong_per_s", pipe_pingpong(n_of(N_PINGPONG)), flush=True)
        else:
            raise SystemExit("ipc bench: unknown workload %r" % w)


if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    main()
