# The CPython half of re_template_type.star.
import re

from errtext import show

if __name__ == "__main__":
    show("str pattern, bytes template", re.sub, ".", b"b", "c")
    show("after text", re.sub, "c", b"b", "ac")
    show("escape", re.sub, "c", b"\\n", "ac")
    show("subn no match", lambda: "%s %d" % re.subn("c", b"b", "x"))
    show("negative count", re.sub, "c", b"b", "ac", -1)
    show("bytes pattern, str template", re.sub, b".", "b", b"c")
    show("bytes no match", re.sub, b"x", "b", b"c")
    show("function str for bytes", re.sub, b".", lambda m: "s", b"c")
    show("function bytes for str", re.sub, ".", lambda m: b"s", "ac")
    show("int template", re.sub, ".", 1, "c")
    show("findall int", re.findall, ".", 5)
