# datetime.fromisoformat finds where a week date ends as CPython's
# _find_isoformat_datetime_separator does, so a digit can be the separator:
# "2022W52520" is 2022-W52 then 20:00 (CPython's
# test_fromisoformat_datetime_examples).
import os, sys, time, logging
from datetime import datetime
from errtext import show
for s in ["2022W01", "2022W52520", "2022W527520", "2026W01516", "2026W013516", "2025W01503", "2025W014503",
          "2025W01512", "2025W014512", "2025W014T121431", "2026W013 162100", "2025W0145", "2025W01451", "2025W014512345",
          "2025W01T0304", "2025-W01-4T03", "2025-W01T03", "2025-W01-403", "2025-W01-", "2025-W01-4", "2025W0", "2025-W01-4x03"]:
    show(s, datetime.fromisoformat, s)
