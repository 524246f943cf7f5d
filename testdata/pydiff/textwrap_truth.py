# The CPython half of textwrap_truth.star.
import json, textwrap

t = "yaba daba-doo long-words-here supercalifragilistic"
for o in [0, 1, "", "x", None, [], True, False]:
    print(json.dumps([textwrap.wrap(t, 10, break_on_hyphens=o), textwrap.wrap(t, 10, break_long_words=o), textwrap.wrap("  a  b", 3, drop_whitespace=o)]))
    print(json.dumps([textwrap.wrap("a\tb", 20, expand_tabs=o), textwrap.fill("a.  b. c", 30, fix_sentence_endings=o), textwrap.wrap("a\nb", 9, replace_whitespace=o), textwrap.shorten(t, 20, break_long_words=o)]))
