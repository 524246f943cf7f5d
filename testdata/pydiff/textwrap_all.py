# The CPython half of textwrap_all.star.
import json, textwrap
from errtext import et

PIECES = ["a", "bb", "word", "goof-ball", "--", "x--y", "e-mail", "-b", "option!", "end.", "Hi.", "\t", "  ", "\n", "long-hyphenated-word", "supercalifragilistic", "12-34", "ab-cd-ef", "'q'", "\"z.\"", "é-ü", "a_b", "--c", "d--"]

def gen(seed, n):
    out = []
    for i in range(n):
        seed = (seed * 1103515245 + 12345) % 2147483648
        out.append(PIECES[seed % len(PIECES)])
        seed = (seed * 1103515245 + 12345) % 2147483648
        if seed % 3:
            out.append(" ")
    return "".join(out), seed

if __name__ == "__main__":
    seed = 7
    for case in range(120):
        text, seed = gen(seed, 4 + case % 17)
        width = 1 + case % 23
        opts = {}
        if case % 2:
            opts["break_on_hyphens"] = False
        if case % 3 == 0:
            opts["break_long_words"] = False
        if case % 5 == 0:
            opts["drop_whitespace"] = False
        if case % 7 == 0:
            opts["fix_sentence_endings"] = True
        if case % 4 == 1:
            opts["initial_indent"] = "> "
            opts["subsequent_indent"] = "  "
        if case % 6 == 5:
            opts["expand_tabs"] = False
        if case % 9 == 4:
            opts["replace_whitespace"] = False
        if case % 8 == 3:
            opts["tabsize"] = 3
        print(case, json.dumps(textwrap.wrap(text, width, **opts)))
        if width > 6:
            print(case, json.dumps(textwrap.fill(text, width=width, max_lines=1 + case % 3, placeholder=" ...")))
            print(case, json.dumps(textwrap.shorten(text, width)))
    print(et(textwrap.wrap, "x", 0), et(textwrap.fill, "abc def", 3, max_lines=1))
    print(textwrap.shorten("hello  world!", 12), "|", textwrap.shorten("hello  world!", 11))
    for t in ["  a\n    b\n  c", "\ta\n  b", "  \n  x\n\n    y\n   ", "a\n b", "    x\n\t y"]:
        print(json.dumps(textwrap.dedent(t)))
    print(json.dumps(textwrap.indent("a\n\n  \nb\r\nc", "+ ")))
    print(json.dumps(textwrap.indent("a\nbb\nc", "> ", lambda l: len(l) > 2)))
    # a bool is an int width, as in Python; a str width is a TypeError
    print(json.dumps(textwrap.wrap("ab cd", True)), json.dumps(textwrap.fill("ab cd", width=True)))
    print(et(textwrap.shorten, "ab cd ef gh", True))
    try:
        textwrap.wrap("ab", "3")
    except TypeError as e:
        print("TypeError: " + str(e))
