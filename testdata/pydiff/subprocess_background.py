# The CPython half of subprocess_background.star.
import os
import shutil
import subprocess
import time


def wait_for(path):
    for _ in range(6000):
        if os.path.exists(path):
            return
        time.sleep(0.01)
    raise SystemExit("no " + path)


if __name__ == "__main__":
    d = subprocess.check_output(["mktemp", "-d"], text=True).strip()
    held = "while [ ! -e %s/go ]; do sleep 0.01; done" % d
    r = subprocess.run(["sh", "-c", "echo own; (%s; echo late; touch %s/done1) &" % (held, d)])
    print("run:", r.returncode)
    p = subprocess.Popen(["sh", "-c", "(%s; touch %s/done2) &" % (held, d)])
    print("Popen.wait:", p.wait())
    out = subprocess.check_output(["sh", "-c", "echo out; (%s; touch %s/done3) >/dev/null &" % (held, d)], text=True)
    print("check_output:", out.strip())
    r = subprocess.run(["sh", "-c", "(%s; touch %s/done4) &" % (held, d)], timeout=60)
    print("run with a timeout:", r.returncode)
    p = subprocess.Popen(["sh", "-c", "echo piped; (%s; touch %s/done5) >/dev/null &" % (held, d)], stdout=subprocess.PIPE, text=True)
    out, _ = p.communicate()
    print("communicate:", out.strip(), p.returncode)
    subprocess.run(["touch", d + "/go"])
    for i in range(1, 6):
        wait_for(d + "/done" + str(i))
    shutil.rmtree(d)
