# The CPython half of queue_fifo.star.
import sys
from multiprocessing import Process, Queue, set_start_method

def producer(q, n):
    for i in range(n):
        q.put((i, "item-%d" % i, [i] * (i % 3)))

def exits(code):
    sys.exit(code)

if __name__ == "__main__":
    set_start_method("spawn")  # procstar always spawns
    q = Queue()
    p = Process(target=producer, args=(q, 5))
    p.start()
    for _ in range(5):
        i, s, l = q.get()
        print(i, s, l)
    p.join()
    print(p.exitcode, q.empty())
    for code in [None, 0, 3, 256 + 7, True]:
        c = Process(target=exits, args=(code,))
        c.start()
        c.join()
        print(code, c.exitcode)
