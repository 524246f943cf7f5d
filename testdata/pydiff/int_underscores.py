# int() of text with underscores, as Python allows them.
for s, b in [("1_000", 10), ("0x_ff", 16), ("0x_ff", 0), ("1__0", 10), ("_1", 10), ("1_", 10), ("-1_0", 10), (" 1_0 ", 10), ("0b1_1", 0), ("1_0", 2)]:
    try:
        r, e = int(s, b), None
    except Exception as x:
        r, e = None, x
    print(r if not e else type(e).__name__ + ": " + str(e))
