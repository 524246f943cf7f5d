# err(f, *args) is the text of the exception of f(*args) ("Type: message"),
# as lib/errtext.star's err is in procstar.
def err(f, *args):
    try:
        f(*args)
    except Exception as e:
        return type(e).__name__ + ": " + str(e)
    return "no error"
