# The CPython half of urllib_parse.star.
# urllib.parse side by side with CPython: urlparse and urlsplit (the netloc's
# username, password, hostname and port, IPv6 literals, params), the results
# as tuples, urlunparse and urlunsplit, urljoin (RFC 3986 section 5.4's
# examples), urldefrag, quote and unquote, urlencode, parse_qs and
# parse_qsl, and their errors.
import json
import urllib.parse
from urllib.parse import urljoin

def is_container(x):
    return type(x) in (list, dict, tuple)

def attempt(f, *args, **kwargs):
    try:
        return f(*args, **kwargs), None
    except Exception as e:
        return None, type(e).__name__ + ": " + str(e)

# Lists, dicts and tuples print as JSON: procstar writes their strings
# with Starlark's quotes.
def fmt(x):
    if is_container(x):
        return json.dumps(x, ensure_ascii=False)
    return x

def show(f, *args, **kwargs):
    r, e = attempt(f, *args, **kwargs)
    print(e if e else fmt(r))

def parts(label, r):
    port = attempt(lambda: r.port)
    print(label, r, "|", r.username, r.password, r.hostname, port[1] if port[1] else port[0], "|", r.geturl())

# urlparse and urlsplit: every part, the netloc's parts, and back.
urls = [
    "http://user:pass@www.Example.COM:8080/path/to;params?query=1&b=2#frag",
    "https://[::1]:443/x",
    "http://[2001:DB8::1%25Eth0]:80/",
    "http://[FE80::1%EtH0]/",
    "http://[::ffff:192.0.2.1]/",
    "http://[v1.fe80::a+en1]/",
    "http://[1:2:3:4:5:6:7:8]/",
    "http://[::]/",
    "http://[1::]/",
    "http://[1:2:3:4:5:6:7::]/",
    "http://[::1:2:3:4:5:6:7]/",
    "http://[1:2:3:4:5:6:1.2.3.4]/",
    "ftp://ftp.example.com/pub/file.txt",
    "file:///etc/passwd",
    "mailto:someone@example.com",
    "news:comp.lang.python",
    "//example.com/path?x",
    "/relative/path;p?q#f",
    "relative/path",
    "?query-only",
    "#frag-only",
    "",
    "HTTP://EXAMPLE.COM",
    "http://example.com:",
    "http://@example.com",
    "http://user@example.com",
    "http://user:@example.com",
    "http://a:b@c:d@host:1/",
    "  \x01 http://ex\nample.com/pa\tth?q\r#f ",
    "path:80",
    "1http://x",
    "a+b-c.d://x/y",
    "a_b://x/y",
    "sip:user@host;transport=tcp",
    "tel:+1-816-555-1212;ext=1",
    "http://x/a;b/c;d",
    "http://x/a;b",
    "unknown://x/a;b",
    "svn+ssh://host/repo",
    "http://example.com/p?q#f#g",
    "http://ex.com/?a=1?b=2",
    "http://h/p#f?q",
    "http://EXAMPLE.com:0/",
    "http://h:65535/",
    "http://h:080/",
    "http://[::1]:/",
    "http://Ünïcode.example/ä?ö=ü#ß",
]
for u in urls:
    parts("P", urllib.parse.urlparse(u))
    parts("S", urllib.parse.urlsplit(u))
print(urllib.parse.urlsplit("http://h/p#f?q", allow_fragments=False))
print(urllib.parse.urlparse("http://h/p;a?q#f", "ftp", False))
print(urllib.parse.urlsplit("//x/y", scheme="HTTP"))
print(urllib.parse.urlsplit("//x/y", scheme=" ht\ttp\n "))
print(urllib.parse.urlsplit("x/y", "ftp"), urllib.parse.urlparse("x;y", "mailto"))

