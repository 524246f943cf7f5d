# The CPython half of pathlib_cross.star: pathlib paths cross processes.
from multiprocessing import Pipe, Pool, Process, Queue, set_start_method
from pathlib import Path, PurePath

def show(p):
    return "%r %s %s" % (p, p.name, type(p) == type(Path("x")))

def child(p, q, conn):
    q.put(show(p))
    q.put(p / "from-child")
    conn.send([PurePath("/pure", "x"), {Path("k"): Path("v")}])

def parent_of(p):
    return p.parent

if __name__ == "__main__":
    set_start_method("spawn")
    q = Queue()
    a, b = Pipe()
    p = Process(target=child, args=(Path("/data/run1"), q, b))
    p.start()
    print(q.get())
    got = q.get()
    print(show(got), got == Path("/data/run1/from-child"))
    sent = a.recv()
    print(show(sent[0]), [(repr(k), repr(v)) for k, v in sent[1].items()])
    p.join()
    pool = Pool(1)
    print(pool.map(parent_of, [Path("a/b"), PurePath("c/d/e")]))
    pool.close()
    pool.join()
