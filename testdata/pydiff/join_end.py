# The CPython half of join_end.star.
import os
import sys
from multiprocessing import *

from errtext import et

def noop():
    pass

def code(n):
    sys.exit(n)

def fail():
    fail_here = 1 // 0

def send_keep(w):
    w.send("hi")

def send_close(w):
    w.send("bye")
    w.close()

def put(q, n):
    for i in range(n):
        q.put(i)

def run(target, args = ()):
    p = Process(target = target, args = args)
    p.start()
    p.join()
    return p

if __name__ == "__main__":
    set_start_method("spawn")
    for target, args in [(noop, ()), (code, (0,)), (code, (3,)), (code, (255,)), (code, (256,)), (code, (300,)), (code, (None,)), (fail, ())]:
        p = run(target, args)
        print(target.__name__, args, "exitcode", p.exitcode, "alive", p.is_alive(), "stopped" in repr(p), len(active_children()))
        p.terminate()
        p.kill()
        print("  after terminate and kill:", p.exitcode, et(os.kill, p.pid, 0))
        p.close()
        print("  closed:", et(lambda: p.exitcode))

    codes = []
    for i in range(30):
        codes.append(run(code, (i,)).exitcode)
    print("30 in a row", codes == list(range(30)))

    for target in [send_keep, send_close]:
        r, w = Pipe(duplex = False)
        p = run(target, (w,))
        w.close()
        print(target.__name__, p.exitcode, r.poll(), r.recv(), r.poll(), et(r.recv))

    q = Queue()
    p = run(put, (q, 5))
    print("queue", [q.get(timeout = 10) for _ in range(5)], q.empty())
