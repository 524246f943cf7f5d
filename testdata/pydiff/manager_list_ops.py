# The CPython half of manager_list_ops.star.
from multiprocessing import Manager, set_start_method

if __name__ == "__main__":
    set_start_method("spawn")
    m = Manager()
    l = m.list([1, 2])
    for label, r in [("plus", l + [3]), ("times", l * 2), ("rtimes", 2 * l)]:
        r.append(9)
        r[0] = 0
        print(label, r, l[:])
    m.shutdown()
