# kept.py K [COLUMN=VALUE] - the last K fields of every record of the CSV
# on standard input (the -k columns of samenspel-steps and -perspectives),
# header included; with COLUMN=VALUE only the data records whose field
# number COLUMN (from 1) is VALUE. Bytes are kept as they are (latin-1 in,
# latin-1 out), so sameval can compare the projection with the input.
import csv
import sys

k = int(sys.argv[1])
want = None
if len(sys.argv) > 2:
    col, value = sys.argv[2].split("=", 1)
    want = (int(col) - 1, value)
src = open(sys.stdin.fileno(), encoding="latin-1", newline="", closefd=False)
dst = open(sys.stdout.fileno(), "w", encoding="latin-1", newline="",
           closefd=False)
# CRLF, so that fields holding a CR or an LF are quoted.
out = csv.writer(dst, lineterminator="\r\n")
for n, rec in enumerate(csv.reader(src)):
    if n == 0 or want is None or rec[want[0]] == want[1]:
        out.writerow(rec[-k:])
dst.flush()
