# The CPython half of re_class_range.star.
import re

from errtext import show

if __name__ == "__main__":
    text = "-abcxyz]^`_AC[.\\ \t"
    for p in [r"a[b-a]", r"[\w-a]", r"[a-\d]", r"[\s-x]", r"[\W-a]", r"[z-a]", r"[.-.]", r"[\x43-\x41]",
              r"[\u0100-\u00ff]", r"[a-b-c]", r"[--a]", r"[]-a]", r"[^]-a]", r"[a-]", r"[-a]", r"[\x41-\x43]",
              r"[\--\-]", r"[\]-a]", r"[\n-\r]", r"[\\-a]", r"[ -\x22]", r"[a-"]:
        show(p, lambda: "|".join(re.findall(p, text)))
        show(p + " I", lambda: "|".join(re.findall(p, text, re.I)))
    show("bytes", re.findall, b"[\\w-a]", b"_`")
    show("ascii", re.findall, r"[\s-x]", "_`", re.A)
