import logging, os, re, sys
from errtext import err

# Formatter: the three styles, defaults=, the default format, and the
# ValueErrors of bad formats and styles.
rec = logging.makeLogRecord({"msg": "a %s and %d", "args": ("b", 2), "levelname": "INFO", "name": "x", "levelno": 20})
for fmt, style in [("%(levelname)-6s|%(name)s|%(message)s", "%"), ("{levelname:>8}|{name}|{message}", "{"), ("$levelname ${name} $$ $message", "$")]:
    print(logging.Formatter(fmt, style=style).format(rec))
print(logging.Formatter().format(rec), logging.Formatter(None, None, "{").format(rec), logging.Formatter(style="$").format(rec))
print(logging.Formatter("%(message)s [%(user)s]", defaults={"user": "nobody"}).format(rec))
print(logging.Formatter("%(asctime)s %(message)s").usesTime(), logging.Formatter("{asctime}", style="{").usesTime(), logging.Formatter("%(message)s").usesTime())
print(logging.Formatter("%(msg)s", validate=False).format(rec), logging.Formatter("plain", validate=False).format(rec))
for args in [("%(message)", None, "%"), ("no fields",), ("{message", None, "{"), ("{}", None, "{"), ("{a!x}", None, "{"), ("{a:zz}", None, "{"), ("a}", None, "{"), ("$", None, "$"), ("none", None, "$"), ("x", None, "#")]:
    print(err(logging.Formatter, *args))
for fmt, style in [("%(nope)s", "%"), ("{nope}", "{"), ("$nope", "$")]:
    print(err(logging.Formatter(fmt, style=style).format, rec))
print(rec.getMessage(), rec.levelname, rec.name, rec.message)

# Handlers on a logger: StreamHandler to sys.stdout, levels, formatters,
# names, filters, NullHandler; the handlers list as Python shows it.
out = logging.StreamHandler(sys.stdout)
out.setFormatter(logging.Formatter("out %(levelname)s %(name)s: %(message)s"))
app = logging.getLogger("app")
app.setLevel(logging.DEBUG)
app.addHandler(out)
app.addHandler(out)
print(app.handlers, out, out.level, out.name, out.formatter == None, logging.StreamHandler().stream == sys.stderr, logging.NullHandler())
app.debug("debug %d", 1)
out.setLevel("INFO")
app.debug("hidden by the handler's level")
app.info("info %s", "shown")
out.set_name("console")
print(out.name, out.get_name(), out, out.level)
print(err(out.setLevel, "nope"), err(out.setLevel, None), err(out.setLevel, 1.5))
def only_errors(record):
    return record.levelno >= logging.ERROR
out.addFilter(only_errors)
out.addFilter(only_errors)
print(len(out.filters))
app.warning("dropped by the handler's filter")
app.error("kept")
out.removeFilter(only_errors)
out.removeFilter(only_errors)
app.warning("the filter is gone")
db = logging.getLogger("app.db")
print(db.parent.name, app.parent, logging.root.parent, db.propagate, db.disabled, db.hasHandlers(), logging.getLogger("other").hasHandlers())
db.warning("reaches app's handler")
db.propagate = False
db.warning("not shown: propagate is False")
print(db.hasHandlers(), db.handlers)
db.propagate = True
app.addFilter(logging.Filter("app.db"))
app.info("dropped: the filter passes app.db only")
db.info("passes the filter of app? no: logger filters apply where the call is made")
db.addFilter(logging.Filter("app.d"))
db.info("dropped: app.d is not a parent of app.db")
db.filters.clear()
db.info("db has no filters now")
app.filters.clear()
app.disabled = True
app.error("not shown: app is disabled")
app.disabled = False
app.removeHandler(out)
app.removeHandler(out)
print(app.handlers, app.hasHandlers())
null = logging.NullHandler()
app.addHandler(null)
app.error("to the NullHandler only")
app.handlers.clear()
app.addHandler(out)

# Logger and record fields: the caller's line, function, file and module;
# stacklevel; extra; a filter that adds a field.
out.setFormatter(logging.Formatter("%(lineno)d %(funcName)s %(module)s %(levelno)s %(user)s %(message)s", defaults={"user": "-"}))
app.error("at the top level")
def work(n):
    app.error("in work(%d)", n)
    inner = lambda: app.error("in a lambda")
    inner()
    def nested():
        app.error("nested", stacklevel=2)
    nested()
