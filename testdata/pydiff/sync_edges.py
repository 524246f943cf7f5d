# The CPython half of sync_edges.star.
from multiprocessing import *

from errtext import et

if __name__ == "__main__":
    set_start_method("spawn")  # procstar always spawns
    # send_bytes checks the offset before the size, as CPython does.
    a, b = Pipe()
    print(et(a.send_bytes, b"abc", -1, -1))
    print(et(a.send_bytes, b"abc", 5, -1))
    print(et(a.send_bytes, b"abc", 3, -1))
    print(et(a.send_bytes, b"abc", 1, 3))
    print(et(a.send_bytes, b"abc", 3, None), b.recv_bytes())
