# os.kill of a Popen program that has ended but that the script has not
# waited for succeeds, as in CPython, where it is a zombie until poll(),
# wait() or communicate() reaps it (procstar reaps it at once); after that
# the pid is gone: ProcessLookupError. send_signal polls first, as CPython's.
import os, signal, subprocess, time
from errtext import et
p = subprocess.Popen(["true"], stdout = subprocess.PIPE)
print("read", p.stdout.read())  # EOF: the program has ended
time.sleep(0.2)
print("kill ended unwaited", et(os.kill, p.pid, signal.SIGTERM))
print("kill 0 ended unwaited", et(os.kill, p.pid, 0))
print("returncode", p.returncode)
print("kill again", et(os.kill, p.pid, signal.SIGKILL))
print("poll", p.poll())
print("kill after poll", et(os.kill, p.pid, signal.SIGTERM))
print("send_signal after poll", et(p.send_signal, signal.SIGTERM))
q = subprocess.Popen(["sleep", "5"])
print("kill running", et(os.kill, q.pid, signal.SIGTERM))
print("wait", q.wait())
print("kill after wait", et(os.kill, q.pid, signal.SIGTERM))
r = subprocess.Popen(["true"], stdout = subprocess.PIPE)
print("read", r.stdout.read())
time.sleep(0.2)
print("kill ended unwaited", et(os.kill, r.pid, signal.SIGKILL))
print("communicate", r.communicate())
print("kill after communicate", et(os.kill, r.pid, signal.SIGKILL))
s = subprocess.Popen(["true"], stdout = subprocess.PIPE)
s.stdout.read()
time.sleep(0.2)
print("send_signal ended unwaited", et(s.send_signal, signal.SIGTERM), s.returncode)
print("kill after send_signal", et(os.kill, s.pid, 0))
