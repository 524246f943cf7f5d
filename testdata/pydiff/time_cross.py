# The CPython half of time_cross.star.
import time
from multiprocessing import Pipe, Pool, Process, Queue, set_start_method

def show(st):
    return "%s %s %s %s" % (st, type(st) == type(time.gmtime(0)), st.tm_zone, st.tm_gmtoff)

def child(st, q, conn):
    q.put(show(st))
    q.put(time.gmtime(86400))
    conn.send([time.strptime("2024-02-29 +0100", "%Y-%m-%d %z")])

def parse(s):
    return time.strptime(s, "%Y-%m-%d")

if __name__ == "__main__":
    set_start_method("spawn")  # procstar always spawns
    q = Queue()
    a, b = Pipe()
    p = Process(target=child, args=(time.gmtime(0), q, b))
    p.start()
    print(q.get())
    got = q.get()
    print(show(got), got == time.gmtime(86400), got[0], len(got))
    sent = a.recv()
    print(show(sent[0]))
    p.join()
    with_pool = Pool(1)
    r = with_pool.map(parse, ["2023-11-14", "2000-01-01"])
    print("\n".join([show(x) for x in r]))
    with_pool.close()
    with_pool.join()
