# The CPython half of str_pad_huge.star.
CASES = [
    lambda: "a".zfill(1 << 40),
    lambda: "a".ljust(1 << 40),
    lambda: "-1".rjust(1 << 40, "x"),
    lambda: "a".center(1 << 40),
    lambda: "a\t".expandtabs(1 << 40),
    lambda: "a".zfill(1 << 70),
]

for case in CASES:
    try:
        case()
    except Exception as e:
        print(type(e).__name__)
print("ab".center(6, "*"), "-7".zfill(4), "a\tb".expandtabs(4), "x".ljust(3, "."))
