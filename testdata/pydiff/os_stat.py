# The CPython half of os_stat.star.
import os
from multiprocessing import Process, Queue, set_start_method

def child(q, st):
    q.put(st)
    q.put(st[6])

if __name__ == "__main__":
    set_start_method("spawn")  # procstar always spawns
    path = "/tmp/procstar-os-stat-%d" % os.getpid()
    f = open(path, "w")
    f.write("x" * 123)
    f.close()
    st = os.stat(path)
    print(len(st), st[6], st[6] == st.st_size, st[0] == st.st_mode, st[-4] == st.st_size)
    print(st[1] == st.st_ino, st[2] == st.st_dev, st[3], st[4] == st.st_uid, st[5] == st.st_gid)
    print(st[7] == st.st_atime_ns // 1000000000, st[8] == st.st_mtime_ns // 1000000000, st[9] == st.st_ctime_ns // 1000000000, type(st[8]) == type(1), type(st.st_mtime) == type(1.0))
    print(len(st[:3]), st[6:7] == (123,), tuple(st)[6], list(st)[6], [x for x in st][6], st[::-1][3])
    print(st == os.stat(path), st != os.stat("/"), st.n_sequence_fields, st.n_unnamed_fields, st.n_fields)
    print(str(st).startswith("os.stat_result(st_mode=%d, st_ino=%d," % (st.st_mode, st.st_ino)), str(st).endswith("st_size=123, st_atime=%d, st_mtime=%d, st_ctime=%d)" % (st[7], st[8], st[9])))
    mode, ino, dev, nlink, uid, gid, size, at, mt, ct = st
    print(size, nlink, mt == st[8])
    try:
        st[10]
    except Exception as e:
        print(type(e).__name__)
    q = Queue()
    p = Process(target=child, args=(q, st))
    p.start()
    got = q.get()
    print(got == st, got.st_size, got.st_mtime == st.st_mtime, got[6], q.get())
    p.join()
    os.remove(path)
