# The CPython half of subprocess_read_size.star.
import subprocess


def show(v):
    if type(v) == bytes:
        return "b:" + v.decode().replace("\n", "|").replace("\r", "^")
    if type(v) == list:
        return "[" + ", ".join([show(x) for x in v]) + "]"
    return "s:" + v.replace("\n", "|").replace("\r", "^")


def err(f, *args):
    try:
        f(*args)
    except Exception as e:
        return type(e).__name__ + ": " + str(e)
    return "no error"


if __name__ == "__main__":
    p = subprocess.Popen(["printf", "hello\\nworld\\r\\nxyz"], stdout=subprocess.PIPE)
    print(show(p.stdout.read(1)), show(p.stdout.read(3)), show(p.stdout.read(0)), show(p.stdout.readline(3)),
          show(p.stdout.readline(10)), show(p.stdout.readline(2)), show(p.stdout.read(100)), show(p.stdout.read(5)))
    p.wait()
    p = subprocess.Popen(["printf", "hello\\nworld"], stdout=subprocess.PIPE)
    print(show(p.stdout.read(None)), show(p.stdout.read(-1)), show(p.stdout.readline(None)))
    p.wait()
    p = subprocess.Popen(["sh", "-c", "printf ab; sleep 0.3; printf cd; sleep 0.3; printf e"], stdout=subprocess.PIPE)
    print(show(p.stdout.read(4)), show(p.stdout.read(4)))
    p.wait()
    p = subprocess.Popen(["printf", "h\\303\\251llo\\r\\nw\\rx\\ny\\342\\202\\254z"], stdout=subprocess.PIPE, text=True)
    print(show(p.stdout.read(2)), show(p.stdout.read(4)), show(p.stdout.readline(1)), show(p.stdout.readline(5)),
          show(p.stdout.read(2)), show(p.stdout.readline(9)), show(p.stdout.read(3)))
    p.wait()
    p = subprocess.Popen(["printf", "ab\\r"], stdout=subprocess.PIPE, text=True)
    print(show(p.stdout.read(3)), show(p.stdout.read(3)))
    p.wait()
    p = subprocess.Popen(["printf", "\\351t\\351"], stdout=subprocess.PIPE, encoding="latin-1")
    print(show(p.stdout.read(2)), show(p.stdout.read()))
    p.wait()
    p = subprocess.Popen(["printf", "a\\nbb\\nccc\\ndddd\\n"], stdout=subprocess.PIPE)
    print(show(p.stdout.readlines(1)), show(p.stdout.readlines(3)), show(p.stdout.readlines(0)))
    p.wait()
    p = subprocess.Popen(["printf", "\\303\\251\\303\\251\\n\\303\\251\\n\\303\\251\\n"], stdout=subprocess.PIPE, text=True)
    print(show(p.stdout.readlines(3)), show(p.stdout.readlines(None)))
    p.wait()
    p = subprocess.Popen(["sh", "-c", "echo x; exec sleep 30"], stdout=subprocess.PIPE)
    print(show(p.stdout.read(1)))
    p.kill()
    print(p.wait())
    p = subprocess.Popen(["printf", "x"], stdout=subprocess.PIPE)
    print(err(p.stdout.read, "3"), err(p.stdout.readline, 1.5))
    p.wait()
    p.stdout.close()
    print(err(p.stdout.read, 1))
