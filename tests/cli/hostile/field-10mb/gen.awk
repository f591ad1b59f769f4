# A register whose second row has a description of exactly 10 MiB
# (10485760 bytes: 655360 times 16 bytes) holding commas, quotes, CRLF, LF
# and the word "gemeente", then a row after it.
BEGIN {
	p = "ab,\"\r\ngemeente\nx"	# 16 bytes
	for (i = 0; i < 17; i++)
		p = p p			# 2 MiB
	s = p p p p p			# 10 MiB
	gsub(/"/, "\"\"", s)
	printf "naam,eigenaar,omschrijving\nGroot,bewoners,\"%s\"\nKlein,gemeente,x\n", s
}
