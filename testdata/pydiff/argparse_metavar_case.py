# An optional's default metavar is its dest in upper case, with Python's
# full case mappings ("straße" is "STRASSE", "ﬁle" is "FILE").
from argparse import ArgumentParser

p = ArgumentParser(prog="prog")
p.add_argument("--straße")
p.add_argument("--ﬁle")
p.add_argument("--ǆx", nargs=2)
print(p.format_usage())
