# logging takes a bool wherever Python takes an int level (bool is an int):
# setLevel, isEnabledFor, log, basicConfig(level=), a handler's setLevel, the
# multiprocessing logger's too; getLogger's name must be a str or None.
import logging, sys
from multiprocessing import get_logger
def show(label, f, *args, **kwargs):
    try:
        r = f(*args, **kwargs)
    except Exception as e:
        print(label, "!", type(e).__name__ + ": " + str(e))
        return
    print(label, r)
logging.basicConfig(stream=sys.stdout, format="%(name)s|%(message)s")
x = logging.getLogger("x")
show("setLevel True", x.setLevel, True)
print("eff", x.getEffectiveLevel() == 1)
show("enabled True", x.isEnabledFor, True)
show("enabled False", x.isEnabledFor, False)
show("log True", x.log, True, "level one")
show("root log False", logging.log, False, "level zero, not shown")
show("mp setLevel True", get_logger().setLevel, True)
print("mp eff", get_logger().getEffectiveLevel() == 1, get_logger().isEnabledFor(True))
show("mp log", get_logger().log, True, "mp level one, no handler")
show("disable False", logging.disable, False)
x.setLevel(logging.DEBUG)
show("log 30 after", x.log, 30, "after")
h = logging.StreamHandler(sys.stdout)
show("handler level", h.setLevel, True)
print(h.level == 1)
show("basicConfig True", logging.basicConfig, level=True, force=True, stream=sys.stdout, format="%(name)s %(message)s")
print("root level", logging.getLogger().getEffectiveLevel() == 1)
logging.log(2, "two")
for name in [5, None, b"x", 1.5, True, "", "root", "a.b"]:
    show(str(name), lambda: logging.getLogger(name).name)
