# The CPython half of subprocess_pipeline.star.
import os
import subprocess


def err(f, *args, **kwargs):
    try:
        f(*args, **kwargs)
    except Exception as e:
        return type(e).__name__ + ": " + str(e)
    return "no error"


if __name__ == "__main__":
    p1 = subprocess.Popen(["printf", "a\\nxb\\nc\\nxd\\n"], stdout=subprocess.PIPE)
    p2 = subprocess.Popen(["grep", "x"], stdin=p1.stdout, stdout=subprocess.PIPE)
    p1.stdout.close()
    print(p2.communicate(), p2.returncode, p1.wait())

    # A slow writer: the reader waits for its input.
    p1 = subprocess.Popen(["sh", "-c", "sleep 0.3; echo late"], stdout=subprocess.PIPE)
    p2 = subprocess.Popen(["sh", "-c", "cat; echo rc=$? >&2"], stdin=p1.stdout, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    p1.stdout.close()
    print(p2.communicate(), p1.wait())

    # A slow reader: the writer waits for room in the pipe.
    p2 = subprocess.Popen(["sh", "-c", "sleep 0.5; wc -c"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    p1 = subprocess.Popen(["sh", "-c", "head -c 300000 /dev/zero || echo write failed >&2"], stdout=p2.stdin, stderr=subprocess.PIPE)
    print(p1.communicate(), p1.returncode)
    p2.stdin.close()
    print(p2.stdout.read().strip(), p2.wait())

    # stderr of one as stdin of the next; fileno of a closed pipe.
    p1 = subprocess.Popen(["sh", "-c", "echo to-err >&2"], stderr=subprocess.PIPE)
    print(subprocess.check_output(["tr", "a-z", "A-Z"], stdin=p1.stderr), p1.wait())
    p1.stderr.close()
    print(err(p1.stderr.fileno))
    print(err(subprocess.run, ["cat"], stdin=p1.stderr))

    # os.popen's pipe as a program's stdin.
    f = os.popen("sleep 0.3; echo from-popen")
    print(subprocess.run(["sh", "-c", "cat; echo rc=$?"], stdin=f, capture_output=True).stdout, f.close())
