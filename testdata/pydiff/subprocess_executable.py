# subprocess's executable=, side by side with CPython: the program run in
# place of args[0], which it still sees as its name ($0), found on PATH as
# args[0] would be; with shell=True the shell, and its name.
import subprocess
from errtext import show

def out(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw).stdout.strip()

def filename():
    try:
        out(["true"], executable="/nonexistent/prog")
    except OSError as e:
        return e.filename

if __name__ == "__main__":
    show("argv0 kept", out, ["foo", "-c", "echo $0 ran"], executable="/bin/sh")
    show("found on PATH", out, ["foo", "-c", "echo ran"], executable="sh")
    show("shell", out, "echo $0", shell=True, executable="/bin/bash")
    show("missing", out, ["true"], executable="/nonexistent/prog")
    show("missing filename", filename)
    show("not a path", out, ["true"], executable=5)
    show("popen", lambda: subprocess.Popen(["x", "-c", "exit 3"], executable="sh").wait())
