# The CPython half of manager_iadd.star.
from multiprocessing import Manager, Process, set_start_method

def grow(l, other):
    l += [100]
    l.append(5)
    l += other
    l += range(2)

def bad(l):
    l += 5

def iadd_type_error(l):
    try:
        bad(l)
    except Exception as e:
        return type(e).__name__

if __name__ == "__main__":
    set_start_method("spawn")
    m = Manager()
    l = m.list([1])
    alias = l
    l += [2, 3]
    print("owner", l[:], alias[:], l == alias, type(l).__name__)
    other = m.list([7])
    p = Process(target=grow, args=(l, other))
    p.start()
    p.join()
    print("child", p.exitcode, l[:], len(l))
    l += ("t",)
    print("tuple", l[-1], len(alias))
    print("error", iadd_type_error(l), len(l))
    plain = [1]
    same = plain
    plain += [2]
    print("plain", plain, same)
    m.shutdown()
