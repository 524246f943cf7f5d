# The CPython half of functools_cross.star.
from functools import partial
from operator import itemgetter, attrgetter, methodcaller
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import Pool, Process, Queue, set_start_method

def work(x, factor=1, add=0):
    return x * factor + add

def child(q, a, b, tag=""):
    q.put("%s %d %d" % (tag, a, b))

def apply_all(q, fns):
    for f in fns:
        q.put(f([5, 6, 7]))

if __name__ == "__main__":
    set_start_method("spawn")  # procstar always spawns
    pool = Pool(2)
    print(pool.map(partial(work, factor=3), [1, 2, 3]))
    print(pool.apply_async(partial(work, 4), kwds={"factor": 2}).get(20))
    print(pool.apply(partial(partial(work, add=1), factor=10), (5,)))
    print(pool.starmap(partial(work, add=100), [(1, 2), (3, 4)]))
    print(sorted(pool.imap_unordered(partial(work, factor=-1), range(3))))
    print(pool.map(itemgetter(1), [(1, 2), (3, 4)]))
    pool.close()
    pool.join()
    q = Queue()
    p = Process(target=partial(child, q, 1, tag="t"), args=(2,))
    p.start()
    print(q.get(timeout=20))
    p.join()
    print(p.exitcode)
    p = Process(target=apply_all, args=(q, [itemgetter(0, 2), methodcaller("index", 6), partial(sorted, reverse=True)]))
    p.start()
    print(q.get(timeout=20), q.get(timeout=20), q.get(timeout=20))
    p.join()
    q.put(partial(work, 2, add=3))
    got = q.get(timeout=20)
    print(got(factor=7), got.args)
    with_ex = ProcessPoolExecutor(max_workers=1)
    print(with_ex.submit(partial(work, 2), factor=5).result(20))
    print(list(with_ex.map(partial(work, add=1), [1, 2])))
    with_ex.shutdown()
