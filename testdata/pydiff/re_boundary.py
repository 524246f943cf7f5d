# The CPython half of re_boundary.star.
import re

def strs(xs):
    return "|".join([str(x) for x in xs])

def spans(pat, s, flags=0):
    return strs(["%d-%d" % m.span() for m in re.finditer(pat, s, flags)])

if __name__ == "__main__":
    print(strs(re.findall(r"\bcafé\b", "un café, cafés, cafébar")))
    print(strs(re.findall(r"\b\w+\b", "naïve façade über_alles 123 ٣٤ 日本語 x²")))
    print(re.sub(r"\b", "|", "hé llo, ñu-ß"), re.sub(r"\B", "-", "añb cd é"))
    print(spans(r"\b", "é a\u0301 z"), spans(r"\B", "éé ,,"))
    print(re.search(r"\bb", "ab éb b"), re.search(r"é\b", "éa é.").span())
    print(re.match(r"\w+\b", "Straße!").group(), re.match(r"\bé", "é") != None, re.fullmatch(r"\bé\b", "é") != None)
    print(re.fullmatch(r"é\B", "é"), re.fullmatch(r"\Bé", "é"), re.match(r"\b", "") != None)
    # priorities: the alternative Python prefers is the one taken
    m = re.search(r"(é\b|éx)(.*)", "aéx é!")
    print(strs(m.groups()), m.span())
    m = re.search(r"(\w+?)\b(\s*)(\w*)", "ünï cödé")
    print(strs(m.groups()), m.span(3))
    print(re.sub(r"\b(\w)(\w*)\b", lambda m: m.group(1).upper() + m.group(2), "élan über ñandú 3d"))
    print(strs(re.split(r"\b", "añ, bé")), strs(re.split(r"\b\s+\b", "x  ó y")))
    print(strs(re.findall(r"(?i)\bÉT\w*", "été Étés aété")), strs(re.findall(r"(?m)^\b\w+\b$", "ça\nva\n!\nbien")))
    print(strs(re.subn(r"\b\d+\b", "#", "12 ٣٤ a1 ١٢٣")), re.sub(r"\bx*", "-", "éxx ab"))
    # re.ASCII: only [A-Za-z0-9_] are word characters
    print(strs(re.findall(r"\b\w+\b", "naïve café x1", re.ASCII)), re.sub(r"\b", "|", "hé", re.A), re.sub(r"\B", "-", "añb", re.ASCII))
    p = re.compile(r"\b(?P<w>\w)")
    print(p.sub(r"<\g<w>>", "ñ o ü"), strs(p.findall("Ωμέγα άλφα")), p.search("  ζ").start("w"))
    # in a class, \b is a backspace
    print(len(re.findall(r"[\b]", "a\bb\b")), re.sub(r"[\bx]+", "-", "ax\bxb"))
    # a long text: the VM is linear, and agrees with the match of each word
    text = " ".join(["wörd%d" % i for i in range(2000)])
    print(len(re.findall(r"\b\w+\b", text)), re.findall(r"\b\w+\d\b", text)[-1])
