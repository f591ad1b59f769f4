# A field of exactly 10 MiB holding 655360 newlines, then a short row: the
# error names the physical line, counting the newlines inside the field.
# With -v good=1 the short row is left out (the rows that must come out).
BEGIN {
	p = "0123456789abcde\n"		# 16 bytes
	for (i = 0; i < 17; i++)
		p = p p			# 2 MiB
	s = p p p p p			# 10 MiB
	printf "naam,eigenaar,omschrijving\nGroot,bewoners,\"%s\"\n", s
	if (!good)
		print "Kort,gemeente"
	print "Klein,gemeente,x"
}
