# The signal module's numbers and texts, as Python's, and a signal sent with
# them to a child process and a program.
import os, signal
from multiprocessing import Process
from subprocess import Popen
from time import sleep

def show(f):
    try:
        r, e = f(), None
    except Exception as x:
        r, e = None, x
    print(type(e).__name__ + ": " + str(e) if e else r)

def wait():
    sleep(60)

def raise_usr1():
    signal.raise_signal(signal.SIGUSR1)
    print("not reached")

def names_and_texts():
    names = ["SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGIOT", "SIGBUS", "SIGFPE", "SIGKILL",
             "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCLD",
             "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM",
             "SIGPROF", "SIGWINCH", "SIGIO", "SIGPOLL", "SIGPWR", "SIGSYS", "SIGRTMIN", "SIGRTMAX"]
    for name in names:
        n = int(getattr(signal, name))
        print(name, n, signal.strsignal(n))
    for n in [32, 33, 35, 50, 63]:
        print(n, signal.strsignal(n))
    v = signal.valid_signals()
    print(signal.NSIG, int(signal.SIG_DFL), int(signal.SIG_IGN), len(v), min(v), max(v), 32 in v, 34 in v)
    show(lambda: signal.strsignal(0))
    show(lambda: signal.strsignal(65))
    show(lambda: signal.strsignal(-1))
    show(lambda: signal.strsignal("15"))
    show(lambda: signal.raise_signal(0))
    show(lambda: signal.raise_signal(65))

if __name__ == "__main__":
    from multiprocessing import set_start_method
    set_start_method("spawn")
    names_and_texts()
    p = Process(target=wait)
    p.start()
    os.kill(p.pid, signal.SIGTERM)
    p.join()
    print("child exitcode", p.exitcode)
    prog = Popen(["sleep", "60"])
    prog.send_signal(signal.SIGINT)
    print("program returncode", prog.wait())
    p = Process(target=raise_usr1)
    p.start()
    p.join()
    print("raise_signal exitcode", p.exitcode)
