# The CPython half of manager_list_str.star.
from multiprocessing import Manager, set_start_method

if __name__ == "__main__":
    set_start_method("spawn")
    m = Manager()
    print(m.list("abc")[:] == ["a", "b", "c"], len(m.list("héllo")))
    print(m.list(b"AB")[:], m.list(range(3))[:], m.list((1, 2))[:], m.list()[:])
    m.shutdown()
