# The CPython half of process_self_daemon.star.
import os
from multiprocessing import Pool, Process, current_process, parent_process, set_start_method

from errtext import et

def leaf(x):
    print("leaf", x, current_process().name, current_process().daemon, flush=True)

def set_daemon(p, v):
    p.daemon = v

def work(x):
    # The known way for a Pool worker (a daemon) to start processes of its own.
    me = current_process()
    print("worker daemon", me.daemon, flush=True)
    me.daemon = False
    p = Process(target=leaf, args=(x,))
    print("worker's child", p.name, p.daemon, flush=True)
    p.start()
    p.join()
    return p.exitcode

def in_daemon():
    print("set parent_process().daemon:", et(set_daemon, parent_process(), True), flush=True)
    me = current_process()
    print("daemonic child starts:", et(Process(target=leaf, args=(0,)).start), flush=True)
    me.daemon = False
    print("after clearing its flag:", me.daemon, repr(me).endswith("started>"), flush=True)
    p = Process(target=leaf, args=(1,))
    p.start()
    p.join()
    print("its child's exitcode", p.exitcode, flush=True)

if __name__ == "__main__":
    set_start_method("spawn")
    pool = Pool(1)
    print(pool.map(work, [7]))
    pool.close()
    pool.join()
    p = Process(target=in_daemon, daemon=True)
    p.start()
    p.join()
    print("daemon child exitcode", p.exitcode)

    # The root's own flag: the Process objects created while it is set are
    # daemonic, and start() refuses children meanwhile.
    me = current_process()
    me.daemon = True
    print("root daemon", me.daemon, repr(me).endswith(" daemon>"))
    q = Process(target=leaf, args=(2,))
    print("created while set:", q.daemon, et(q.start))
    me.daemon = False
    print("cleared:", me.daemon, q.daemon)
    q.start()
    q.join()
    r = Process(target=leaf, args=(3,))
    print("created after:", r.daemon)
    r.start()
    r.join()
