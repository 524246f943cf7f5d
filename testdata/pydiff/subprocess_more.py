# The CPython half of subprocess_more.star.
import os
import subprocess
import time


def err(f, *args, **kwargs):
    try:
        f(*args, **kwargs)
    except Exception as e:
        t = type(e)
        name = t.__name__ if t.__module__ == "builtins" else t.__module__.lstrip("_") + "." + t.__name__
        return name + ": " + str(e)
    return "no error"


def show(v):
    if type(v) == bytes:
        return "bytes:" + str(len(v)) + ":" + v.decode().replace("\n", "|").replace("\r", "^")
    if type(v) == str:
        return "str:" + v.replace("\n", "|").replace("\r", "^")
    if type(v) in (tuple, list):
        return "(" + ", ".join([show(x) for x in v]) + ")"
    return str(v)


def res(f, *args, **kwargs):
    try:
        r = f(*args, **kwargs)
    except Exception as e:
        return type(e).__name__ + ": " + str(e)
    return "ok " + show(r)


def attrs(e):
    return " ".join([show(e.output), show(e.stdout), show(e.stderr)])


# catch(f, ...) is procstar's: (result, None) or (None, the error with its
# .type as procstar names it and the exception's attributes).
class Caught:
    def __init__(self, e):
        t = type(e)
        self.type = t.__name__ if t.__module__ == "builtins" else t.__module__.lstrip("_") + "." + t.__name__
        self.e = e

    def __getattr__(self, name):
        return getattr(self.e, name)


def catch(f, *args, **kwargs):
    try:
        return f(*args, **kwargs), None
    except Exception as e:
        return None, Caught(e)


