# The CPython half of shlex_base64_more.star.
import base64, hashlib, shlex
from errtext import err

def show(words):
    return "[" + ", ".join(["<" + w + ">" for w in words]) + "]"

def ints(b):
    return ",".join([str(x) for x in b])

def dec(f, *args, **kwargs):
    try:
        return ints(f(*args, **kwargs))
    except Exception as e:
        return err(lambda: f(*args, **kwargs))

if __name__ == "__main__":
    # shlex.split
    for s in ["a#b c\nd", "x 'y#z' # rest\nw", "\"a\\$b\\`c\\\\d\\\"e\\x\"", "'a\\b' c\\ d e\\\nf", "'' \"\" x''y"]:
        print(show(shlex.split(s, comments=True)), show(shlex.split(s)))
    for s in ["a \"b c\" 'd e' f\\ g", "x'a b'y \"q\"r", "a#b c"]:
        print(show(shlex.split(s, posix=False)), show(shlex.split(s, comments=True, posix=False)))
    print(err(shlex.split, "\"a\\"), err(shlex.split, "'abc"), err(shlex.split, "x \"y"), err(shlex.split, "'a", False, False))
    # shlex.quote and join
    print(shlex.quote(""), shlex.quote("a_b@c%d+e=f:g,h./i-j"), shlex.quote("$HOME"), shlex.quote("it's"), shlex.quote("é"))
    print(err(shlex.quote, 1), err(shlex.quote, b"x"), err(shlex.join, ["a", 1]), shlex.quote(None))
    words = ["echo", "it's", "a b", "", "$x", "\"q\""]
    print(shlex.join(words), shlex.split(shlex.join(words)) == words)
    # base64: Python's lenient decoder skips junk and stops at padding
    for s in ["YQ==YQ==", "YWJj=", "YQ===", "YQ=", "Y", "YWJjZ", "Y W J j", "!!YQ==", "=YQ=="]:
        print(s, dec(base64.b64decode, s), dec(base64.b64decode, s, validate=True))
    print(dec(base64.b64decode, "YQ==x", validate=True), dec(base64.b64decode, "YQ=x=", validate=True))
    print(dec(base64.b64decode, "é"), dec(base64.b64decode, 1), dec(base64.b64decode, b"YWJj"))
    print(ints(base64.b64encode(b"\xfb\xff\xfe", b"*!")), dec(base64.b64decode, "*!/+", b"*!"), dec(base64.b64decode, "*!/+", "*!"))
    print(err(base64.b64encode, b"x", "*!"), err(base64.b64encode, b"x", b"*"), err(base64.b64decode, "x", b"*"))
    print(ints(base64.urlsafe_b64encode(b"\xfb\xff\xfe")), dec(base64.urlsafe_b64decode, "-_-_"), dec(base64.urlsafe_b64decode, "+/8="))
    print(ints(base64.standard_b64encode(b"hi")), dec(base64.standard_b64decode, "aGk="), ints(base64.b64encode(b"")), dec(base64.b64decode, ""))
    print(ints(base64.b16encode(b"\x01\xab")), dec(base64.b16decode, "01AB"), dec(base64.b16decode, "01ab"), dec(base64.b16decode, "01ab", casefold=True), dec(base64.b16decode, "1AB"))
    # hashlib
    for name in ["sha224", "sha384", "sha3_224", "sha3_256", "sha3_384", "sha3_512", "sha512_256"]:
        h = hashlib.new(name, b"procstar")
        print(name, h.name, h.digest_size, h.block_size, h.hexdigest()[:16])
    for name in ["md5", "sha1", "sha224", "sha256", "sha384", "sha512"]:
        print(name, hashlib.new(name).hexdigest()[:16])
    h = hashlib.sha3_256()
    h.update(b"pro")
    c = h.copy()
    h.update(b"cstar")
    print(h.hexdigest() == hashlib.sha3_256(b"procstar").hexdigest(), c.hexdigest() == hashlib.sha3_256(b"pro").hexdigest())
    print(hashlib.md5(b"x", usedforsecurity=False).hexdigest(), hashlib.sha256(string=b"x").hexdigest()[:16])
    h = hashlib.sha256()
    print(err(h.update), err(h.digest, 1), err(h.hexdigest, 1), err(h.update, 1), err(h.update, "s"), err(hashlib.new, "blake3"))
