# 2,000 columns: naam, eigenaar, then kolom3 .. kolom2000; three rows.
BEGIN {
	h = "naam,eigenaar"
	for (i = 3; i <= 2000; i++)
		h = h ",kolom" i
	print h
	for (r = 1; r <= 3; r++) {
		l = "Rij " r "," (r == 2 ? "gemeente" : "bewoners")
		for (i = 3; i <= 2000; i++)
			l = l ",v" r "_" i
		print l
	}
}
