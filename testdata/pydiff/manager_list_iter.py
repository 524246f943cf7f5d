# The CPython half of manager_list_iter.star.
from multiprocessing import Manager, Process, set_start_method

def set1(a, v):
    a[1] = v

if __name__ == "__main__":
    set_start_method("spawn")
    m = Manager()
    a = m.list(list(range(10)))
    it = iter(a)
    print("list(it)", list(it))
    print("exhausted", list(it))
    it = iter(a)
    a[0] = 100
    print("next after a[0] = 100:", next(it), next(it))
    b = m.list([0, 1, 2])
    seen = []
    for x in b:
        seen.append(x)
        if x < 2:
            b.append(x + 10)
    print("appended in the loop:", seen, b[:])
    c = m.list([1, 2, 3, 4])
    seen = []
    for x in c:
        seen.append(x)
        if x == 1:
            c.pop()
            p = Process(target = set1, args = (c, 20))
            p.start()
            p.join()
    print("popped, and set by a child:", seen, len(c))
    print("comprehension:", [x * 2 for x in c], sorted(c), sum(c), 20 in c)
    m.shutdown()
