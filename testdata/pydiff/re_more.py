# The CPython half of re_more.star.
import re

def kind(v):
    if isinstance(v, re.Match):
        return "match"
    return type(v).__name__

def attempt(f):
    try:
        r = f()
    except Exception as e:
        # Python's name as procstar gives it (re.error, TypeError...).
        t = type(e)
        name = t.__name__ if t.__module__ == "builtins" else t.__module__.lstrip("_") + "." + t.__name__
        return name + ": " + str(e)
    return show(r)

def show(v):
    k = kind(v)
    if k == "str":
        return "'" + v + "'"
    if k == "list":
        return "[" + ", ".join([show(x) for x in v]) + "]"
    if k == "tuple":
        return "(" + ", ".join([show(x) for x in v]) + ")"
    if k == "dict":
        return "{" + ", ".join([show(x) + ": " + show(v[x]) for x in sorted(v.keys())]) + "}"
    if k == "match":
        return "M" + show(v.span()) + show(v.group())
    return str(v)

def p(label, f):
    print(label, "=>", attempt(f))

P = re.compile(r"\d+")

# Pattern methods with pos and endpos (in characters; ^ and \A hold only at
# the real start, \b sees the text before pos, $ holds at endpos)
p("search pos", lambda: P.search("ab12cd34", 4))
p("search pos kw", lambda: P.search("ab12cd34", pos=3))
p("match pos", lambda: P.match("ab12", 2))
p("match pos miss", lambda: P.match("ab12", 1))
p("fullmatch pos endpos", lambda: P.fullmatch("ab12cd", 2, 4))
p("findall pos", lambda: P.findall("a1b2c3", 2))
p("findall pos endpos", lambda: P.findall("a1b2c3", 1, 4))
p("finditer pos", lambda: [m.span() for m in P.finditer("a1b2c3", 3)])
p("^ at pos", lambda: re.compile("^a").search("ba", 1))
p("$ at endpos", lambda: re.compile("a$").search("ab", 0, 1))
p("\\b at pos", lambda: re.compile(r"\bb").search("ab b", 1))
p("neg pos", lambda: P.search("12", -5))
p("pos>len", lambda: P.search("12", 5))
p("endpos<pos", lambda: P.search("12", 1, 0))
p("m.pos endpos", lambda: (P.search("a1b2", 1, 3).pos, P.search("a1b2", 1, 3).endpos, P.search("a1b2").endpos))

# Match objects: several groups at once, groups that did not take part
# (None, -1, default=), lastindex and lastgroup (the group that closed last),
# string, re, expand, m[g]
m = re.match(r"(?P<a>x)(?P<b>y)?(z)?", "xq")
p("group multi", lambda: m.group(0, "a", 2, 3))
p("groupdict def", lambda: m.groupdict("-"))
p("groupdict def kw", lambda: m.groupdict(default="-"))
p("groups def", lambda: m.groups(0))
p("start unmatched", lambda: (m.start(2), m.end("b"), m.span(3)))
p("lastgroup", lambda: (m.lastgroup, m.lastindex))
p("lastindex nested", lambda: re.match("((a)b)", "ab").lastindex)
p("lastindex nested2", lambda: re.match("(a)((b)c)", "abc").lastindex)
p("lastgroup nested", lambda: re.match("(?P<o>(?P<i>a)b)", "ab").lastgroup)
p("lastindex empty", lambda: re.match("(a)()", "a").lastindex)
p("lastindex none", lambda: re.match("a", "a").lastindex)
p("lastgroup unnamed", lambda: re.match("(?P<n>a)(b)", "ab").lastgroup)
p("m.string re", lambda: (m.string, m.re.pattern))
p("expand", lambda: m.expand(r"[\1|\g<a>|\g<2>|\3]\n"))
p("group err", lambda: m.group(4))
p("group err name", lambda: m.group("nope"))
p("group neg", lambda: m.group(-1))
p("getitem", lambda: (m[0], m["a"], m[2]))

