import os, platform, socket, getpass
# platform, socket.gethostname/getfqdn and getpass.getuser side by side
# with CPython.
print(platform.system(), platform.machine(), platform.node() == socket.gethostname(), platform.release() != "", tuple(platform.uname())[:3] == (platform.system(), platform.node(), platform.release()))
print(socket.gethostname() != "", type(socket.getfqdn()) == type(""), socket.getfqdn("localhost") != "")
os.environ["LOGNAME"] = "someone"
print(getpass.getuser())
os.environ.pop("LOGNAME")
os.environ["USER"] = "other"
print(getpass.getuser())
