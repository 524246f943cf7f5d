# The CPython half of re_inline_flags.star.
import re

from errtext import show

if __name__ == "__main__":
    U, L = "\u1ea0", "\u1ea1"
    for p, s, fl in [(" (?i) " + U, L, re.X), ("(?x) (?i) " + U, L, 0), (" (?x) (?i) " + U, L, re.X), (" (?x) a", "a", re.X),
                     ("(?x) (?x) a", "a", 0), ("#x\n(?x)#y\na", "a", re.X), ("(?x)#x\n(?x)#y\na", "a", 0), ("(?x)#c\n(?i)A", "a", 0)]:
        show(p.replace("\n", "\\n"), lambda: re.fullmatch(p, s, fl) != None)
    for p in [" (?x) (?i) " + U, "(?i) " + U + " (?x)", "$|(?i)" + U, "(?:(?i)" + U + ")", "a(?x) (?i)"]:
        show(p.replace("\n", "\\n"), re.compile, p)
    for p, s, fl in [(r"(?a:\W(?u:\w)\W)", "\u00e0\u00e0\u00e0", 0), (r"\W(?u:\w)\W", "\u00e0\u00e0\u00e0", re.A), (r"(?u:\w)", "\u00e0", re.A), (r"(?u)\w", "\u00e0", 0)]:
        show(p, lambda: re.match(p, s, fl) != None)
    for p in [r"(?a)(?-a:\w)", r"(?i-i:a)", r"(?au:a)", r"(?-u:a)", r"(?-", r"(?-+", r"(?-z", r"(?-i", r"(?-i)", r"(?-i+", r"(?-iz",
              r"(?i:", r"(?i", r"(?i+", r"(?iz", r"(?au)\w", r"(?L)a", r"(?aL)", r"(?i-", r"(?-é", r"(?ié"]:
        show(p, re.compile, p)
    for p in [b"(?u)\\w", b"(?aL:a)", b"(?u:a)", b"(?a)\\w"]:
        show(p, re.compile, p)
