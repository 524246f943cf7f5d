# The CPython half of re_error_attrs.star.
import re

def attrs(f, *args):
    try:
        f(*args)
    except re.error as err:
        e = err
    print("re.error: " + str(e))
    print(" ", e.msg, "|", e.pattern, "|", e.pos, e.lineno, e.colno)

if __name__ == "__main__":
    attrs(re.compile, "(\u20ac))")
    attrs(re.compile, b"(\xa4))")
    attrs(re.compile, """
                (
                    abc
                )
                )
                (
                """, re.VERBOSE)
    attrs(re.compile, "a\nb\n(")
    attrs(re.compile, "a\nb\\")
    attrs(re.compile, "x\n[b-a]")
    attrs(re.sub, "a", "x\ny\\q", "a")
    attrs(re.sub, b"a", b"x\ny\\g<2>", b"a")
    attrs(re.compile, "\n(?i)a")
