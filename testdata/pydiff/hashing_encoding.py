# The CPython half of hashing_encoding.star.
import base64, hashlib, shlex
from errtext import err

def ints(b):
    return ",".join([str(x) for x in b])

def msg(f, *args):
    try:
        f(*args)
    except Exception as e:
        return str(e)

if __name__ == "__main__":
    data = b"procstar"
    for name in ["md5", "sha1", "sha256", "sha512"]:
        h = hashlib.new(name)
        h.update(data)
        h2 = h.copy()
        h2.update(b"!")
        print(name, h.hexdigest(), h.digest_size, h.block_size, h.name, len(h.digest()), h2.hexdigest() != h.hexdigest())
    print(hashlib.sha256(b"abc").hexdigest() == hashlib.new("SHA256", b"abc").hexdigest())
    print(err(hashlib.sha256, "text"))
    print(err(hashlib.new, "nope"))
    print(err(hashlib.new, 1), err(hashlib.new, None))  # test_hashlib test_unknown_hash
    enc = base64.b64encode(b"\x00\xffhello?>")
    print(ints(enc), ints(base64.b64decode(enc)), ints(base64.urlsafe_b64encode(b"\xfb\xff")), ints(base64.urlsafe_b64decode("-_8=")))
    print(ints(base64.b64decode("aGVs bG8=\n")), msg(base64.b64decode, "aGVsbG8"), err(base64.b64encode, "str"))
    print("|".join(shlex.split("a 'b c' \"d \\\"e\\\"\" f\\ g # h")), "|".join(shlex.split("x # y", comments=True)))
    print(shlex.quote(""), shlex.quote("safe-1.txt"), shlex.quote("it's here"), shlex.join(["ls", "-l", "my file"]))
    print(err(shlex.split, "a 'b"), err(shlex.split, "a\\"))
