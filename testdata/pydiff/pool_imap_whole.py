# The CPython half of pool_imap_whole.star.
import itertools
import multiprocessing
from multiprocessing import Pool

from errtext import et

def tenfold(s):
    return int(s) * 10

def zipped(*args, **kwargs):
    return list(zip(*args, **kwargs))

def pair(s):
    return (int(s), int(s) * 2)

if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    p = Pool(2)
    bad = ["0", "1", "2", "x", "4", "5"]
    for name, fn in [("list", list), ("tuple", tuple), ("set", set), ("sorted", sorted),
                     ("enumerate", lambda it: list(enumerate(it))), ("min", min), ("max", max), ("sum", sum),
                     ("any", any), ("all", all)]:
        print(name + ":", et(fn, p.imap(tenfold, bad)))
    print("unordered sorted:", et(sorted, p.imap_unordered(tenfold, bad)))
    print("sum, start:", et(sum, p.imap(tenfold, bad), 7))
    print("dict:", et(dict, p.imap(pair, ["1", "x"])))
    print("dict ok:", dict(p.imap(pair, ["1", "2"])))
    print("min, default:", et(min, p.imap(tenfold, ["x"]), default=-1))

    it = p.imap(tenfold, bad)
    print("list:", et(list, it))
    print("after the error:", list(it))
    it = p.imap(tenfold, ["x", "1"])
    print("sum, first fails:", et(sum, it), "then", sum(it))

    print("any, stops early:", any(p.imap(tenfold, ["0", "1", "x"])))
    print("all, stops early:", all(p.imap(tenfold, ["1", "0", "x"])))
    print("any, reaches it:", et(any, p.imap(tenfold, ["0", "x", "1"])))
    print("all, reaches it:", et(all, p.imap(tenfold, ["1", "x", "0"])))
    it = p.imap(tenfold, ["1", "x"])
    print("zip, stops early:", list(zip([7], it)), et(next, it))
    print("zip with count:", et(zipped, itertools.count(), p.imap(tenfold, ["1", "x"])))
    print("zip, second fails:", et(zipped, [1, 2, 3], p.imap(tenfold, ["1", "x"])))
    print("zip strict:", et(zipped, [1, 2], p.imap(tenfold, ["1", "x"]), strict=True))
    print("map:", et(list, map(str, p.imap(tenfold, bad))))
    print("map, two inputs:", et(list, map(pow, [2, 3, 4], p.imap(tenfold, ["1", "x"]))))
    print("map, stops early:", list(map(pow, [2], p.imap(tenfold, ["1", "x"]))))
    print("filter:", et(list, filter(None, p.imap(tenfold, bad))))
    print("map of a map:", et(list, map(str, map(int, ["1", "x"]))))
    print("sum of a filter:", et(sum, filter(None, map(int, ["1", "x"]))))
    print("the pool goes on:", list(p.imap(tenfold, ["1", "2"])))
    p.close()
    p.join()