# Empty matches, Python 3.7+: one may follow a match, and after one the
# next match may start at the same place if it is not empty
p("sub empty", lambda: re.sub("x*", "-", "abxd"))
p("findall empty", lambda: re.findall("x*", "abxd"))
p("findall alt empty", lambda: re.findall("|a", "a"))
p("split empty", lambda: re.split(r"\b", "a bc"))
p("split x*", lambda: re.split("x*", "axbc"))
p("subn empty", lambda: re.subn("", "-", "abc"))
p("sub ^ m", lambda: re.sub("(?m)^", ">", "a\nb\n"))
p("sub $ m", lambda: re.sub("(?m)$", "<", "a\nb\n"))

# split with groups and maxsplit; negative count and maxsplit replace and
# split nothing; count, maxsplit and flags may be positional or keywords
p("split groups max", lambda: re.split(r"(,)(\s)?", "a, b,c,d", maxsplit=2))
p("split neg max", lambda: re.split(",", "a,b", maxsplit=-1))
p("sub neg count", lambda: re.sub("a", "x", "aaa", count=-1))
p("sub pos count flags", lambda: re.sub("a", "x", "AaA", 2, re.I))
p("subn pos flags", lambda: re.subn("a", "x", "AaA", 0, re.I))
p("split pos flags", lambda: re.split("a", "bAc", 0, re.I))
p("findall pos flags", lambda: re.findall("a", "bAc", re.I))

# findall: the match, the group, or a tuple of groups
p("findall 1 group", lambda: re.findall(r"(\w)=\d", "a=1 b=2"))
p("findall 2 groups", lambda: re.findall(r"(\w)=(\d)?", "a=1 b="))
p("finditer", lambda: [x.group(1) for x in re.finditer(r"(\w)\d", "a1 b2")])

# $ (without MULTILINE) holds at the end and before a final newline; \Z only
# at the end
p("$ trailing nl", lambda: re.search("a$", "a\n"))
p("$ two nl", lambda: re.search("a$", "a\n\n"))
p("fullmatch nl", lambda: re.fullmatch("a$", "a\n"))
p("\\Z nl", lambda: re.search(r"a\Z", "a\n"))
p("sub $", lambda: re.sub("$", "!", "ab\n"))
p("findall $", lambda: re.findall("$", "ab\n"))
p("^ m", lambda: re.findall(r"^\w", "a\nb", re.M))

# Flags: arguments, inline at the start (also (?x), (?a)), scoped; .flags
p("inline i", lambda: re.findall("(?i)a", "aA"))
p("inline x", lambda: re.findall("(?x) a b # c", "ab"))
p("inline s", lambda: re.match("(?s)a.b", "a\nb"))
p("inline m", lambda: re.findall("(?m)^b", "a\nb"))
p("inline a", lambda: re.findall(r"(?a)\w+", "héllo"))
p("inline flags attr", lambda: re.compile("(?i)a").flags)
p("inline mx attr", lambda: re.compile("(?mx)a").flags)
p("scoped", lambda: re.findall("(?i:a)b", "ABAbab"))
p("flags combo", lambda: re.findall("^a.", "A\nb\na\n", re.I | re.M | re.S))
p("flags attr", lambda: re.compile("a", re.I | re.M).flags)
p("verbose class", lambda: re.findall(r"[ #]+", "a #b", re.X))
p("verbose esc space", lambda: re.findall(r"a\ b", "a b", re.X))

# re.escape escapes only what is special in a pattern (Python 3.7+)
p("escape punct", lambda: re.escape("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ \t\n"))
p("escape unicode", lambda: re.escape("é-ü"))

