# The CPython half of dialect_mp.star.
import os, sys
from multiprocessing import *

from errtext import err

def work(v, a, q):
    v.value += 41
    for i in range(len(a)):
        a[i] = a[i] * 2
    q.put("done")

if __name__ == "__main__":
    print(get_start_method(True))
    set_start_method("spawn")
    ctx = get_context("spawn")
    print(get_start_method(), "spawn" in get_all_start_methods(), get_context() == ctx)
    print(err(get_context, "nope"))
    print(err(set_start_method, "spawn"))
    set_start_method("spawn", force=True)
    print(err(set_start_method, "nope", True))
    v = RawValue("i", 1)
    a = RawArray("d", [1.5, 2.5])
    q = ctx.Queue()
    p = ctx.Process(target=work, args=(v, a, q))
    p.start()
    print(q.get())
    p.join()
    print(p.exitcode, v.value, a[0], a[1], len(a))
    print(hasattr(v, "get_lock"), hasattr(a, "get_lock"))
    freeze_support()
    path = "/tmp/procstar-pydiff-dialect-mp-%d.txt" % current_process().pid
    f = open(path, "w")
    print("one", 2, 3.0, sep=",", file=f)
    print("two", end="|", file=f, flush=True)
    f.close()
    f = open(path)
    print(f.read())
    f.close()
    os.remove(path)
    print("to stderr", file=sys.stderr)
