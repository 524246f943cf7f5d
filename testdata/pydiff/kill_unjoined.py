# The CPython half of kill_unjoined.star.
import os
import signal
import time
from multiprocessing import *

from errtext import et

CONN_MAX_SIZE = 16 * 1024 * 1024 + 1

def noop(w = None):
    # The parent's SIGUSR1 may come while this process still exits.
    signal.signal(signal.SIGUSR1, signal.SIG_IGN)

def start_and_end():
    # Starts a child and waits for its end without join, is_alive or
    # active_children (which reap it in CPython): the read end sees EOF
    # once the child's copy of the write end closes as it exits.
    r, w = Pipe(False)
    p = Process(target = noop, args = (w,))
    p.start()
    w.close()
    try:
        r.recv()
    except EOFError:
        pass
    return p

def handler(signum, frame):
    pass

def _test_ignore(conn):
    signal.signal(signal.SIGUSR1, handler)
    conn.send("ready")
    x = conn.recv()
    conn.send(x)
    conn.send_bytes(b"x" * CONN_MAX_SIZE)

if __name__ == "__main__":
    set_start_method("spawn")
    p = start_and_end()
    print("ended, unjoined:", et(os.kill, p.pid, signal.SIGUSR1), et(os.kill, p.pid, 0))
    p.join()
    print("joined:", p.exitcode, et(os.kill, p.pid, 0))

    p = start_and_end()
    while p.is_alive():
        time.sleep(0.01)
    print("is_alive:", p.is_alive(), et(os.kill, p.pid, 0))
    p.join()

    p = start_and_end()
    while p.exitcode == None:
        time.sleep(0.01)
    print("exitcode:", p.exitcode, et(os.kill, p.pid, 0))
    p.join()

    conn, child_conn = Pipe()
    p = Process(target = _test_ignore, args = (child_conn,))
    p.daemon = True
    p.start()
    child_conn.close()
    print(conn.recv())
    time.sleep(0.1)
    os.kill(p.pid, signal.SIGUSR1)
    time.sleep(0.1)
    conn.send(1234)
    print(conn.recv())
    time.sleep(0.1)
    os.kill(p.pid, signal.SIGUSR1)
    print(conn.recv_bytes() == b"x" * CONN_MAX_SIZE)
    time.sleep(0.1)
    p.join()
    print("ignore:", p.exitcode)
    conn.close()
