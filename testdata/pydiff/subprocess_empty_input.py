# The CPython half of subprocess_empty_input.star.
import subprocess

from errtext import et

if __name__ == "__main__":
    print(et(subprocess.check_output, ["cat"], input=""))
    print(et(subprocess.check_output, ["cat"], input=b""))
    print(subprocess.check_output(["cat"], input="", text=True) == "")
    print(et(subprocess.run, ["cat"], input="", capture_output=True))
    print(et(subprocess.run, ["cat"], input="", stdout=subprocess.DEVNULL))
    print(et(subprocess.run, ["cat"], input="", capture_output=True, timeout=5))
    p = subprocess.Popen(["cat"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    print(et(p.communicate, ""))
    p = subprocess.Popen(["cat"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    out, err = p.communicate("", 5)
    print(len(out), out == "", err)
    print(et(subprocess.run, ["cat"], input="x", capture_output=True))
