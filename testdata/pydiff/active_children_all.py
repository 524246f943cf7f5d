# The CPython half of active_children_all.star.
import time
from multiprocessing import Pool, Manager, Process, active_children, set_start_method

def nap(t):
    time.sleep(t)

if __name__ == "__main__":
    set_start_method("spawn")
    p = Pool(2)
    m = Manager()
    q = Process(target=nap, args=(0.5,), name="napper")
    q.start()
    kids = sorted(active_children(), key=lambda c: c.name)
    for c in kids:
        print(type(c).__name__, c.name, c.daemon, c.is_alive(), c.pid > 0, repr(c).split(" pid=")[0])
    p.close()
    p.join()
    m.shutdown()
    q.join()
    print(len(active_children()))
