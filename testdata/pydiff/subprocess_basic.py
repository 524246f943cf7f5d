# The CPython half of subprocess_basic.star.
import subprocess

from errtext import err

if __name__ == "__main__":
    r = subprocess.run(["echo", "hi there"], capture_output=True, text=True)
    print(r.returncode, r.stdout == "hi there\n", r.stderr, " ".join(r.args))
    r = subprocess.run("echo out; echo err >&2; exit 3", shell=True, capture_output=True)
    print(r.returncode, r.stdout == b"out\n", r.stderr == b"err\n")
    print(subprocess.check_output(["tr", "a-z", "A-Z"], input="shout\n", text=True))
    print(subprocess.call(["true"]), subprocess.call(["false"]), subprocess.check_call(["true"]))
    print(err(subprocess.check_call, ["false"]))
    print(err(subprocess.run, ["no-such-prog-xyz"]))
    try:
        subprocess.run(["sh", "-c", "exit 5"], check=True)
    except subprocess.CalledProcessError as e:
        print("subprocess.CalledProcessError", e.returncode, " ".join(e.cmd))
    print(err(lambda: subprocess.run(["sleep", "5"], timeout=0.2)).split(" timed out")[0])
    p = subprocess.Popen(["sh", "-c", "echo one; echo two; echo three"], stdout=subprocess.PIPE, text=True)
    print("|".join([l.strip() for l in p.stdout]), p.wait(), p.returncode)
    p = subprocess.Popen(["cat"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    out, _ = p.communicate(input=b"data")
    print(out == b"data", p.returncode, p.poll())
    p = subprocess.Popen(["sleep", "30"])
    print(p.poll(), err(p.wait, 0.1))
    p.terminate()
    print(p.wait())
    subprocess.run(["echo", "inherited stdout"])
    r = subprocess.run("echo both; echo both2 >&2", shell=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    print(r.stdout.replace("\n", "|"))
