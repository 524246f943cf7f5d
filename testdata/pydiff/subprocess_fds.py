# The CPython half of subprocess_fds.star.
import subprocess
from multiprocessing import Process, Queue, set_start_method

def fds():
    out = subprocess.run(["ls", "/proc/self/fd"], capture_output=True, text=True).stdout
    return " ".join(sorted(out.split()))

def child(q):
    q.put(fds())

if __name__ == "__main__":
    set_start_method("spawn")
    print("root:", fds())
    q = Queue()
    p = Process(target=child, args=(q,))
    p.start()
    print("child:", q.get())
    p.join()