# Replacement templates: parsed before any search (errors even without a
# match), with Python's escapes and errors
p("tmpl bad group", lambda: re.sub("a", r"\9", "a"))
p("tmpl bad group nomatch", lambda: re.sub("x", r"\9", "a"))
p("tmpl bad name", lambda: re.sub("(a)", r"\g<nope>", "a"))
p("tmpl bad name nomatch", lambda: re.sub("(a)", r"\g<nope>", "b"))
p("tmpl g<", lambda: re.sub("(a)", r"\g<1", "a"))
p("tmpl g<>", lambda: re.sub("(a)", r"\g<>", "a"))
p("tmpl g", lambda: re.sub("(a)", r"\g", "a"))
p("tmpl g<x-y>", lambda: re.sub("(a)", r"\g<x-y>", "a"))
p("tmpl bad esc", lambda: re.sub("a", r"\q", "a"))
p("tmpl esc keep", lambda: re.sub("a", r"\-\.", "a"))
p("tmpl escapes", lambda: re.sub("a", r"\a\b\f\v\t\r\\", "a") == "\a\b\f\v\t\r\\")
p("tmpl octal", lambda: re.sub("a", r"\0\101\12", "a") == "\0A\n")
p("tmpl g<0>", lambda: re.sub("a+", r"<\g<0>>", "baab"))
p("tmpl \\10", lambda: re.sub("(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)", r"\10", "abcdefghij"))
p("tmpl trailing \\", lambda: re.sub("a", "x\\", "a"))
p("expand bad", lambda: m.expand(r"\5"))

# Type errors
p("type pattern", lambda: re.search(1, "a"))
p("type string", lambda: re.search("a", 1))
p("type string None", lambda: re.search("a", None))
p("type repl", lambda: re.sub("a", 1, "a"))
p("type repl func", lambda: re.sub("a", lambda m: 1, "a"))
p("type escape", lambda: re.escape(1))
p("type p.search", lambda: P.search(5))
p("flags with pattern", lambda: re.compile(P, re.I))

# Compile errors with Python's messages and positions; escapes Python has
# (octal, \u, \U) and RE2 spells otherwise; {,n}; a [ in a class is literal
p("compile err", lambda: re.compile("(a"))
p("compile err2", lambda: re.compile("a)"))
p("compile err3", lambda: re.compile("[a"))
p("compile err4", lambda: re.compile("*a"))
p("compile bad esc", lambda: re.compile(r"\q"))
p("unicode esc", lambda: re.findall(r"\u00e9|\U0001F600|\x41", "éA"))
p("octal esc", lambda: re.findall(r"\0|\101", "\0A"))
p("brace ,n", lambda: re.findall("a{,2}", "aaa"))
p("brace literal", lambda: re.findall("a{x}|{", "a{x}{"))
p("brace n,", lambda: re.findall("a{2,}", "aaa a"))

# Repeats and group captures
p("lazy", lambda: re.findall("a+?", "aaa"))
p("nested group capture", lambda: re.match("(a*)+", "b").span(1))
p("nested group capture2", lambda: re.match("(a|ab)(c|bcd)(d*)", "abcd").groups())
p("rep group last", lambda: re.match(r"(?:(\w)\d)+", "a1b2c3").group(1))
p("(a*)*", lambda: re.match("(a*)*", "b").span(1))
p("(a|b)*", lambda: re.match("(a|b)*", "ab").span(1))
p("(?:x|(a))*", lambda: re.match("(?:x|(a))*", "ax").span(1))

# Pattern and Match reprs and attributes
p("pattern repr", lambda: str(re.compile("a", re.I)))
p("pattern repr inline", lambda: str(re.compile("(?i)a")))
p("match repr", lambda: str(re.search("b", "abc")))
p("groupindex", lambda: re.compile("(?P<x>a)(b)(?P<y>c)").groupindex)
p("groups attr", lambda: re.compile("(a)(?:b)(c)").groups)
p("ignorecase unicode", lambda: re.findall("(?i)straße|k", "STRASSE Straße K \u212a"))
p("dot nl", lambda: re.findall(".", "a\nb"))
p("class esc", lambda: re.findall(r"[\]\-a]", "]-ab"))
p("\\A", lambda: re.findall(r"\Aa", "aa"))

