# pprint of collections' types as CPython 3.12 lays them out: Counter (most
# common first), OrderedDict, defaultdict, deque (maxlen), ChainMap.
import pprint
from collections import OrderedDict, defaultdict, Counter, deque, ChainMap
words = "the quick brown fox jumps over the lazy dog and the dog sleeps while the fox runs away quickly".split()
c = Counter(words)
od = OrderedDict((w, len(w)) for w in words[:12])
dd = defaultdict(list)
for w in words:
    dd[w[0]].append(w)
dq = deque(words, maxlen=15)
dq2 = deque(range(40))
cm = ChainMap({"alpha": 1, "beta": [1, 2, 3] * 5}, {"gamma": "x" * 50}, {})
for obj in [c, od, dd, dq, dq2, cm, Counter(), OrderedDict(), defaultdict(int), deque(), [c, od]]:
    for w in [80, 40, 20]:
        pprint.pprint(obj, width=w)
pprint.pprint(c, indent=3, width=30)
