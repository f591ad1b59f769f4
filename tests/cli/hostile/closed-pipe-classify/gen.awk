# 20,000 rows, a form column included (forms 1-4 in turn), so that every
# command has more output than a pipe holds.
BEGIN {
	print "nr,naam,eigenaar,omschrijving,form"
	for (i = 1; i <= 20000; i++)
		print i ",Project " i ",bewoners,Bewoners leggen zelf een moestuin aan," (i % 4) + 1
}
