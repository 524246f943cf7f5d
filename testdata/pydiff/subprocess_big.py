# The CPython half of subprocess_big.star.
import subprocess
from hashlib import sha256

if __name__ == "__main__":
    n = 100 * 1024 * 1024
    out = subprocess.check_output(["head", "-c", str(n), "/dev/zero"])
    print(len(out), out[:4] == b"\0\0\0\0", out[-1:] == b"\0")

    # Bytes that differ everywhere: a chunk moved to the wrong place shows.
    script = "i=0; while [ $i -lt 20000 ]; do printf '%08d-line-of-text\\n' $i; i=$((i+1)); done"
    lines = subprocess.check_output(["sh", "-c", script], text=True)
    print(len(lines), lines.count("\n"), lines[:22].strip(), lines.splitlines()[-1])

    big = "seq 1 6000000"
    seq = subprocess.check_output(["sh", "-c", big])
    print(len(seq), sha256(seq).hexdigest())

    both = "head -c 41943040 /dev/zero; head -c 41943040 /dev/zero | tr '\\0' 'e' >&2"
    p = subprocess.Popen(["sh", "-c", both], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    o, e = p.communicate()
    print(p.returncode, len(o), len(e), o == b"\0" * len(o), e == b"e" * len(e))

    data = b"0123456789abcdef" * (2 * 1024 * 1024)
    r = subprocess.run(["cat"], input=data, capture_output=True)
    print(r.returncode, len(r.stdout), r.stdout == data)
