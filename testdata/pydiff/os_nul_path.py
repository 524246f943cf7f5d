# The CPython half of os_nul_path.star.
import glob, os, shutil

from errtext import et

def main():
    for f in [os.stat, os.lstat, os.listdir, os.mkdir, os.makedirs, os.remove, os.unlink, os.rmdir, os.chdir, os.scandir,
              os.path.exists, os.path.isdir, os.path.isfile, os.path.islink, os.path.getsize, os.path.getmtime,
              shutil.rmtree, shutil.which, shutil.disk_usage, open, glob.glob]:
        print(et(f, "a\0b"))
    print(et(os.rename, "a\0b", "c"))
    print(et(os.rename, "nope", "c\0"))
    print(et(os.replace, "nope", "c\0"))
    print(et(shutil.copy, "a\0b", "c"))
    print(et(shutil.copyfile, "a\0b", "c"))
    print(et(shutil.move, "a\0b", "c"))
    print(et(open, "a\0b", "w"))

if __name__ == "__main__":
    main()
