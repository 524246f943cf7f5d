# The CPython half of shlex_cpython.star: CPython 3.12's Lib/test/test_shlex.py, ported: the shellwords data set split
# by shlex.split (posix, with comments: testSplitPosix), the same data split
# with posix=False and without comments, testQuote, testJoin and
# testJoinRoundtrip. The shlex class (testCompat, punctuation_chars...) is not
# procstar's. Each check prints its result, so both sides are compared.
import shlex, string
from errtext import err

data = r"""x|x|
foo bar|foo|bar|
 foo bar|foo|bar|
 foo bar |foo|bar|
foo   bar    bla     fasel|foo|bar|bla|fasel|
x y  z              xxxx|x|y|z|xxxx|
\x bar|\|x|bar|
\ x bar|\|x|bar|
\ bar|\|bar|
foo \x bar|foo|\|x|bar|
foo \ x bar|foo|\|x|bar|
foo \ bar|foo|\|bar|
foo "bar" bla|foo|"bar"|bla|
"foo" "bar" "bla"|"foo"|"bar"|"bla"|
"foo" bar "bla"|"foo"|bar|"bla"|
"foo" bar bla|"foo"|bar|bla|
foo 'bar' bla|foo|'bar'|bla|
'foo' 'bar' 'bla'|'foo'|'bar'|'bla'|
'foo' bar 'bla'|'foo'|bar|'bla'|
'foo' bar bla|'foo'|bar|bla|
blurb foo"bar"bar"fasel" baz|blurb|foo"bar"bar"fasel"|baz|
blurb foo'bar'bar'fasel' baz|blurb|foo'bar'bar'fasel'|baz|
""|""|
''|''|
foo "" bar|foo|""|bar|
foo '' bar|foo|''|bar|
foo "" "" "" bar|foo|""|""|""|bar|
foo '' '' '' bar|foo|''|''|''|bar|
\""|\|""|
"\"|"\"|
"foo\ bar"|"foo\ bar"|
"foo\\ bar"|"foo\\ bar"|
"foo\\ bar\"|"foo\\ bar\"|
"foo\\" bar\""|"foo\\"|bar|\|""|
"foo\\ bar\" dfadf"|"foo\\ bar\"|dfadf"|
"foo\\\ bar\" dfadf"|"foo\\\ bar\"|dfadf"|
"foo\\\x bar\" dfadf"|"foo\\\x bar\"|dfadf"|
"foo\x bar\" dfadf"|"foo\x bar\"|dfadf"|
\''|\|''|
'foo\ bar'|'foo\ bar'|
'foo\\ bar'|'foo\\ bar'|
"foo\\\x bar\" df'a\ 'df'|"foo\\\x bar\"|df'a|\|'df'|
\"foo"|\|"foo"|
\"foo"\x|\|"foo"|\|x|
"foo\x"|"foo\x"|
"foo\ "|"foo\ "|
foo\ xx|foo|\|xx|
foo\ x\x|foo|\|x|\|x|
foo\ x\x\""|foo|\|x|\|x|\|""|
"foo\ x\x"|"foo\ x\x"|
"foo\ x\x\\"|"foo\ x\x\\"|
"foo\ x\x\\""foobar"|"foo\ x\x\\"|"foobar"|
"foo\ x\x\\"\''"foobar"|"foo\ x\x\\"|\|''|"foobar"|
"foo\ x\x\\"\'"fo'obar"|"foo\ x\x\\"|\|'"fo'|obar"|
"foo\ x\x\\"\'"fo'obar" 'don'\''t'|"foo\ x\x\\"|\|'"fo'|obar"|'don'|\|''|t'|
'foo\ bar'|'foo\ bar'|
'foo\\ bar'|'foo\\ bar'|
foo\ bar|foo|\|bar|
foo#bar\nbaz|foobaz|
:-) ;-)|:|-|)|;|-|)|
áéíóú|á|é|í|ó|ú|
"""

