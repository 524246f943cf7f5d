# The CPython half of re_basic.star.
import re

from errtext import err

def strs(xs):
    return "|".join([str(x) for x in xs])

if __name__ == "__main__":
    m = re.match(r"(?P<key>\w+)=(?P<val>\d+)", "width=42; height=7")
    print(m.group(), m.group(1), m.group("val"), m.group(1, 2) == ("width", "42"), m.start(), m.end(), m.span(2), m.lastindex)
    print(sorted(m.groupdict().items()) == [("key", "width"), ("val", "42")], m.groups() == ("width", "42"))
    print(m)
    print(re.match(r"\d+", "abc 123"), re.search(r"\d+", "abc 123"), re.fullmatch(r"\d+", "123"), re.fullmatch(r"\d+", "123x"))
    print(strs(re.findall(r"\d+", "a1b22c333")), strs(["".join(t) for t in re.findall(r"(\w)(\d)", "a1 b2")]), strs(re.findall(r"x(\d)?", "x1 x")))
    print(strs([m.span() for m in re.finditer(r"o", "foo boo")]))
    print(re.sub(r"(\w+)@(\w+)", r"\2 at \1", "joe@home ann@work"), re.sub(r"(?P<n>\d+)", r"<\g<n>>", "a1b22"), re.sub(r"\d", "#", "a1b2c3", count=2))
    print(re.sub(r"\d+", lambda m: str(int(m.group()) * 2), "3 apples and 10 pears"), strs(re.subn(r"a", "A", "banana")))
    print(strs(re.split(r"[,;]\s*", "a, b;c,  d")), strs(re.split(r"(-)", "1-2-3")), strs(re.split(r"\s+", "a b  c", maxsplit=1)))
    print(re.escape("1+1=2? (yes) [a-z]*"))
    print(re.findall(r"^\w+", "one\ntwo\nthree", re.M) == ["one", "two", "three"], bool(re.match("HELLO", "hello", re.I)), bool(re.match("a.b", "a\nb", re.S)), bool(re.match("a.b", "a\nb")))
    print(strs(re.findall(r"""\d+  # digits
                      \.?   # a dot""", "12. 3", re.X)))
    p = re.compile(r"(\d+)-(\d+)")
    print(p.pattern, p.groups, p.search("tel 555-1234").group(2), p.sub(r"\2-\1", "1-2 3-4"), p)
    print(re.match(r"é(.)", "éàb").span(1), re.search("b", "éàb").start())
    print(err(re.compile, "(unclosed").split(":")[0], err(re.compile, "a**").split(":")[0])
    # str patterns: \d, \w, \s are Unicode classes (re.ASCII: ASCII only)
    print(strs(re.findall(r"\d+", "12 ٣٤ x٥")), strs(re.findall(r"\w+", "héllo wörld_1 ñ")), strs(re.findall(r"[\w-]+", "a-b ç-d")))
    print(strs(re.findall(r"\d+", "12 ٣٤", re.ASCII)), re.sub(r"\s+", "|", "a\u00a0b\u2003c\td"), strs(re.findall(r"[^\d\s]+", "ab 12 ç٣")), re.fullmatch(r"\S+", "héllo") != None)
