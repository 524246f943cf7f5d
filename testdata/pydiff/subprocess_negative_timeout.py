# The CPython half of subprocess_negative_timeout.star.
import subprocess, time

from errtext import et

def kind(f, *args, **kwargs):
    return et(f, *args, **kwargs).split(":")[0]

def main():
    t0 = time.time()
    p = subprocess.Popen(["sleep", "3"])
    print(kind(p.wait, -1))
    print(kind(p.wait, timeout=-0.5))
    print(kind(p.communicate, None, -1))
    print(p.poll())
    p.kill()
    print(p.wait())
    p = subprocess.Popen(["sleep", "3"], stdout=subprocess.PIPE)
    print(kind(p.communicate, timeout=-1))
    p.kill()
    print(p.communicate())
    print(kind(subprocess.run, ["sleep", "3"], timeout=-1))
    print(kind(subprocess.run, ["sleep", "3"], capture_output=True, timeout=-1))
    print(kind(subprocess.call, ["sleep", "3"], timeout=-0.5))
    print(kind(subprocess.check_call, ["sleep", "3"], timeout=-0.5))
    print(kind(subprocess.check_output, ["sleep", "3"], timeout=-1))
    print(time.time() - t0 < 2)

if __name__ == "__main__":
    main()
