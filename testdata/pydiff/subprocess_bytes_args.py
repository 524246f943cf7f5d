# The CPython half of subprocess_bytes_args.star.
import subprocess


def err(f, *args, **kwargs):
    try:
        f(*args, **kwargs)
    except Exception as e:
        t = type(e)
        name = t.__name__ if t.__module__ == "builtins" else t.__module__.lstrip("_") + "." + t.__name__
        msg = str(e)
        if isinstance(e, OSError):
            msg = "[Errno %d] %s: %r" % (e.errno, e.strerror, e.filename)
        fn = getattr(e, "filename", None)
        if type(fn) == bytes:
            fn = "bytes " + fn.decode()
        return "%s %s %s" % (name, msg, fn)
    return "no error"


if __name__ == "__main__":
    print(subprocess.run([b"/bin/sh", b"-c", b"exit 57"]))
    print(subprocess.run([b"sh", "-c", b"echo $0 $1", b"a"], capture_output=True))
    print(subprocess.run(b"exit 3", shell=True).returncode)
    print(subprocess.call(b"true"))
    print(subprocess.check_output(["pwd"], cwd=b"/"))
    print(err(subprocess.run, [b"/nonexistent-prog-xyz"]))
    print(err(subprocess.run, [b"nonexistent-prog-xyz", b"x"]))
    print(err(subprocess.run, ["true"], cwd=b"/nonexistent-dir-xyz"))
    print(err(subprocess.Popen, ["exit", "0"], cwd="/nonexistent-dir-xyz"))
    print(err(subprocess.Popen, ["nonexistent-prog-xyz"], cwd="/etc/passwd"))
    print(err(subprocess.run, [b"/bin/sh", 5]))
