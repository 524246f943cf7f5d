# sys.stdin and input() read the root's standard input (stdin_input.stdin),
# as in CPython; a child's reads nothing (Python's spawned children read
# os.devnull). The same program as stdin_input.star.
import json
import sys
from multiprocessing import Process, Queue

def child(q):
    lines = [line for line in sys.stdin]
    try:
        input("child? ")
    except EOFError as e:
        err = e
    q.put([sys.stdin.read(), sys.stdin.readline(), lines, type(err).__name__, str(err)])

def show(name, f, *args):
    try:
        r = f(*args)
    except Exception as e:
        print(name, "->", type(e).__name__ + ":", e)
        return
    print(name, "->", json.dumps(r))

if __name__ == "__main__":
    name = input("name? ")
    print("hello", name)
    print("prompt int:", input(5))
    show("readline", sys.stdin.readline)
    show("readline(3)", sys.stdin.readline, 3)
    show("readline(0)", sys.stdin.readline, 0)
    show("rest of line", sys.stdin.readline, None)
    show("read(4) unicode", sys.stdin.read, 4)
    show("readline", sys.stdin.readline)
    lines = []
    for line in sys.stdin:
        lines.append(line)
        if len(lines) == 2:
            break
    print("loop:", json.dumps(lines))
    show("readlines(5)", sys.stdin.readlines, 5)
    q = Queue()
    p = Process(target=child, args=(q,))
    p.start()
    print("child:", json.dumps(q.get()))
    p.join()
    show("read(0)", sys.stdin.read, 0)
    show("read('x')", sys.stdin.read, "x")
    show("readlines", sys.stdin.readlines)
    show("read at end", sys.stdin.read)
    show("readline at end", sys.stdin.readline)
    print()
    show("input at end", input, "more? ")
    print()
    print(sys.stdin, sys.stdin.isatty(), sys.stdin.name, sys.stdin.readable(), sys.stdin.closed)
    sys.stdin.close()
    print(sys.stdin.closed)
    show("read closed", sys.stdin.read)
