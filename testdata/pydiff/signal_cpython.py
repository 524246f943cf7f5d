# The CPython half of signal_cpython.star: CPython 3.12's Lib/test/test_signal.py, the parts that apply: PosixTests
# (out-of-range numbers, a None handler, getsignal, strsignal,
# valid_signals and the SIG* constants' range), signalinterproctester's
# test_interprocess_signal (a SIGHUP handler that counts, a SIGUSR1 handler
# that raises while the process waits for the sender, SIG_IGN for SIGUSR2,
# alarm with default_int_handler) and RaiseSignalTest.test_handler.
import os, signal, subprocess, time
from errtext import et

got = {"SIGHUP": 0, "SIGUSR1": 0, "SIGALRM": 0}

def g():
    return "HUP=%d USR1=%d ALRM=%d" % (got["SIGHUP"], got["SIGUSR1"], got["SIGALRM"])

def trivial(signum, frame):
    pass

def sighup_handler(signum, frame):
    got["SIGHUP"] += 1

def sigusr1_handler(signum, frame):
    got["SIGUSR1"] += 1
    return 1 // 0

def wait_signal(child, name):
    if child != None:
        child.wait()
    deadline = time.monotonic() + 10
    for i in range(100000):
        if got[name] or time.monotonic() > deadline:
            break
        time.sleep(0.01)
    return got[name]

def send(pid, name):
    return subprocess.Popen(["kill", "-" + name[3:], str(pid)])

def send_and_wait(pid, name):
    return wait_signal(send(pid, name), name)

def interproc():
    signal.signal(signal.SIGHUP, sighup_handler)
    signal.signal(signal.SIGUSR1, sigusr1_handler)
    signal.signal(signal.SIGUSR2, signal.SIG_IGN)
    signal.signal(signal.SIGALRM, signal.default_int_handler)
    pid = os.getpid()
    print(wait_signal(send(pid, "SIGHUP"), "SIGHUP"), g())
    # The handler may run before Popen returns: send inside et.
    print(et(send_and_wait, pid, "SIGUSR1"), g())
    send(pid, "SIGUSR2").wait()
    time.sleep(0.1)
    print("SIGUSR2 ignored", g())

def raise_handler():
    ok = []
    old = signal.signal(signal.SIGUSR1, lambda a, b: ok.append(a))
    signal.raise_signal(signal.SIGUSR1)
    signal.signal(signal.SIGUSR1, old)
    return ok

if __name__ == "__main__":
    # test_out_of_range_signal_number_raises_error
    print(et(signal.getsignal, 4242), et(signal.signal, 4242, trivial), et(signal.strsignal, 4242))
    print(et(signal.getsignal, 0), et(signal.signal, 0, trivial), et(signal.strsignal, 0), et(signal.getsignal, -1))
    # test_setting_signal_handler_to_none_raises_error
    print(et(signal.signal, signal.SIGUSR1, None))
    # test_getsignal
    hup = signal.signal(signal.SIGHUP, trivial)
    print(hup == signal.SIG_DFL, signal.getsignal(signal.SIGHUP) == trivial)
    print(signal.signal(signal.SIGHUP, hup) == trivial, signal.getsignal(signal.SIGHUP) == hup)
    # test_strsignal
    print(signal.strsignal(signal.SIGINT), signal.strsignal(signal.SIGTERM), signal.strsignal(signal.SIGHUP))
    print(signal.strsignal(signal.SIGRTMIN), signal.strsignal(signal.SIGRTMAX), signal.strsignal(33), signal.strsignal(signal.NSIG - 1), signal.strsignal(signal.SIGUSR1))
    # test_valid_signals
    s = signal.valid_signals()
    print(type(s).__name__, signal.SIGINT in s, signal.SIGALRM in s, 0 in s, signal.NSIG in s, len(s) < signal.NSIG, len(s), signal.NSIG)
    bad = [name for name in dir(signal) if name.startswith("SIG") and name not in ["SIG_IGN", "SIG_DFL"] and not (getattr(signal, name) >= 0 and getattr(signal, name) < signal.NSIG)]
    print("SIG range", bad)
    # test_interprocess_signal
    interproc()
    # (procstar's catch takes KeyboardInterrupt as except BaseException)
    try:
        signal.alarm(1)
        r = "ok: %r" % wait_signal(None, "SIGALRM")
    except KeyboardInterrupt as e:
        r = "KeyboardInterrupt: " + str(e)
    print(r, g())
    print(signal.alarm(0))
    # RaiseSignalTest.test_handler
    print(raise_handler())
