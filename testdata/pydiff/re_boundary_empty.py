# The CPython half of re_boundary_empty.star.
import re

def strs(xs):
    return "|".join([str(x) for x in xs])

if __name__ == "__main__":
    for p in [r"\B", r"\b", r"x*\B", r"\B|a", r"(\B)?"]:
        for fl in [0, re.A]:
            print(p, int(fl), re.search(p, "", fl), strs(re.findall(p, "", fl)), re.sub(p, "-", "", flags=fl), len(re.split(p, "", flags=fl)), re.fullmatch(p, "", fl) != None)
            c = re.compile(p, fl)
            print(c.search("ab", 1, 0), c.search("ab", 0, 0), len(c.findall("ab", 2, 2)), c.match("ab", 0, 0) != None)
    print(re.search(b"\\B", b""), re.search(r"\B", " "), re.search(r"\B", "a", re.A), len(re.findall(r"\B", " ")))