if __name__ == "__main__":
    # CompletedProcess: repr, check_returncode.
    print(subprocess.run(["true"]))
    print(subprocess.run(["printf", "it's"], capture_output=True))
    print(subprocess.run("printf x", shell=True, stdout=subprocess.PIPE))
    print(subprocess.run(("printf", "x"), stdout=subprocess.PIPE, text=True))
    print(subprocess.run(["true"]).check_returncode())
    print(err(subprocess.run(["sh", "-c", "exit 3"]).check_returncode))

    # Signals: negative return codes and their names.
    print(subprocess.run(["sh", "-c", "kill -9 $$"]))
    print(subprocess.call(["sh", "-c", "kill -TERM $$"]))
    for sig in ["USR1", "USR2", "HUP", "ALRM", "ABRT"]:
        print(err(subprocess.run, ["sh", "-c", "kill -%s $$" % sig], check=True))

    # Text mode: universal newlines in results and in lines read.
    print(subprocess.run(["printf", "a\r\nb\rc\n"], capture_output=True, text=True))
    print(subprocess.run(["printf", "a\r\nb\rc\n"], capture_output=True))
    p = subprocess.Popen(["printf", "a\r\nb\rc\nd"], stdout=subprocess.PIPE, text=True)
    print(show(list(p.stdout)), show(p.stdout.readline()), p.wait())
    p = subprocess.Popen(["printf", "a\r\nb\rc\nd"], stdout=subprocess.PIPE)
    print(show([l for l in p.stdout]), show(p.stdout.readline()), p.wait())
    p = subprocess.Popen(["printf", "x\r\ny"], stdout=subprocess.PIPE, text=True)
    print(show(p.stdout.read()), show(p.stdout.read()), p.wait())
    print(show(subprocess.check_output(["printf", "1\r\n2\r"], text=True)))

    # input=: str in text mode, bytes otherwise, and CPython's errors.
    print(show(subprocess.run(["cat"], input="t\r\n", capture_output=True, text=True).stdout))
    print(show(subprocess.run(["cat"], input=b"b", capture_output=True).stdout))
    print(err(subprocess.run, ["cat"], input=b"x", text=True, capture_output=True))
    print(err(subprocess.run, ["cat"], input="x", capture_output=True))
    print(err(subprocess.run, ["cat"], input="x", timeout=5))
    print(err(subprocess.run, ["cat"], input=5, capture_output=True))
    print(err(subprocess.run, ["cat"], input=5, text=True, capture_output=True))
    print(err(subprocess.run, ["cat"], input=5, text=True, stdout=subprocess.DEVNULL))
    print(err(subprocess.run, ["cat"], input="x", stdout=subprocess.DEVNULL))
    print(err(subprocess.run, ["cat"], input="x", stdin=subprocess.PIPE))
    print(err(subprocess.run, ["true"], capture_output=True, stdout=subprocess.PIPE))

    # communicate: twice, after a timeout, input once started.
    p = subprocess.Popen(["echo", "x"], stdout=subprocess.PIPE)
    print(res(p.communicate), res(p.communicate), res(p.communicate, b"x"))
    p = subprocess.Popen(["cat"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    print(res(p.communicate, b"x"), res(p.communicate), res(p.communicate, b"x"))
    p = subprocess.Popen(["cat"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    print(res(p.communicate, b"x"), res(p.communicate))
    p = subprocess.Popen(["true"])
    print(res(p.communicate), res(p.communicate))
    p = subprocess.Popen(["cat"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    print(err(p.communicate, "x"))
    p.kill()
    p.wait()
    p = subprocess.Popen(["cat"], stdin=subprocess.PIPE)
    print(err(p.communicate, "x"))
    p.kill()
    p.wait()
    p = subprocess.Popen(["cat"], stdin=subprocess.PIPE, text=True)
    print(err(p.communicate, b"x"))
    p.kill()
    p.wait()

    # TimeoutExpired: what was read so far, as bytes, even in text mode.
    e = catch(subprocess.run, "printf 'a\\r\\nb'; exec sleep 5", shell=True, capture_output=True, text=True, timeout=0.5)[1]
    print(e.type, attrs(e), e.timeout, e.cmd)
    e = catch(subprocess.run, "exec sleep 5", shell=True, stdout=subprocess.PIPE, timeout=0.2)[1]
    print(e.type, attrs(e))
    e = catch(subprocess.check_output, ["sh", "-c", "printf out; exec sleep 5"], timeout=0.5)[1]
    print(e.type, attrs(e))
    p = subprocess.Popen("printf a; sleep 1; printf b", shell=True, stdout=subprocess.PIPE, text=True)
    e = catch(p.communicate, timeout=0.3)[1]
    print(e.type, attrs(e), e.timeout)
    print(show(p.communicate()), p.returncode)
    p = subprocess.Popen(["sleep", "30"])
    e = catch(p.wait, timeout=0.1)[1]
    print(e.type, attrs(e), p.poll(), p.returncode)
    p.kill()
    print(p.wait(), p.returncode, p.poll())

    # CalledProcessError's output and stderr.
    e = catch(subprocess.check_output, ["sh", "-c", "echo out; echo e >&2; exit 2"], stderr=subprocess.PIPE, text=True)[1]
    print(e.type, attrs(e), e.returncode, e.cmd[2])
    e = catch(subprocess.check_call, ["sh", "-c", "exit 2"])[1]
    print(e.type, attrs(e), e.returncode)
    e = catch(subprocess.run, ["sh", "-c", "echo o; exit 4"], capture_output=True, check=True)[1]
    print(e.type, attrs(e), e.returncode)

    # Programs: env's PATH, a missing cwd, not executable, a string
    # without shell, shell with a list.
    print(err(subprocess.run, ["true"], env={"PATH": "/nonexistent"}))
    print(subprocess.run(["true"], env={}).returncode)
    print(show(subprocess.run(["sh", "-c", "echo $PATH"], env={"PATH": "/usr/bin:/bin"}, capture_output=True, text=True).stdout))
    print(err(subprocess.run, ["true"], cwd="/nonexistent-dir"))
    print(err(subprocess.run, ["true"], cwd="/etc/passwd"))
    print(show(subprocess.run(["pwd"], cwd="/", capture_output=True, text=True).stdout))
    print(err(subprocess.run, ["/etc/passwd"]))
    print(err(subprocess.run, ["/etc"]))
    print(err(subprocess.run, "echo hi"))
    print(err(subprocess.run, ["no-such-prog-xyz", "a"]))
    print(show(subprocess.run(["echo $0 $1", "a", "b"], shell=True, capture_output=True, text=True).stdout))
    print(show(subprocess.run("echo $0", shell=True, capture_output=True, text=True).stdout))

    # Popen: returncode is None until poll, wait or communicate sees the end.
    p = subprocess.Popen(["true"])
    print(p, show(p.args))
    time.sleep(0.3)
    print(p.returncode, p.poll(), p.returncode, p)
    # shell=, check= and capture_output= are taken by their truth.
    print(subprocess.run("exit 3", shell=1).returncode, subprocess.call("exit 4", shell=[0]), err(subprocess.run, ["false"], check=1),
          subprocess.run(["echo", "x"], capture_output="yes").stdout, subprocess.run(["true"], check=0, shell=None, capture_output=0).returncode)
    # A repr longer than 80 characters is cut to 76 and "...>".
    p = subprocess.Popen(["true", "\u00e9" * 50])
    p.wait()
    print(p)
    p = subprocess.Popen(["true", "x" * 39])
    p.wait()
    print(p)
    p = subprocess.Popen(["true", "x" * 40])
    p.wait()
    print(p)
    p = subprocess.Popen(["sh", "-c", "exit 7"])
    print(p.pid > 0, p.wait(), p.returncode, p.wait(timeout=1), p.poll())
    p.terminate()
    p.kill()
    p.send_signal(9)
    print(p.returncode)

    # stderr=STDOUT keeps the program's order; readline at the end.
    r = subprocess.run("echo 1; echo 2 >&2; echo 3; echo 4 >&2", shell=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    print(show(r.stdout), r.stderr)
    p = subprocess.Popen(["echo", "line"], stdout=subprocess.PIPE)
    print(show(p.stdout.readline()), show(p.stdout.readline()), show(p.stdout.readline()), p.wait())
    p = subprocess.Popen(["echo", "line"], stdout=subprocess.PIPE, text=True)
    print(show(p.stdout.readlines()), show(p.stdout.readline()), p.wait())

    # cwd= changes the program's directory, not its PWD: CPython passes the
    # environment as it is (procstar's exec.Cmd set PWD to cwd).
    os.environ["PWD"] = "/pwd-as-set"
    print(show(subprocess.run(["printenv", "PWD"], cwd="/", capture_output=True, text=True).stdout))
    print(show(subprocess.run(["pwd", "-P"], cwd="/", capture_output=True, text=True).stdout))
    # A signal reaches a running program; once it has ended, none is sent.
    p = subprocess.Popen(["sleep", "30"])
    p.send_signal(15)
    print(p.wait())
    p.kill()
    p.send_signal(9)
    print(p.returncode, subprocess.call(["sh", "-c", "kill -9 $$"]))
