# os.popen as Python's: read its output, loop over it by line, write to a
# program, close() with the wait status, and Python's argument checks.
import os
def show(f):
    try:
        r, e = f(), None
    except Exception as x:
        r, e = None, x
    print(type(e).__name__ + ": " + str(e) if e else r)

f = os.popen("echo hello; echo world")
print(f.read(), end="")
print(f.close())
f = os.popen("printf 'a\\nb\\r\\nc'; exit 3")
for line in f:
    print("line:", line.rstrip())
print(f.close())
print("|".join(os.popen("echo x; echo y").readlines()).replace("\n", "$"), os.popen("echo one; echo two").readline().strip())
path = "/tmp/procstar-popen-%d.txt" % os.getpid()
w = os.popen("cat > " + path, "w")
w.write("written\n")
w.write("twice\n")
print(w.close(), "|".join(open(path).read().split()))
os.remove(path)
print(os.popen("kill -9 $$").close(), os.popen("exit 1", "r", 1024).close(), os.popen("exit 255").close())
print(type(os.popen("true")).__name__)
show(lambda: os.popen(["ls"]))
show(lambda: os.popen("true", "rb"))
show(lambda: os.popen("true", 1))
show(lambda: os.popen("true", "r", 0))
show(lambda: os.popen("true", "r", None))
show(lambda: os.popen("true").write("x"))
show(lambda: os.popen("cat >/dev/null", "w").read())
