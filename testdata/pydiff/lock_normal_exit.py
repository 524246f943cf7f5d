# The CPython half of lock_normal_exit.star.
import multiprocessing
from multiprocessing import Process, Lock

def take(l):
    l.acquire()

if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    l = Lock()
    p = Process(target=take, args=(l,))
    p.start()
    p.join()
    print(p.exitcode, l.acquire(False) == False, l.acquire(timeout=0.1))
    l.release()
    print(l.acquire(False))
    l.release()
