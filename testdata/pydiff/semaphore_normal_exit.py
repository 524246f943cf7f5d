# The CPython half of semaphore_normal_exit.star.
import multiprocessing
import time
from multiprocessing import Process, Semaphore

def waiter(sem):
    sem.acquire()

if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    sem = Semaphore(0)
    p = Process(target=waiter, args=(sem,))
    p.start()
    time.sleep(0.3)
    sem.release()
    p.join()
    print(p.exitcode, sem.get_value(), sem.acquire(False))
