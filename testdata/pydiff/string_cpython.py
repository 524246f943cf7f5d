# The CPython half of string_cpython.star: CPython 3.12's Lib/test/test_string.py, ported: ModuleTest's test_attrs and
# test_capwords, and TestTemplate for the default pattern (no Formatter, no
# Template subclasses in procstar). Each check prints its result.
import collections, string
from errtext import et

Template = string.Template

def q(s):
    return "<" + s + ">"

def ev(f, *args, **kwargs):
    r = et(f, *args, **kwargs)
    return r if not r.startswith("ok: ") else "ok: " + f(*args, **kwargs)

if __name__ == "__main__":
    # test_attrs
    for name in ["whitespace", "ascii_lowercase", "ascii_uppercase", "ascii_letters", "digits", "hexdigits", "octdigits", "punctuation", "printable"]:
        print(name, [ord(c) for c in getattr(string, name)] if name in ["whitespace", "printable"] else getattr(string, name))
    print(string.printable == string.digits + string.ascii_lowercase + string.ascii_uppercase + string.punctuation + string.whitespace)
    # test_capwords
    for args in [("abc def ghi",), ("abc\tdef\nghi",), ("abc\t   def  \nghi",), ("ABC DEF GHI",), ("ABC-DEF-GHI", "-"), ("ABC-def DEF-ghi GHI",), ("   aBc  DeF   ",), ("\taBc\tDeF\t",), ("\taBc\tDeF\t", "\t"), ("", ), ("a  b", " "), ("a  b", None), ("éa ǆc",), ("x", "")]:
        print(q(ev(string.capwords, *args)))
    # test_regular_templates, _with_braces, _with_upper_case, _with_non_letters
    s = Template("$who likes to eat a bag of $what worth $$100")
    print(s.substitute(dict(who="tim", what="ham")), et(s.substitute, dict(who="tim")))
    s = Template("$who likes ${what} for ${meal}")
    print(s.substitute(dict(who="tim", what="ham", meal="dinner")), et(s.substitute, dict(who="tim", what="ham")))
    print(Template("$WHO likes ${WHAT} for ${MEAL}").substitute(dict(WHO="tim", WHAT="ham", MEAL="dinner")))
    print(Template("$_wh0_ likes ${_w_h_a_t_} for ${mea1}").substitute(dict(_wh0_="tim", _w_h_a_t_="ham", mea1="dinner")))
    # test_escapes, test_percents, test_stringification
    print(Template("$who likes to eat a bag of $$what worth $$100").substitute(dict(who="tim", what="ham")))
    print(Template("$who likes $$").substitute(dict(who="tim", what="ham")))
    s = Template("%(foo)s $foo ${foo}")
    print(s.substitute(dict(foo="baz")), s.safe_substitute(dict(foo="baz")))
    d = dict(count=7)
    s = Template("tim has eaten $count bags of ham today")
    print(s.substitute(d), s.safe_substitute(d), Template("tim has eaten ${count} bags of ham today").substitute(d))
    # test_tupleargs (ints: Starlark's str of a str in a tuple is double-quoted)
    d = dict(who=(1, 2), meal=(3.5, None, True))
    s = Template("$who ate ${meal}")
    print(s.substitute(d), s.safe_substitute(d))
    # test_SafeTemplate
    s = Template("$who likes ${what} for ${meal}")
    for d in [dict(who="tim"), dict(what="ham"), dict(what="ham", meal="dinner"), dict(who="tim", what="ham"), dict(who="tim", what="ham", meal="dinner")]:
        print(s.safe_substitute(d))
    # test_invalid_placeholders
    for t in ["$who likes $", "$who likes ${what)", "$who likes $100", "$who likes $\u0131", "$who likes $\u0130", "line one\n  $", "a\nb\n${", "$", "${}", "${ who}", "$who$"]:
        s = Template(t)
        print(ev(s.substitute, dict(who="tim")), ev(s.safe_substitute, dict(who="tim")), s.is_valid(), ", ".join(s.get_identifiers()))
    # test_unicode_values
    print(Template("$who likes $what").substitute(dict(who="t\u00ffm", what="f\u00fe\fed")) == "t\u00ffm likes f\u00fe\x0ced")
    # test_keyword_arguments, test_keyword_arguments_safe
    s = Template("$who likes $what")
    for f in [s.substitute, s.safe_substitute]:
        print(f(who="tim", what="ham"), f(dict(who="tim"), what="ham"), f(dict(who="fred", what="kung pao"), who="tim", what="ham"))
    s = Template("the mapping is $mapping")
    for f in [s.substitute, s.safe_substitute]:
        print(f(dict(foo="none"), mapping="bozo"), f(dict(mapping="one"), mapping="two"))
    d = dict(mapping="one")
    print(et(s.substitute, d, {}), et(s.safe_substitute, d, {}))
    s = Template("the self is $self")
    print(s.substitute(self="bozo"), s.safe_substitute(self="bozo"))
    # test_is_valid, test_get_identifiers
    print(Template("$who likes to eat a bag of ${what} worth $$100").is_valid(), Template("$who likes to eat a bag of ${what} worth $100").is_valid())
    print(", ".join(Template("$who likes to eat a bag of ${what} worth $$100").get_identifiers()))
    print(", ".join(Template("$who likes to eat a bag of ${what} worth $$100; ${who} likes to eat a bag of $what worth $$100").get_identifiers()))
    print(", ".join(Template("$who likes to eat a bag of ${what} worth $100").get_identifiers()))
    # the template attribute, a mapping that is a defaultdict, non-str values
    s = Template("$a-${b}")
    print(s.template, s.substitute(collections.defaultdict(int)), s.substitute(a=[1], b={1: 2}), et(s.substitute, {"a": 1}))
    print(et(s.substitute, {}, {}, a=1))
    # a mapping that is none fails only when a placeholder looks in it
    for m in [1, [1], (1,), "ab", b"ab", set([1])]:
        print(ev(s.substitute, m), ev(s.safe_substitute, m), ev(s.substitute, m, a=1, b=2), ev(Template("none").substitute, m))
