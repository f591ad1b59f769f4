# split.awk - cut a CSV file into parts of n records, each with the header,
# as dir/part1.csv, dir/part2.csv, ...; a record goes on while its quotes
# are unbalanced (a quoted newline).
function quotes(s) { return gsub(/"/, "\"", s) }
NR == 1 { header = $0; next }
{
	if (open == 0) {
		if (nrec % n == 0) {
			if (out != "")
				close(out)
			out = sprintf("%s/part%d.csv", dir, ++part)
			print header >out
		}
		nrec++
	}
	print >out
	open = (open + quotes($0)) % 2
}
