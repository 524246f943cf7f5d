# The CPython half of file_iter_errors.star.
import os
from errtext import et

def path(name):
    return os.path.join(os.environ.get("TMPDIR", "/tmp"), "procstar_file_iter_errors_" + name)

def reading(name, fn):
    f = open(path(name))
    r = et(fn, f)
    f.close()
    return r

if __name__ == "__main__":
    f = open(path("bad.txt"), "wb")
    f.write(b"\xff bad\nok\n")
    f.close()
    f = open(path("good.txt"), "w")
    f.write("one\ntwo\n")
    f.close()
    print("list:", reading("bad.txt", list))
    print("sorted:", reading("bad.txt", sorted))
    print("join:", reading("bad.txt", "".join))
    print("map:", reading("bad.txt", lambda f: list(map(len, f))))
    print("extend:", reading("bad.txt", [].extend))
    f = open(path("w.txt"), "w")
    print("write-only:", et(list, f))
    f.close()
    print("good:", reading("good.txt", lambda f: len(list(f))), reading("good.txt", lambda f: len("|".join(f))))
    for name in ["bad.txt", "good.txt", "w.txt"]:
        os.remove(path(name))
    print("goes on")
