# The CPython half of pathlib_home_env.star.
import os, pathlib
Path = pathlib.Path

def main():
    before = Path.home()
    print(Path("~/x").expanduser() == before / "x")
    for home in ["/tmp", "/tmp/", "/", "", "/var//"]:
        os.environ["HOME"] = home
        print(repr(home), str(Path.home()), str(Path("~/Documents").expanduser()), str(Path("~").expanduser()), os.path.expanduser("~"))
    os.environ.pop("HOME")
    print(Path.home() == before, Path("~/x").expanduser() == before / "x")

if __name__ == "__main__":
    main()