# The results are tuples with names.
r = urllib.parse.urlparse("http://u@h:1/p;a?q#f")
s, n, p, a, q, f = r
print(s, n, p, a, q, f, len(r), r[0], r[-1], fmt(r[1:3]), fmt(r[::2]), fmt(list(r)), fmt([x for x in r]), "q" in r, "z" in r)
print(r == urllib.parse.urlparse("http://u@h:1/p;a?q#f"), r != urllib.parse.urlparse("http://u@h:1/p;a?q"))
print(r < urllib.parse.urlparse("http://v/"), {r: "found"}[urllib.parse.urlparse("http://u@h:1/p;a?q#f")])
print(fmt(r._fields), fmt(r._asdict()))
print(r._replace(scheme="https", netloc="x:5"), r._replace(scheme="https", netloc="x:5").port)
print(r._replace(fragment="").geturl(), r._replace(params="").geturl())
sp = urllib.parse.urlsplit("https://h/p?q")
print(fmt(sp._fields), sp.geturl(), sp._replace(query="").geturl(), sp == urllib.parse.urlsplit("https://h/p?q"))
show(lambda: r._replace(foo=1, bar=2))
show(lambda: r._replace("x"))
show(lambda: r._replace(netloc=5).geturl())

# Errors of urlsplit and of the port.
for u in ["http://[::1/", "http://::1]/", "http://[zz]/", "http://[1.2.3.4]/", "http://[vz.x]/",
          "http://[v1.]/", "http://[v.x]/", "http://[::1::2]/", "http://[1:2:3:4:5:6:7:8:9]/",
          "http://[:1:2]/", "http://[1:2:]/", "http://[1::%]/", "http://[1::%a%b]/", "http://[01234::]/",
          "http://[::1.2.3.04]/", "http://[1:2:3:4:5:6:7]/", "http://[1:2:3:4::5:6:7:8]/", "http://[]/",
          "http://a\u2100b/", "http://ex\uff0fample/", "http://user\uff20host/", "http://exa\u00e9mple/"]:
    show(urllib.parse.urlsplit, u)
for u in ["http://x:abc/", "http://x:99999/", "http://x:-1/", "http://x:1a/", "http://[::1]:x/",
          "http://x:\u0663/", "http://x:100000000000000000000/", "http://x:00000000000000000080/"]:
    show(lambda: urllib.parse.urlsplit(u).port)
show(urllib.parse.urlparse, "x", scheme=b"http")

# urlunparse and urlunsplit.
for p in [("http", "h", "/p", "", "q", "f"), ("", "", "p", "", "", ""), ("http", "", "p", "", "", ""),
          ("mailto", "", "a@b", "", "", ""), ["https", "h", "p", "x", "", ""], ("ftp", "h", "//p", "", "", "")]:
    print(urllib.parse.urlunparse(p), urllib.parse.urlunsplit((p[0], p[1], p[2], p[4], p[5])))
print(urllib.parse.urlunsplit(("http", None, "x", None, None)), urllib.parse.urlunsplit(["", "", "//x", "", ""]))
for u in urls:
    print(urllib.parse.urlunparse(urllib.parse.urlparse(u)), urllib.parse.urlunsplit(urllib.parse.urlsplit(u)))
show(urllib.parse.urlunsplit, ("a", "b", "c", "d"))
show(urllib.parse.urlunsplit, ("a", "b", "c", "d", "e", "f"))
show(urllib.parse.urlunparse, ("a", "b", "c", "d"))
show(urllib.parse.urlunparse, ("a", "b", "c", "d", "e", "f", "g"))
show(urllib.parse.urlunsplit, 5)
show(urllib.parse.urlunsplit, ())
show(urllib.parse.urlunsplit, ("http", b"h", "/", "", ""))
show(urllib.parse.urlunsplit, "abcde")

