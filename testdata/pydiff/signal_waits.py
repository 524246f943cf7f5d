# The CPython half of signal_waits.star.
import os, signal, sys, time
from multiprocessing import Pipe, Pool, Process, set_start_method

def alarmed(wait, *args):
    signal.signal(signal.SIGALRM, lambda s, f: sys.exit(7))
    signal.alarm(1)
    wait(*args)
    print("the wait returned", flush=True)

def recv(r):
    r.recv()

def pool_get(_):
    pool = Pool(1)
    pool.apply_async(time.sleep, (30,)).get(5)

def poke_then_send(ppid, w):
    time.sleep(0.3)  # the parent waits in recv by now
    os.kill(ppid, signal.SIGUSR1)
    time.sleep(0.5)
    w.send("message")

if __name__ == "__main__":
    set_start_method("spawn")
    got = []
    signal.signal(signal.SIGUSR1, lambda s, f: got.append("handler"))

    r, w = Pipe(duplex=False)
    p = Process(target=poke_then_send, args=(os.getpid(), w))
    p.start()
    got.append("got " + r.recv())
    p.join()
    print("recv:", ", ".join(got))

    waits = [("recv", recv, r), ("Pool", pool_get, None)]
    ps = [Process(target=alarmed, args=(f, x)) for _, f, x in waits]
    for p in ps:
        p.start()
    for (name, _, _), p in zip(waits, ps):
        p.join()
        print(name, "exitcode", p.exitcode)
