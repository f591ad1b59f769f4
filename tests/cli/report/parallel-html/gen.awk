# gen.awk - a register of 243 rows for the parallel cases: descriptions
# hold quoted newlines (one with a blank line inside), commas and quotes;
# ids recur all over the register, so that their rows land in different
# parts (transitions across parts); dates in every accepted spelling, some
# missing or no date; some names hold markup. The last rows repeat an
# (id, date) of the first part with another form: the later row wins.
BEGIN {
	split("gemeente,bewoners,gezamenlijk,stichting,,provincie,coöperatie",
	    own, ",")
	split("regisseren,faciliteren,partner,loslaten,,reguleren,stimuleren,geen",
	    rol, ",")
	print "nr,naam,eigenaar,rol_overheid,reactie_op,omschrijving,datum"
	for (i = 1; i <= 240; i++) {
		id = sprintf("P%02d", (i * 7) % 61)
		y = 2022 + i % 4
		m = 1 + i % 12
		d = 1 + (i * 5) % 28
		if (i % 5 == 0)
			date = sprintf("%04d-%02d-%02d", y, m, d)
		else if (i % 5 == 1)
			date = sprintf("%02d-%02d-%04d", d, m, y)
		else if (i % 5 == 2)
			date = sprintf("%d-%d-%04d", d, m, y)
		else if (i % 5 == 3)
			date = sprintf("%04d-%02d-%02dT09:30:00", y, m, d)
		else
			date = (i % 3 == 0) ? "" : "onbekend"
		react = (i % 11 == 0) ? "\"Plan \"\"Noord\"\", versie 2\"" : ""
		if (i % 37 == 0)
			name = sprintf("\"<b>Project %d</b> & \"\"co\"\"\"", i)
		else
			name = sprintf("\"Project %d, deel %d\"", i, i % 3)
		printf "%s,%s,%s,%s,%s,", id, name, own[1 + i % 7],
		    rol[1 + i % 8], react
		printf "\"Regel een van project %d, met een komma.\n", i
		printf "Regel twee: \"\"aanhalingstekens\"\"; "
		if (i % 4 == 0)
			printf "bewoners nemen het initiatief\n\nen regelen het zelf."
		else if (i % 4 == 1)
			printf "de gemeente organiseert inspraak."
		else if (i % 4 == 2)
			printf "samen met de provincie als gelijkwaardige partners."
		printf "\",%s\n", date
	}
	# P07 on 6 February 2023 is row 1 (bewoners, faciliteren).
	print "P07,Project 1 herzien,gezamenlijk,partner,,\"Samen verder\nals partners.\",2023-02-06"
	print "P14,Project 2 herzien,gemeente,regisseren,,\"De gemeente\nneemt het over.\",11.3.2024"
	print "P99,Melding,,,,,2025-12-31"
}
