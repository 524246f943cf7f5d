# The CPython half of subprocess_stdin.star.
import subprocess


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
        return "bytes:" + str(len(v)) + ":" + v.decode("utf-8", "replace").replace("\n", "|").replace("\r", "^")
    if type(v) == str:
        return "str:" + v.replace("\n", "|").replace("\r", "^")
    if type(v) in (tuple, list):
        return "(" + ", ".join([show(x) for x in v]) + ")"
    return str(v)


if __name__ == "__main__":
    PIPE = subprocess.PIPE
    LOOP = ["sh", "-c", "while read l; do echo \"got $l\"; done"]

    # Bytes, interactively: write, flush, read the answer, repeat.
    p = subprocess.Popen(["cat"], stdin=PIPE, stdout=PIPE)
    print(p.stdin.writable(), p.stdin.closed, p.stdin.fileno() > 2)
    for line in [b"one\n", b"two\n"]:
        print(p.stdin.write(line), end=" ")
        p.stdin.flush()
        print(show(p.stdout.readline()))
    print(p.stdin.writelines([b"a", b"b\n"]))
    p.stdin.flush()
    print(show(p.stdout.readline()))
    p.stdin.close()
    print(p.stdin.closed, p.stdin.close(), show(p.stdout.read()), p.wait())

    # Text, a program reading line by line.
    p = subprocess.Popen(LOOP, stdin=PIPE, stdout=PIPE, text=True)
    for line in ["x", "y z", "caf\u00e9 \u20ac"]:
        print(p.stdin.write(line + "\n"), end=" ")
        p.stdin.flush()
        print(show(p.stdout.readline()))
    print(show(p.communicate()), p.returncode, p.stdin.closed)

    # bufsize=1 (text): line buffered; bufsize=0: unbuffered. No flush.
    p = subprocess.Popen(LOOP, stdin=PIPE, stdout=PIPE, universal_newlines=True, bufsize=1)
    p.stdin.write("lb\n")
    print(show(p.stdout.readline()))
    p.stdin.close()
    print(p.wait())
    p = subprocess.Popen(["cat"], stdin=PIPE, stdout=PIPE, bufsize=0)
    print(p.stdin.write(b"raw\n"), show(p.stdout.readline()))
    print(err(p.stdin.write, "s"))
    p.stdin.close()
    print(err(p.stdin.write, b"x"), err(p.stdin.flush), p.wait())

    # Writes are buffered until communicate, which flushes and closes.
    p = subprocess.Popen(["cat"], stdin=PIPE, stdout=PIPE)
    p.stdin.write(b"held")
    print(show(p.communicate()), p.stdin.closed)
    p = subprocess.Popen(["cat"], stdin=PIPE, stdout=PIPE, text=True)
    p.stdin.write("first ")
    print(show(p.communicate("then input")), p.stdin.closed)
    p = subprocess.Popen(["cat"], stdin=PIPE, stdout=subprocess.DEVNULL)
    p.stdin.write(b"only stdin")
    print(show(p.communicate()), p.stdin.closed, p.returncode)

    # A program that has gone: BrokenPipeError from write and flush, and
    # from close (the buffer is still there); communicate ignores it.
    p = subprocess.Popen(["head", "-n", "1"], stdin=PIPE, stdout=PIPE)
    p.stdin.write(b"first\n")
    p.stdin.flush()
    print(show(p.stdout.readline()), p.wait())
    print(p.stdin.write(b"later\n"), err(p.stdin.flush), err(p.stdin.close), p.stdin.closed, err(p.stdin.close))
    print(err(p.stdin.write, b"x"), err(p.stdin.flush), err(p.stdin.writable), err(p.stdin.fileno), err(p.stdin.writelines, [b"x"]))
    p = subprocess.Popen(["head", "-n", "1"], stdin=PIPE, stdout=subprocess.DEVNULL, bufsize=0)
    p.stdin.write(b"first\n")
    p.wait()
    print(err(p.stdin.write, b"later\n"))
    # Unbuffered, a failed write leaves nothing to flush or close with.
    print(err(p.stdin.flush), err(p.stdin.close), p.stdin.closed)
    p = subprocess.Popen(["head", "-n", "1"], stdin=PIPE, stdout=PIPE)
    print(show(p.communicate(b"a\n" + b"x" * (1 << 20))), p.returncode)
    p = subprocess.Popen(["true"], stdin=PIPE)
    p.wait()
    print(show(p.communicate(b"y" * (1 << 20))), p.returncode)

    # The types write takes, and closed text pipes.
    p = subprocess.Popen(["cat"], stdin=PIPE, stdout=subprocess.DEVNULL)
    print(err(p.stdin.write, "s"), err(p.stdin.write, 5), err(p.stdin.writelines, [b"a", "b"]), err(p.stdin.writelines, 5))
    p.stdin.close()
    print(p.wait())
    p = subprocess.Popen(["cat"], stdin=PIPE, stdout=subprocess.DEVNULL, text=True)
    print(err(p.stdin.write, b"b"), err(p.stdin.write, 5), err(p.stdin.writelines, [5]), p.stdin.write("\u20ac\u00e9"))
    p.stdin.close()
    print(err(p.stdin.write, "x"), err(p.stdin.flush), err(p.stdin.writelines, ["a"]), err(p.stdin.writable), p.wait())

    # Big writes: 1 MB through cat, its output read by communicate, and
    # 1 MB written to a program that answers only at the end.
    big = b"0123456789abcdef" * (1 << 16)
    p = subprocess.Popen(["cat"], stdin=PIPE, stdout=PIPE)
    p.stdin.write(b"head:")
    out, errout = p.communicate(big)
    print(len(out), show(out[:9]), show(out[-5:]), out == b"head:" + big, errout)
    p = subprocess.Popen(["wc", "-c"], stdin=PIPE, stdout=PIPE)
    print(p.stdin.write(big), p.stdin.write(big))
    print(show(p.communicate()))
    bigs = "0123456789abcdef" * (1 << 16)
    r = subprocess.run(["cat"], input=bigs, capture_output=True, text=True)
    print(len(r.stdout), r.stdout == bigs)

    # encoding= and errors=: text mode with that codec.
    print(show(subprocess.run(["printf", "caf\\351\\n"], capture_output=True, encoding="latin-1").stdout))
    print(show(subprocess.check_output(["printf", "caf\\351"], encoding="ISO-8859-1")))
    print(show(subprocess.run(["od", "-An", "-tx1"], input="\u00e9", capture_output=True, encoding="latin1").stdout))
    print(show(subprocess.run(["od", "-An", "-tx1"], input="\u00e9", capture_output=True, encoding="UTF8").stdout))
    print(show(subprocess.run(["od", "-An", "-tx1"], input="a\u20acb", capture_output=True, encoding="latin-1", errors="replace").stdout))
    print(show(subprocess.run(["od", "-An", "-tx1"], input="a\u20acb", capture_output=True, encoding="us-ascii", errors="ignore").stdout))
    print(show(subprocess.run(["od", "-An", "-tx1"], input="a\u20acb", capture_output=True, encoding="ascii", errors="backslashreplace").stdout))
    print(err(subprocess.run, ["cat"], input="a\u20ac\u20acb", capture_output=True, encoding="ascii"))
    print(err(subprocess.run, ["cat"], input="\u00e9\u20ac", capture_output=True, encoding="latin-1"))
    for b in ["\\377", "a\\342\\202b", "\\342\\202", "a\\355\\240\\200b", "\\360\\220\\200", "\\300\\257", "\\364\\220\\200\\200"]:
        print(err(subprocess.run, ["printf", b], capture_output=True, text=True), end=" / ")
        print(show(subprocess.run(["printf", b], capture_output=True, errors="replace").stdout), end=" / ")
        print(show(subprocess.run(["printf", b], capture_output=True, encoding="utf-8", errors="ignore").stdout), end=" / ")
        print(show(subprocess.run(["printf", b], capture_output=True, encoding="utf-8", errors="backslashreplace").stdout), end=" / ")
        print(err(subprocess.run, ["printf", b], capture_output=True, encoding="ascii"))
    print(show(subprocess.run(["printf", "a\\377b"], capture_output=True, encoding="ascii", errors="replace").stdout))
    # surrogateescape: what cannot be decoded comes back as it was.
    s = subprocess.run(["printf", "a\\377"], capture_output=True, encoding="utf-8", errors="surrogateescape").stdout
    print(len(s), show(subprocess.run(["od", "-An", "-tx1"], input=s, capture_output=True, encoding="utf-8", errors="surrogateescape").stdout))
    print(err(subprocess.run, ["cat"], input=s, capture_output=True, text=True))
    # Popen's pipes with a codec.
    p = subprocess.Popen(LOOP, stdin=PIPE, stdout=PIPE, encoding="latin-1")
    print(p.stdin.write("caf\u00e9\n"), err(p.stdin.write, "\u20ac"))
    p.stdin.flush()
    print(show(p.stdout.readline()), show(p.communicate()))
    p = subprocess.Popen(["printf", "x\\377\\ny\\n"], stdout=PIPE, errors="replace")
    print(show(p.stdout.readline()), show(p.stdout.readlines()), p.wait())
    p = subprocess.Popen(["printf", "x\\377\\ny\\n"], stdout=PIPE, encoding="ascii")
    print(err(p.stdout.readline), p.wait())
    p = subprocess.Popen(["cat"], stdin=PIPE, stdout=PIPE, encoding="utf-8", errors="replace")
    p.stdin.write("a\u20ac")
    p.stdin.close()
    print(show(p.stdout.read()), p.wait())
    # Unknown encodings (looked up for a pipe only), the arguments' types,
    # text= against universal_newlines=.
    print(err(subprocess.run, ["true"], capture_output=True, encoding="nope"))
    print(err(subprocess.Popen, ["true"], stdin=PIPE, encoding="utf-99"))
    print(subprocess.run(["true"], encoding="nope").returncode)
    print(err(subprocess.run, ["true"], capture_output=True, encoding=5))
    print(err(subprocess.run, ["true"], capture_output=True, errors=5))
    print(err(subprocess.run, ["true"], text=True, universal_newlines=False))
    print(err(subprocess.run, ["true"], text=False, universal_newlines=True))
    print(subprocess.run(["true"], text=True, universal_newlines=True).returncode)
    print(show(subprocess.run(["printf", "a\\r\\nb"], capture_output=True, universal_newlines=True).stdout))
    print(show(subprocess.check_output(["printf", "a\\r\\nb"], universal_newlines=False)))
    print(err(subprocess.Popen, ["true"], bufsize="x"))
