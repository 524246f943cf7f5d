# The CPython half of submodule_builtins.star.
import os
from multiprocessing import Pool, Process, Queue, set_start_method

def call(f, *a):
    print("child:", f(*a), flush=True)

if __name__ == "__main__":
    set_start_method("spawn")  # procstar always spawns
    p = Process(target=os.path.join, args=("a", "b"))
    p.start()
    p.join()
    print("target exitcode", p.exitcode)
    p = Process(target=call, args=(os.path.dirname, "/x/y/z"))
    p.start()
    p.join()
    print("arg exitcode", p.exitcode)
    q = Queue()
    q.put([os.path.basename, {"f": os.path.splitext}])
    fs = q.get()
    print(fs[0] == os.path.basename, fs[1]["f"] == os.path.splitext, fs[0]("/a/b.txt"))
    pool = Pool(2)
    print(" ".join(pool.map(os.path.basename, ["/a/b", "/c/d.txt", "e"])))
    print(" ".join(pool.starmap(os.path.join, [("a", "b"), ("/c", "d", "e")])))
    print(pool.apply(call, (os.path.isabs, "/x")))
    pool.close()
    pool.join()
