# The CPython half of re_class_negated.star.
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

t = "aé_1٣ \u00a0\t\nZ-!日ß"
for pat in [r"[^\W\d]+", r"[^\W\d_]+", r"[\W]+", r"[\S]+", r"[^\S]+", r"[^\s\S]", r"[\s\S]+", r"[\W\d]+", r"[^\W]+", r"[a\W]+", r"[\S\W]+", r"[\W-]+", r"[-\W]+", r"[\W\w]+"]:
    p(pat, lambda: re.findall(pat, t))
    p(pat + " I", lambda: re.findall(pat, t, re.I))
    p(pat + " A", lambda: re.findall(pat, t, re.A))
    p(pat + " sub", lambda: re.sub(pat, "#", t))
