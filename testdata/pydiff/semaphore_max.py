# The CPython half of semaphore_max.star.
import multiprocessing
from multiprocessing import BoundedSemaphore, Process, Queue, Semaphore
from errtext import et

def release(s, q):
    q.put(et(s.release))

if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    top = pow(2, 31) - 1
    s = Semaphore(top)
    print(s.get_value(), et(s.release), s.get_value())
    print(s.acquire(False), s.get_value(), et(s.release), s.get_value(), et(s.release))
    q = Queue()
    p = Process(target=release, args=(s, q))
    p.start()
    print(q.get(timeout=60))
    p.join()
    print(p.exitcode, s.get_value())
    print(et(Semaphore, top + 1))
    print(et(BoundedSemaphore, top + 1))
    b = BoundedSemaphore(top)
    print(et(b.release), b.acquire(False), et(b.release), b.get_value())
