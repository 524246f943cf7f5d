# The CPython half of fnmatch_string.star: fnmatch and string side by side with CPython:
# generated names and patterns, translate's text, string's constants,
# capwords, Template's substitutions and errors, and a Template crossing
# to a child process and back as a copy (Python pickles it).
import fnmatch, json, string
from multiprocessing import Process, Queue, set_start_method
from errtext import et

def child(t, q):
    q.put(t.substitute(who="child"))
    q.put(string.Template("$a+$b"))

if __name__ == "__main__":
    set_start_method("spawn")
    names = ["", "a", "ab", "a.py", ".hidden", "x-y", "a]b", "A.PY", "[x]", "a*b", "\\x", "b!", "é.txt"]
    pats = ["*", "a*", "*.py", "?", "??", "[ab]*", "[!a]*", "[a-c]?", "[z-a]*", "[]]*", "[!]]*", "a[", "*[*]*", "[\\]x", "*.[!p]*", "[a-]*", "[--a]*", "*b*", "**", "[^a]*", "é*"]
    for p in pats:
        print(p, json.dumps(fnmatch.filter(names, p)), fnmatch.fnmatch("a.py", p), fnmatch.fnmatchcase("A.PY", p))
    # translate (patterns with a star in the middle differ from 3.11's
    # text: procstar has 3.12's, left out here)
    for p in ["*.py", "a?c", "[!a-c]x", "[]]", "[a-", "x[&~|]", "*", "a**", "[\\d]", "[z-a]", "[!]", "a.b+c(d)", "[a-c-e]", "[^x]"]:
        print(fnmatch.translate(p))
    print(et(fnmatch.fnmatch, 1, "x"), et(fnmatch.filter, ["a"], 2))
    # string
    print(json.dumps([string.ascii_letters, string.ascii_lowercase, string.ascii_uppercase, string.digits, string.hexdigits, string.octdigits, string.punctuation, string.printable, string.whitespace]))
    for s in ["hello  wORLD", "  a\tb\nc  ", "", "éa bB", "x-y-z"]:
        print(json.dumps([string.capwords(s), string.capwords(s, "-"), string.capwords(s, " ")]))
    t = string.Template("$who likes ${what}; $$5 for $who_else")
    print(t.template, t.substitute({"who": "tim", "what": 1, "who_else": None}))
    print(t.substitute({"who": "a", "what": "b", "who_else": "c"}, what=True))
    print(t.safe_substitute(who="x"), t.safe_substitute())
    print(et(t.substitute, who="a"), et(t.substitute, {}, 1), et(string.Template("a\nb $ c").substitute), et(string.Template("${x").substitute, x=1))
    print(string.Template("$a $ ${b").safe_substitute(a=1), string.Template("${a}b$_c").substitute(a=1, _c=2))
    print(json.dumps(string.Template("$x $y $x ${z}").get_identifiers()), string.Template("$x $").is_valid(), string.Template("$x").is_valid())
    q = Queue()
    p = Process(target=child, args=(string.Template("$who got it"), q))
    p.start()
    print(q.get())
    back = q.get()
    print(back.template, back.substitute(a=1, b=2))
    p.join()
