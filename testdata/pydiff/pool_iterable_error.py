# The CPython half of pool_iterable_error.star.
import multiprocessing
from multiprocessing import Pool

from errtext import et

def sqr(x):
    return x * x

def nexts(it, n):
    return [next(it) for _ in range(n)]

def pair(s):
    return (int(s), 2)

def loop_until_error(it):
    for _ in range(100):
        next(it)

if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    p = Pool(2)
    print("map:", et(p.map, sqr, map(int, ["1", "2", "x", "4"])))
    print("map again:", et(p.map, sqr, map(int, ["x"]), 1))
    print("starmap:", et(p.starmap, pow, map(pair, ["3", "x"])))
    print("map_async:", et(p.map_async, sqr, map(int, ["1", "x"])))
    print("starmap_async:", et(p.starmap_async, pow, map(pair, ["x"])))

    it = p.imap(sqr, map(int, ["x"]))
    print("imap, first item fails:", et(next, it), et(next, it))
    it = p.imap(sqr, map(int, ["0", "1", "2", "x", "4"]), 1)
    print("imap:", nexts(it, 3), et(next, it), et(next, it))
    items = [str(i) for i in range(20)]
    items[7] = "x"
    it = p.imap(sqr, map(int, items), 2)
    print("imap, chunksize 2:", nexts(it, 6), et(next, it), et(next, it))
    it = p.imap(sqr, map(int, items), 4)
    print("imap, chunksize 4:", nexts(it, 4), et(next, it))
    it = p.imap_unordered(sqr, map(int, ["x"]))
    print("imap_unordered, first item fails:", et(next, it))
    it = p.imap_unordered(sqr, map(int, items), 2)
    print("imap_unordered:", et(loop_until_error, it))
    print("the pool goes on:", p.map(sqr, range(5)))
    p.close()
    p.join()
