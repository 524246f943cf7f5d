# The CPython half of argparse_fromfile.star.
import argparse
import os
import shutil
import tempfile
from multiprocessing import Process, set_start_method


def write(name, text):
    with open(name, "w", newline="") as f:
        f.write(text)


def parser():
    p = argparse.ArgumentParser(prog="P", fromfile_prefix_chars="@+")
    p.add_argument("-f")
    p.add_argument("-y", action="store_true")
    p.add_argument("rest", nargs="*")
    return p


def split_words(line):
    return line.split()


def known(p, argv):
    ns, extras = p.parse_known_args(argv)
    print(ns, "extras:", "|".join(extras))


def fails(argv, exit_on_error, words):
    # error(): usage and "P: error: [Errno 2] No such file or directory:
    # 'missing.txt'" on stderr, exit status 2, even with exit_on_error=False.
    p = argparse.ArgumentParser(prog="P", fromfile_prefix_chars="@+", exit_on_error=exit_on_error)
    p.add_argument("rest", nargs="*")
    if words:
        p.convert_arg_line_to_args = split_words
    print(p.parse_args(argv), flush=True)


def sub_fails(argv):
    s = argparse.ArgumentParser(prog="S", fromfile_prefix_chars="@")
    sub = s.add_subparsers(dest="cmd")
    c = sub.add_parser("c", fromfile_prefix_chars="+")
    c.add_argument("v", nargs="*")
    print(s.parse_args(argv), flush=True)


if __name__ == "__main__":
    set_start_method("spawn")
    d = tempfile.mkdtemp()
    here = os.getcwd()
    os.chdir(d)
    os.mkdir("dir")
    write("args.txt", "-f\nbar\n@inner.txt\n")
    write("inner.txt", "X\n-y\n\n")
    write("crlf.txt", "a b\r\nc\rd\x0ce\u2028f\n")
    write("loop.txt", "+args.txt\nZ\n")
    p = parser()
    known(p, ["@args.txt", "Z"])
    print(p.parse_args(["+crlf.txt"]))
    known(p, ["+loop.txt", "--", "@inner.txt"])
    known(p, ["", "@inner.txt", "--zz"])
    print(p.fromfile_prefix_chars, "|".join(p.convert_arg_line_to_args("a b")))
    p.convert_arg_line_to_args = split_words
    known(p, ["+crlf.txt", "@inner.txt"])
    r = argparse.ArgumentParser(prog="R")
    r.add_argument("x", nargs="*")
    print(r.parse_args(["@inner.txt"]), r.fromfile_prefix_chars)
    s = argparse.ArgumentParser(prog="S", fromfile_prefix_chars="@")
    sub = s.add_subparsers(dest="cmd")
    c = sub.add_parser("c", fromfile_prefix_chars="+")
    c.add_argument("v", nargs="*")
    known(s, ["c", "+args.txt", "+inner.txt"])
    for argv, eoe, words in [(["@missing.txt"], True, False), (["@missing.txt"], False, False), (["X", "@"], True, False),
                             (["+dir"], False, False), (["@loop.txt", "+nope"], True, True), (["--", "@nope"], True, False)]:
        w = Process(target=fails, args=(argv, eoe, words))
        w.start()
        w.join()
        print(" ".join(argv), eoe, w.exitcode, flush=True)
    for argv in [["c", "+nope"], ["c", "@nope"]]:
        w = Process(target=sub_fails, args=(argv,))
        w.start()
        w.join()
        print(" ".join(argv), w.exitcode, flush=True)
    os.chdir(here)
    shutil.rmtree(d)
