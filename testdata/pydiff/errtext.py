# err(f, *args) is the text of the exception of f(*args) ("Type: message"),
# as lib/errtext.star's err is in procstar.
def err(f, *args):
    try:
        f(*args)
    except Exception as e:
        # Python's name as procstar gives it: builtin exceptions bare,
        # others qualified by their module (queue.Empty, shutil.Error).
        t = type(e)
        name = t.__name__ if t.__module__ == "builtins" else t.__module__.lstrip("_") + "." + t.__name__
        return name + ": " + str(e)
    return "no error"

# et(f, *args, **kwargs) is "Type: message" of the exception of the call, or
# "ok: " and the repr of its result, as lib/errtext.star's et is in procstar.
def et(f, *args, **kwargs):
    try:
        r = f(*args, **kwargs)
    except Exception as e:
        t = type(e)
        name = t.__name__ if t.__module__ == "builtins" else t.__module__.lstrip("_") + "." + t.__name__
        return name + ": " + str(e)
    return "ok: " + repr(r)

# show(label, f, *args, **kwargs) prints label and the result of the call,
# or label, "!" and "Type: message" of its exception, as
# lib/errtext.star's show does in procstar.
def show(label, f, *args, **kwargs):
    try:
        r = f(*args, **kwargs)
    except Exception as e:
        t = type(e)
        name = t.__name__ if t.__module__ == "builtins" else t.__module__.lstrip("_") + "." + t.__name__
        print(label, "!", name + ": " + str(e))
    else:
        print(label, r)

# catch(f, *args, **kwargs) is (result, None), or (None, err) with err.type
# ("Type", or "module.Type" as err names them) and err.message, as
# procstar's catch.
class _Err:
    def __init__(self, e):
        t = type(e)
        self.type = t.__name__ if t.__module__ == "builtins" else t.__module__.lstrip("_") + "." + t.__name__
        self.message = str(e)

def catch(f, *args, **kwargs):
    try:
        return f(*args, **kwargs), None
    except Exception as e:
        return None, _Err(e)
