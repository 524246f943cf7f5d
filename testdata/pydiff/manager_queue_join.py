# The CPython half of manager_queue_join.star.
import time
from multiprocessing import *

from errtext import et

def consume(q, out):
    while True:
        x = q.get()
        time.sleep(0.01)
        out.append(x)
        q.task_done()
        if x == None:
            break

if __name__ == "__main__":
    set_start_method("spawn")
    m = Manager()
    q = m.Queue()
    q.put("a")
    print(q.get(), et(q.task_done), et(q.task_done))
    q.join()
    out = m.list()
    p = Process(target = consume, args = (q, out))
    p.start()
    for i in range(5):
        q.put(i)
    q.put(None)
    q.join()
    print("joined:", list(out), q.empty())
    p.join()
    print(p.exitcode)
    b = m.Queue(2)
    b.put(1)
    b.put(2)
    print(et(b.put_nowait, 3), b.get(), et(b.task_done))
    m.shutdown()
