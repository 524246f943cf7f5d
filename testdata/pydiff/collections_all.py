# The CPython half of collections_all.star.
# collections: defaultdict, Counter, deque and namedtuple, their reprs,
# methods and errors, as CPython's.
import json
from collections import defaultdict, Counter, deque, namedtuple

def err(f, *args, **kwargs):
    try:
        f(*args, **kwargs)
    except Exception as e:
        print(type(e).__name__, str(e))
        return
    print("no error", "")

def chars(s):
    return [s[i] for i in range(len(s))]

def zero():
    return 0

groups = defaultdict(list)
for word in ["apple", "avocado", "banana", "blueberry", "cherry"]:
    groups[word[0]].append(word)
print(groups)
print(len(groups), "a" in groups, "z" in groups, len(groups), groups.get("z"), len(groups))
print(groups["z"], len(groups), json.dumps(sorted(groups.keys())))
counts = defaultdict(int)
for c in chars("mississippi"):
    counts[c] += 1
print(counts, counts.default_factory == int)
d2 = defaultdict(zero, {"a": 1}, b=2)
print(d2["c"], json.dumps(sorted(d2.items())))
cp = counts.copy()
cp["x"] += 5
print(cp["x"], counts.get("x"), type(cp) == type(counts))
plain = defaultdict(None)
err(lambda: plain["k"])
err(defaultdict, 5)
print(defaultdict(list))

c = Counter("mississippi")
print(c)
print(c["s"], c["zz"], "zz" in c, len(c), json.dumps(c.most_common(2)), c.most_common(0), c.total())
print(json.dumps(sorted(c.elements())))
c.update(["s", "x"])
c.update({"m": 3})
c.subtract("ii")
print(c)
print(Counter(a=3, b=1) + Counter(a=1, b=2), Counter(a=3, b=1) - Counter(a=1, b=2))
print(Counter(a=3, b=1) & Counter(a=1, b=2), Counter(a=3, b=1) | Counter(a=1, b=2))
print(+Counter(a=2, b=-1), -Counter(a=2, b=-1), Counter(), Counter([1, 1, 2]))
print(Counter({"x": 2}) == Counter(x=2), Counter("ab") == Counter("ba"))
words = Counter()
for w in "the cat and the hat and the bat".split(" "):
    words[w] += 1
print(json.dumps(words.most_common(3)))
err(Counter, 5)

d = deque([1, 2, 3])
d.append(4)
d.appendleft(0)
print(d, len(d), d[0], d[-1], 3 in d, d.pop(), d.popleft(), d)
d.extend([7, 8])
d.extendleft([-1, -2])
print(d)
d.rotate(2)
print(d)
d.rotate(-3)
print(d, d.count(7), d.index(7))
d.remove(7)
d.insert(1, 99)
d.reverse()
print(d, list(d), d.maxlen)
d[0] = 42
print(d[0], d == deque(list(d)), d.copy())
w = deque(maxlen=3)
for i in range(6):
    w.append(i)
print(w, w.maxlen, sum(w))
w.appendleft(-1)
print(w)
print(deque("abc"), deque(), deque([], 0))
e = deque()
err(e.pop)
err(e.popleft)
err(deque([1]).remove, 5)
err(deque([1]).index, 5)
err(deque, [1], -1)
err(deque([1, 2], 2).insert, 0, 5)
e.clear()
print(e, len(e))

Point = namedtuple("Point", "x y")
p = Point(1, y=2)
print(p, p.x, p[1], len(p), list(p), json.dumps(p._fields), json.dumps(Point._fields), json.dumps(p._asdict()))
x, y = p
print(x + y, p == Point(1, 2), p == Point(2, 1), p[:1], {p: "found"}[Point(1, 2)])
print(p._replace(x=10), Point._make([5, 6]))
P3 = namedtuple("P3", ["a", "b", "c"], defaults=[0, 9])
print(P3(1), P3(1, 2), json.dumps(P3._field_defaults))
print(json.dumps(namedtuple("R", "a, b")._fields), json.dumps(namedtuple("R", ["a", "def", "a"], rename=True)._fields))
err(namedtuple, "P", ["x", "x"])
err(namedtuple, "P", ["1a"])
err(namedtuple, "P", ["_x"])
err(namedtuple, "1P", "x")
err(namedtuple, "P", ["def"])
err(Point, 1)
err(Point, 1, 2, 3)
err(Point, 1, z=2)
err(p._replace, z=2)
err(lambda: p.z)
print(sorted([Point(2, 1), Point(1, 5), Point(1, 2)]))
print(int(), len(str()), defaultdict(str)["k"] == "")
