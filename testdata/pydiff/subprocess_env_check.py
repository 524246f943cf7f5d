# The CPython half of subprocess_env_check.star.
import os, subprocess

from errtext import et

def main():
    print(et(subprocess.run, ["true"], env={"A": 1}))
    print(et(subprocess.run, ["true"], env={1: "a"}))
    print(et(subprocess.run, ["true"], env={"A=B": "a"}))
    print(et(subprocess.run, ["true"], env={"": "a"}))
    print(et(subprocess.run, ["true"], env={"A": "a\0b"}))
    print(et(subprocess.run, ["true"], env=[("A", "b")]))
    print(et(subprocess.run, ["true"], env=os.environ))
    print(et(subprocess.run, ["true"], cwd=1))
    print(et(subprocess.run, ["ec\0ho"]))
    print(et(subprocess.run, ["echo", "a\0b"]))
    print(et(subprocess.run, ["true"], cwd="/tm\0p"))
    print(et(subprocess.run, "echo \0", shell=True))
    print(et(subprocess.Popen, ["true"], env={"A": None}))
    print(et(subprocess.run, ["sh", "-c", "echo $A$B"], env={"A": b"bytes", b"B": "k"}, capture_output=True))

if __name__ == "__main__":
    main()
