# 100,000 tiny rows: owners bewoners, gemeente, gezamenlijk and none in
# turn, so 25,000 rows each of forms 2, 1, 3 and 0.
BEGIN {
	print "nr,naam,eigenaar"
	for (i = 1; i <= 100000; i++)
		print i ",r" i "," (i % 4 == 1 ? "bewoners" : i % 4 == 2 ? "gemeente" : i % 4 == 3 ? "gezamenlijk" : "")
}
