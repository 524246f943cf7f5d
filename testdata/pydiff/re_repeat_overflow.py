# The CPython half of re_repeat_overflow.star.
import re

from errtext import err

if __name__ == "__main__":
    for p in [r".{%d}" % pow(2, 128), r".{,%d}" % pow(2, 128), r".{%d,}?" % pow(2, 128), r".{%d,%d}" % (pow(2, 129), pow(2, 128)),
              r"x{4294967295}", r"x{,4294967295}", r"x{99999999999999999999,1}", r"x{3,2}"]:
        print(p, err(re.compile, p))
