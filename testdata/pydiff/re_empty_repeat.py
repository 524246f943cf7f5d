# The CPython half of re_empty_repeat.star.
import re


def show(v):
    if v is None:
        return "None"
    if isinstance(v, str):
        return "'" + v + "'"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, tuple):
        return "(" + ", ".join([show(x) for x in v]) + ")"
    if isinstance(v, list):
        return "[" + ", ".join([show(x) for x in v]) + "]"
    return "?"


def spans(m):
    if m == None:
        return "None"
    return show([m.group(0), m.groups(), [m.span(i) for i in range(len(m.groups()) + 1)]])


PATTERNS = [
    "((x|y)*)*", "((x|y)*)+", "((x|y)*)*?", "((x|y)*)+?", "((x|y)?)*", "((x|y)*){2,}", "((x|y)*?){0,3}",
    "(?:a*)*", "(a*)*", "(a*)+", "(a*)*?", "(a*)+?", "(a*)*b", "(a*)*?b", "(a*){2,}", "(a*){0,2}", "(a*){1,3}?",
    "(a|)*", "(a|)+", "(|a)*", "(|a)+", "(a?)*", "(a??)*", "(a*?)*", "(a*?)*?c", "(()|a)*", "(a|())*",
    "((a*)*)*", "(a*|b)*", "(b|a*)*", "(a|b*)*c", "x(a*)*y", "(?:(a)|b*)*", "(?:b*|(a))*", "(?:(x)|(y)|)*",
    "(\\b|a)*", "($|a)*", "(x+|)*", "(|x+)+", "(x*)(x*)*", "(|a){2,5}b",
]
TEXTS = ["xyyzy", "", "a", "aaa", "baaac", "aab", "xxy", "ab"]

if __name__ == "__main__":
    # CPython's test_re test_bug_2537: the empty iteration that ends the
    # outer repeat is kept, with the groups it set.
    for outer_op in ("{0,}", "*", "+", "{1,187}"):
        for inner_op in ("{0,}", "*", "?"):
            m = re.compile("^((x|y)%s)%s" % (inner_op, outer_op)).match("xyyzy")
            print(outer_op, inner_op, show([m.group(0), m.group(1), m.group(2)]))
    print(show(re.sub("(?:a*)*", "-", "baaac")), show(re.findall("(a|)*", "aab")), show(re.findall("(a*)*", "baaac")))
    for p in PATTERNS:
        r = re.compile(p)
        for t in TEXTS:
            print(p, show(t), spans(r.match(t)), spans(r.search(t)), spans(r.fullmatch(t)))
            print("   ", show(r.findall(t)), show([m.span() for m in r.finditer(t)]), show(r.sub("-", t)), show(r.split(t)))
