# The CPython half of pathlib_fs.star: pathlib on the file system: the same
# operations in a fresh directory (relative paths against os.chdir's
# directory), the same results and errors (OSError subclasses with errno
# and file name). Listings are sorted on both sides: Python gives the
# directory's order.
import os
import shutil
from pathlib import Path

base = "/tmp/procstar-pathlib-fs-%d" % os.getpid()

def fmt(v):
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join([fmt(x) for x in v]) + "]"
    return str(v).replace(base, "BASE")

def show(*parts):
    print(*[fmt(p) for p in parts])

def shown(f, *args, **kwargs):
    try:
        r = f(*args, **kwargs)
    except Exception as e:
        return (type(e).__name__ + ": " + str(e)).replace(base, "BASE")
    return "ok " + fmt(r)

if __name__ == "__main__":
    root = Path(base)
    show(shown(root.mkdir), root.is_dir(), root.exists(), shown(root.mkdir), shown(root.mkdir, exist_ok=True))
    os.chdir(root)
    out = Path("results") / "run1"
    show(shown(out.mkdir), shown(out.mkdir, parents=True), shown(out.mkdir, parents=True, exist_ok=True), out.is_dir())
    log = out / "log.txt"
    show(log.write_text("hello\nworld\n"), log.read_text() == "hello\nworld\n", log.read_bytes() == b"hello\nworld\n", log.is_file(), log.is_dir(), log.stat().st_size)
    show(log.write_bytes(b"\x00\x01ab"), log.read_bytes() == b"\x00\x01ab", shown(log.write_text, b"x"), shown(log.write_bytes, "x"))
    show(shown(log.mkdir, exist_ok=True), shown((log / "x").mkdir, parents=True), shown(Path("missing/x").read_text))
    show(shown(Path("results").rmdir), shown(Path("nothere").rmdir), shown(Path("nothere").unlink), shown(Path("nothere").unlink, missing_ok=True))
    for n in ["a.csv", "b.csv", ".hidden.csv", "c.txt", "sub/d.csv", "sub/deep/e.csv", "sub/deep/f.txt"]:
        p = Path("data") / n
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(n)
    data = Path("data")
    show(sorted(data.iterdir()), [p.name for p in sorted(data.iterdir()) if p.is_file()])
    os.symlink("sub", "data/lnk")
    for pat in ["*.csv", "*", "*/*.csv", "**/*.csv", "**", "sub/**", "s*/", "**/deep", "x*", "sub/../*.txt", "[ab].csv", "?.csv",
                "**/", "*/", "**/*", "sub/**/*.csv", "*/..", "**/**/*.csv", "*/*/", "lnk/*", "**/lnk"]:

        show(pat, sorted(data.glob(pat)))
    show(sorted(data.rglob("*.txt")), sorted(data.rglob("deep")), shown(lambda: list(data.glob(""))), shown(lambda: list(data.glob("/x"))))
    c = data / "c.txt"
    show(shown(c.rename, "data/c2.txt"), c.exists(), Path("data/c2.txt").read_text())
    show(shown(Path("data/c2.txt").replace, Path("data/c3.txt")), shown(Path("nothere").rename, "x"))
    t = Path("data/t.txt")
    show(shown(t.touch), t.exists(), t.read_text() == "", shown(t.touch), shown(t.touch, exist_ok=False))
    show(shown(t.chmod, 0o600), t.stat().st_mode & 0o777, shown(Path("nothere").chmod, 0o600))
    link = Path("data/link")
    show(shown(link.symlink_to, "a.csv"), link.is_symlink(), link.readlink(), link.read_text(), shown(link.symlink_to, "b.csv"))
    show(link.lstat().st_size == 5, link.stat().st_size, link.resolve() == Path(base, "data", "a.csv"), shown(Path("data/a.csv").readlink))
    hard = Path("data/hard")
    show(shown(hard.hardlink_to, "data/b.csv"), hard.samefile("data/b.csv"), hard.samefile(Path("data/a.csv")), shown(hard.samefile, "nothere"))
    show(Path("data/../data/./a.csv").resolve(), Path("nothere/x").resolve(), shown(Path("nothere").resolve, strict=True))
    show(Path("x").absolute(), Path("/x/../y").absolute(), Path.cwd(), Path.cwd() == root)
    show(Path("~").expanduser() == Path.home(), Path("~/x").expanduser() == Path.home() / "x", Path("a/~").expanduser())
    f = Path("data/a.csv").open()
    show(f.read())
    f.close()
    f = (data / "w.txt").open("w")
    f.write("written")
    f.close()
    show((data / "w.txt").read_text(), Path("data/w.txt").exists())
    show((data / "w.txt").owner() == Path(".").owner(), (data / "w.txt").group() == Path(".").group(), shown(Path("nonexistent").owner), shown(Path("nonexistent").group))
    show(shown(Path("data").read_text), shown(Path("data").open, "w"), shown(Path("data/a.csv/x").exists), Path("data/a.csv/x").is_file())
    shutil.rmtree(base)
    show(root.exists())