work(3)
app.error("with extra", extra={"user": "ann"})
print(err(lambda: app.error("x", extra={"msg": "no"})), err(lambda: app.error("x", extra={"asctime": "no"})))
def tag(record):
    record.user = "tagged"
    return True
app.addFilter(tag)
app.error("tagged by a filter")
app.removeFilter(tag)
def show(record):
    print(record.name, record.levelname, record.levelno, record.funcName, record.lineno, record.module, record.filename.replace(".star", ".py"),
          record.pathname == os.path.join(os.getcwd(), record.filename), record.process == os.getpid(), record.processName, record.threadName,
          type(record.created) == type(0.5), type(record.msecs) == type(0.5), type(record.relativeCreated) == type(0.5), type(record.thread) == type(1), len(record.args), record.msg, record.getMessage())
    return False
app.addFilter(show)
app.warning("shown %s %d", "by", 2)
work(4)
app.removeFilter(show)
out.setFormatter(logging.Formatter("%(created)f %(msecs)d %(relativeCreated)d %(thread)d %(process)d %(processName)s %(threadName)s %(filename)s %(pathname)s"))
def masked(record):
    return True
app.addFilter(masked)
app.handlers.clear()
path = "/tmp/procstar-logging-handlers-%d.log" % os.getpid()
fh = logging.FileHandler(path, mode="w")
fh.setFormatter(out.formatter)
app.addHandler(fh)
app.error("fields")
fh.close()
text = open(path).read().replace(os.path.join(os.getcwd(), ""), "DIR/").replace(".star", ".py")
print(re.sub("[0-9]+", "N", text).strip())

# FileHandler: modes, delay, close and reopen, baseFilename; the
# default formatter.
fh = logging.FileHandler(path, delay=True)
print(fh.baseFilename == path, fh.mode, fh.delay, fh.stream, fh.terminator == "\n", os.path.exists(path))
app.handlers.clear()
app.addHandler(fh)
app.error("appended %s", "line")
fh.close()
app.error("after close: reopened in mode a")
fh.close()
print(open(path).read().replace(os.path.join(os.getcwd(), ""), "DIR/").replace(".star", ".py").count("\n"), " | ".join(open(path).read().split("\n")[-3:]))
fw = logging.FileHandler(path, "w")
fw.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
app.handlers = [fw]
app.critical("one")
fw.close()
app.critical("not written: a closed 'w' handler is not reopened")
print(open(path).read().replace("\n", "|"))
os.remove(path)
app.handlers = []
app.filters.clear()

# Levels: addLevelName, getLevelNamesMapping, disable.
logging.addLevelName(25, "NOTICE")
print(logging.getLevelName(25), logging.getLevelName("NOTICE"), logging.getLevelNamesMapping()["NOTICE"], len(logging.getLevelNamesMapping()))
app.addHandler(out)
out.setFormatter(logging.Formatter("%(levelname)s:%(name)s:%(message)s"))
app.setLevel("NOTICE")
print(app.level, app.getEffectiveLevel(), app.isEnabledFor(25), app.isEnabledFor(24))
app.log(25, "a notice")
logging.disable(logging.ERROR)
print(app.isEnabledFor(40), app.isEnabledFor(50))
app.error("hidden by disable")
app.critical("critical passes disable(ERROR)")
logging.disable()
app.critical("hidden by disable()")
logging.disable(logging.NOTSET)
app.critical("enabled again")
print(err(logging.disable, "nope"))
app.handlers.clear()

# basicConfig with the root's handlers: does nothing when the root has
# one; handlers=; its errors.
root = logging.getLogger()
print(root == logging.root, root.handlers, logging.root)
root.addHandler(out)
logging.basicConfig(level=logging.DEBUG, format="ignored %(message)s")
print(root.level, root.handlers)
logging.warning("through the root's own handler")
h2 = logging.StreamHandler(sys.stdout)
logging.basicConfig(handlers=[h2], format="basic {levelname} {message}", style="{", force=True)
print(root.handlers == [h2], out.formatter != None, h2.formatter.format(rec))
logging.error("via handlers=")
print(err(lambda: logging.basicConfig(handlers=[h2], stream=sys.stdout, force=True)), err(lambda: logging.basicConfig(style="#", force=True)))
print(err(lambda: logging.basicConfig(stream=None, filename=None, force=True)))
logging.basicConfig(stream=sys.stdout, format="$levelname:$message", style="$", force=True)
logging.error("dollar style")
