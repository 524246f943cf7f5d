# The CPython half of pathlib_resolve_loop.star.
import os, pathlib, shutil, tempfile

def main():
    base = tempfile.mkdtemp()
    def join(*a):
        return os.path.join(base, *a)
    os.symlink("linkX/inside", join("linkX"))
    os.symlink("linkY", join("linkY"))
    os.symlink("linkZ/../linkZ", join("linkZ"))
    os.symlink(join("linkU/inside"), join("linkU"))
    os.symlink(join("linkW/../linkW"), join("linkW"))
    os.symlink("linkY", join("linkA"))
    os.mkdir(join("d"))
    os.symlink("../linkY/x", join("d", "l2"))
    os.symlink("d", join("linkD"))
    for args in [["linkX"], ["linkY"], ["linkZ"], ["linkZ", "foo"], ["linkU"], ["linkW", "foo"], ["linkX", "foo"],
                 ["linkA", "q"], ["d", "l2"], ["d", "l2", "z"], ["nope", "linkY"], ["linkD", "nope"], ["linkD", "..", "linkA"]]:
        p = pathlib.Path(base, *args)
        for strict in [True, False]:
            try:
                r, e = p.resolve(strict), None
            except Exception as ex:
                r, e = None, "%s: %s" % (type(ex).__name__, ex)
            print("/".join(args), strict, (str(e) if e else str(r)).replace(base, "BASE"))
    shutil.rmtree(base)

if __name__ == "__main__":
    main()
