# signal.signal as Python's: a child's SIGTERM handler runs during its
# sleep or between steps of a busy loop, sys.exit in it sets the exit code,
# SIG_IGN survives terminate(), SIG_DFL gives the default back; getsignal,
# the previous handler, and the argument errors.
import os, signal, sys, time
from multiprocessing import Event, Process, set_start_method

def show(f):
    try:
        r, e = f(), None
    except Exception as x:
        r, e = None, x
    print(type(e).__name__ + ": " + str(e) if e else r)

def catch_all(f):
    try:
        return f(), None
    except Exception as x:
        return None, str(x)

def sleeper(ready):
    def on_term(signum, frame):
        print("sleeper got", signum, flush=True)
        sys.exit(3)
    signal.signal(signal.SIGTERM, on_term)
    ready.set()
    for _ in range(600):
        time.sleep(0.1)

def busy(ready):
    def on_term(signum, frame):
        print("busy got", signum, flush=True)
        sys.exit(4)
    signal.signal(signal.SIGTERM, on_term)
    ready.set()
    n = 0
    for i in range(10 ** 9):
        n += i % 7

def resumes(ready):
    got = []
    def on_usr1(signum, frame):
        got.append(signum)
    signal.signal(signal.SIGUSR1, on_usr1)
    ready.set()
    for _ in range(100):
        if got:
            break
        time.sleep(0.05)
    print("resumes handled", got, flush=True)

def ignorer(ready):
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    ready.set()
    time.sleep(60)

def restored(ready):
    prev = signal.signal(signal.SIGTERM, lambda s, f: None)
    back = signal.signal(signal.SIGTERM, prev)
    print("restored", prev == signal.SIG_DFL, callable(back), flush=True)
    ready.set()
    time.sleep(60)

def signal_parent():
    os.kill(os.getppid(), signal.SIGTERM)
    time.sleep(0.5)

def parent_handles():
    # The parent's handler runs while it waits in join, which then goes on.
    got = []
    def on_term(signum, frame):
        got.append(signum)
        print("parent got", signum, flush=True)
    prev = signal.signal(signal.SIGTERM, on_term)
    p = Process(target=signal_parent)
    p.start()
    p.join()
    print("joined", p.exitcode, got, flush=True)
    signal.signal(signal.SIGTERM, prev)

def signal_then_set(ev):
    os.kill(os.getppid(), signal.SIGUSR1)
    time.sleep(0.3)
    ev.set()

def event_handles():
    # The handler runs while the parent waits on an Event, which goes on
    # waiting: set later, wait returns True; a timed wait still times out.
    got = []
    prev = signal.signal(signal.SIGUSR1, lambda s, f: got.append(s))
    ev = Event()
    p = Process(target=signal_then_set, args=(ev,))
    p.start()
    print("event wait", ev.wait(), got, flush=True)
    p.join()
    ev2 = Event()
    unused = Event()
    p = Process(target=signal_then_set, args=(unused,))
    p.start()
    print("timed wait", ev2.wait(1.0), got, flush=True)
    p.join()
    signal.signal(signal.SIGUSR1, prev)

def alarm_default(ready):
    # No handler: SIGALRM's default action ends the process.
    signal.alarm(1)
    ready.set()
    time.sleep(30)

def alarm_timeout():
    # The timeout idiom: a SIGALRM handler raises in the sleep it ends.
    def on_alarm(signum, frame):
        raise TimeoutError("timed out")
    prev = signal.signal(signal.SIGALRM, on_alarm)
    print("alarm", signal.alarm(5), signal.alarm(0) in (4, 5), flush=True)
    signal.alarm(1)
    t0 = time.monotonic()
    r, e = catch_all(lambda: time.sleep(30))
    print("alarm raised", e, time.monotonic() - t0 < 20, flush=True)
    signal.signal(signal.SIGALRM, prev)

def run(target, stop, wait = 30):
    ready = Event()
    p = Process(target=target, args=(ready,))
    p.start()
    ready.wait(30)
    stop(p)
    p.join(wait)
    if p.exitcode == None:
        p.kill()
        p.join()
        print(target.__name__, "survived SIGTERM, killed")
    print(target.__name__, "exitcode", p.exitcode)

if __name__ == "__main__":
    set_start_method("spawn")
    print(signal.getsignal(signal.SIGTERM) == signal.SIG_DFL, signal.getsignal(signal.SIGPIPE) == signal.SIG_IGN,
          signal.getsignal(signal.SIGINT) == signal.default_int_handler)
    show(lambda: signal.signal(signal.SIGKILL, signal.SIG_IGN))
    show(lambda: signal.signal(signal.SIGSTOP, signal.SIG_DFL))
    show(lambda: signal.signal(signal.SIGTERM, "x"))
    show(lambda: signal.signal(signal.SIGTERM, 7))
    show(lambda: signal.signal(0, signal.SIG_DFL))
    show(lambda: signal.signal(65, signal.SIG_DFL))
    show(lambda: signal.getsignal(65))
    run(sleeper, lambda p: p.terminate())
    run(busy, lambda p: p.terminate())
    run(resumes, lambda p: os.kill(p.pid, signal.SIGUSR1))
    run(ignorer, lambda p: p.terminate(), 1)
    run(restored, lambda p: p.terminate())
    parent_handles()
    event_handles()
    alarm_timeout()
    run(alarm_default, lambda p: None)