# More sub and split
p("split maxsplit pos", lambda: re.split(",", "a,b,c", 1))
p("split no match", lambda: re.split("x", ""))
p("split empty str", lambda: re.split("x*", ""))
p("sub empty str", lambda: re.sub("x*", "-", ""))
p("sub func groups", lambda: re.sub(r"(\d)", lambda m: m.group(1) * 2, "a1b2"))
p("sub count kw", lambda: re.subn(r"\d", "#", "1234", count=3))
p("P.sub count", lambda: P.sub("#", "1 22 333", 2))
p("P.split maxsplit", lambda: P.split("a1b22c", maxsplit=1))
p("P.split kw", lambda: re.compile(",").split(string="a,b"))
p("match kw", lambda: re.match(pattern="a", string="ab"))
p("sub kw", lambda: re.sub(pattern="a", repl="b", string="aa", count=1, flags=0))


# bytes patterns on bytes (ASCII classes, positions in bytes)
p("bytes search", lambda: re.search(rb"(\d+)", b"ab 12\xff").group(1) == b"12")
p("bytes span", lambda: re.search(rb"\xff(.)", b"a\xff\xfeb").span())
p("bytes findall", lambda: re.findall(rb"\w+", b"ab \xe9t\xe9") == [b"ab", b"t"])
p("bytes sub", lambda: re.sub(rb"(\d)", rb"<\1>", b"a1b2") == b"a<1>b<2>")
p("bytes split", lambda: re.split(rb",", b"a,b") == [b"a", b"b"])
p("bytes mix", lambda: re.search(rb"a", "a"))
p("str mix", lambda: re.search("a", b"a"))
p("bytes escape", lambda: re.escape(b"a.b") == b"a\\.b")
p("bytes pattern attr", lambda: re.compile(rb"a+").pattern == b"a+")
p("bytes flags", lambda: re.compile(rb"a").flags)
p("bytes $", lambda: re.search(rb"a$", b"a\n").span())
p("bytes groupdict", lambda: re.match(rb"(?P<x>a)", b"a").groupdict()["x"] == b"a")
p("bytes U", lambda: re.compile(rb"a", re.U))
p("A U", lambda: re.compile("a", re.A | re.U))
p("flags A attr", lambda: re.compile("a", re.A).flags)
p("flags U attr", lambda: re.compile("a", re.U).flags)
p("U repr", lambda: str(re.compile("a", re.U)))

# re.ASCII classes and Unicode positions
p("ascii \\s", lambda: len(re.findall(r"\s", " \t\n\r\f\v\x1c\u00a0", re.A)))
p("unicode \\s", lambda: len(re.findall(r"\s", " \t\n\r\f\v\x1c\u00a0")))
p("pos unicode", lambda: re.compile("é").search("ééé", 1).span())
p("pos unicode \\b", lambda: re.compile(r"\bé").search("é é", 1).span())
p("match pos unicode", lambda: re.compile("(é)").match("aéé", 1).span(1))
p("findall endpos $", lambda: re.compile(r"\w+$").findall("ab\ncd", 0, 2))

# $ and \Z, DOTALL, scoped flags, verbose mode
p("$ mid nl", lambda: re.search("a$", "a\nb"))
p("$ class", lambda: re.findall("[$]", "a$"))
p("\\Z vs $", lambda: (re.sub(r"\Z", "!", "a\n"), re.sub("$", "!", "a\n")))
p("fullmatch $ nl", lambda: re.fullmatch(r"a\n$", "a\n").span())
p("search dotall $", lambda: re.search("(?s).$", "ab\n").span())
p("scoped m $", lambda: re.findall("(?m:a$)", "a\na"))
p("scoped x", lambda: re.findall("(?x: a b )c", "abc"))
p("scoped -i", lambda: re.findall("(?i)a(?-i:b)", "AbAB"))
p("global mid", lambda: re.compile("a(?i)b"))
p("unknown ext", lambda: re.compile("(?Q)"))
p("verbose nl class", lambda: re.findall("[a b]", "a b", re.X))
p("verbose comment class", lambda: re.findall("a#b\nc", "ac", re.X))
p("verbose quant space", lambda: re.findall("a {2}", "aa", re.X))

