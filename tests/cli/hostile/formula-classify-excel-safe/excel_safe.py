# excel_safe.py INPUT OUTPUT - is OUTPUT, read as CSV, INPUT with only the
# --excel-safe change: a ' before each field that starts with = + - @, a
# tab or a CR, a signed number (-6, +1.5, -0,25) apart? Each record of INPUT (header included) must be the start of
# the record at the same place in OUTPUT. Bytes are compared as they are.
import csv
import re
import sys

NUMBER = re.compile(r"[-+][0-9]+([.,][0-9]+)?\Z")


def load(path):
    with open(path, encoding="latin-1", newline="") as f:
        return list(csv.reader(f))


src, dst = load(sys.argv[1]), load(sys.argv[2])
if len(src) != len(dst):
    sys.exit("%d records in, %d out" % (len(src), len(dst)))
for n, (a, b) in enumerate(zip(src, dst), 1):
    if len(b) < len(a):
        sys.exit("record %d: %d fields in, %d out" % (n, len(a), len(b)))
    for i, v in enumerate(a):
        risky = v[:1] in ("=", "+", "-", "@", "\t", "\r")
        want = "'" + v if risky and not NUMBER.match(v) else v
        if b[i] != want:
            sys.exit("record %d, field %d: %r became %r" % (n, i + 1, v, b[i]))
