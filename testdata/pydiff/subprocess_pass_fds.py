# subprocess's close_fds=, pass_fds= and start_new_session=, side by side
# with CPython: a descriptor passed is open in the program at its own number,
# one not passed is not (close_fds either way), bad values fail as Python's.
import os, subprocess
from errtext import show

def write_fd(path, pass_it, **kw):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    if pass_it:
        kw["pass_fds"] = [fd]
    r = subprocess.run(["sh", "-c", "if test -e /proc/$$/fd/$1; then echo written >/proc/$$/fd/$1; echo open; else echo closed; fi", "sh", str(fd)], capture_output=True, text=True, **kw)
    os.close(fd)
    return "%d %s %s" % (r.returncode, r.stdout.strip(), open(path).read().strip())

def session():
    out = subprocess.run(["sh", "-c", "ps -o sid= -o pgid= -p $$; echo $$"], capture_output=True, text=True, start_new_session=True).stdout.split()
    return "session leader %s, group leader %s" % (out[0] == out[2], out[1] == out[2])

if __name__ == "__main__":
    path = "/tmp/procstar-passfds-%d" % os.getpid()
    show("passed", write_fd, path, True)
    show("not passed", write_fd, path, False)
    show("close_fds=False", write_fd, path, False, close_fds=False)
    show("close_fds=True", write_fd, path, True, close_fds=True)
    show("negative", subprocess.run, ["true"], pass_fds=[-1])
    show("not iterable", subprocess.run, ["true"], pass_fds=5)
    show("new session", session)
    os.remove(path)
