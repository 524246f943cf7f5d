# fold is keyword-only in time() and datetime(), as CPython's argument
# parsing says (CPython's TestDateTime.test_bad_constructor_arguments:
# datetime(2000, 1, 31, 23, 59, 59, 0, None, 1) is a TypeError).
import os, sys, time, logging
from datetime import datetime, time as dtime
from errtext import show
for f, a in [(dtime, (1, 2, 3, 4, None, 1)), (dtime, (1, 2, 3, 4, None, 1, 2)), (datetime, (2000, 1, 31, 23, 59, 59, 0, None, 1)),
             (datetime, (1, 2, 3, 4, 5, 6, 7, None, 1, 2))]:
    show(str(a), f, *a)
show("time fold=1", dtime, 1, 2, 3, 4, None, fold=1)
show("datetime fold=1", datetime, 2000, 1, 31, 23, 59, 59, 0, None, fold=1)
show("datetime fold=2", datetime, 2000, 1, 31, fold=2)
