# The CPython half of semaphore_tokens.star.
import multiprocessing
from multiprocessing import Process, Semaphore

def consumer(sem, done):
    sem.acquire()
    done.release()

if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    sem = Semaphore(0)
    done = Semaphore(0)
    ps = [Process(target=consumer, args=(sem, done)) for i in range(3)]
    for p in ps:
        p.start()
    for i in range(3):
        sem.release()
    for p in ps:
        p.join()
    for p in ps:
        print(p.exitcode)
    print(sem.get_value(), sem.acquire(False), done.get_value())
