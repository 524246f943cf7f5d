# The CPython half of subprocess_files.star.
import os, shutil, subprocess, sys, tempfile

from errtext import et

def main():
    d = tempfile.mkdtemp()
    log = os.path.join(d, "log.txt")
    f = open(log, "w")
    f.write("header\n")
    f.flush()
    print(subprocess.call(["echo", "one"], stdout=f))
    print(subprocess.run(["sh", "-c", "echo two; echo three >&2"], stdout=f, stderr=f).returncode)
    print(subprocess.run(["sh", "-c", "echo four >&2"], stdout=f, stderr=subprocess.STDOUT).returncode)
    p = subprocess.Popen(["echo", "five"], stdout=f.fileno())
    print(p.wait())
    f.close()
    print(open(log).read().replace("\n", "|"))
    print(et(subprocess.run, ["echo"], stdout=f))
    print(et(subprocess.run, ["echo"], stdout="x"))
    print(et(subprocess.run, ["cat"], stdin=1.5))
    print(et(subprocess.run, ["echo"], stdout=99))
    g = open(log)
    print(subprocess.check_output(["wc", "-l"], stdin=g))
    g.close()
    g = open(log, "rb")
    print(subprocess.run(["head", "-1"], stdin=g, capture_output=True, text=True).stdout, end="")
    g.close()
    fd = os.open(log, os.O_RDONLY)
    print(subprocess.check_output(["tail", "-1"], stdin=fd))
    os.close(fd)
    sys.stdout.flush()
    print(subprocess.run(["echo", "to sys.stdout"], stdout=sys.stdout).returncode)
    sys.stdout.flush()
    print(subprocess.run(["sh", "-c", "echo err to sys.stdout >&2"], stderr=sys.stdout).returncode)
    sys.stdout.flush()
    print(subprocess.run(["echo", "to sys.stderr"], stdout=sys.stderr).returncode)
    shutil.rmtree(d)

if __name__ == "__main__":
    main()
