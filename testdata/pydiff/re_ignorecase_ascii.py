# The CPython half of re_ignorecase_ascii.star.
import re

def kind(v):
    return type(v).__name__

def attempt(f):
    try:
        r = f()
    except Exception as e:
        return type(e).__name__ + ": " + str(e)
    return show(r)

def show(v):
    k = kind(v)
    if k == "str":
        return "\x27" + v + "\x27"
    if k == "bytes":
        return "b" + show("".join(["%02x" % x for x in list(v)]))
    if k == "list" or k == "tuple":
        return "[" + ", ".join([show(x) for x in v]) + "]"
    return str(v)

def p(label, f):
    print(label, "=>", attempt(f))

p("IA e", lambda: re.findall("é", "éÉ", re.I | re.A))
p("IA class", lambda: re.findall("[à-ÿ]+", "àÀ", re.I | re.A))
p("IA class az", lambda: re.findall("[a-z]+", "ks\u212a\u017fKS", re.I | re.A))
p("IA class dash", lambda: re.findall("[a-]+", "aA-b", re.I | re.A))
p("IA class dash2", lambda: re.findall("[-a]+", "aA-b", re.I | re.A))
p("IA class neg", lambda: re.findall("[^a-c]+", "aAbBxXdé", re.I | re.A))
p("IA class mix", lambda: re.findall(r"[\w.]+", "aA.é\u212a", re.I | re.A))
p("IA class bracket", lambda: re.findall(r"[]a]+", "]aA", re.I | re.A))
p("IA class Z-a", lambda: re.findall(r"[Z-a]+", "Z[_`azA", re.I | re.A))
p("IA s", lambda: re.findall("s", "sSſ", re.I | re.A))
p("IA word", lambda: re.findall("hello", "HeLLo hello HELLO", re.I | re.A))
p("IA rep", lambda: re.findall("k+", "kK\u212akk", re.I | re.A))
p("IA inline", lambda: re.findall("(?ai)k", "kK\u212a"))
p("IA scoped", lambda: re.findall("(?a:(?i:k))", "kK\u212a"))
p("IA scoped off", lambda: re.findall("(?a:(?i:k)k)", "kK kk Kk"))
p("IA scoped -i", lambda: re.findall("(?ai)k(?-i:k)", "kK kk Kk"))
p("I scoped a", lambda: re.findall("(?i)k(?a:k)", "k\u212a \u212ak"))
p("IA \\w", lambda: re.findall(r"\w", "kK\u212aé", re.I | re.A))
p("IA x", lambda: re.findall(r"\x6b", "kK\u212a", re.I | re.A))
p("IA octal", lambda: re.findall(r"\153", "kK\u212a", re.I | re.A))
p("IA class x", lambda: re.findall(r"[\x6b]", "kK\u212a", re.I | re.A))
p("IA \\b", lambda: re.findall(r"\bk\b", "k K", re.I | re.A))
p("IA $", lambda: re.findall(r"k$", "kK\n", re.I | re.A))
p("IA groups", lambda: re.match(r"(?P<a>x)(y)", "XY", re.I | re.A).groups())
p("bytes I", lambda: re.findall(b"\xe9", b"\xe9\xc9", re.I))
p("bytes I k", lambda: re.findall(b"k", b"kK", re.I))
p("bytes I class", lambda: re.findall(b"[\xe0-\xff]", b"\xe9\xc9", re.I))
p("bytes I class az", lambda: re.findall(b"[a-z]+", b"abXY\xc9", re.I))
p("bytes I sub", lambda: re.sub(b"ab", b"-", b"AB ab aB", flags=re.I))
p("I unicode still", lambda: re.findall("é[a-z]", "ÉK é\u212a", re.I))
p("I verbose", lambda: re.findall(" a b ", "AB", re.I | re.A | re.X))
