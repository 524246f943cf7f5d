# The CPython half of re_ignorecase_unicode.star.
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

t = "iIİıΐΐΰΰﬅﬆkK\u212asSſ"
for pat in ["i", "I", "İ", "ı", "ΐ", "ΰ", "ﬆ", "[a-z]", "[^i]", "[i]", "[h-j]", "[İ]", "[ı]", "[^İ]", "[ΐ]", "[ﬅ]", "[^ﬅ]", "İ+", "[\\w]", "[^a-z]", "\\u0130", "(?i:i)x|i", "[-i]", "[i-]", "\\x49", "[\\x49]", "[ıx-z]"]:
    p(pat, lambda: re.findall(pat, t, re.I))
    p(pat + " A", lambda: re.findall(pat, t, re.I | re.A))
    p(pat + " scoped", lambda: re.findall("(?i:" + pat + ")", t))
    p(pat + " -i", lambda: re.findall("(?i)a(?-i:" + pat + ")", "a" + t))
    p(pat + " noI", lambda: re.findall(pat, t))
