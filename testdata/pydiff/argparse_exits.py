# The CPython half of argparse_exits.star.
import argparse
from multiprocessing import Process, set_start_method

def parser():
    p = argparse.ArgumentParser(prog="x", exit_on_error=False)
    p.add_argument("--k", required=True)
    p.add_argument("--n", type=int)
    p.add_argument("--verbose", action="store_true")
    p.add_argument("--version2", action="store_true")
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--a", action="store_true")
    g.add_argument("--b", action="store_true")
    return p

def run(argv):
    try:
        print(parser().parse_args(argv), flush=True)
    except argparse.ArgumentError as e:
        print("argparse.ArgumentError", e, flush=True)

if __name__ == "__main__":
    set_start_method("spawn")
    for argv in [["--k", "1", "--a"], [], ["--a"], ["--k", "1"], ["--k", "1", "--a", "extra"],
                 ["--k", "1", "--a", "--ver"], ["--k", "1", "--a", "--n", "x"], ["--k", "1", "--a", "--b"]]:
        p = Process(target=run, args=(argv,))
        p.start()
        p.join()
        print(" ".join(argv), p.exitcode, flush=True)
    ns, rest = parser().parse_known_args(["--k", "1", "--a", "extra"])
    print(ns, " ".join(rest))