# Repeat syntax and its errors
p("nothing to repeat +", lambda: re.compile("+"))
p("nothing to repeat group", lambda: re.compile("(*)"))
p("multiple repeat", lambda: re.compile("a**"))
p("lazy ok", lambda: re.findall("a??b", "ab b"))
p("repeat braces lazy", lambda: re.findall("a{1,2}?", "aaa"))
p("{,}", lambda: re.findall("a{,}", "aa"))
p("{}", lambda: re.findall("a{}", "a{}"))
p("{1,x}", lambda: re.findall("a{1,x}", "a{1,x}"))
p("min>max", lambda: re.compile("a{3,1}"))

# Escapes Python refuses or reads its own way
p("\\z", lambda: re.compile(r"a\z"))
p("\\x", lambda: re.findall(r"\x41\x4", "A"))
p("\\u short", lambda: re.compile(r"\u12"))
p("class \\1", lambda: re.findall(r"[\1]", "\x01a"))
p("class \\8", lambda: re.compile(r"[\8]"))
p("unterminated class", lambda: re.compile("ab[cd"))
p("unterminated nested", lambda: re.compile("((a)"))
p("esc unicode", lambda: re.findall(r"\é", "é"))
p("esc space", lambda: re.findall(r"\ ", "a b"))

# A function replacement: None is nothing, another type fails the join
p("sub func None", lambda: re.sub("a", lambda m: None, "bab"))
p("sub func item", lambda: re.sub("a", lambda m: 5, "bab"))

# Templates and match details
p("expand kw", lambda: re.match("(a)", "a").expand(template=r"\1\1"))
p("tmpl unicode name", lambda: re.sub("(?P<é>a)", r"\g<é>!", "a"))
p("tmpl \\g<0>", lambda: re.sub("(a)", r"\g<0>\g<1>", "a"))
p("tmpl group 100", lambda: re.sub("a", r"\g<100>", "a"))
p("tmpl octal big", lambda: re.sub("a", r"\477", "a"))
p("tmpl \\08", lambda: re.sub("a", r"\08", "a") == "\x008")
p("regs", lambda: re.match("(a)(b)?", "a").regs)
p("bool group", lambda: re.match("(a)", "a").group(True))
p("span str", lambda: re.match("(?P<n>a)", "a").span("n"))
p("groupindex order", lambda: list(re.compile("(?P<z>a)(?P<a>b)").groupindex.keys()))

# Empty matches, pos and endpos once more
p("sub \\b uni", lambda: re.sub(r"\b", "|", "é a"))
p("split empty+groups", lambda: re.split(r"(x*)", "axb"))
p("finditer pos endpos", lambda: [m.span() for m in re.compile("a").finditer("aaaa", 1, 3)])
p("search endpos neg", lambda: re.compile("a").search("aa", 0, -1))
p("sub count pos", lambda: re.compile("a").sub("b", "aaa", 2))
p("subn callable count", lambda: re.subn("a", lambda m: "b", "aaa", count=1))
p("split maxsplit empty", lambda: re.split("x*", "abc", maxsplit=2))
p("ignorecase class", lambda: re.findall("[a-c]+", "ABCabc", re.I))
p("M ^ pos", lambda: re.compile("^a", re.M).search("ba\na", 1).span())
p("anchored pos \\A", lambda: re.compile(r"\Aa").search("aa", 1))
p("match empty at pos end", lambda: re.compile("a*").match("bb", 2).span())
