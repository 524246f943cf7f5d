# The CPython half of pathlib_relative_multi.star.
import pathlib, warnings
from errtext import show

warnings.simplefilter("ignore", DeprecationWarning)
P = pathlib.PurePosixPath
p = P("a/b/c")
show("rel a b", p.relative_to, "a", "b")
show("rel P(a) b", p.relative_to, P("a"), "b")
show("rel /x a", P("/x/a/b").relative_to, "/x", "a")
show("rel 3", p.relative_to, "a", "b", "c")
show("isrel a b", p.is_relative_to, "a", "b")
show("isrel a c", p.is_relative_to, "a", "c")
show("isrel a /a", p.is_relative_to, "x", "/a")
