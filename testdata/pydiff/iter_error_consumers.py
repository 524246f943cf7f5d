# The CPython half of iter_error_consumers.star.
import collections
import concurrent.futures
import csv
import fnmatch
import functools
import heapq
import io
import itertools
import multiprocessing
import os
import random
import shlex
import statistics
import subprocess
import urllib.parse
from multiprocessing import Pool, set_start_method

from errtext import et

def tenfold(s):
    return int(s) * 10

state = {"n": 0}

def counter():
    state["n"] += 1
    if state["n"] == 3:
        return 1 // 0
    return state["n"]

# bad() gives 1, 2, then fails with ZeroDivisionError.
def bad():
    state["n"] = 0
    return iter(counter, -1)

def pairs():
    return map(lambda x: (x, x), bad())

def listed(f, *args):
    return list(f(*args))

def extended(it):
    l = [0]
    return et(l.extend, it) + " " + str(l)

if __name__ == "__main__":
    set_start_method("spawn")
    print("join:", et(",".join, map(str, bad())))
    print("bytes join:", et(b",".join, map(lambda x: b"x", bad())))
    print("extend:", extended(bad()))
    print("set union:", et(set([5]).union, bad()))
    print("set intersection:", et(set([5]).intersection, bad()))
    print("set difference:", et(set([5]).difference, bad()))
    print("set symmetric_difference:", et(set([5]).symmetric_difference, bad()))
    print("set issubset:", et(set([5]).issubset, bad()))
    print("set issuperset:", et(set([5]).issuperset, bad()))
    s = set([9])
    print("set update:", et(s.update, bad()), sorted(s))
    d = {0: 0}
    print("dict update:", et(d.update, pairs()), d)
    print("dict.fromkeys:", et(dict.fromkeys, bad()))
    print("reduce:", et(functools.reduce, lambda a, b: a + b, bad()))
    print("reduce, initial:", et(functools.reduce, lambda a, b: a + b, bad(), 10))
    print("nlargest:", et(heapq.nlargest, 2, bad()))
    print("nsmallest:", et(heapq.nsmallest, 2, bad()))
    print("merge:", et(listed, heapq.merge, [1], bad()))
    for name in ["mean", "fmean", "median", "mode", "stdev", "pvariance"]:
        print("statistics." + name + ":", et(getattr(statistics, name), bad()))
    print("Counter:", et(collections.Counter, bad()))
    c = collections.Counter()
    print("Counter.update:", et(c.update, bad()), sorted(c.items()))
    print("deque:", et(collections.deque, bad()))
    dq = collections.deque([0])
    print("deque.extend:", et(dq.extend, bad()), list(dq))
    print("chain:", et(list, itertools.chain([0], bad())))
    print("chain.from_iterable:", et(list, itertools.chain.from_iterable([[0], bad()])))
    print("islice:", et(list, itertools.islice(bad(), 5)))
    print("accumulate:", et(list, itertools.accumulate(bad())))
    print("pairwise:", et(list, itertools.pairwise(bad())))
    print("zip_longest:", et(list, itertools.zip_longest([1], bad())))
    print("cycle:", et(list, itertools.islice(itertools.cycle(bad()), 5)))
    print("product:", et(itertools.product, bad()))
    print("choices weights:", et(random.choices, [1, 2, 3], bad()))
    f = io.StringIO()
    print("StringIO.writelines:", et(f.writelines, map(str, bad())), f.getvalue().replace("\r\n", "|"))
    f = io.StringIO()
    w = csv.writer(f)
    print("csv writerows:", et(w.writerows, map(lambda x: [x], bad())), f.getvalue().replace("\r\n", "|"))
    print("csv writerow:", et(w.writerow, bad()))
    print("shlex.join:", et(shlex.join, map(str, bad())))
    print("fnmatch.filter:", et(fnmatch.filter, map(str, bad()), "*"))
    print("urlunsplit:", et(urllib.parse.urlunsplit, map(str, bad())))
    print("subprocess.run:", et(subprocess.run, map(str, bad())))
    print("OrderedDict:", et(collections.OrderedDict, pairs()))
    print("defaultdict:", et(collections.defaultdict, list, pairs()))
    print("namedtuple._make:", et(collections.namedtuple("P", "a b c")._make, bad()))
    print("ChainMap.update:", et(collections.ChainMap().update, pairs()))
    print("Counter.subtract:", et(collections.Counter().subtract, bad()))
    print("deque.extendleft:", et(collections.deque().extendleft, bad()))
    print("os.path.commonpath:", et(os.path.commonpath, map(str, bad())))
    print("os.environ.update:", et(os.environ.update, map(lambda x: ("ITER_ERR_%d" % x, "v"), bad())))

    p = Pool(2)
    bad_imap = lambda: p.imap(tenfold, ["1", "x", "3"])
    print("imap, join:", et(",".join, map(str, bad_imap())))
    print("imap, extend:", extended(bad_imap()))
    print("imap, chain:", et(list, itertools.chain(bad_imap())))
    print("imap, Counter:", et(collections.Counter, bad_imap()))
    print("imap, mean:", et(statistics.mean, bad_imap()))
    print("imap, reduce:", et(functools.reduce, lambda a, b: a + b, bad_imap()))
    print("imap, nlargest:", et(heapq.nlargest, 1, bad_imap()))
    print("imap, set update:", et(set().update, bad_imap()))
    print("imap, Pool.map:", et(p.map, tenfold, bad_imap()))
    print("ordinary:", ",".join(map(str, [1, 2])), sorted(set([5]).union(iter([2]))),
          functools.reduce(lambda a, b: a + b, iter([1, 2])), list(itertools.chain(iter([1]), [2])))
    p.close()
    p.join()
    ex = concurrent.futures.ProcessPoolExecutor(max_workers=2)
    futs = lambda: map(lambda s: ex.submit(tenfold, int(s)), ["1", "x"])
    print("as_completed:", et(lambda: len(list(concurrent.futures.as_completed(futs())))))
    print("wait:", et(concurrent.futures.wait, futs()))
    ex.shutdown()
    print("the script goes on")
