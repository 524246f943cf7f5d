# The CPython half of os_empty_path.star.
import os, shutil, subprocess, tempfile

from errtext import et

def main():
    d = tempfile.mkdtemp()
    for f in [os.stat, os.lstat, os.listdir, os.scandir, os.mkdir, os.makedirs, os.rmdir, os.remove, os.unlink, os.chdir,
              os.path.getsize, os.path.getmtime, os.readlink, shutil.rmtree, shutil.disk_usage, open]:
        print(et(f, ""))
    print(et(os.rename, "", "x"))
    print(et(os.replace, "nope", ""))
    print(et(shutil.copyfile, "", "x"))
    print(et(shutil.copy, "", "x"))
    print(et(shutil.copytree, "", os.path.join(d, "x")))
    print(et(shutil.move, "", "x"))
    print(et(subprocess.run, ""))
    print(et(subprocess.run, [""]))
    print(et(subprocess.run, ["true"], cwd=""))
    print(et(os.chmod, "", 0o644))
    print(et(os.truncate, "", 0))
    print(et(os.symlink, "", ""))
    print(et(os.link, "", "x"))
    print(os.path.realpath("") == os.getcwd(), os.path.exists(""), os.path.isdir(""))
    try:
        os.stat("")
    except OSError as ex:
        e = ex
    print(e.errno, e.filename == "", e.filename2, e.strerror)
    try:
        os.kill(2147483647, 0)
    except OSError as ex:
        e = ex
    print(e.errno, e.filename, e.filename2, e.strerror)
    shutil.rmtree(d)

if __name__ == "__main__":
    main()
