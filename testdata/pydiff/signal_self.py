# The CPython half of signal_self.star.
import os, signal, time
from multiprocessing import Process, set_start_method

log = []

def on_signal(signum, frame):
    log.append(signum)
    print("handler", signum, flush=True)

def on_fail(signum, frame):
    raise Exception("handler of %d failed" % signum)

def given_back(sig):
    signal.signal(sig, on_signal)
    signal.signal(sig, signal.SIG_DFL)
    os.kill(os.getpid(), sig)
    print("not reached")

def waiter():
    time.sleep(30)

def child(sig):
    signal.signal(sig, on_signal)
    for i in range(3):
        os.kill(os.getpid(), sig)
        print("child after", i, flush=True)
    signal.raise_signal(sig)
    print("child after raise_signal", log, flush=True)

if __name__ == "__main__":
    set_start_method("spawn")
    for sig in (signal.SIGUSR1, signal.SIGUSR2, signal.SIGALRM, signal.SIGHUP):
        signal.signal(sig, on_signal)
        for i in range(3):
            os.kill(os.getpid(), sig)
            print("after", int(sig), i)
        signal.raise_signal(sig)
        print("after raise_signal", int(sig))
    print(log)

    signal.signal(signal.SIGUSR1, on_fail)
    try:
        os.kill(os.getpid(), signal.SIGUSR1)
        err = None
    except Exception as e:
        err = str(e)
    print("kill:", err)
    try:
        signal.raise_signal(signal.SIGUSR1)
        err = None
    except Exception as e:
        err = str(e)
    print("raise_signal:", err)

    signal.signal(signal.SIGUSR2, signal.SIG_IGN)
    os.kill(os.getpid(), signal.SIGUSR2)
    print("ignored", flush=True)

    p = Process(target=child, args=(signal.SIGUSR2,))
    p.start()
    p.join()
    print("child exitcode", p.exitcode)

    for sig in (signal.SIGUSR1, signal.SIGHUP, signal.SIGQUIT):
        p = Process(target=given_back, args=(sig,))
        p.start()
        p.join()
        print("given back", int(sig), p.exitcode)
        p = Process(target=waiter)
        p.start()
        os.kill(p.pid, sig)
        p.join()
        print("killed by", int(sig), p.exitcode)