# urljoin: RFC 3986 section 5.4's examples, normal and abnormal.
base = "http://a/b/c/d;p?q"
for ref in ["g:h", "g", "./g", "g/", "/g", "//g", "?y", "g?y", "#s", "g#s", "g?y#s", ";x", "g;x", "g;x?y#s", "",
            ".", "./", "..", "../", "../g", "../..", "../../", "../../g",
            "../../../g", "../../../../g", "/./g", "/../g", "g.", ".g", "g..", "..g", "./../g", "./g/.", "g/./h",
            "g/../h", "g;x=1/./y", "g;x=1/../y", "g?y/./x", "g?y/../x", "g#s/./x", "g#s/../x", "http:g"]:
    print(ref, "->", urljoin(base, ref))
print(urljoin("http://a/b/", "c"), urljoin("", "x"), urljoin("x", ""), urljoin("mailto:a", "b"))
print(urljoin("http://a/b", "https://c/d"), urljoin("http://a/b#f", "#g", allow_fragments=False))
print(urljoin("http://a/b/c", "../../../..//x"), urljoin("http://a", "b"), urljoin("/a/b/", "../c"))
print(urljoin("http://a/b/c/", "x//y/./z/.."), urljoin("http://a/b?q", "?"), urljoin("http://a/b", "//c"))
print(urljoin("ftp://a/b/c", "d"), urljoin("svn://a/b/c", "../d"), urljoin("http://a/b/c", "ftp:d"))
print(urljoin("http://a/b/c", "http:d"), urljoin("http://a/b/c", "http://a/d/../e"))
show(urljoin, b"http://a/", "x")
show(urljoin, "http://a/", b"x")
show(urljoin, "http://[::1/", "x")

# urldefrag.
for u in ["http://a/b#frag", "http://a/b", "http://a/b?q#", "#x", "http://a/b;p?q#f", "http://a/b#f#g"]:
    d = urllib.parse.urldefrag(u)
    url, frag = d
    print(d, d.url, d.fragment, d.geturl(), len(d), d[0], url, frag, fmt(d._fields))
print(urllib.parse.urldefrag("http://a/b#f")._replace(fragment="g").geturl())
show(lambda: urllib.parse.urldefrag("http://a/b#f")._replace(fragment=5).geturl())

# quote, quote_plus, unquote, unquote_plus.
q = urllib.parse.quote
qp = urllib.parse.quote_plus
print(q("abc def/ghi?&=é€𝄞"), q("/path with space", safe=""), q("a+b c", safe="+"), q("~-._"))
print(qp("a b&c=d/e+f"), qp("a b", safe="/ "), qp("a/b c", "/"), q("é", encoding="latin-1"))
print(q("€", encoding="latin-1", errors="replace"), q(b"a b\xff"), qp(b"a b+"), q(""), qp(""))
print(q("a/b", safe=b""), q("aé/b", safe="é"), q("!*'();:@&=+$,/?#[]"), qp("!*'();:@&=+$,/?#[]"))
print(urllib.parse.quote_from_bytes(b"abc def\x3f"), urllib.parse.quote_from_bytes(b"a/b c", safe=""))
show(q, "€", encoding="ascii")
show(q, "x", encoding="bogus")
show(q, b"x", encoding="utf-8")
show(q, b"x", errors="strict")
show(q, 123)
show(qp, None)
show(urllib.parse.quote_from_bytes, "x")
u = urllib.parse.unquote
print(u("abc%20def"), u("%E2%82%AC"), u("%e2%82"), u("%zz%4"), u("a%e9b", encoding="latin-1"), u("é%C3%A9"))
print(u("%C3é%A9"), u("no-escapes"), u(b"a%20b"), u("a%2Fb%2fc"), u("%F0%9F%98%80!"), u("%"), u("abc", encoding="bogus"))
print(u("%e9x", errors="ignore"), u("%e9x", errors="backslashreplace"), u("%41%42", "ascii", "strict"))
print(urllib.parse.unquote_plus("a+b%2Bc"), urllib.parse.unquote_plus("%2B+%20"), urllib.parse.unquote_to_bytes("a%20b%FF%"))
print(urllib.parse.unquote_to_bytes(b"%41%zz"), urllib.parse.unquote_to_bytes(""))
show(u, "%e9", errors="strict")
show(u, "%e9%e9", encoding="ascii", errors="strict")
show(u, "%41", encoding="bogus")
show(u, 1)
show(urllib.parse.unquote_plus, b"a+b")
show(urllib.parse.unquote_plus, 1)
show(urllib.parse.unquote_to_bytes, 1)

