# The CPython half of error_crosses.star.
import multiprocessing
import subprocess
from multiprocessing import Pipe, Pool, Process, Queue

def divide():
    return 1 // 0

def caught(i):
    try:
        if i == 0:
            divide()
        subprocess.check_output(["sh", "-c", "echo out; exit 3"])
    except Exception as e:
        return e

def work(q, conn):
    q.put(caught(0))
    conn.send(caught(1))

def show(e):
    t = type(e)
    name = t.__name__ if t.__module__ == "builtins" else t.__module__ + "." + t.__name__
    print(name + ": " + str(e))
    if isinstance(e, subprocess.CalledProcessError):
        print(e.returncode, e.cmd, e.output)

if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    q = Queue()
    a, b = Pipe()
    p = Process(target=work, args=(q, b))
    p.start()
    show(q.get())
    show(a.recv())
    p.join()
    pool = Pool(1)
    for e in pool.map(caught, [0, 1]):
        show(e)
    pool.terminate()
