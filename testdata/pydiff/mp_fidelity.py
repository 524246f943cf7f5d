# The CPython half of mp_fidelity.star.
import multiprocessing
from multiprocessing import Process, Pool, current_process, get_context

from errtext import err

def sq(x):
    return x * x

def name(q):
    q.put(current_process().name)

def head(p):
    return repr(p).split(" pid=")[0].split(" parent=")[0]

if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    ctx = get_context("spawn")
    a = Process(target=sq, args=(1,))
    b = ctx.Process(target=sq, args=(1,))
    c = ctx.Process(target=sq, args=(1,), name="mine")
    print(a.name, b.name, c.name, head(a), head(b), head(c))
    print(err(b.terminate))
    print(err(b.kill))
    q = ctx.Queue()
    p = ctx.Process(target=name, args=(q,))
    p.start()
    print(q.get(), p.name)
    p.join()
    print(head(p), p.exitcode)

    pool = Pool(2)
    print(err(pool.map, sq, 5))
    print(err(pool.map_async, sq, 5))
    got = []
    r = pool.map_async(sq, [], callback=got.append)
    print(r.get(), r.ready(), got)
    r = pool.starmap_async(pow, [], callback=got.append)
    r.wait()
    print(r.get(), got)
    r = pool.map_async(sq, [3], callback=got.append)
    print(r.get(), got)
    pool.close()
    pool.join()
