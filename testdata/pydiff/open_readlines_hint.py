# The CPython half of open_readlines_hint.star.
import os

def show(lines):
    # how many lines: the same text in both languages
    return str(len(lines))

if __name__ == "__main__":
    path = os.environ.get("TMPDIR", "/tmp") + "/procstar-readlines-" + str(os.getpid())
    f = open(path, "w")
    f.write("one\ntwo\n\nthree\nééé\nx\n")
    f.close()
    for mode in ["r", "rb"]:
        for hint in [-1, 0, 1, 3, 4, 5, 8, 9, 14, 15, 18, 19, 21, 22, 100]:
            f = open(path, mode)
            print(mode, hint, show(f.readlines(hint)), show(f.readlines()))
            f.close()
    f = open(path)
    f.readline()
    print(show(f.readlines(4)), show(f.readlines(1)), show(f.readlines(3)), show(f.readlines(1)))
    f.close()
    os.remove(path)