posix_data = r"""x|x|
foo bar|foo|bar|
 foo bar|foo|bar|
 foo bar |foo|bar|
foo   bar    bla     fasel|foo|bar|bla|fasel|
x y  z              xxxx|x|y|z|xxxx|
\x bar|x|bar|
\ x bar| x|bar|
\ bar| bar|
foo \x bar|foo|x|bar|
foo \ x bar|foo| x|bar|
foo \ bar|foo| bar|
foo "bar" bla|foo|bar|bla|
"foo" "bar" "bla"|foo|bar|bla|
"foo" bar "bla"|foo|bar|bla|
"foo" bar bla|foo|bar|bla|
foo 'bar' bla|foo|bar|bla|
'foo' 'bar' 'bla'|foo|bar|bla|
'foo' bar 'bla'|foo|bar|bla|
'foo' bar bla|foo|bar|bla|
blurb foo"bar"bar"fasel" baz|blurb|foobarbarfasel|baz|
blurb foo'bar'bar'fasel' baz|blurb|foobarbarfasel|baz|
""||
''||
foo "" bar|foo||bar|
foo '' bar|foo||bar|
foo "" "" "" bar|foo||||bar|
foo '' '' '' bar|foo||||bar|
\"|"|
"\""|"|
"foo\ bar"|foo\ bar|
"foo\\ bar"|foo\ bar|
"foo\\ bar\""|foo\ bar"|
"foo\\" bar\"|foo\|bar"|
"foo\\ bar\" dfadf"|foo\ bar" dfadf|
"foo\\\ bar\" dfadf"|foo\\ bar" dfadf|
"foo\\\x bar\" dfadf"|foo\\x bar" dfadf|
"foo\x bar\" dfadf"|foo\x bar" dfadf|
\'|'|
'foo\ bar'|foo\ bar|
'foo\\ bar'|foo\\ bar|
"foo\\\x bar\" df'a\ 'df"|foo\\x bar" df'a\ 'df|
\"foo|"foo|
\"foo\x|"foox|
"foo\x"|foo\x|
"foo\ "|foo\ |
foo\ xx|foo xx|
foo\ x\x|foo xx|
foo\ x\x\"|foo xx"|
"foo\ x\x"|foo\ x\x|
"foo\ x\x\\"|foo\ x\x\|
"foo\ x\x\\""foobar"|foo\ x\x\foobar|
"foo\ x\x\\"\'"foobar"|foo\ x\x\'foobar|
"foo\ x\x\\"\'"fo'obar"|foo\ x\x\'fo'obar|
"foo\ x\x\\"\'"fo'obar" 'don'\''t'|foo\ x\x\'fo'obar|don't|
"foo\ x\x\\"\'"fo'obar" 'don'\''t' \\|foo\ x\x\'fo'obar|don't|\|
'foo\ bar'|foo\ bar|
'foo\\ bar'|foo\\ bar|
foo\ bar|foo bar|
foo#bar\nbaz|foo|baz|
:-) ;-)|:-)|;-)|
áéíóú|áéíóú|
"""

def rows(text):
    out = []
    for x in text.splitlines():
        item = x.split("|")[:-1]
        item[0] = item[0].replace("\\n", "\n")
        out.append(item)
    return out

def show(words):
    return "[" + ", ".join(["<" + w + ">" for w in words]) + "]"

if __name__ == "__main__":
    DATA = rows(data)
    POSIX = rows(posix_data)
    bad = 0
    for item in POSIX:
        got = shlex.split(item[0], comments=True)
        if got != item[1:]:
            bad += 1
            print("posix mismatch", show([item[0]]), show(got), show(item[1:]))
    print("testSplitPosix", len(POSIX), "bad", bad)
    for item in DATA + POSIX:
        for c in (False, True):
            for p in (False, True):
                try:
                    print(c, p, show([item[0]]), show(shlex.split(item[0], comments=c, posix=p)))
                except Exception as e:
                    print(c, p, show([item[0]]), type(e).__name__ + ": " + str(e))
    # testQuote
    safeunquoted = string.ascii_letters + string.digits + "@%_-+=:,./"
    unicode_sample = "\u00e9\u00e0\u00df"
    unsafe = "\"`$\\!" + unicode_sample
    print(shlex.quote("") == "''", shlex.quote(safeunquoted) == safeunquoted, shlex.quote("test file name") == "'test file name'")
    for u in unsafe:
        print(shlex.quote("test%sname" % u) == "'test%sname'" % u, shlex.quote("test%s'name'" % u) == "'test%s'\"'\"'name'\"'\"''" % u)
    # testJoin
    for split_command, command in [
        (["a ", "b"], "'a ' b"),
        (["a", " b"], "a ' b'"),
        (["a", " ", "b"], "a ' ' b"),
        (["\"a", "b\""], "'\"a' 'b\"'"),
    ]:
        print(shlex.join(split_command) == command, shlex.join(split_command))
    # testJoinRoundtrip
    bad = 0
    for item in DATA + POSIX:
        joined = shlex.join(item[1:])
        if shlex.split(joined) != item[1:]:
            bad += 1
            print("roundtrip mismatch", show(item[1:]), joined)
    print("testJoinRoundtrip bad", bad)
    # join takes any iterable of str: a str is its characters
    print(err(shlex.quote, 5), err(shlex.join, 5), err(shlex.join, b"ab"), shlex.join("ab"), shlex.join(("a b", "c")))
