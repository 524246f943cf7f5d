# The CPython half of functools_cross_more.star.
import concurrent.futures
import operator
from functools import partial
from multiprocessing import Pool, Process, Queue, set_start_method

def work(x, factor=1, offset=0):
    return x * factor + offset

def report(q, tag, x, sep=":"):
    q.put("%s%s%d" % (tag, sep, x))

if __name__ == "__main__":
    set_start_method("spawn")
    pool = Pool(2)
    print(pool.map(partial(work, factor=10), [1, 2, 3]))
    print(pool.apply_async(partial(work, 7), (), {"offset": 1}).get(60))
    print(pool.starmap(partial(work, offset=100), [(1, 2), (3, 4)]))
    print(pool.map(partial(partial(work, factor=2), offset=1), [5]))
    print(pool.map(operator.itemgetter(1), [(1, 2), (3, 4)]), pool.map(operator.methodcaller("count", "a"), ["banana", "b"]))
    try:
        pool.map(partial(lambda x: x, 1), [1])
        print("no error")
    except Exception as e:
        # CPython: PicklingError, an Exception subclass that procstar
        # names TypeError; the line says that it failed.
        print("TypeError")
    pool.close()
    pool.join()

    q = Queue()
    pr = Process(target=partial(report, q, "child", sep="="), args=(2,))
    pr.start()
    print(q.get(timeout=60))
    pr.join()
    print(pr.exitcode)

    q.put(partial(work, 2, offset=1))
    print(q.get(timeout=60)(factor=3))

    ex = concurrent.futures.ProcessPoolExecutor(2)
    print(ex.submit(partial(work, 5, factor=2)).result(timeout=60))
    print(list(ex.map(partial(work, factor=3), [1, 2])))
    ex.shutdown()
