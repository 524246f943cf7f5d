# The CPython half of sync_edges.star.
import time
from multiprocessing import *

from errtext import et

if __name__ == "__main__":
    set_start_method("spawn")  # procstar always spawns
    # send_bytes checks the offset before the size, as CPython does.
    a, b = Pipe()
    print(et(a.send_bytes, b"abc", -1, -1))
    print(et(a.send_bytes, b"abc", 5, -1))
    print(et(a.send_bytes, b"abc", 3, -1))
    print(et(a.send_bytes, b"abc", 1, 3))
    print(et(a.send_bytes, b"abc", 3, None), b.recv_bytes())

    # A bool is an int as a timeout: True waits a second, False not at all.
    q = Queue()
    l = Lock()
    l.acquire()
    e = Event()
    c = Condition()
    c.acquire()
    for f, args in [(q.get, (True, True)), (q.get, (True, False)), (l.acquire, (True, True)),
                    (l.acquire, (True, False)), (e.wait, (True,)), (e.wait, (False,)),
                    (c.wait, (True,)), (c.wait, (False,)), (a.poll, (True,)), (a.poll, (False,)),
                    (Barrier(2).wait, (False,))]:
        t = time.monotonic()
        r = et(f, *args)
        print(r, round(time.monotonic() - t))

    # A shared array's index errors are ctypes' texts.
    def geti(a, i):
        return a[i]
    def seti(a, i, x):
        a[i] = x
    for arr in [Array("i", 3), Array("c", b"ab"), RawArray("d", 2), Array("q", 1, lock=False)]:
        print(et(geti, arr, 3), et(geti, arr, -4), et(seti, arr, 5, 0), et(seti, arr, -5, 0), et(geti, arr, "x"))

    # A bool is an int as an Array's size.
    print(Array("i", True)[:], len(Array("d", False)), RawArray("h", True)[:], Array("c", True).raw)
