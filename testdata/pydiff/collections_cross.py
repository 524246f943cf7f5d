# The CPython half of collections_cross.star.
# collections' values cross processes as Python pickles them: a Counter,
# a defaultdict with its factory, a deque with its maxlen, a namedtuple
# record (whose type the child, re-running the top level, also has).
from collections import defaultdict, Counter, deque, namedtuple, OrderedDict
from multiprocessing import Pool, Process, Queue, set_start_method

Point = namedtuple("Point", "x y")

def count_words(text):
    c = Counter()
    for w in text.split(" "):
        c[w] += 1
    return c

def shift(p):
    return Point(p.x + 1, p.y + 1)

def grow(d):
    d["new"].append(len(d))
    return d

def echo(q, v):
    q.put(v)

if __name__ == "__main__":
    set_start_method("spawn")
    pool = Pool(2)
    total = Counter()
    for c in pool.map(count_words, ["a b a", "b c"]):
        total.update(c)
    print(total, total.most_common(1)[0][1])
    p = pool.apply(shift, (Point(1, 2),))
    print(p, p == Point(2, 3), p.x)
    d = pool.apply(grow, (defaultdict(list, {"k": [1]}),))
    print(d, d["other"], len(d))
    pool.close()
    pool.join()
    q = Queue()
    for v in [deque([1, 2, 3], maxlen=3), Counter(x=2), Point(5, 6)]:
        pr = Process(target=echo, args=(q, v))
        pr.start()
        print(q.get(timeout=60))
        pr.join()
    od = OrderedDict([("b", 1), ("a", 2)])
    pr = Process(target=echo, args=(q, od))
    pr.start()
    back = q.get(timeout=60)
    pr.join()
    print("|".join(back), back == od, back == OrderedDict([("a", 2), ("b", 1)]))
