# uuid, copy, heapq and bisect side by side with CPython.
import uuid, copy, heapq, bisect

def show(f, *args, **kwargs):
    try:
        r = f(*args, **kwargs)
    except Exception as e:
        print(type(e).__name__ + ": " + str(e))
    else:
        print(r)

# uuid
u = uuid.UUID("{12345678-1234-5678-1234-567812345678}")
print(u, repr(u), u.hex, u.int, u.urn, u.version, u.variant, u.bytes)
print(uuid.uuid3(uuid.NAMESPACE_DNS, "python.org"), uuid.uuid5(uuid.NAMESPACE_DNS, "python.org"), uuid.uuid5(uuid.NAMESPACE_URL, "x"))
print(uuid.UUID(int=1), uuid.UUID(bytes=b"\x00" * 15 + b"\x01") == uuid.UUID(int=1), uuid.UUID("12345678123456781234567812345678", version=4))
print(uuid.UUID(bytes_le=u.bytes), uuid.UUID("urn:uuid:12345678-1234-5678-1234-567812345678") == u, u < uuid.UUID(int=pow(2, 127)), {u: 1}[uuid.UUID(u.hex)])
r4 = uuid.uuid4()
print(r4.version, r4.variant, len(str(r4)), str(r4)[14], r4 != uuid.uuid4())
r1 = uuid.uuid1()
print(r1.version, r1.variant, r1 != uuid.uuid1())
show(uuid.UUID, "xyz")
show(uuid.UUID)
show(uuid.UUID, int=-1)
print(uuid.NAMESPACE_OID, uuid.NAMESPACE_X500, uuid.RFC_4122)

# copy
a = [1, [2, 3], {"k": [4]}, (5, [6])]
b = copy.copy(a)
c = copy.deepcopy(a)
a[1].append(9)
a[2]["k"].append(8)
a[3][1].append(7)
print(b[1], b[2]["k"], b[3], c[1], c[2]["k"], c[3], b == a, c == a)
shared = [1]
d = copy.deepcopy([shared, shared])
d[0].append(2)
print(d)
cyc = [1]
cyc.append(cyc)
e = copy.deepcopy(cyc)
print(len(e), e[1][1][0], e[1] == e[1][1] if False else "cyc")
print(copy.copy({"a": 1}) == {"a": 1}, sorted(copy.copy(set([1]))), copy.deepcopy((1, 2)), copy.copy("s"), copy.deepcopy(None))

# heapq
h = []
for x in [5, 3, 8, 1, 9, 2, 7]:
    heapq.heappush(h, x)
print(h)
print([heapq.heappop(h) for _ in range(3)], h)
data = [9, 4, 7, 1, 8, 2, 6, 3, 5, 0]
heapq.heapify(data)
print(data, heapq.heappushpop(data, -1), heapq.heappushpop(data, 4), data, heapq.heapreplace(data, 10), data)
print(heapq.nlargest(3, [5, 1, 8, 3, 9]), heapq.nsmallest(2, [5, 1, 8, 3, 9]), "|".join(heapq.nlargest(2, ["bb", "a", "ccc"], key=len)), heapq.nsmallest(10, [3, 1]))
print(list(heapq.merge([1, 4, 7], [2, 5, 8], [0, 9])), list(heapq.merge([3, 1], [4, 2], reverse=True)), "|".join(heapq.merge(["a", "ccc"], ["bb"], key=len)))
tasks = []
heapq.heappush(tasks, (2, "write"))
heapq.heappush(tasks, (1, "read"))
heapq.heappush(tasks, (3, "exec"))
print("|".join([heapq.heappop(tasks)[1] for _ in range(3)]))
show(heapq.heappop, [])
show(heapq.heapreplace, [], 1)
show(heapq.heappush, (1,), 2)
show(heapq.heappush, [1], "a")

# bisect
s = [1, 2, 2, 2, 5, 8]
print(bisect.bisect_left(s, 2), bisect.bisect_right(s, 2), bisect.bisect(s, 2), bisect.bisect(s, 0), bisect.bisect(s, 9), bisect.bisect_left(s, 2, 2), bisect.bisect_right(s, 2, 0, 3))
bisect.insort(s, 3)
bisect.insort_left(s, 2)
bisect.insort_right(s, 9)
print(s)
recs = [("a", 1), ("b", 5), ("c", 9)]
print(bisect.bisect_left(recs, 5, key=lambda r: r[1]), bisect.bisect_right(recs, 5, key=lambda r: r[1]))
bisect.insort(recs, ("x", 6), key=lambda r: r[1])
print("|".join([r[0] for r in recs]), [r[1] for r in recs])
def grade(score, breakpoints=[60, 70, 80, 90], grades="FDCBA"):
    return grades[bisect.bisect(breakpoints, score)]
print("".join([grade(score) for score in [33, 99, 77, 70, 89, 90, 100]]))
show(bisect.bisect, s, 1, -1)
show(bisect.bisect, 5, 1)
