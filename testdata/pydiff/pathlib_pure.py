# The CPython half of pathlib_pure.star: pathlib's pure operations: many paths through
# every property and method, the errors by type and message. (relative_to's
# failure text and walk_up= are 3.12's, so only the error type is compared
# here: python3 may be 3.11; testdata/pathlib_walkup.star has them.)
import json
from pathlib import Path, PurePath


def fmt(v):
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join([fmt(x) for x in v]) + "]"
    if isinstance(v, str):
        return json.dumps(v)
    if type(v).__name__ == "_PathParents":
        return fmt(list(v))
    return repr(v)

def tried(f, *args, **kwargs):
    try:
        r = f(*args, **kwargs)
    except Exception as e:
        return type(e).__name__ + ": " + str(e)
    return fmt(r)

def etype(f, *args, **kwargs):
    try:
        r = f(*args, **kwargs)
    except Exception as e:
        return type(e).__name__
    return fmt(r)

inputs = ["", ".", "..", "a", "a/b", "/a/b/", "//a", "///a", "////a//b", "a//b/./c", "../x", "a/..", "/",
          "x.tar.gz", ".bashrc", "a/b.", "a/.b.c", "...", "a/..b", "/a/b.c/d.e", "a b/c%d", "./a/./b/."]
others = ["", "a", "/a", "a/b", "/a/b/c", "b", "..", "//a"]
patterns = ["*", "*.gz", "a/*", "/a/*", "b", "*/b", "", "a/b/c", "x.*", "[ab]", "*.tar.*", "/*", "//a"]

for cls in [PurePath, Path]:
    for s in inputs:
        p = cls(s)
        print(fmt(s), str(p), fmt(p), fmt(p.parts), fmt(p.name), fmt(p.suffix), fmt(p.suffixes), fmt(p.stem))
        print("  ", fmt(p.parent), fmt(p.parents), fmt(p.anchor), fmt(p.root), fmt(p.drive), p.is_absolute(), fmt(p.as_posix()), len(p.parents))
        print("  ", tried(p.with_name, "n"), tried(p.with_name, ""), tried(p.with_name, "a/b"), tried(p.with_name, "."))
        print("  ", tried(p.with_suffix, ".s"), tried(p.with_suffix, ""), tried(p.with_suffix, "s"), tried(p.with_suffix, "."), tried(p.with_suffix, "./"))
        print("  ", tried(p.with_stem, "q"), tried(p.with_stem, ""), tried(p.joinpath, "x", "/y"), tried(p.joinpath, "x", "y"), tried(p.as_uri))
        if s != "/":  # Path("/").match("*") is False in 3.12, True in 3.11
            print("  ", " ".join([tried(p.match, m) for m in patterns]))
        for o in others:
            q = cls(o)
            print("  ", fmt(o), etype(p.relative_to, o), p.is_relative_to(o), fmt(p / o), fmt(o / p), fmt(q / p), p == q, p != q, p.anchor != q.anchor or p < q, p.anchor != q.anchor or p >= q)

p = Path("a/b/c/d")
print(fmt(p.parents[0]), fmt(p.parents[3]), fmt(p.parents[-1]), fmt(p.parents[1:3]), fmt(p.parents[::-1]), fmt(p.parents[::2]))

print(fmt(Path("a", "b", Path("c"), "/d", "e")), fmt(PurePath(Path("x"))), fmt(Path(PurePath("x"))), fmt(Path()))
print(etype(Path, 1), etype(Path, None), etype(Path, "a", ["b"]))  # 3.12 words it differently
print(tried(lambda: Path("a") / 1), tried(lambda: 1 / Path("a")), tried(lambda: Path("a") + "b"))
print(fmt(sorted([Path("b/a"), Path("a"), Path("a/b"), Path("a.b"), Path("a-b"), Path("A")])))
d = {Path("a/b"): 1, PurePath("c"): 2}
print(d[Path("a//b")], d[PurePath("./c")], Path("a") in [Path("a/")])
print(tried(lambda: Path("a") < PurePath("b")), Path("a") == "a", Path("a") != "a")
print(Path("a").match("A"), Path("/a/b").match("/a/b"), Path("/a/b").match("a/b"))
print(str(Path("/a/b")), "%s|%r" % (Path("x"), Path("y")), "{}".format(Path("z")))
print(etype(Path("a").relative_to, "/a"), tried(Path("/a/b").relative_to, "/a"), tried(Path("/a/b").relative_to, Path("/")))
print(fmt(Path("/a/b c/é").as_uri()), fmt(Path("//h/x").as_uri()))
