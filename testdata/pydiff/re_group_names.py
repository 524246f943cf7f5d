# The CPython half of re_group_names.star.
import re

from errtext import show

if __name__ == "__main__":
    for p in [r"(?P<a>)(?P<a>)", r"(?P<)", r"(?P<a", r"(?P<", r"(?P<>)", r"(?P<1>)", r"(?P<a.>)",
              "(?P<©>x)", "(?P<a'b>x)", r"(?Pxy)", r"(?P", r"(?<a>x)", r"(?<", r"(?P<µ>x)"]:
        show(p, re.compile, p)
    show("bytes ascii name", re.compile, b"(?P<ab>x)")
    for t in [r"\g<a a>", r"\g<©>", r"\g<㊀>", r"\g<ab>", r"\g<a'b>", r"\g<a>!"]:
        show(t, re.sub, "(?P<a>x)", t, "xx")
    show("bytes template ok", re.sub, b"(?P<a>x)", b"\\g<a>!", b"xx")
