# An optional's default metavar is its dest in upper case, with Python's
# full case mappings ("straße" is "STRASSE", "ﬁle" is "FILE").
from argparse import ArgumentParser

p = ArgumentParser(prog="prog")
p.add_argument("--straße")
p.add_argument("--ﬁle")
p.add_argument("--ǆx", nargs=2)
print(p.format_usage())
# Its Namespace shows a dest that is an identifier as name=value.
print(p.parse_args(["--straße", "x"]))