# urlencode.
enc = urllib.parse.urlencode
print(enc({"a": 1, "b": "x y", "c": None, "d": True, "e": 1.5, "f": "é&=", "g": -0.0, "h": 10000000000000000.0}))
print(enc([("a", "1"), ("a", "2"), ("b", "")]), enc((("x", "y"),)))
print(enc({"a": [1, 2], "b": ("x", "y"), "c": "str", "d": [], "e": 7, "f": {"k1": 1, "k2": 2}, "g": b"b y"}, doseq=True))
print(enc({"a": [1, 2], "b": ("x",)}), enc({"a": [1, 2]}, True))
print(enc({"p": "a b/c"}, safe="/", quote_via=urllib.parse.quote), enc({"p": "a b/c"}, safe="/"))
print(enc({"k": "é"}, encoding="latin-1"), enc({b"k y": b"a b", 1: 2}), enc([]), enc(""), enc({}))
print(enc([("a", 1), "bc"]), enc([("a", 1), ["b", 2]]))

def shout(s, safe, encoding=None, errors=None):
    return s.upper()

def five(s, *rest):
    return 5

print(enc({"a": "b c", "x": 1}, quote_via=shout))
show(enc, {"x": b"y"}, quote_via=shout)
show(enc, "abc")
show(enc, 5)
show(enc, [("a", 1, 2)])
show(enc, [("a",)])
show(enc, ["ab"])
show(enc, [("a", 1), 5])
show(enc, {"a": "b"}, quote_via=five)
show(enc, {"a": "é"}, encoding="ascii")

# parse_qs and parse_qsl.
pq = urllib.parse.parse_qs
pl = urllib.parse.parse_qsl
for qs in ["a=1&b=2&a=3", "a=1&b=&c", "a+b=c+d&e=%20%C3%A9", "a=1&&b=2", "=x", "a=b=c", "", "&", "a", "%zz=%e9"]:
    print(fmt(pq(qs)), fmt(pl(qs)), fmt(pq(qs, True)), fmt(pl(qs, keep_blank_values=True)))
print(fmt(pl("a=1;b=2", separator=";")), fmt(pl("a=1;b=2&c=3", separator=b";")), fmt(pl("a=1&b=2", max_num_fields=2)))
print(fmt(pl("%E9=%E9", encoding="latin-1")), fmt(pq("a=1&&b=2&c=", strict_parsing=False, keep_blank_values=True)))
print(fmt(pl("a=%e9", errors="ignore")), fmt(pl("a=1", True, True, "utf-8", "replace", 1, "&")))
show(pq, "a=1&b", strict_parsing=True)
show(pl, "a=1&&b=2", strict_parsing=True)
show(pl, "a=1&b=", strict_parsing=True)
show(pl, "&", strict_parsing=True)
show(pl, "a=1&b=2&c=3", max_num_fields=2)
show(pl, "a=1;b=2", separator="")
show(pl, "a=1;b=2", separator=None)
show(pl, "a=%e9", errors="strict")

# Argument and attribute errors.
show(urllib.parse.urlparse)
show(urllib.parse.urlsplit, "x", foo=1)
show(enc, {"a": 1}, quote_via=5)
show(lambda: urllib.parse.urlparse("http://x").foo)
show(lambda: urllib.parse.urldefrag("http://x").port)
show(pl, "a=1", max_num_fields="x")
