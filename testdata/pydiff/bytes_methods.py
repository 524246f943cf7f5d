# bytes' methods as Python's: what a program's output is worked on with
# (check_output(...).strip(), .split(b"\n")), with Python's errors.
import subprocess

def out(*args):
    print(" ".join([str(a) for a in args]))

def show(f):
    try:
        r, e = f(), None
    except Exception as x:
        r, e = None, x
    out(type(e).__name__ + ": " + str(e) if e else r)

raw = subprocess.check_output(["printf", "  alpha beta\\tgamma\\r\\n\\nlast  "])
out(raw.strip(), raw.lstrip(), raw.rstrip(), raw.strip(b" a"), b"xxhixx".strip(b"x"))
out(raw.split(), raw.split(None, 1), raw.rsplit(None, 1), raw.split(b"\n"), raw.split(b"a", 2), raw.rsplit(b"a", 2))
out(b"a,b,,c".split(b","), b"a,b,,c".rsplit(b",", 1), b"".split(), b"   ".split(), b"".split(b","))
out(raw.splitlines(), raw.splitlines(True), b"a\rb\r\nc\n".splitlines(), b"".splitlines())
out(raw.startswith(b"  al"), raw.startswith((b"x", b" ")), raw.endswith(b"  "), b"abc".startswith(b"b", 1), b"abc".endswith(b"b", 0, 2), b"abc".startswith(b"", 5), b"abc".startswith(b"", 3), b"abc".find(b"", 3), b"abc".find(b"", 4), b"abc".endswith(b"c", -1), b"abc".find(b"b", -100, -1))
out(b"-".join([b"a", b"b", b"c"]), b"".join([]), b", ".join((b"x",)))
out(b"aaa".replace(b"a", b"b"), b"aaa".replace(b"a", b"b", 2), b"abc".replace(b"", b"-"))
out(b"abcabc".find(b"c"), b"abcabc".rfind(b"c"), b"abcabc".find(b"z"), b"abcabc".find(b"c", 3), b"abcabc".find(b"a", -3), b"abcabc".index(b"b"), b"abcabc".rindex(b"b"), b"abc".find(99))
out(b"MiXed 1".upper(), b"MiXed 1".lower(), b"k=v=w".partition(b"="), b"k=v=w".rpartition(b"="), b"kv".partition(b"="), b"kv".rpartition(b"="))
out(b"123".isdigit(), b"12a".isdigit(), b"abC".isalpha(), b"ab1".isalnum(), b" \t".isspace(), b"".isspace(), b"ab1".islower(), b"AB1".isupper(), b"123".islower())
out(b"prefix-x".removeprefix(b"prefix-"), b"x.txt".removesuffix(b".txt"), b"x".removeprefix(b"y"))
out(raw.strip().decode().upper(), bytes.strip(b" x "), list(map(bytes.upper, [b"a", b"b"])))
show(lambda: b"a".strip("a"))
show(lambda: b"a".split(""))
show(lambda: b"a".split(b""))
show(lambda: b"a".startswith("a"))
show(lambda: b"a".startswith(("a",)))
show(lambda: b",".join([b"a", "b"]))
show(lambda: b"a".replace("a", b"b"))
show(lambda: b"a".find("a"))
show(lambda: b"a".find(256))
show(lambda: b"abc".index(b"z"))
show(lambda: b"a".partition(b""))
show(lambda: b"a".nothing)
